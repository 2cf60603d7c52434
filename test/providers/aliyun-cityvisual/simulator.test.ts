import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client.js';
import { InvalidInputError, ProviderApiError } from '../../../src/errors.js';
import { aliyunCityVisual } from '../../../src/providers/aliyun-cityvisual/index.js';
import { type Simulator, startSimulator } from '../../../src/testing/simulator/index.js';
import { collect, failure } from './fake-cityvisual.js';

/**
 * Against the project's simulator, which checks RPC v1 signatures with its own implementation,
 * spends nonces, answers XML when asked, and keeps writes.
 */
let sim: Simulator | null = null;
afterEach(async () => {
  await sim?.stop();
  sim = null;
});

const quick = { rateLimit: 1000, retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 } };

function adapter(options: Record<string, unknown> = {}) {
  return aliyunCityVisual({
    ...(sim as Simulator).providerOptions('aliyun-cityvisual'),
    ...quick,
    ...options,
  });
}

function expectedJobIds(simulator: Simulator): string[] {
  return simulator.data['aliyun-cityvisual'].flatMap((group) =>
    group.ComputeJobs.map((job) => job.ComputeJobId),
  );
}

describe.each(['json', 'xml'] as const)('simulator, format %s', (format) => {
  it('lists every group and every compute job in the cloud’s order, over several pages', async () => {
    sim = await startSimulator({ seed: 4, counts: { 'aliyun-cityvisual': { groups: 23, jobsPerGroup: 3 } } });
    const client = createClient({ providers: [adapter({ format, pageSize: 5 })] });
    const groups = await collect(client.jobGroups());
    expect(groups.map((group) => group.id)).toEqual(
      sim.data['aliyun-cityvisual'].map((group) => group.JobGroupId),
    );
    const jobs = await collect(client.jobs());
    expect(jobs.map((job) => job.id)).toEqual(expectedJobIds(sim));
    for (const [index, group] of groups.entries()) {
      const record = sim.data['aliyun-cityvisual'][index];
      expect(group.name).toBe(record?.JobGroupName);
      expect(group.jobCount).toBe(record?.JobCount);
      expect(group.plannedJobCount).toBe(record?.PlanedJobCount);
      expect(group.streamsPerJob).toBe(record?.StreamPerJob);
      expect(group.params).toEqual(
        Object.fromEntries(record?.JobGroupParams.map((p) => [p.Key, p.Value]) ?? []),
      );
      expect(group.jobs.map((job) => job.groupId)).toEqual(group.jobs.map(() => group.id));
    }
    expect(sim.stats()['aliyun-cityvisual'].rejected).toBe(0);
  });

  it('pushes groupId and ids down as JobGroupId, with the same results as without', async () => {
    sim = await startSimulator({ seed: 6, counts: { 'aliyun-cityvisual': { groups: 9, jobsPerGroup: 2 } } });
    const target = sim.data['aliyun-cityvisual'][4]?.JobGroupId as string;
    for (const pushdown of [true, false]) {
      const client = createClient({ providers: [adapter({ format })], pushdown });
      sim.resetStats();
      const jobs = await collect(client.jobs({ groupId: target }));
      expect(jobs.map((job) => job.id)).toEqual(
        sim.data['aliyun-cityvisual'][4]?.ComputeJobs.map((job) => job.ComputeJobId),
      );
      const groups = await collect(client.jobGroups({ ids: target }));
      expect(groups.map((group) => group.id)).toEqual([target]);
      expect(sim.stats()['aliyun-cityvisual'].requests).toBe(2);
    }
  });

  it('creates a group and modifies it; both are visible in the next listing', async () => {
    sim = await startSimulator({ seed: 8, counts: { 'aliyun-cityvisual': { groups: 2, jobsPerGroup: 1 } } });
    const cityVisual = adapter({ format });
    const client = createClient({ providers: [cityVisual] });
    const id = await client.provider('aliyun-cityvisual').createJobGroup({
      name: `新的-group:${format}`,
      algorithmLibraryId: '3',
      resourceProfileId: '6',
      plannedJobCount: 4,
      streamsPerJob: 8,
      jobCount: 2,
      outputs: { elasticsearch: true, rds: false, messageQueue: true, dataHub: false },
      scheduleStart: 'oldest',
    });
    expect(id).toMatch(/^\d+$/);
    let group = (await collect(client.jobGroups({ ids: id })))[0];
    expect(group).toMatchObject({
      id,
      name: `新的-group:${format}`,
      algorithmLibraryId: '3',
      resourceProfileId: '6',
      plannedJobCount: 4,
      streamsPerJob: 8,
      jobCount: 2,
      params: {
        ES_ENABLE: 'True',
        RDS_ENABLE: 'False',
        OUT_MQ_ENABLE: 'True',
        DATAHUB_ENABLE: 'False',
        SCHEDULE_FLOW_START_TIME: 'Oldest',
      },
      status: 'starting',
    });
    await cityVisual.modifyJobGroup(id, {
      name: 'renamed',
      algorithmLibraryId: '2',
      resourceProfileId: '23',
      status: 'stopped',
      scheduleStart: 'latest',
    });
    group = (await collect(client.jobGroups({ ids: id })))[0];
    expect(group).toMatchObject({
      name: 'renamed',
      algorithmLibraryId: '2',
      resourceProfileId: '23',
      status: 'stopped',
      nativeStatus: 'stopped',
      params: { SCHEDULE_FLOW_START_TIME: 'Latest' },
    });
  });

  it('the cloud’s own refusals of a write are typed: duplicate name, unknown library, unknown group', async () => {
    sim = await startSimulator({ seed: 9, counts: { 'aliyun-cityvisual': { groups: 1, jobsPerGroup: 1 } } });
    const cityVisual = adapter({ format });
    const existing = sim.data['aliyun-cityvisual'][0]?.JobGroupName as string;
    const base = { algorithmLibraryId: '3', resourceProfileId: '6', plannedJobCount: 1, streamsPerJob: 1 };
    const duplicate = await failure(cityVisual.createJobGroup({ ...base, name: existing }));
    expect(duplicate).toMatchObject({ kind: 'conflict', code: 'InvalidName.Duplicate', httpStatus: 400 });
    const library = await failure(
      cityVisual.createJobGroup({ ...base, name: 'fresh', algorithmLibraryId: '99' }),
    );
    expect(library).toMatchObject({ kind: 'not_found', code: 'InvalidAlgoLibId.NotFound', httpStatus: 404 });
    const missing = await failure(cityVisual.modifyJobGroup('424242', { ...base, name: 'fresh' }));
    expect(missing).toBeInstanceOf(ProviderApiError);
    expect(missing).toMatchObject({ kind: 'not_found', code: 'InvalidJobGroupId.NotFound' });
    // Refused answers are not retried, and nothing was created.
    expect(sim.data['aliyun-cityvisual']).toHaveLength(1);
  });
});

describe('simulator: credentials and signatures', () => {
  it('reads credentials from the environment; a wrong secret is SignatureDoesNotMatch, with nothing leaked', async () => {
    sim = await startSimulator({ seed: 3, counts: { 'aliyun-cityvisual': { groups: 2, jobsPerGroup: 1 } } });
    const { credentials: _credentials, ...options } = sim.providerOptions('aliyun-cityvisual');
    const fromEnvironment = aliyunCityVisual({
      ...options,
      ...quick,
      env: sim.environment('aliyun-cityvisual'),
    });
    expect(await collect(createClient({ providers: [fromEnvironment] }).jobs())).toHaveLength(
      expectedJobIds(sim).length,
    );
    const wrong = aliyunCityVisual({
      ...options,
      ...quick,
      credentials: { accessKeyId: 'LTAISIMULATOR00000000000', accessKeySecret: 'a-wrong-secret-value-000' },
    });
    const error = await failure(collect(createClient({ providers: [wrong], failFast: true }).jobs()));
    expect(error).toMatchObject({ kind: 'auth', code: 'SignatureDoesNotMatch' });
    // The simulator echoes its string to sign, which holds the AccessKeyId: scrubbed.
    expect((error as Error).message).toContain('server string to sign is:');
    expect((error as Error).message).not.toContain('LTAISIMULATOR00000000000');
    const missing = aliyunCityVisual({ ...options, env: {} });
    sim.resetStats();
    const refused = await failure(collect(createClient({ providers: [missing], failFast: true }).jobs()));
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect(sim.stats()['aliyun-cityvisual'].requests).toBe(0);
  });
});
