import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client.js';
import { JobSchema, jobFields } from '../../../src/model/job.js';
import { statusDetail, statusNames, unifiedStatus } from '../../../src/providers/huawei-modelarts/status.js';
import { fakeModelArts, makeNativeJobs } from './fake-modelarts.js';
import { collect, mockAgent, origin, projectId, testAdapter } from './setup.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../fixtures/huawei-modelarts/${name}`, import.meta.url), 'utf8');

const agents: ReturnType<typeof mockAgent>[] = [];
function agent() {
  const created = mockAgent();
  agents.push(created);
  return created;
}
afterEach(async () => {
  for (const created of agents.splice(0)) await created.close();
});

async function listBody(body: string) {
  const mock = agent();
  fakeModelArts({ agent: mock, origin, projectId, jobs: [], respond: () => ({ status: 200, body }) });
  return collect(createClient({ providers: [testAdapter(mock)] }).jobs());
}

const expectedStatuses: [number, string, string][] = [
  [0, 'unknown', 'JOBSTAT_UNKNOWN'],
  [1, 'pending', 'JOBSTAT_INIT'],
  [2, 'pending', 'JOBSTAT_IMAGE_CREATING'],
  [3, 'failed', 'JOBSTAT_IMAGE_FAILED'],
  [4, 'pending', 'JOBSTAT_SUBMIT_TRYING'],
  [5, 'failed', 'JOBSTAT_SUBMIT_FAILED'],
  [6, 'failed', 'JOBSTAT_DELETE_FAILED'],
  [7, 'pending', 'JOBSTAT_WAITING'],
  [8, 'running', 'JOBSTAT_RUNNING'],
  [9, 'stopping', 'JOBSTAT_KILLING'],
  [10, 'succeeded', 'JOBSTAT_COMPLETED'],
  [11, 'failed', 'JOBSTAT_FAILED'],
  [12, 'stopped', 'JOBSTAT_KILLED'],
  [13, 'stopped', 'JOBSTAT_CANCELED'],
  [14, 'failed', 'JOBSTAT_LOST'],
  [15, 'running', 'JOBSTAT_SCALING'],
  [16, 'failed', 'JOBSTAT_SUBMIT_MODEL_FAILED'],
  [17, 'failed', 'JOBSTAT_DEPLOY_SERVICE_FAILED'],
  [18, 'pending', 'JOBSTAT_CHECK_INIT'],
  [19, 'pending', 'JOBSTAT_CHECK_RUNNING'],
  [20, 'succeeded', 'JOBSTAT_CHECK_RUNNING_COMPLETED'],
  [21, 'failed', 'JOBSTAT_CHECK_FAILED'],
  [22, 'failed', 'MOUNT_FAILED'],
];

describe('huawei-modelarts normalization', () => {
  it('normalizes the documented sample response, keeping the record whole in raw', async () => {
    const body = fixture('list-visualization-jobs.success.json');
    const [job, ...rest] = await listBody(body);
    expect(rest).toEqual([]);
    const native = JSON.parse(body).jobs[0];
    expect(job).toEqual({
      provider: 'huawei-modelarts',
      source: 'huawei-modelarts:cn-north-4',
      id: '1',
      name: 'visualization-job',
      status: 'pending',
      nativeStatus: '1',
      statusDetail: 'JOBSTAT_INIT',
      region: 'cn-north-4',
      zone: null,
      groupId: null,
      // The document's own value, read as the epoch milliseconds the field holds.
      createdAt: new Date(15099239923),
      startedAt: null,
      endedAt: null,
      durationMs: 1502323,
      priority: null,
      description: 'This is a visualization job',
      url: 'https://XXX/modelarts/tensoarbod/xxxx/111',
      tags: {},
      tasks: null,
      raw: native,
    });
    expect(Object.keys(job as object)).toEqual(jobFields);
    expect(JobSchema.safeParse(job).success).toBe(true);
    const raw = job?.raw as Record<string, unknown>;
    expect(raw.train_url).toBe('/obs/name/');
    expect(raw.resource_id).toBe('4787c885-e18d-4ef1-aa12-c4ed0c364b27');
    expect(raw.schedule).toEqual([{ type: 'stop', timeUnit: 'HOURS', duration: 1 }]);
    expect(Object.hasOwn(raw, 'remaining_duration')).toBe(true);
  });

  it('maps every code 0–22 per the table, with its JOBSTAT_… name', async () => {
    for (const [code, status, name] of expectedStatuses) {
      expect(unifiedStatus(code)).toBe(status);
      expect(statusDetail(code)).toBe(name);
    }
    expect(statusNames).toHaveLength(23);
    const jobs = await listBody(
      JSON.stringify({
        is_success: true,
        job_total_count: 23,
        jobs: expectedStatuses.map(([code]) => ({ job_id: code + 100, job_name: `j${code}`, status: code })),
      }),
    );
    expect(jobs.map((job) => [Number(job.nativeStatus), job.status, job.statusDetail])).toEqual(
      expectedStatuses,
    );
  });

  it('keeps unknown codes verbatim as unknown, with no name', async () => {
    const jobs = await listBody(
      JSON.stringify({
        is_success: true,
        job_total_count: 5,
        jobs: [
          { job_id: 1, status: 23 },
          { job_id: 2, status: 99 },
          { job_id: 3, status: -1 },
          { job_id: 4, status: 8.5 },
          { job_id: 5 },
        ],
      }),
    );
    expect(jobs.map((job) => [job.status, job.nativeStatus, job.statusDetail])).toEqual([
      ['unknown', '23', null],
      ['unknown', '99', null],
      ['unknown', '-1', null],
      ['unknown', '8.5', null],
      ['unknown', null, null],
    ]);
  });

  it('keeps an empty description, and fills what the record lacks with null', async () => {
    const [described, bare] = await listBody(
      JSON.stringify({
        is_success: true,
        job_total_count: 2,
        jobs: [
          {
            job_id: 7,
            job_name: 'n',
            status: 8,
            job_desc: '',
            service_url: '',
            create_time: 1565149736000,
            duration: 0,
          },
          { job_id: 8, job_name: null, status: 10, job_desc: null },
        ],
      }),
    );
    expect(described?.description).toBe('');
    expect(described?.url).toBe('');
    expect(described?.createdAt?.toISOString()).toBe('2019-08-07T03:48:56.000Z');
    expect(described?.durationMs).toBe(0);
    expect(bare).toMatchObject({
      id: '8',
      name: null,
      description: null,
      url: null,
      createdAt: null,
      durationMs: null,
    });
    expect(Object.keys(bare as object)).toEqual(jobFields);
  });

  it('normalizes generated inventories to valid jobs', async () => {
    const mock = agent();
    const native = makeNativeJobs(60);
    fakeModelArts({ agent: mock, origin, projectId, jobs: native });
    const jobs = await collect(
      createClient({ providers: [testAdapter(mock, { credentials: { token: 'token-abcdef' } })] }).jobs(),
    );
    expect(jobs).toHaveLength(60);
    for (const [index, job] of jobs.entries()) {
      expect(JobSchema.safeParse(job).success).toBe(true);
      expect(job.raw).toEqual(native[index]);
      expect(job.id).toBe(String(native[index]?.job_id));
    }
  });
});
