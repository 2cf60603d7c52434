import { MockAgent } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client.js';
import { InvalidInputError, MalformedResponseError, ProviderApiError } from '../../../src/errors.js';
import {
  aliyunCityVisual,
  type CreateJobGroupInput,
} from '../../../src/providers/aliyun-cityvisual/index.js';
import { nameProblems } from '../../../src/providers/aliyun-cityvisual/input.js';
import { loadXmlParser } from '../../../src/providers/aliyun-cityvisual/xml.js';
import type { AttemptEvent } from '../../../src/transport/transport.js';
import {
  type CapturedRequest,
  credentials,
  errorReply,
  type FakeCityVisual,
  failure,
  fakeCityVisual,
  fixture,
  instanceId,
  jsonReply,
  publicOrigin,
  type Reply,
  region,
  signatureProblem,
  testAdapter,
} from './fake-cityvisual.js';

beforeAll(async () => {
  await loadXmlParser();
});

const commonParameters = [
  'AccessKeyId',
  'Action',
  'Format',
  'RegionId',
  'Signature',
  'SignatureMethod',
  'SignatureNonce',
  'SignatureVersion',
  'Timestamp',
  'Version',
];

/** The action's own parameters of a captured request (the common ones set aside). */
function ownParameters(request: CapturedRequest | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(request?.parameters ?? {}))
    if (!commonParameters.includes(name)) out[name] = value;
  return out;
}

/** The action's own parameters in a documented request example. */
function documentedParameters(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fixture(file).split('\n')) {
    const match = /^[&?]?([A-Za-z.0-9]+)=(.*)$/.exec(line.replace(/^.*\?/, ''));
    if (match && !match[2]?.startsWith('<')) out[match[1] as string] = match[2] as string;
  }
  delete out.Action;
  return out;
}

const asJson = (body: string): Reply => ({
  status: 200,
  body,
  headers: { 'content-type': 'application/json' },
});
const asXml = (body: string): Reply => ({ status: 200, body, headers: { 'content-type': 'text/xml' } });

function writeFake(replies: (Reply | Error)[]): FakeCityVisual {
  return fakeCityVisual({
    respond: (request, index) => {
      if (signatureProblem(request) !== null) return errorReply('SignatureDoesNotMatch');
      const reply = replies[Math.min(index, replies.length - 1)] as Reply;
      return reply;
    },
  });
}

function attempts(adapter: ReturnType<typeof testAdapter>): AttemptEvent[] {
  const events: AttemptEvent[] = [];
  adapter.transport.observe((event) => events.push(event));
  return events;
}

const documentedCreate: CreateJobGroupInput = {
  name: 'JobGroupName',
  algorithmLibraryId: '3',
  resourceProfileId: '6',
  plannedJobCount: 10,
  streamsPerJob: 5,
};

describe('CreateJobGroup', () => {
  it('sends the documented request example’s parameters, signed, and returns the new JobGroupId (JSON)', async () => {
    const fake = writeFake([asJson(fixture('CreateJobGroup.json'))]);
    const id = await testAdapter(fake).createJobGroup(documentedCreate);
    expect(id).toBe('4');
    const [request] = fake.requests;
    expect(request?.method).toBe('GET');
    expect(request?.origin).toBe(publicOrigin);
    expect(request?.path).toBe('/');
    expect(request?.parameters).toMatchObject({
      Action: 'CreateJobGroup',
      Version: '2018-10-30',
      Format: 'JSON',
      RegionId: region,
      AccessKeyId: credentials.accessKeyId,
    });
    expect(ownParameters(request)).toEqual(documentedParameters('CreateJobGroup.request.txt'));
    expect(ownParameters(request)).toEqual({
      AlgoLibId: '3',
      InstanceId: instanceId,
      JobGroupName: 'JobGroupName',
      PlanedJobCount: '10',
      ResourceProfileId: '6',
      StreamPerJob: '5',
    });
    expect(signatureProblem(request!)).toBeNull();
  });

  it('reads the XML answer too', async () => {
    const fake = writeFake([asXml(fixture('CreateJobGroup.xml'))]);
    expect(await testAdapter(fake, { format: 'xml' }).createJobGroup(documentedCreate)).toBe('4');
    expect(fake.requests[0]?.parameters.Format).toBe('XML');
  });

  it('maps outputs and scheduleStart to JobGroupParams.N.Key/Value (True/False, Latest/Oldest), and JobCount', async () => {
    const fake = writeFake([asJson('{"JobGroupId":"445","RequestId":"R"}')]);
    await testAdapter(fake).createJobGroup({
      ...documentedCreate,
      name: '视频任务-1',
      jobCount: 3,
      outputs: { elasticsearch: true, rds: false, messageQueue: true, dataHub: false },
      scheduleStart: 'latest',
    });
    expect(ownParameters(fake.requests[0])).toEqual({
      AlgoLibId: '3',
      InstanceId: instanceId,
      JobGroupName: '视频任务-1',
      PlanedJobCount: '10',
      ResourceProfileId: '6',
      StreamPerJob: '5',
      JobCount: '3',
      'JobGroupParams.1.Key': 'ES_ENABLE',
      'JobGroupParams.1.Value': 'True',
      'JobGroupParams.2.Key': 'RDS_ENABLE',
      'JobGroupParams.2.Value': 'False',
      'JobGroupParams.3.Key': 'OUT_MQ_ENABLE',
      'JobGroupParams.3.Value': 'True',
      'JobGroupParams.4.Key': 'DATAHUB_ENABLE',
      'JobGroupParams.4.Value': 'False',
      'JobGroupParams.5.Key': 'SCHEDULE_FLOW_START_TIME',
      'JobGroupParams.5.Value': 'Latest',
    });
    expect(signatureProblem(fake.requests[0]!)).toBeNull();
  });

  it('numbers the params from 1 whichever are given', async () => {
    const fake = writeFake([asJson('{"JobGroupId":"5"}')]);
    await testAdapter(fake).createJobGroup({
      ...documentedCreate,
      outputs: { dataHub: true },
      scheduleStart: 'oldest',
    });
    expect(ownParameters(fake.requests[0])).toMatchObject({
      'JobGroupParams.1.Key': 'DATAHUB_ENABLE',
      'JobGroupParams.1.Value': 'True',
      'JobGroupParams.2.Key': 'SCHEDULE_FLOW_START_TIME',
      'JobGroupParams.2.Value': 'Oldest',
    });
    expect(
      Object.keys(ownParameters(fake.requests[0])).filter((name) => name.startsWith('JobGroupParams')),
    ).toHaveLength(4);
  });

  it('an answer without a JobGroupId is a MalformedResponseError (not retried: the group may exist)', async () => {
    const fake = writeFake([asJson('{"RequestId":"R"}')]);
    const error = await failure(testAdapter(fake).createJobGroup(documentedCreate));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as MalformedResponseError).issues[0]?.path).toBe('JobGroupId');
    expect(fake.requests).toHaveLength(1);
  });
});

describe('ModifyJobGroup', () => {
  const documentedModify = { name: 'JobGroupName', algorithmLibraryId: '2', resourceProfileId: '23' };

  it('sends the documented request example’s parameters (no InstanceId) and resolves on the answer (JSON, XML)', async () => {
    for (const [format, reply] of [
      ['json', asJson(fixture('ModifyJobGroup.json'))],
      ['xml', asXml(fixture('ModifyJobGroup.xml'))],
    ] as const) {
      const fake = writeFake([reply]);
      await expect(
        testAdapter(fake, { format }).modifyJobGroup('3', documentedModify),
      ).resolves.toBeUndefined();
      expect(fake.requests[0]?.parameters.Action).toBe('ModifyJobGroup');
      expect(ownParameters(fake.requests[0])).toEqual(documentedParameters('ModifyJobGroup.request.txt'));
      expect(ownParameters(fake.requests[0])).toEqual({
        AlgoLibId: '2',
        JobGroupId: '3',
        JobGroupName: 'JobGroupName',
        ResourceProfileId: '23',
      });
      expect(signatureProblem(fake.requests[0]!)).toBeNull();
    }
  });

  it('maps status to Running/Stopped and sends the optional counts and params', async () => {
    const fake = writeFake([asJson('{"RequestId":"R"}')]);
    await testAdapter(fake).modifyJobGroup('3', {
      ...documentedModify,
      plannedJobCount: 4,
      streamsPerJob: 2,
      jobCount: 1,
      status: 'stopped',
      outputs: { rds: true },
    });
    expect(ownParameters(fake.requests[0])).toMatchObject({
      PlanedJobCount: '4',
      StreamPerJob: '2',
      JobCount: '1',
      Status: 'Stopped',
      'JobGroupParams.1.Key': 'RDS_ENABLE',
      'JobGroupParams.1.Value': 'True',
    });
    const running = writeFake([asJson('{"RequestId":"R"}')]);
    await testAdapter(running).modifyJobGroup('3', { ...documentedModify, status: 'running' });
    expect(running.requests[0]?.parameters.Status).toBe('Running');
  });

  it('an empty XML answer root is still an answer', async () => {
    const fake = writeFake([asXml('<?xml version="1.0" encoding="UTF-8"?><ModifyJobGroupResponse/>')]);
    await expect(testAdapter(fake).modifyJobGroup('3', documentedModify)).resolves.toBeUndefined();
  });
});

describe('input validation: every problem in one InvalidInputError, before any request', () => {
  it('create: lists every problem', async () => {
    const fake = writeFake([asJson('{"JobGroupId":"1"}')]);
    const error = await failure(
      testAdapter(fake).createJobGroup({
        name: '1 http://x',
        algorithmLibraryId: '  ',
        resourceProfileId: 6,
        plannedJobCount: 0,
        streamsPerJob: 1.5,
        jobCount: -1,
        outputs: { rds: 'yes', kafka: true },
        scheduleStart: 'newest',
        colour: 'blue',
      } as never),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    const issues = (error as InvalidInputError).issues;
    const paths = issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'name',
        'algorithmLibraryId',
        'resourceProfileId',
        'plannedJobCount',
        'streamsPerJob',
        'jobCount',
        'outputs.rds',
        'outputs',
        'scheduleStart',
        '',
      ]),
    );
    // Two rules of the name broken, two messages.
    const nameMessages = issues.filter((issue) => issue.path === 'name').map((issue) => issue.message);
    expect(nameMessages).toEqual([
      'must start with a letter or a Chinese character',
      "may contain only letters, Chinese characters, digits, ':', '_' and '-', not space, '/'",
    ]);
    expect((error as InvalidInputError).message).toMatch(/^invalid createJobGroup input: /);
    expect(fake.requests).toHaveLength(0);
  });

  it('create: the required fields are required', async () => {
    const fake = writeFake([asJson('{"JobGroupId":"1"}')]);
    const error = (await failure(testAdapter(fake).createJobGroup({} as never))) as InvalidInputError;
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(
      ['algorithmLibraryId', 'name', 'plannedJobCount', 'resourceProfileId', 'streamsPerJob'].sort(),
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('modify: the id and the input are checked together; plannedJobCount and streamsPerJob are optional', async () => {
    const fake = writeFake([asJson('{"RequestId":"R"}')]);
    const error = (await failure(
      testAdapter(fake).modifyJobGroup('', {
        name: 'ok-name',
        algorithmLibraryId: '2',
        resourceProfileId: '23',
        status: 'paused',
      } as never),
    )) as InvalidInputError;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues.map((issue) => issue.path)).toEqual(['id', 'status']);
    expect(error.message).toMatch(/^invalid modifyJobGroup input: /);
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ['ab', []],
    ['视频任务', []],
    ['Group:1_a-b', []],
    [`a${'b'.repeat(127)}`, []],
    ['a', ['must be 2 to 128 characters long (it has 1)']],
    ['', ['must be 2 to 128 characters long (it has 0)']],
    [`a${'b'.repeat(128)}`, ['must be 2 to 128 characters long (it has 129)']],
    ['1abc', ['must start with a letter or a Chinese character']],
    ['_abc', ['must start with a letter or a Chinese character']],
    ['-abc', ['must start with a letter or a Chinese character']],
    ['ab c', ["may contain only letters, Chinese characters, digits, ':', '_' and '-', not space"]],
    ['ab.c', ["may contain only letters, Chinese characters, digits, ':', '_' and '-', not '.'"]],
    [
      'Ünïcode',
      [
        'must start with a letter or a Chinese character',
        "may contain only letters, Chinese characters, digits, ':', '_' and '-', not 'Ü', 'ï'",
      ],
    ],
    [
      'http://group',
      [
        'must not start with http:// or https://',
        "may contain only letters, Chinese characters, digits, ':', '_' and '-', not '/'",
      ],
    ],
    [
      'HTTPS://group',
      [
        'must not start with http:// or https://',
        "may contain only letters, Chinese characters, digits, ':', '_' and '-', not '/'",
      ],
    ],
    ['tab\there', ["may contain only letters, Chinese characters, digits, ':', '_' and '-', not U+0009"]],
  ])('name %j: %j', (name, problems) => {
    expect(nameProblems(name)).toEqual(problems);
  });
});

describe('writes are never sent twice once they may have reached the cloud', () => {
  it.each<[string, Reply]>([
    ['InternalError (500)', errorReply('InternalError', 500)],
    ['ServiceUnavailable (503)', errorReply('ServiceUnavailable', 503)],
    ['a 502 from a proxy', { status: 502, body: 'Bad Gateway' }],
  ])('%s: one request, the error as it came', async (_what, reply) => {
    const fake = writeFake([reply, asJson('{"JobGroupId":"1"}')]);
    const error = await failure(testAdapter(fake).createJobGroup(documentedCreate));
    expect(error).toBeInstanceOf(ProviderApiError);
    expect((error as ProviderApiError).kind).toBe('server');
    expect(fake.requests).toHaveLength(1);
    const modify = writeFake([reply, asJson('{"RequestId":"R"}')]);
    await failure(
      testAdapter(modify).modifyJobGroup('3', {
        name: 'ab',
        algorithmLibraryId: '2',
        resourceProfileId: '23',
      }),
    );
    expect(modify.requests).toHaveLength(1);
  });

  it('a connection reset: one attempt', async () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const fake = fakeCityVisual({ networkError: reset, respond: () => asJson('{"JobGroupId":"1"}') });
    const adapter = testAdapter(fake);
    const events = attempts(adapter);
    const error = await failure(adapter.createJobGroup(documentedCreate));
    expect(error).toMatchObject({ kind: 'network', code: 'ECONNRESET' });
    expect(events).toHaveLength(1);
    expect(fake.requests).toHaveLength(0);
  });

  it('a timeout: one attempt', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get(publicOrigin)
      .intercept({ path: () => true, method: 'GET' })
      .reply(200, '{"JobGroupId":"1"}', { headers: { 'content-type': 'application/json' } })
      .delay(500)
      .persist();
    const adapter = testAdapter({ agent, requests: [], groups: [] }, { timeoutMs: 50 });
    const events = attempts(adapter);
    const error = await failure(adapter.createJobGroup(documentedCreate));
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(events).toHaveLength(1);
    await agent.close();
  });

  it('throttling (answered before processing) is retried, with a fresh signature', async () => {
    const fake = writeFake([errorReply('Throttling.User', 400), asJson('{"JobGroupId":"9"}')]);
    expect(await testAdapter(fake).createJobGroup(documentedCreate)).toBe('9');
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]?.parameters.SignatureNonce).not.toBe(fake.requests[1]?.parameters.SignatureNonce);
  });

  it('a reused nonce is retried with a new one', async () => {
    const fake = writeFake([errorReply('SignatureNonceUsed', 400), asJson('{"RequestId":"R"}')]);
    await testAdapter(fake).modifyJobGroup('3', {
      name: 'ab',
      algorithmLibraryId: '2',
      resourceProfileId: '23',
    });
    expect(fake.requests).toHaveLength(2);
    expect(new Set(fake.requests.map((request) => request.parameters.SignatureNonce)).size).toBe(2);
  });

  it('the cloud’s refusals are typed and not retried', async () => {
    for (const [code, status, kind] of [
      ['InvalidName.Duplicate', 400, 'conflict'],
      ['InvalidName.Malformed', 400, 'invalid_request'],
      ['InvalidAlgoLibId.NotFound', 404, 'not_found'],
      ['InvalidParameter.KeyNotSupported', 403, 'invalid_request'],
      ['MissingParameter', 403, 'invalid_request'],
    ] as const) {
      const fake = writeFake([errorReply(code, status)]);
      const error = await failure(testAdapter(fake).createJobGroup(documentedCreate));
      expect(error).toMatchObject({ kind, code, httpStatus: status });
      expect(fake.requests).toHaveLength(1);
    }
  });
});

describe('credentials and the client', () => {
  it('missing credentials: an InvalidInputError naming the variables, and no request', async () => {
    const fake = writeFake([asJson('{"JobGroupId":"1"}')]);
    const adapter = aliyunCityVisual({ region, instanceId, dispatcher: fake.agent, env: {} });
    const error = await failure(adapter.createJobGroup(documentedCreate));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect((error as Error).message).toContain('ALIBABA_CLOUD_ACCESS_KEY_SECRET');
    expect(fake.requests).toHaveLength(0);
  });

  it('client.provider("aliyun-cityvisual") is the adapter, with both writes', async () => {
    const fake = writeFake([asJson('{"JobGroupId":"77"}'), asJson('{"RequestId":"R"}')]);
    const client = createClient({ providers: [testAdapter(fake)] });
    const cityVisual = client.provider('aliyun-cityvisual');
    const id = await cityVisual.createJobGroup(documentedCreate);
    expect(id).toBe('77');
    await cityVisual.modifyJobGroup(id, {
      name: 'renamed',
      algorithmLibraryId: '3',
      resourceProfileId: '6',
      status: 'running',
    });
    expect(fake.requests.map((request) => request.parameters.Action)).toEqual([
      'CreateJobGroup',
      'ModifyJobGroup',
    ]);
    expect(fake.requests[1]?.parameters.JobGroupId).toBe('77');
  });

  it('an aborted write sends nothing more', async () => {
    const fake = writeFake([asJson('{"JobGroupId":"1"}')]);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(
      testAdapter(fake).createJobGroup(documentedCreate, { signal: controller.signal }),
    ).rejects.toThrow('stop');
    expect(fake.requests).toHaveLength(0);
    expect(jsonReply({}).status).toBe(200);
  });
});
