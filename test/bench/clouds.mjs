import { createRequire } from 'node:module';
import { aliyunCityVisual, huaweiModelArts, tencentBatch } from '../../dist/index.js';
import { interpretDocument, readDescribeJobGroups } from '../../dist/providers/aliyun-cityvisual/api.js';
import { interpretList, readList } from '../../dist/providers/huawei-modelarts/api.js';
import { normalizeJobs as normalizeModelArtsJobs } from '../../dist/providers/huawei-modelarts/normalize.js';
import { interpretDescribeJobs, readDescribeJobs } from '../../dist/providers/tencent-batch/api.js';
import {
  generateCityVisualGroups,
  generateModelArtsJobs,
  generateTencentJobs,
  Random,
} from '../../dist/testing/index.js';
import { sleep } from './measure.mjs';

/**
 * What the benchmarks need to know of each cloud. Adding a cloud to every benchmark is one entry
 * here.
 *
 * - `factory`: the provider factory (from the built package).
 * - `counts(jobs)`: the simulator's `counts` option that gives about `jobs` compute jobs, and
 *   `records(jobs)` the native records (pages hold records: jobs, or job groups) that makes.
 * - `nativePage(records, seed)`: a listing response with that many native records, as the cloud
 *   sends it ({ status, headers, body }).
 * - `read(value, response)`: everything the adapter does after JSON.parse of a page (validation
 *   and normalization), returning one item per native record (jobs, or job groups).
 * - `interpret(response)`: the adapter's whole reading of a response, JSON.parse included.
 * - `plainListing({ url, options, rate, pageSize })`: the listing as a user of the cloud's own SDK
 *   would write it: pages one after the other, paced to the rate limit, a throttled page retried.
 *   Returns the number of jobs.
 */

// CityVisual job groups hold 0 to 7 compute jobs (3.2 on average) with the generator's setting of 4.
const jobsPerGroup = 4;
const groupsFor = (jobs) => Math.round(jobs / 3.2);

const require = createRequire(import.meta.url);

/** Spaces request starts by 1/rate seconds, as a careful user of a plain SDK loop would. */
function pacer(rate) {
  let next = 0;
  return async () => {
    if (!Number.isFinite(rate)) return;
    const now = performance.now();
    if (next > now) await sleep(next - now);
    next = Math.max(now, next) + 1000 / rate;
  };
}

const tencentContext = {
  provider: 'tencent-batch',
  source: 'tencent-batch:ap-guangzhou',
  region: 'ap-guangzhou',
  action: 'DescribeJobs',
  body: '',
};

const modelArtsOrigin = {
  provider: 'huawei-modelarts',
  source: 'huawei-modelarts:cn-north-4',
  action: 'ListVisualizationJobs',
};
const cityVisualContext = {
  provider: 'aliyun-cityvisual',
  source: 'aliyun-cityvisual:cn-shanghai',
  region: 'cn-shanghai',
  action: 'DescribeJobGroups',
  body: '',
};

const modelArtsContext = {
  provider: 'huawei-modelarts',
  source: modelArtsOrigin.source,
  region: 'cn-north-4',
};

export const clouds = [
  {
    id: 'tencent-batch',
    factory: tencentBatch,
    counts: (jobs) => ({ 'tencent-batch': jobs }),
    records: (jobs) => jobs,
    nativePage(records, seed = 1) {
      const body = JSON.stringify({
        Response: {
          TotalCount: 10_000,
          JobSet: generateTencentJobs(new Random(seed), records),
          RequestId: '6e1b9a0c-8f31-4c4e-9a55-2a6f3c1d0b7e',
        },
      });
      return { status: 200, headers: { 'content-type': 'application/json' }, body };
    },
    read: (value) => readDescribeJobs(value, tencentContext).jobs,
    interpret: (response) => interpretDescribeJobs(response, { ...tencentContext, body: response.body }).jobs,
    async plainListing({ url, options, rate, pageSize }) {
      const tencentcloud = require('tencentcloud-sdk-nodejs/tencentcloud/services/batch/index.js');
      const client = new tencentcloud.batch.v20170312.Client({
        credential: options.credentials,
        region: options.region,
        profile: { httpProfile: { endpoint: new URL(url).host, protocol: 'http://' } },
      });
      const pace = pacer(rate);
      const jobs = [];
      for (let offset = 0; ; ) {
        await pace();
        let page;
        try {
          page = await client.DescribeJobs({ Offset: offset, Limit: pageSize });
        } catch (error) {
          if (String(error.code).startsWith('RequestLimitExceeded')) continue;
          throw error;
        }
        jobs.push(...page.JobSet);
        offset += page.JobSet.length;
        if (page.JobSet.length < pageSize || offset >= page.TotalCount) return jobs.length;
      }
    },
  },
  {
    id: 'huawei-modelarts',
    factory: huaweiModelArts,
    counts: (jobs) => ({ 'huawei-modelarts': jobs }),
    records: (jobs) => jobs,
    nativePage(records, seed = 1) {
      const body = JSON.stringify({
        is_success: true,
        job_total_count: 10_000,
        job_count_limit: 0,
        jobs: generateModelArtsJobs(new Random(seed), records),
        quotas: 100,
      });
      return { status: 200, headers: { 'content-type': 'application/json' }, body };
    },
    read(value, response) {
      const { response: list, rawJobs } = readList(value, response, modelArtsOrigin);
      return normalizeModelArtsJobs(list.jobs, rawJobs, modelArtsContext);
    },
    interpret(response) {
      const { response: list, rawJobs } = interpretList(response, modelArtsOrigin);
      return normalizeModelArtsJobs(list.jobs, rawJobs, modelArtsContext);
    },
    async plainListing({ url, options, rate, pageSize }) {
      const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
      const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials');
      const { ak, sk } = options.credentials;
      const credential = new BasicCredentials().withAk(ak).withSk(sk).withProjectId(options.projectId);
      const endpoint = `${url}/v1/${options.projectId}/visualization-jobs`;
      const pace = pacer(rate);
      const jobs = [];
      for (let page = 1; ; ) {
        await pace();
        const queryParams = { page: String(page), per_page: String(pageSize) };
        const headers = AKSKSigner.sign(
          { endpoint, method: 'GET', headers: { 'Content-Type': 'application/json' }, queryParams },
          credential,
        );
        const response = await fetch(`${endpoint}?${new URLSearchParams(queryParams)}`, { headers });
        const body = await response.json();
        if (response.status === 429) continue;
        if (!response.ok) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body)}`);
        jobs.push(...body.jobs);
        if (body.jobs.length < pageSize || page * pageSize >= body.job_total_count) return jobs.length;
        page++;
      }
    },
  },
  {
    id: 'aliyun-cityvisual',
    factory: aliyunCityVisual,
    counts: (jobs) => ({ 'aliyun-cityvisual': { groups: groupsFor(jobs), jobsPerGroup } }),
    records: groupsFor,
    // A page of job groups, in the wrapped shape the cloud sends (JobGroups.JobGroup[]).
    nativePage(records, seed = 1) {
      const groups = generateCityVisualGroups(new Random(seed), records, jobsPerGroup).map((group) => ({
        ...group,
        JobGroupParams: { JobGroupParam: group.JobGroupParams },
      }));
      const body = JSON.stringify({
        JobGroups: { JobGroup: groups },
        PageNumber: 1,
        PageSize: records,
        TotalCount: 10_000,
        RequestId: '5A1B0002-1002-4002-A002-C17E00000002',
      });
      return { status: 200, headers: { 'content-type': 'application/json;charset=utf-8' }, body };
    },
    read: (value) => readDescribeJobGroups(value, cityVisualContext).groups,
    interpret(response) {
      const context = { ...cityVisualContext, body: response.body };
      const outcome = interpretDocument(response, null, context);
      if ('error' in outcome) throw outcome.error;
      return readDescribeJobGroups(outcome.document.content, context).groups;
    },
    async plainListing({ options, rate, pageSize }) {
      const RPCClient = require('@alicloud/pop-core');
      const client = new RPCClient({
        accessKeyId: options.credentials.accessKeyId,
        accessKeySecret: options.credentials.accessKeySecret,
        endpoint: options.endpoint,
        apiVersion: '2018-10-30',
      });
      const pace = pacer(rate);
      let jobs = 0;
      for (let page = 1; ; ) {
        await pace();
        let answer;
        try {
          answer = await client.request(
            'DescribeJobGroups',
            { InstanceId: options.instanceId, PageNumber: page, PageSize: pageSize },
            { method: 'GET' },
          );
        } catch (error) {
          if (String(error.code).startsWith('Throttling')) continue;
          throw error;
        }
        const groups = answer.JobGroups?.JobGroup ?? [];
        for (const group of groups) jobs += (group.ComputeJobs ?? []).length;
        if (groups.length < pageSize || page * pageSize >= answer.TotalCount) return jobs;
        page++;
      }
    },
  },
];
