import { beforeAll, describe, expect, it } from 'vitest';
import { MalformedResponseError } from '../../../src/errors.js';
import { JobSchema } from '../../../src/model/job.js';
import { JobGroupSchema } from '../../../src/model/job-group.js';
import type { JobGroupsPage } from '../../../src/providers/aliyun-cityvisual/index.js';
import { loadXmlParser } from '../../../src/providers/aliyun-cityvisual/xml.js';
import {
  failure,
  fakeCityVisual,
  firstPage,
  fixture,
  jsonReply,
  makeGroup,
  type Reply,
  signal,
  testAdapter,
  xmlReply,
} from './fake-cityvisual.js';

// The lazy load of the parser has its own test file; here it is simply there.
beforeAll(async () => {
  await loadXmlParser();
});

async function read(reply: Reply, format: 'json' | 'xml' = 'json'): Promise<JobGroupsPage> {
  const fake = fakeCityVisual({ respond: () => reply });
  return testAdapter(fake, { format }).describeJobGroups({}, firstPage, { signal });
}

async function malformed(reply: Reply): Promise<MalformedResponseError> {
  const fake = fakeCityVisual({ respond: () => reply });
  const error = await failure(testAdapter(fake).describeJobGroups({}, firstPage, { signal }));
  expect(error).toBeInstanceOf(MalformedResponseError);
  expect(fake.requests).toHaveLength(1);
  return error as MalformedResponseError;
}

const asJson = (body: string): Reply => ({
  status: 200,
  body,
  headers: { 'content-type': 'application/json' },
});
const asXml = (body: string): Reply => ({
  status: 200,
  body,
  headers: { 'content-type': 'text/xml;charset=utf-8' },
});

function xmlListing(groups: string, extra = ''): Reply {
  return asXml(
    `<?xml version="1.0" encoding="UTF-8"?><DescribeJobGroupsResponse><JobGroups>${groups}</JobGroups><PageNumber>1</PageNumber><PageSize>100</PageSize><TotalCount>1</TotalCount><RequestId>R</RequestId>${extra}</DescribeJobGroupsResponse>`,
  );
}

describe('the documented examples', () => {
  it('JSON: Name for the group name, numbers for ComputeJobId and ComputeJobName, ComputeJobs as a plain array', async () => {
    const body = fixture('DescribeJobGroups.json');
    const page = await read(asJson(body));
    const documented = JSON.parse(body).JobGroups.JobGroup[0];
    expect(page).toMatchObject({ count: 1, total: 2, pageNumber: 1, pageSize: 10 });
    expect(page.requestId).toBe('04F0F334-1335-436C-A1D7-6C044FE73368');
    const [group] = page.groups;
    expect(group).toEqual({
      provider: 'aliyun-cityvisual',
      source: 'aliyun-cityvisual:cn-shanghai',
      id: 'xxxxx',
      name: '视频任务',
      status: 'running',
      nativeStatus: 'running',
      region: 'cn-shanghai',
      algorithmLibraryId: 'xxxxx',
      resourceProfileId: 'xxxxx',
      plannedJobCount: 1,
      jobCount: 1,
      streamsPerJob: 20,
      params: { ES_ENABLE: 'True', RDS_ENABLE: 'True' },
      jobs: [
        {
          provider: 'aliyun-cityvisual',
          source: 'aliyun-cityvisual:cn-shanghai',
          id: '101',
          name: '101',
          status: 'running',
          nativeStatus: 'Running',
          statusDetail: null,
          region: 'cn-shanghai',
          zone: null,
          groupId: 'xxxxx',
          createdAt: null,
          startedAt: new Date('2018-10-10T10:20:30Z'),
          endedAt: new Date('2018-10-10T10:30:30Z'),
          durationMs: 600_000,
          priority: null,
          description: null,
          url: null,
          tags: {},
          tasks: null,
          raw: documented.ComputeJobs[0],
        },
      ],
      raw: documented,
    });
    // `raw` is the record as parsed: the numbers stay numbers there.
    expect((group!.jobs[0]!.raw as { ComputeJobId: unknown }).ComputeJobId).toBe(101);
    expect(JobGroupSchema.safeParse(group).success).toBe(true);
    expect(Object.keys(group?.jobs[0] ?? {})).toEqual(Object.keys(JobSchema.shape));
    expect(Object.keys(group ?? {})).toEqual(Object.keys(JobGroupSchema.shape));
  });

  it('XML: every value a string until the schema says Integer, one group, one job, two params', async () => {
    const page = await read(asXml(fixture('DescribeJobGroups.xml')));
    expect(page).toMatchObject({ count: 1, total: 1, pageNumber: 1, pageSize: 10 });
    const [group] = page.groups;
    expect(group).toMatchObject({
      id: 'xxxx',
      name: '视频任务',
      status: 'running',
      nativeStatus: 'running',
      algorithmLibraryId: 'xxxxx',
      resourceProfileId: 'xxxxx',
      plannedJobCount: 10,
      jobCount: 10,
      streamsPerJob: 20,
      params: { ES_ENABLE: 'True', RDS_ENABLE: 'True' },
    });
    expect(group?.jobs).toHaveLength(1);
    expect(group?.jobs[0]).toMatchObject({
      id: '101',
      name: '101',
      status: 'running',
      nativeStatus: 'Running',
      groupId: 'xxxx',
      startedAt: new Date('2018-10-10T10:20:20Z'),
      endedAt: new Date('2018-10-10T10:20:30Z'),
      durationMs: 600_000,
    });
    // What was parsed, strings throughout.
    expect(group?.jobs[0]?.raw).toEqual({
      ComputeJobId: '101',
      ComputeJobName: '101',
      ComputeJobStatus: 'Running',
      StartTime: '2018-10-10T10:20:20Z',
      EndTime: '2018-10-10T10:20:30Z',
      Duration: '600',
    });
    expect((group!.raw as { PlanedJobCount: unknown }).PlanedJobCount).toBe('10');
    expect(JobGroupSchema.safeParse(group).success).toBe(true);
  });

  it('JSON and XML with the same content read the same (raw aside)', async () => {
    const record = makeGroup({}, 3);
    const body = {
      JobGroups: { JobGroup: [record] },
      PageNumber: 1,
      PageSize: 100,
      TotalCount: 1,
      RequestId: 'R',
    };
    const fromJson = await read(jsonReply(body));
    const fromXml = await read(xmlReply('DescribeJobGroupsResponse', body), 'xml');
    const withoutRaw = (page: JobGroupsPage) =>
      page.groups.map(({ raw: _raw, jobs, ...group }) => ({
        ...group,
        jobs: jobs.map(({ raw: _jobRaw, ...job }) => job),
      }));
    expect(withoutRaw(fromXml)).toEqual(withoutRaw(fromJson));
    expect(fromXml.groups[0]?.jobs).toHaveLength(3);
  });
});

describe('shapes the documents and Alibaba’s conventions allow', () => {
  const job = (id: string) =>
    `<ComputeJobId>${id}</ComputeJobId><ComputeJobName>n${id}</ComputeJobName><ComputeJobStatus>Stopped</ComputeJobStatus><StartTime>2024-01-01T00:00:00Z</StartTime><EndTime>2024-01-01T00:10:00Z</EndTime><Duration>600</Duration>`;

  it('XML ComputeJobs as repeated elements, one job each', async () => {
    const page = await read(
      xmlListing(
        `<JobGroup><JobGroupId>g</JobGroupId><ComputeJobs>${job('1')}</ComputeJobs><ComputeJobs>${job('2')}</ComputeJobs></JobGroup>`,
      ),
    );
    expect(page.groups[0]?.jobs.map((item) => item.id)).toEqual(['1', '2']);
    expect(page.groups[0]?.jobs[1]?.status).toBe('stopped');
  });

  it('XML ComputeJobs wrapped as ComputeJobs.ComputeJob[], with one and with two jobs', async () => {
    const one = await read(
      xmlListing(
        `<JobGroup><JobGroupId>g</JobGroupId><ComputeJobs><ComputeJob>${job('7')}</ComputeJob></ComputeJobs></JobGroup>`,
      ),
    );
    expect(one.groups[0]?.jobs.map((item) => item.id)).toEqual(['7']);
    expect(one.groups[0]?.jobs[0]?.raw).toMatchObject({ ComputeJobId: '7' });
    const two = await read(
      xmlListing(
        `<JobGroup><JobGroupId>g</JobGroupId><ComputeJobs><ComputeJob>${job('8')}</ComputeJob><ComputeJob>${job('9')}</ComputeJob></ComputeJobs></JobGroup>`,
      ),
    );
    expect(two.groups[0]?.jobs.map((item) => item.id)).toEqual(['8', '9']);
  });

  it('JSON ComputeJobs wrapped as {"ComputeJob": [...]}, JobGroupName instead of Name, strings for counts', async () => {
    const page = await read(
      jsonReply({
        JobGroups: {
          JobGroup: [
            {
              JobGroupId: 'daj28d89edh8',
              JobGroupName: 'JobGroupName',
              Name: 'ignored when JobGroupName is there',
              PlanedJobCount: '10',
              JobCount: 10,
              StreamPerJob: '4',
              Status: 'Stopped',
              ComputeJobs: {
                ComputeJob: [{ ComputeJobId: 62, ComputeJobName: 'jobName', Duration: '1000' }],
              },
            },
          ],
        },
        TotalCount: '200',
      }),
    );
    expect(page.total).toBe(200);
    expect(page.groups[0]).toMatchObject({
      id: 'daj28d89edh8',
      name: 'JobGroupName',
      plannedJobCount: 10,
      jobCount: 10,
      streamsPerJob: 4,
      status: 'stopped',
      nativeStatus: 'Stopped',
    });
    expect(page.groups[0]?.jobs[0]).toMatchObject({ id: '62', name: 'jobName', durationMs: 1_000_000 });
  });

  it('a single XML group, param and job are still lists', async () => {
    const page = await read(
      xmlListing(
        `<JobGroup><JobGroupId>only</JobGroupId><JobGroupParams><JobGroupParam><Key>SCHEDULE_FLOW_START_TIME</Key><Value>Latest</Value></JobGroupParam></JobGroupParams><ComputeJobs>${job('1')}</ComputeJobs></JobGroup>`,
      ),
    );
    expect(page.groups).toHaveLength(1);
    expect(page.groups[0]?.params).toEqual({ SCHEDULE_FLOW_START_TIME: 'Latest' });
    expect(page.groups[0]?.jobs).toHaveLength(1);
    expect(Array.isArray((page.groups[0]!.raw as { ComputeJobs: unknown }).ComputeJobs)).toBe(true);
  });

  it('empty lists in every spelling: <JobGroups/>, <ComputeJobs/>, <JobGroupParams/>, missing, null', async () => {
    expect((await read(xmlListing(''))).groups).toEqual([]);
    const empty = await read(
      xmlListing(
        '<JobGroup><JobGroupId>g</JobGroupId><JobGroupParams/><ComputeJobs/><StartTime/></JobGroup>',
      ),
    );
    expect(empty.groups[0]).toMatchObject({ params: {}, jobs: [], plannedJobCount: null, status: 'unknown' });
    const json = await read(
      jsonReply({
        JobGroups: {
          JobGroup: [{ JobGroupId: 'a', ComputeJobs: null, JobGroupParams: {} }, { JobGroupId: 'b' }],
        },
      }),
    );
    expect(json.groups.map((group) => [group.id, group.jobs.length, group.params])).toEqual([
      ['a', 0, {}],
      ['b', 0, {}],
    ]);
    expect(json.total).toBeNull();
    expect((await read(jsonReply({ JobGroups: { JobGroup: [] }, TotalCount: 0 }))).groups).toEqual([]);
    expect((await read(jsonReply({ JobGroups: {}, TotalCount: 0 }))).groups).toEqual([]);
  });

  it('an empty XML timestamp or count is "not said"', async () => {
    const page = await read(
      xmlListing(
        '<JobGroup><JobGroupId>g</JobGroupId><JobCount></JobCount><ComputeJobs><ComputeJobId>1</ComputeJobId><StartTime/><EndTime></EndTime><Duration/></ComputeJobs></JobGroup>',
      ),
    );
    expect(page.groups[0]?.jobCount).toBeNull();
    expect(page.groups[0]?.jobs[0]).toMatchObject({
      startedAt: null,
      endedAt: null,
      durationMs: null,
      name: null,
    });
  });
});

describe('XML values are read as written, and hostile XML does nothing', () => {
  it('values are not type-guessed: 007, 1e3, 0x10, true stay strings', async () => {
    const page = await read(
      xmlListing(
        '<JobGroup><JobGroupId>007</JobGroupId><Name>1e3</Name><AlgoLibId>0x10</AlgoLibId><ResourceProfileId> 12 </ResourceProfileId><Status>true</Status><ComputeJobs><ComputeJobId>0010</ComputeJobId><ComputeJobName>-5</ComputeJobName></ComputeJobs></JobGroup>',
      ),
    );
    expect(page.groups[0]).toMatchObject({
      id: '007',
      name: '1e3',
      algorithmLibraryId: '0x10',
      resourceProfileId: '12',
      nativeStatus: 'true',
      status: 'unknown',
    });
    expect(page.groups[0]?.jobs[0]).toMatchObject({ id: '0010', name: '-5' });
  });

  it('XML escapes are decoded once: predefined entities and character references', async () => {
    const page = await read(
      xmlListing(
        '<JobGroup><JobGroupId>g</JobGroupId><Name>A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos; &#x4e2d;&#25991; &amp;lt;</Name></JobGroup>',
      ),
    );
    expect(page.groups[0]?.name).toBe('A&B <c> "d" \'e\' 中文 &lt;');
  });

  it('a DOCTYPE’s entities are never expanded (billion laughs)', async () => {
    const laughs = Array.from(
      { length: 9 },
      (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level};`.repeat(10)}">`,
    ).join('');
    const body = `<?xml version="1.0"?><!DOCTYPE DescribeJobGroupsResponse [<!ENTITY lol0 "lol">${laughs}]><DescribeJobGroupsResponse><JobGroups><JobGroup><JobGroupId>g</JobGroupId><Name>&lol9;</Name><Status>&lol1;</Status></JobGroup></JobGroups></DescribeJobGroupsResponse>`;
    const started = performance.now();
    const page = await read(asXml(body));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(page.groups[0]?.name).toBe('&lol9;');
    expect(page.groups[0]?.nativeStatus).toBe('&lol1;');
  });

  it('an external entity is refused: a MalformedResponseError, nothing read from anywhere', async () => {
    const body =
      '<?xml version="1.0"?><!DOCTYPE DescribeJobGroupsResponse [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><DescribeJobGroupsResponse><JobGroups><JobGroup><JobGroupId>&xxe;</JobGroupId></JobGroup></JobGroups></DescribeJobGroupsResponse>';
    const error = await malformed(asXml(body));
    expect(error.message).toMatch(/not well-formed XML/);
    expect(error.message).not.toContain('root:');
  });

  it('an element named __proto__ or constructor is refused, not merged into objects', async () => {
    const error = await malformed(
      xmlListing('<JobGroup><JobGroupId>g</JobGroupId><__proto__><x>1</x></__proto__></JobGroup>'),
    );
    expect(error.issues[0]?.message).toMatch(/not well-formed XML/);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('truncated XML is a MalformedResponseError, never half a listing', async () => {
    const body = fixture('DescribeJobGroups.xml');
    const error = await malformed(asXml(body.slice(0, Math.floor(body.length / 2))));
    expect(error.action).toBe('DescribeJobGroups');
    expect(error.message).toMatch(/malformed response: not well-formed XML/);
  });
});

describe('statuses', () => {
  it.each([
    ['starting', 'starting'],
    ['Starting', 'starting'],
    ['running', 'running'],
    ['Running', 'running'],
    ['RUNNING', 'running'],
    ['stopping', 'stopping'],
    ['stopped', 'stopped'],
    ['Stopped', 'stopped'],
    ['paused', 'unknown'],
    ['Suspended', 'unknown'],
    ['', 'unknown'],
  ])('%j → %s, the native value kept', async (native, unified) => {
    const page = await read(
      jsonReply({
        JobGroups: {
          JobGroup: [
            makeGroup({ Status: native, ComputeJobs: [{ ComputeJobId: '1', ComputeJobStatus: native }] }),
          ],
        },
      }),
    );
    expect(page.groups[0]).toMatchObject({ status: unified, nativeStatus: native });
    expect(page.groups[0]?.jobs[0]).toMatchObject({ status: unified, nativeStatus: native });
  });

  it('a missing status is unknown with a null native value', async () => {
    const page = await read(
      jsonReply({ JobGroups: { JobGroup: [{ JobGroupId: 'g', ComputeJobs: [{ ComputeJobId: 1 }] }] } }),
    );
    expect(page.groups[0]).toMatchObject({ status: 'unknown', nativeStatus: null });
    expect(page.groups[0]?.jobs[0]).toMatchObject({ status: 'unknown', nativeStatus: null });
  });
});

describe('malformed answers name the field path (never a TypeError)', () => {
  const listing = (groups: unknown[]) =>
    jsonReply({ JobGroups: { JobGroup: groups }, TotalCount: groups.length });

  it.each<[string, string, Reply]>([
    ['no JobGroups at all', 'JobGroups', jsonReply({ TotalCount: 1, RequestId: 'R' })],
    ['JobGroups a string', 'JobGroups', jsonReply({ JobGroups: 'x' })],
    ['a group that is not an object', 'JobGroups[0]', listing(['x'])],
    ['a group without JobGroupId', 'JobGroups[0].JobGroupId', listing([{ Name: 'n' }])],
    ['an empty JobGroupId', 'JobGroups[0].JobGroupId', listing([{ JobGroupId: '' }])],
    [
      'a count that is not a whole number',
      'JobGroups[0].JobCount',
      listing([{ JobGroupId: 'g', JobCount: 'ten' }]),
    ],
    ['a negative count', 'JobGroups[0].StreamPerJob', listing([{ JobGroupId: 'g', StreamPerJob: -1 }])],
    [
      'a fractional Duration',
      'JobGroups[0].ComputeJobs[0].Duration',
      listing([{ JobGroupId: 'g', ComputeJobs: [{ ComputeJobId: 1, Duration: 1.5 }] }]),
    ],
    [
      'a job without ComputeJobId',
      'JobGroups[0].ComputeJobs[1].ComputeJobId',
      listing([{ JobGroupId: 'g', ComputeJobs: [{ ComputeJobId: 1 }, { ComputeJobName: 'x' }] }]),
    ],
    ['a status that is an object', 'JobGroups[0].Status', listing([{ JobGroupId: 'g', Status: { x: 1 } }])],
    [
      'a param without Key',
      'JobGroups[0].JobGroupParams[0].Key',
      listing([{ JobGroupId: 'g', JobGroupParams: { JobGroupParam: [{ Value: 'True' }] } }]),
    ],
    [
      'a TotalCount that is not a number',
      'TotalCount',
      jsonReply({ JobGroups: { JobGroup: [] }, TotalCount: 'many' }),
    ],
    [
      'an unreadable StartTime',
      'JobGroups[0].ComputeJobs[0].StartTime',
      listing([{ JobGroupId: 'g', ComputeJobs: [{ ComputeJobId: 1, StartTime: 'yesterday' }] }]),
    ],
    [
      'an unreadable EndTime',
      'JobGroups[0].ComputeJobs[0].EndTime',
      listing([{ JobGroupId: 'g', ComputeJobs: [{ ComputeJobId: 1, EndTime: '2018-10-10 10:20:30' }] }]),
    ],
    ['a body that is not JSON', '', asJson('{"JobGroups": {"JobGroup": [{"JobGroupId": "g"')],
    ['a body that is a list', '', asJson('[]')],
    ['an empty body', '', asJson('')],
  ])('%s → %j', async (_what, path, reply) => {
    const error = await malformed(reply);
    expect(error.issues.map((issue) => issue.path)).toContain(path);
    expect(error).toMatchObject({ provider: 'aliyun-cityvisual', source: 'aliyun-cityvisual:cn-shanghai' });
  });

  it('lists every problem of a page at once', async () => {
    const error = await malformed(
      listing([
        { JobGroupId: 'g', JobCount: 'x', ComputeJobs: [{ ComputeJobId: 1, StartTime: 'nope' }] },
        { JobCount: 1 },
      ]),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['JobGroups[0].JobCount', 'JobGroups[1].JobGroupId']),
    );
  });
});
