import { createRequire } from 'node:module';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Simulator,
  simulatorCredentials,
  simulatorScope,
  startSimulator,
} from '../../src/testing/simulator/index.js';

// The clouds' own Node SDKs, pointed at the simulator: code written with them can be tested
// offline too. They are development dependencies used by this test (and the import benchmark) only.
const require = createRequire(import.meta.url);
const tencentcloud = require('tencentcloud-sdk-nodejs');
const RPCClient = require('@alicloud/pop-core');
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials');

describe('the simulator accepts requests made by the official SDKs', () => {
  let sim: Simulator;
  let host: string;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 7, counts: { 'tencent-batch': 30, 'huawei-modelarts': 25 } });
    host = new URL(sim.url).host;
  });
  afterAll(async () => sim.stop());

  it('tencentcloud-sdk-nodejs BatchClient.DescribeJobs (TC3-HMAC-SHA256, POST JSON)', async () => {
    const BatchClient = tencentcloud.batch.v20170312.Client;
    const client = new BatchClient({
      credential: simulatorCredentials['tencent-batch'],
      region: simulatorScope['tencent-batch'].region,
      profile: { httpProfile: { endpoint: host, protocol: 'http://' } },
    });
    const first = await client.DescribeJobs({ Limit: 10, Offset: 0 });
    expect(first.TotalCount).toBe(30);
    expect(first.JobSet).toHaveLength(10);
    const running = await client.DescribeJobs({
      Filters: [{ Name: 'job-state', Values: ['RUNNING'] }],
      Limit: 100,
    });
    expect(running.JobSet.length).toBeGreaterThan(0);
    expect(running.JobSet.every((job: { JobState: string }) => job.JobState === 'RUNNING')).toBe(true);
    const wrong = new BatchClient({
      credential: { ...simulatorCredentials['tencent-batch'], secretKey: 'not-the-secret-key-at-all' },
      region: 'ap-guangzhou',
      profile: { httpProfile: { endpoint: host, protocol: 'http://' } },
    });
    await expect(wrong.DescribeJobs({})).rejects.toMatchObject({ code: 'AuthFailure.SignatureFailure' });
    expect(sim.stats()['tencent-batch'].rejected).toBe(1);
  });

  it('@alicloud/pop-core RPCClient (signature v1, GET) in JSON and XML', async () => {
    const client = new RPCClient({
      ...simulatorCredentials['aliyun-cityvisual'],
      endpoint: sim.url,
      apiVersion: '2018-10-30',
    });
    const params = { InstanceId: simulatorScope['aliyun-cityvisual'].instanceId, PageNumber: 1, PageSize: 5 };
    const groups = await client.request('DescribeJobGroups', params, { method: 'GET' });
    expect(groups.TotalCount).toBe(12);
    expect(groups.JobGroups.JobGroup).toHaveLength(5);
    const created = await client.request(
      'CreateJobGroup',
      {
        ...params,
        JobGroupName: 'sdk-made-group',
        AlgoLibId: '1',
        ResourceProfileId: '6',
        PlanedJobCount: 2,
        StreamPerJob: 3,
      },
      { method: 'GET' },
    );
    expect(created.JobGroupId).toBe('13');
    expect(sim.data['aliyun-cityvisual'].at(-1)?.JobGroupName).toBe('sdk-made-group');
    const wrong = new RPCClient({
      accessKeyId: simulatorCredentials['aliyun-cityvisual'].accessKeyId,
      accessKeySecret: 'wrong-secret-value',
      endpoint: sim.url,
      apiVersion: '2018-10-30',
    });
    await expect(wrong.request('DescribeJobGroups', params, { method: 'GET' })).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });

  it('a request signed by @huaweicloud/huaweicloud-sdk-core AKSKSigner (SDK-HMAC-SHA256)', async () => {
    const { ak, sk } = simulatorCredentials['huawei-modelarts'];
    const projectId = simulatorScope['huawei-modelarts'].projectId;
    const credential = new BasicCredentials().withAk(ak).withSk(sk).withProjectId(projectId);
    const queryParams = { page: '2', per_page: '10', sortBy: 'create_time', order: 'desc' };
    const signed = AKSKSigner.sign(
      {
        endpoint: `${sim.url}/v1/${projectId}/visualization-jobs`,
        method: 'GET',
        headers: { 'Content-Type': 'application/json' },
        queryParams,
      },
      credential,
    );
    const response = await request(
      `${sim.url}/v1/${projectId}/visualization-jobs?${new URLSearchParams(queryParams)}`,
      {
        method: 'GET',
        headers: signed,
      },
    );
    const body = (await response.body.json()) as { job_total_count: number; jobs: { create_time: number }[] };
    expect(response.statusCode).toBe(200);
    expect(body.job_total_count).toBe(25);
    expect(body.jobs).toHaveLength(10);
    const times = body.jobs.map((job) => job.create_time);
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const forged = {
      ...signed,
      Authorization: String(signed.Authorization).replace(/Signature=\w+/, `Signature=${'0'.repeat(64)}`),
    };
    const refused = await request(
      `${sim.url}/v1/${projectId}/visualization-jobs?${new URLSearchParams(queryParams)}`,
      {
        method: 'GET',
        headers: forged,
      },
    );
    expect(refused.statusCode).toBe(401);
    expect(await refused.body.json()).toMatchObject({ error_code: 'APIGW.0301' });
  });
});
