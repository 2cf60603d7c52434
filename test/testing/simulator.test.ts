import { createHmac, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  generateTencentJobs,
  Random,
  type Simulator,
  type SimulatorOptions,
  simulatorCredentials,
  simulatorScope,
  startSimulator,
} from '../../src/testing/simulator/index.js';

const require = createRequire(import.meta.url);
const tencentcloud = require('tencentcloud-sdk-nodejs');
const RPCClient = require('@alicloud/pop-core');
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials');

let sim: Simulator;
afterEach(async () => sim?.stop());

async function start(options: SimulatorOptions = {}) {
  sim = await startSimulator({ seed: 3, ...options });
  return sim;
}

function batch() {
  return new tencentcloud.batch.v20170312.Client({
    credential: simulatorCredentials['tencent-batch'],
    region: 'ap-guangzhou',
    profile: { httpProfile: { endpoint: new URL(sim.url).host, protocol: 'http://', reqTimeout: 5 } },
  });
}

function rpc() {
  return new RPCClient({
    ...simulatorCredentials['aliyun-cityvisual'],
    endpoint: sim.url,
    apiVersion: '2018-10-30',
  });
}

/** A request signed by hand with RPC signature v1 (for what pop-core cannot send, such as Format=XML). */
async function signedRpc(params: Record<string, string>) {
  const { accessKeyId, accessKeySecret } = simulatorCredentials['aliyun-cityvisual'];
  const all: Record<string, string> = {
    ...params,
    AccessKeyId: accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: randomUUID(),
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Version: '2018-10-30',
  };
  const encode = (text: string) =>
    encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const canonical = Object.keys(all)
    .sort()
    .map((key) => `${encode(key)}=${encode(all[key] as string)}`)
    .join('&');
  const signature = createHmac('sha1', `${accessKeySecret}&`)
    .update(`GET&%2F&${encode(canonical)}`)
    .digest('base64');
  const response = await request(`${sim.url}/?${canonical}&Signature=${encode(signature)}`);
  return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
}

const instance = { InstanceId: simulatorScope['aliyun-cityvisual'].instanceId };
const projectId = simulatorScope['huawei-modelarts'].projectId;

async function modelArts(query: Record<string, string>, credentials: 'aksk' | { token: string } = 'aksk') {
  const path = `/v1/${projectId}/visualization-jobs`;
  let headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (credentials === 'aksk') {
    const { ak, sk } = simulatorCredentials['huawei-modelarts'];
    headers = AKSKSigner.sign(
      { endpoint: `${sim.url}${path}`, method: 'GET', headers, queryParams: query },
      new BasicCredentials().withAk(ak).withSk(sk),
    );
  } else headers['X-Auth-Token'] = credentials.token;
  const response = await request(`${sim.url}${path}?${new URLSearchParams(query)}`, { headers });
  return {
    status: response.statusCode,
    headers: response.headers,
    body: (await response.body.json()) as Record<string, unknown>,
  };
}

describe('simulator: Tencent Cloud Batch', () => {
  it('pages with Offset/Limit (Limit ≤ 100) and implements all seven filters', async () => {
    await start({ counts: { 'tencent-batch': 150 } });
    const client = batch();
    const page = await client.DescribeJobs({ Offset: 140, Limit: 100 });
    expect(page.TotalCount).toBe(150);
    expect(page.JobSet).toHaveLength(10);
    await expect(client.DescribeJobs({ Limit: 101 })).rejects.toMatchObject({
      code: 'InvalidParameterValue',
    });

    const all = sim.data['tencent-batch'];
    const sample = all[5]!;
    const tagged = all.find((job) => job.Tags.length > 0)!;
    const tag = tagged.Tags[0]!;
    const cases: [string, string, (job: (typeof all)[number]) => boolean][] = [
      ['job-id', sample.JobId, (job) => job.JobId === sample.JobId],
      ['job-name', sample.JobName, (job) => job.JobName === sample.JobName],
      ['job-state', 'FAILED', (job) => job.JobState === 'FAILED'],
      ['zone', sample.Placement.Zone, (job) => job.Placement.Zone === sample.Placement.Zone],
      ['tag-key', tag.Key, (job) => job.Tags.some((t) => t.Key === tag.Key)],
      ['tag-value', tag.Value, (job) => job.Tags.some((t) => t.Value === tag.Value)],
      [
        `tag:${tag.Key}`,
        tag.Value,
        (job) => job.Tags.some((t) => t.Key === tag.Key && t.Value === tag.Value),
      ],
    ];
    for (const [name, value, expected] of cases) {
      const result = await client.DescribeJobs({ Filters: [{ Name: name, Values: [value] }], Limit: 100 });
      expect(result.TotalCount, name).toBe(all.filter(expected).length);
      expect(result.TotalCount, name).toBeGreaterThan(0);
    }
  });

  it('refuses JobIds with Filters, malformed ids, unknown filters; JobIds selects', async () => {
    await start();
    const client = batch();
    const ids = sim.data['tencent-batch'].slice(0, 3).map((job) => job.JobId);
    expect((await client.DescribeJobs({ JobIds: ids })).TotalCount).toBe(3);
    await expect(
      client.DescribeJobs({ JobIds: ids, Filters: [{ Name: 'zone', Values: ['x'] }] }),
    ).rejects.toMatchObject({
      code: 'InvalidParameter.InvalidParameterCombination',
    });
    await expect(client.DescribeJobs({ JobIds: ['123'] })).rejects.toMatchObject({
      code: 'InvalidParameter.JobIdMalformed',
    });
    await expect(
      client.DescribeJobs({ Filters: [{ Name: 'colour', Values: ['red'] }] }),
    ).rejects.toMatchObject({
      code: 'InvalidFilter',
    });
  });

  it('rejects a timestamp more than 5 minutes off, and throttles in a 200 body', async () => {
    await start({ now: () => Date.now() + 6 * 60_000 });
    await expect(batch().DescribeJobs({})).rejects.toMatchObject({ code: 'AuthFailure.SignatureExpire' });
    await sim.stop();
    await start({ rateLimit: { 'tencent-batch': 1 } });
    const client = batch();
    await client.DescribeJobs({});
    await expect(client.DescribeJobs({})).rejects.toMatchObject({ code: 'RequestLimitExceeded' });
    expect(sim.stats()['tencent-batch']).toMatchObject({ requests: 2, served: 1, throttled: 1 });
  });
});

describe('simulator: Alibaba Cloud CityVisual', () => {
  it('answers in XML when asked, pages groups (PageSize ≤ 100) and filters by JobGroupId', async () => {
    await start({ counts: { 'aliyun-cityvisual': { groups: 7, jobsPerGroup: 2 } } });
    const client = rpc();
    const xml = await signedRpc({
      Action: 'DescribeJobGroups',
      ...instance,
      Format: 'XML',
      PageNumber: '1',
      PageSize: '3',
    });
    expect(xml.headers['content-type']).toMatch(/xml/);
    expect(xml.body).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><DescribeJobGroupsResponse><JobGroups><JobGroup>/,
    );
    expect(xml.body.match(/<JobGroup>/g)).toHaveLength(3);
    expect(xml.body).toContain('<TotalCount>7</TotalCount>');
    const second = await client.request(
      'DescribeJobGroups',
      { ...instance, PageNumber: 3, PageSize: 3 },
      { method: 'GET' },
    );
    expect(second.JobGroups.JobGroup).toHaveLength(1);
    expect(second.TotalCount).toBe(7);
    const one = await client.request(
      'DescribeJobGroups',
      { ...instance, PageNumber: 1, PageSize: 10, JobGroupId: '4' },
      { method: 'GET' },
    );
    expect(one.JobGroups.JobGroup.map((group: { JobGroupId: string }) => group.JobGroupId)).toEqual(['4']);
    await expect(
      client.request('DescribeJobGroups', { ...instance, PageNumber: 1, PageSize: 101 }, { method: 'GET' }),
    ).rejects.toMatchObject({ code: 'InvalidParameter' });
  });

  it('refuses a reused nonce and an expired timestamp with Alibaba’s codes', async () => {
    await start();
    const client = rpc();
    const params = { ...instance, PageNumber: 1, PageSize: 1, SignatureNonce: 'fixed-nonce-1' };
    await client.request('DescribeJobGroups', params, { method: 'GET' });
    await expect(client.request('DescribeJobGroups', params, { method: 'GET' })).rejects.toMatchObject({
      code: 'SignatureNonceUsed',
    });
    await sim.stop();
    await start({ now: () => Date.now() - 16 * 60_000 });
    await expect(
      rpc().request('DescribeJobGroups', { ...instance, PageNumber: 1, PageSize: 1 }, { method: 'GET' }),
    ).rejects.toMatchObject({
      code: 'InvalidTimeStamp.Expired',
    });
  });

  it('validates CreateJobGroup and ModifyJobGroup as documented, and keeps the changes', async () => {
    await start();
    const client = rpc();
    const base = { ...instance, AlgoLibId: '1', ResourceProfileId: '6', PlanedJobCount: 2, StreamPerJob: 3 };
    const expectCode = (action: string, params: object, code: string) =>
      expect(client.request(action, params, { method: 'GET' })).rejects.toMatchObject({ code });
    await expectCode('CreateJobGroup', { ...base, JobGroupName: '1abc' }, 'InvalidName.Malformed');
    await expectCode('CreateJobGroup', { ...base, JobGroupName: 'https://x' }, 'InvalidName.Malformed');
    await expectCode(
      'CreateJobGroup',
      { ...base, JobGroupName: 'ok-name', AlgoLibId: '99' },
      'InvalidAlgoLibId.NotFound',
    );
    await expectCode(
      'CreateJobGroup',
      { ...base, JobGroupName: 'ok-name', ResourceProfileId: '99' },
      'InvalidResourceProfileId.NotFound',
    );
    await expectCode(
      'CreateJobGroup',
      {
        ...base,
        JobGroupName: 'ok-name',
        'JobGroupParams.1.Key': 'COLOUR',
        'JobGroupParams.1.Value': 'True',
      },
      'InvalidParameter.KeyNotSupported',
    );
    await expectCode('CreateJobGroup', { ...instance, JobGroupName: 'ok-name' }, 'MissingParameter');
    const created = await client.request(
      'CreateJobGroup',
      {
        ...base,
        JobGroupName: '新的组:one',
        'JobGroupParams.1.Key': 'ES_ENABLE',
        'JobGroupParams.1.Value': 'True',
      },
      { method: 'GET' },
    );
    await expectCode('CreateJobGroup', { ...base, JobGroupName: '新的组:one' }, 'InvalidName.Duplicate');
    const modify = {
      JobGroupId: created.JobGroupId,
      JobGroupName: 'renamed',
      AlgoLibId: '2',
      ResourceProfileId: '23',
    };
    await expectCode('ModifyJobGroup', { ...modify, Status: 'Paused' }, 'InvalidStatus.ValueNotSupported');
    await expectCode('ModifyJobGroup', { ...modify, JobGroupId: '999' }, 'InvalidJobGroupId.NotFound');
    await client.request('ModifyJobGroup', { ...modify, Status: 'Stopped' }, { method: 'GET' });
    const stored = sim.data['aliyun-cityvisual'].find((group) => group.JobGroupId === created.JobGroupId);
    expect(stored).toMatchObject({
      JobGroupName: 'renamed',
      AlgoLibId: '2',
      Status: 'stopped',
      JobGroupParams: [{ Key: 'ES_ENABLE', Value: 'True' }],
    });
  });
});

describe('simulator: Huawei Cloud ModelArts', () => {
  it('pages, filters by status and search_content, sorts, and bounds per_page', async () => {
    await start({ counts: { 'huawei-modelarts': 50 } });
    const page = await modelArts({ page: '5', per_page: '10' });
    expect(page.body).toMatchObject({ is_success: true, job_total_count: 50 });
    expect((page.body.jobs as { job_id: number }[]).map((job) => job.job_id)).toEqual([
      41, 42, 43, 44, 45, 46, 47, 48, 49, 50,
    ]);
    const failed = await modelArts({ status: '11', per_page: '100' });
    expect((failed.body.jobs as { status: number }[]).every((job) => job.status === 11)).toBe(true);
    const name = sim.data['huawei-modelarts'][0]!.job_name;
    const searched = await modelArts({ search_content: name.toUpperCase(), per_page: '100' });
    expect((searched.body.jobs as { job_name: string }[]).map((job) => job.job_name)).toContain(name);
    const sorted = await modelArts({ sortBy: 'job_name', order: 'desc', per_page: '100' });
    const names = (sorted.body.jobs as { job_name: string }[]).map((job) => job.job_name);
    expect(names).toEqual([...names].sort().reverse());
    expect((await modelArts({ per_page: '1001' })).body).toMatchObject({ error_code: 'ModelArts.0104' });
    expect((await modelArts({ search_content: 'x'.repeat(65) })).body).toMatchObject({
      error_code: 'ModelArts.0104',
    });
  });

  it('accepts the configured IAM token, refuses others; throttles with 429 APIGW.0308 and Retry-After', async () => {
    await start({
      credentials: { 'huawei-modelarts': { token: 'simulated-iam-token-0001' } },
      rateLimit: { 'huawei-modelarts': 1 },
    });
    expect((await modelArts({}, { token: 'simulated-iam-token-0001' })).status).toBe(200);
    const throttled = await modelArts({}, { token: 'simulated-iam-token-0001' });
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('1');
    expect(throttled.body).toMatchObject({ error_code: 'APIGW.0308' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await modelArts({}, { token: 'wrong-token-value' })).body).toMatchObject({
      error_code: 'APIGW.0301',
    });
  });

  it('rejects an X-Sdk-Date more than 15 minutes off', async () => {
    await start({ now: () => Date.now() + 20 * 60_000 });
    const refused = await modelArts({});
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error_code: 'APIGW.0301' });
    expect(sim.stats()['huawei-modelarts'].rejected).toBe(1);
  });
});

describe('simulator: faults, latency, data', () => {
  it('injects resets, stalls and 5xx from a seeded PRNG, counted in stats', async () => {
    await start({ faults: { rate: 1, kinds: ['reset'] } });
    await expect(modelArts({})).rejects.toThrow();
    await sim.stop();
    await start({ faults: { rate: 1, kinds: ['stall'], stallMs: 200 } });
    const started = Date.now();
    expect((await modelArts({})).status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    await sim.stop();
    await start({ faults: { rate: 0.5, kinds: ['server-error', 'unavailable'], seed: 9 } });
    const statuses: number[] = [];
    for (let index = 0; index < 40; index++) statuses.push((await modelArts({})).status);
    const faults = sim.stats()['huawei-modelarts'].faults;
    expect(faults['server-error'] + faults.unavailable).toBe(
      statuses.filter((status) => status >= 500).length,
    );
    expect(statuses.filter((status) => status >= 500).length).toBeGreaterThan(5);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(5);
  });

  it('is deterministic for a seed, and its data can be changed while it runs', async () => {
    await start({ seed: 5, counts: { 'tencent-batch': 20 } });
    const one = structuredClone(sim.data['tencent-batch']);
    await sim.stop();
    await start({ seed: 6, counts: { 'tencent-batch': 20 } });
    expect(sim.data['tencent-batch']).not.toEqual(one);
    await sim.stop();
    await start({ seed: 5, counts: { 'tencent-batch': 20 } });
    expect(sim.data['tencent-batch']).toEqual(one);
    expect(new Set(one.map((job) => job.JobState)).size).toBe(9);
    expect(generateTencentJobs(new Random(1), 3)).toEqual(generateTencentJobs(new Random(1), 3));
    sim.mutate('tencent-batch', (records) => records.slice(0, 4));
    expect((await batch().DescribeJobs({})).TotalCount).toBe(4);
    sim.data['tencent-batch'].push(...one.slice(10, 12));
    expect((await batch().DescribeJobs({})).TotalCount).toBe(6);
  });

  it('adds latency to every answer', async () => {
    await start({ latencyMs: 80 });
    const started = Date.now();
    await modelArts({});
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });
});
