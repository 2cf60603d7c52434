import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client.js';
import type { Job } from '../../src/model/job.js';
import { aliyunCityVisual } from '../../src/providers/aliyun-cityvisual/index.js';
import { huaweiModelArts } from '../../src/providers/huawei-modelarts/index.js';
import { tencentBatch } from '../../src/providers/tencent-batch/index.js';
import { documentedExamples } from '../../src/testing/examples.js';
import { type Simulator, startSimulator } from '../../src/testing/simulator/index.js';

let sim: Simulator;
afterEach(async () => sim?.stop());

describe('the simulator seeded from the documented examples', () => {
  it('serves exactly the records the API documents show, through the real adapters', async () => {
    sim = await startSimulator({ data: documentedExamples() });
    const client = createClient({
      providers: [
        aliyunCityVisual(sim.providerOptions('aliyun-cityvisual') as never),
        tencentBatch(sim.providerOptions('tencent-batch') as never),
        huaweiModelArts(sim.providerOptions('huawei-modelarts') as never),
      ],
    });
    const jobs: Job[] = [];
    for await (const job of client.jobs()) jobs.push(job);
    expect(jobs.map((job) => [job.provider, job.id, job.status, job.nativeStatus])).toEqual([
      ['aliyun-cityvisual', '101', 'running', 'Running'],
      ['tencent-batch', 'job-3n2weaqt', 'starting', 'STARTING'],
      ['tencent-batch', 'job-7e7evk2x', 'failed', 'FAILED'],
      ['huawei-modelarts', '1', 'pending', '1'],
    ]);
    const failed = jobs[2] as Job;
    expect(failed.tags).toEqual({ 'job-key1': 'job-value1', 'job-key': 'job-value' });
    expect(failed.durationMs).toBe(Date.parse('2020-09-21T08:59:45Z') - Date.parse('2020-09-21T08:57:01Z'));
    expect((jobs[3] as Job).createdAt?.getTime()).toBe(15099239923);
    const compute = jobs[0] as Job;
    expect(compute).toMatchObject({ name: '101', groupId: 'xxxxx', durationMs: 600_000 });
    const groups = [];
    for await (const group of client.jobGroups()) groups.push(group);
    expect(groups.map((group) => [group.id, group.name, group.status, group.params])).toEqual([
      ['xxxxx', '视频任务', 'running', { ES_ENABLE: 'True', RDS_ENABLE: 'True' }],
    ]);
  });
});
