import { createRequire } from 'node:module';
import { huaweiModelArts, tencentBatch } from '../../dist/index.js';
import { interpretList, readList } from '../../dist/providers/huawei-modelarts/api.js';
import { normalizeJobs as normalizeModelArtsJobs } from '../../dist/providers/huawei-modelarts/normalize.js';
import { interpretDescribeJobs, readDescribeJobs } from '../../dist/providers/tencent-batch/api.js';
import { generateModelArtsJobs, generateTencentJobs, Random } from '../../dist/testing/index.js';
import { sleep } from './measure.mjs';

/**
 * What the benchmarks need to know of each cloud. Adding a cloud to every benchmark is one entry
 * here (see the CityVisual note at the end of this file).
 *
 * - `factory`: the provider factory (from the built package).
 * - `counts(jobs)`: the simulator's `counts` option that gives `jobs` compute jobs.
 * - `nativePage(records, seed)`: a listing response with that many native records, as the cloud
 *   sends it ({ status, headers, body }).
 * - `read(value, response)`: everything the adapter does after JSON.parse of a page (validation
 *   and normalization), returning the jobs.
 * - `interpret(response)`: the adapter's whole reading of a response, JSON.parse included.
 * - `plainListing({ url, options, rate, pageSize })`: the listing as a user of the cloud's own SDK
 *   would write it: pages one after the other, paced to the rate limit, a throttled page retried.
 *   Returns the number of jobs.
 */

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
  // Alibaba Cloud CityVisual joins with one entry here once its adapter is merged:
  // {
  //   id: 'aliyun-cityvisual',
  //   factory: aliyunCityVisual,
  //   counts: (jobs) => ({ 'aliyun-cityvisual': { groups: jobs / 10, jobsPerGroup: 10 } }),
  //   nativePage(records, seed) { … a DescribeJobGroups body of `records` groups (JSON; an XML
  //     variant measures the XML path) built from generateCityVisualGroups … },
  //   read: (value, response) => … the adapter's post-parse reading (validation + normalization) …,
  //   interpret: (response) => … the adapter's whole response reading …,
  //   plainListing: … @alicloud/pop-core RPCClient.request('DescribeJobGroups', { InstanceId,
  //     PageNumber, PageSize }, { method: 'GET' }) page after page, paced to `rate` …,
  // },
];
