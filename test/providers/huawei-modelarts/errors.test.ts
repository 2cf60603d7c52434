import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client.js';
import { type ErrorKind, MalformedResponseError, ProviderApiError } from '../../../src/errors.js';
import type { Job } from '../../../src/model/job.js';
import { FakeClock } from '../../support/fake-clock.js';
import { type FakeReply, fakeModelArts, makeNativeJobs } from './fake-modelarts.js';
import { collect, mockAgent, origin, projectId, testAdapter } from './setup.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../fixtures/huawei-modelarts/${name}`, import.meta.url), 'utf8');

const agents: ReturnType<typeof mockAgent>[] = [];
afterEach(async () => {
  for (const created of agents.splice(0)) await created.close();
});

/** Lists once with every request answered by `replies` in turn (the last one for ever after). */
async function listWith(replies: FakeReply[], options: Parameters<typeof testAdapter>[1] = {}) {
  const mock = mockAgent();
  agents.push(mock);
  const cloud = fakeModelArts({
    agent: mock,
    origin,
    projectId,
    jobs: makeNativeJobs(2),
    respond: (_request, index) => replies[Math.min(index, replies.length - 1)],
  });
  const adapter = testAdapter(mock, options);
  let jobs: Job[] | null = null;
  let outcome: unknown = null;
  try {
    jobs = await collect(createClient({ providers: [adapter], failFast: true }).jobs());
  } catch (error) {
    outcome = error;
  }
  return { jobs, outcome, requests: cloud.requests.length };
}

const body = (value: unknown) => JSON.stringify(value);
const modelArts = (code: string, message = 'something failed') =>
  body({ is_success: false, error_code: code, error_message: message });

describe('huawei-modelarts errors', () => {
  it('turns the documented failure into a ProviderApiError, with an error status or with 200', async () => {
    for (const status of [400, 200]) {
      const { outcome, requests } = await listWith([
        {
          status,
          body: fixture('list-visualization-jobs.failure.json'),
          headers: { 'x-request-id': 'req-1' },
        },
      ]);
      expect(outcome).toBeInstanceOf(ProviderApiError);
      const error = outcome as ProviderApiError;
      expect(error).toMatchObject({
        kind: 'conflict',
        code: 'ModelArts.0103',
        cloudMessage: 'error message',
        httpStatus: status,
        requestId: 'req-1',
        action: 'ListVisualizationJobs',
        provider: 'huawei-modelarts',
        source: 'huawei-modelarts:cn-north-4',
        retryable: false,
      });
      expect(requests).toBe(1);
    }
  });

  const cases: [string, number, string, ErrorKind, boolean][] = [
    ['ModelArts.0010', 500, modelArts('ModelArts.0010'), 'server', true],
    ['ModelArts.0012', 200, modelArts('ModelArts.0012'), 'server', true],
    ['ModelArts.0013', 503, fixture('modelarts-connection-failed.json'), 'server', true],
    ['ModelArts.0101', 400, modelArts('ModelArts.0101'), 'invalid_request', false],
    ['ModelArts.0104', 400, fixture('modelarts-invalid-parameter.json'), 'invalid_request', false],
    ['ModelArts.0102', 404, fixture('modelarts-not-found.json'), 'not_found', false],
    ['ModelArts.0103', 400, modelArts('ModelArts.0103'), 'conflict', false],
    [
      'ModelArts.0105',
      400,
      modelArts('ModelArts.0105', 'This job cannot be stopped. job status: 10'),
      'invalid_request',
      false,
    ],
    ['ModelArts.0106', 400, modelArts('ModelArts.0106'), 'invalid_request', false],
    ['ModelArts.0999', 200, modelArts('ModelArts.0999'), 'invalid_request', false],
    ['ModelArts.0999', 502, modelArts('ModelArts.0999'), 'server', true],
    ['APIGW.0301', 401, fixture('apigw-signature-rejected.json'), 'auth', false],
    ['APIGW.0301', 401, fixture('apigw-token-rejected.json'), 'auth', false],
    ['APIGW.0302', 403, fixture('apigw-not-authorized.json'), 'auth', false],
    [
      'APIGW.0307',
      401,
      body({ error_code: 'APIGW.0307', error_msg: 'The token must be updated' }),
      'auth',
      false,
    ],
    [
      'APIGW.0402',
      403,
      body({ error_code: 'APIGW.0402', error_msg: 'The IP address is not authorized' }),
      'auth',
      false,
    ],
    ['APIGW.0101', 404, fixture('apigw-api-not-found.json'), 'not_found', false],
    [
      'APIGW.0201',
      400,
      body({ error_code: 'APIGW.0201', error_msg: 'Request error' }),
      'invalid_request',
      false,
    ],
    ['APIGW.0203', 504, body({ error_code: 'APIGW.0203', error_msg: 'Backend timeout' }), 'server', true],
    ['APIGW.0308', 429, fixture('apigw-throttled.json'), 'throttled', true],
    ['APIGW.0308', 403, fixture('apigw-throttled.json'), 'throttled', true],
    ['HTTP502', 502, '<html><body>502 Bad Gateway</body></html>', 'server', true],
    ['HTTP503', 503, '', 'server', true],
    ['HTTP429', 429, 'Too Many Requests', 'throttled', true],
    ['HTTP401', 401, '{}', 'auth', false],
    ['HTTP409', 409, '[]', 'conflict', false],
  ];

  it.each(cases)('%s with HTTP %i is %s', async (code, status, text, kind, retryable) => {
    const { outcome, requests } = await listWith([{ status, body: text }]);
    expect(outcome).toBeInstanceOf(ProviderApiError);
    expect(outcome).toMatchObject({ code, kind, retryable, httpStatus: status });
    // Retryable errors are retried up to maxAttempts (3 here), the others are not.
    expect(requests).toBe(retryable ? 3 : 1);
  });

  it('reads the message from error_msg as well as error_message, and the gateway request_id', async () => {
    const { outcome } = await listWith([{ status: 401, body: fixture('apigw-signature-rejected.json') }]);
    expect(outcome).toMatchObject({
      cloudMessage: 'Incorrect IAM authentication information: verify aksk signature fail',
      requestId: '9b0f3c2a7d4e4f0d8c1b2a3e4f5d6c7b',
    });
  });

  it('retries throttling after the Retry-After the gateway asked for, then succeeds', async () => {
    const clock = new FakeClock();
    const mock = mockAgent();
    agents.push(mock);
    const cloud = fakeModelArts({
      agent: mock,
      origin,
      projectId,
      jobs: makeNativeJobs(3),
      respond: (_request, index) =>
        index < 2
          ? { status: 429, body: fixture('apigw-throttled.json'), headers: { 'retry-after': '3' } }
          : undefined,
    });
    const adapter = testAdapter(mock, {
      clock,
      retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 60_000 },
    });
    const listing = collect(createClient({ providers: [adapter] }).jobs());
    for (let step = 0; step < 10 && cloud.requests.length < 3; step++) await clock.advance(3000);
    expect((await listing).map((job) => job.id)).toEqual(['1', '2', '3']);
    expect(clock.sleeps.filter((ms) => ms === 3000)).toHaveLength(2);
    expect(cloud.requests).toHaveLength(3);
  });

  it('retries a 200 that says ModelArts.0010, then lists', async () => {
    const { jobs, outcome, requests } = await listWith([
      { status: 200, body: modelArts('ModelArts.0010') },
      { status: 200, body: body({ is_success: true, job_total_count: 1, jobs: [{ job_id: 5, status: 8 }] }) },
    ]);
    expect(outcome).toBeNull();
    expect(jobs?.map((job) => [job.id, job.status])).toEqual([['5', 'running']]);
    expect(requests).toBe(2);
  });

  const malformed: [string, string, string][] = [
    ['not JSON', '<html>ok</html>', ''],
    ['truncated JSON', '{"is_success": true, "jobs": [', ''],
    ['no jobs', body({ is_success: true, job_total_count: 1 }), 'jobs'],
    ['jobs not a list', body({ is_success: true, jobs: { job_id: 1 } }), 'jobs'],
    [
      'a job id as text',
      body({
        is_success: true,
        jobs: [
          { job_id: 1, status: 1 },
          { job_id: 'x', status: 1 },
        ],
      }),
      'jobs[1].job_id',
    ],
    ['a missing job id', body({ is_success: true, jobs: [{ job_name: 'n', status: 1 }] }), 'jobs[0].job_id'],
    [
      'a status as text',
      body({ is_success: true, jobs: [{ job_id: 1, status: 'RUNNING' }] }),
      'jobs[0].status',
    ],
    [
      'a creation time as text',
      body({ is_success: true, jobs: [{ job_id: 1, create_time: '2024-01-01' }] }),
      'jobs[0].create_time',
    ],
    ['a negative total', body({ is_success: true, job_total_count: -1, jobs: [] }), 'job_total_count'],
    ['a job that is null', body({ is_success: true, jobs: [null] }), 'jobs[0]'],
    ['a list for a body', '[]', ''],
    ['null for a body', 'null', ''],
  ];

  it.each(malformed)(
    'a body with %s is a MalformedResponseError naming the field',
    async (_what, text, path) => {
      const { outcome, requests } = await listWith([{ status: 200, body: text }]);
      expect(outcome).toBeInstanceOf(MalformedResponseError);
      const error = outcome as MalformedResponseError;
      expect(error.action).toBe('ListVisualizationJobs');
      expect(error.issues.map((issue) => issue.path)).toContain(path);
      expect(error.provider).toBe('huawei-modelarts');
      expect(requests).toBe(1);
    },
  );

  it('a failing instance does not hide the others', async () => {
    const mock = mockAgent();
    agents.push(mock);
    fakeModelArts({ agent: mock, origin, projectId, jobs: makeNativeJobs(2) });
    const local = 'http://127.0.0.1:9';
    fakeModelArts({
      agent: mock,
      origin: local,
      projectId,
      jobs: [],
      respond: () => ({ status: 403, body: fixture('apigw-not-authorized.json') }),
    });
    const client = createClient({
      providers: [testAdapter(mock), testAdapter(mock, { name: 'broken', endpoint: local })],
    });
    const page = await client.listJobs({});
    expect(page.items.map((job) => job.id)).toEqual(['1', '2']);
    expect(page.errors).toHaveLength(1);
    expect(page.errors[0]?.source).toBe('broken');
    expect(page.errors[0]?.error).toMatchObject({ kind: 'auth', code: 'APIGW.0302' });
  });
});
