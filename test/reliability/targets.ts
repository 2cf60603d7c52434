import { readFileSync } from 'node:fs';
import type { Job } from '../../src/model/job.js';
import { interpretDocument, readDescribeJobGroups } from '../../src/providers/aliyun-cityvisual/api.js';
import { loadXmlParser } from '../../src/providers/aliyun-cityvisual/xml.js';
import { interpretList } from '../../src/providers/huawei-modelarts/api.js';
import { normalizeJobs as normalizeModelArtsJobs } from '../../src/providers/huawei-modelarts/normalize.js';
import { interpretDescribeJobs } from '../../src/providers/tencent-batch/api.js';
import type { Random } from '../../src/testing/simulator/random.js';
import type { HttpResponse } from '../../src/transport/http.js';
import { type ConformanceTarget, targets as conformanceTargets } from '../conformance/targets.js';

/**
 * What the reliability suites need of each provider, beside what the conformance suite already
 * knows (`conformance`: the factory, simulator sizes, the expected listing). Adding a provider to
 * every reliability suite is one entry here (see the CityVisual note at the end).
 */
export interface ReliabilityTarget {
  conformance: ConformanceTarget;
  /**
   * The adapter's own reading of one listing response, exactly as its page fetch uses it: the
   * jobs, or a thrown MalformedResponseError / ProviderApiError.
   */
  read(response: HttpResponse): Job[];
  /** Body formats the cloud may answer in; `xml` turns on the XML fuzzing (entities, nesting). */
  formats: readonly ('json' | 'xml')[];
  /**
   * Documented example responses (files under fixtures/<provider>/), mutated by the fuzzer: `.json`
   * ones as JSON, `.xml` ones as XML.
   */
  examples: readonly string[];
  /** Error bodies under fixtures/<provider>/ and the HTTP status the cloud sends each with. */
  errors: readonly { file: string; status: number }[];
  /** Random edits of the simulator's records between page fetches (churn tests). */
  churn: {
    /** Readies generated records for churn (room for new records between existing ones). */
    prepare?(data: unknown[]): unknown[];
    /** Identity of each record the adapter lists (job ids), in the simulator's current data. */
    ids(data: unknown[]): string[];
    /** A new record that sorts anywhere in the cloud's native order. */
    insert(data: unknown[], random: Random, serial: number): unknown[];
  };
  /** Credential sets to run the secrets scan with (each its own run), for the simulator and adapter. */
  credentialSets(unique: string): Record<string, string>[];
}

// CityVisual's adapter loads its XML parser on the first XML answer; reading answers synchronously
// here needs it loaded up front.
const xmlParser = await loadXmlParser();

const fixtureText = (provider: string, file: string) =>
  readFileSync(new URL(`../../fixtures/${provider}/${file}`, import.meta.url), 'utf8');

export function fixture(target: ReliabilityTarget, file: string): string {
  return fixtureText(target.conformance.providerId, file);
}

function conformance(providerId: string): ConformanceTarget {
  const found = conformanceTargets.find((target) => target.providerId === providerId);
  if (!found) throw new Error(`no conformance target for ${providerId}`);
  return found;
}

export const reliabilityTargets: ReliabilityTarget[] = [
  {
    conformance: conformance('tencent-batch'),
    read(response) {
      const context = {
        provider: 'tencent-batch',
        source: 'tencent-batch:ap-guangzhou',
        region: 'ap-guangzhou',
        action: 'DescribeJobs',
        body: response.body,
      };
      return interpretDescribeJobs(response, context).jobs;
    },
    formats: ['json'],
    examples: ['DescribeJobs.json'],
    // API 3.0 sends its business errors in HTTP 200 bodies.
    errors: [
      'error-filter-values-limit-exceeded.json',
      'error-internal-error.json',
      'error-invalid-filter.json',
      'error-invalid-zone.json',
      'error-job-id-malformed.json',
      'error-request-limit-exceeded.json',
      'error-resource-not-found.json',
      'error-secret-id-not-found.json',
      'error-service-unavailable.json',
      'error-signature-expire.json',
      'error-signature-failure.json',
      'error-unknown-parameter.json',
    ].map((file) => ({ file, status: 200 })),
    churn: {
      ids: (data) => (data as { JobId: string }[]).map((job) => job.JobId),
      insert(data, random, serial) {
        const records = data as { JobId: string; JobName: string }[];
        const template = records[random.integer(0, Math.max(0, records.length - 1))];
        if (!template) return records;
        // Batch lists in its own order (the array's); a new job can land anywhere in it.
        const created = {
          ...structuredClone(template),
          JobId: `job-${serial.toString(36).padStart(8, 'z').slice(-8)}`,
          JobName: `churned-${serial}`,
        };
        const at = random.integer(0, records.length);
        return [...records.slice(0, at), created, ...records.slice(at)];
      },
    },
    credentialSets: (unique) => [
      {
        secretId: `AKIDscan${unique}secretid0001`,
        secretKey: `scan${unique}SecretKeyValue0001`,
        token: `scan${unique}SessionTokenValue0001`,
      },
    ],
  },
  {
    conformance: conformance('huawei-modelarts'),
    read(response) {
      const origin = {
        provider: 'huawei-modelarts',
        source: 'huawei-modelarts:cn-north-4',
        action: 'ListVisualizationJobs',
      };
      const { response: list, rawJobs } = interpretList(response, origin);
      return normalizeModelArtsJobs(list.jobs, rawJobs, { ...origin, region: 'cn-north-4' });
    },
    formats: ['json'],
    examples: ['list-visualization-jobs.success.json'],
    errors: [
      { file: 'list-visualization-jobs.failure.json', status: 400 },
      { file: 'apigw-throttled.json', status: 429 },
      { file: 'apigw-signature-rejected.json', status: 401 },
      { file: 'apigw-token-rejected.json', status: 401 },
      { file: 'apigw-not-authorized.json', status: 403 },
      { file: 'apigw-api-not-found.json', status: 404 },
      { file: 'modelarts-internal-error.json', status: 500 },
      { file: 'modelarts-connection-failed.json', status: 503 },
      { file: 'modelarts-invalid-parameter.json', status: 400 },
      { file: 'modelarts-not-found.json', status: 404 },
    ],
    churn: {
      // Consecutive ids leave no room between them: spread them out, in the same order.
      prepare: (data) =>
        (data as { job_id: number }[]).map((job, index) => ({ ...job, job_id: (index + 1) * 1000 })),
      ids: (data) => (data as { job_id: number }[]).map((job) => String(job.job_id)),
      insert(data, random, serial) {
        // ModelArts lists by job_id; a new id between two existing ones lands mid-list.
        const records = data as { job_id: number; job_name: string }[];
        const template = records[random.integer(0, Math.max(0, records.length - 1))];
        if (!template) return records;
        const taken = new Set(records.map((job) => job.job_id));
        let id = template.job_id - random.integer(1, 999);
        while (taken.has(id) || id < 1) id = random.integer(1, 10_000_000);
        return [...records, { ...structuredClone(template), job_id: id, job_name: `churned-${serial}` }];
      },
    },
    credentialSets: (unique): Record<string, string>[] => [
      {
        ak: `SCANAK${unique}0001`,
        sk: `scan${unique}SkValue00000000000001`,
        securityToken: `scan${unique}SecurityTokenValue0001`,
      },
      { token: `MIIscan${unique}IamTokenValue0000000001` },
    ],
  },
  {
    conformance: conformance('aliyun-cityvisual'),
    read(response) {
      const context = {
        provider: 'aliyun-cityvisual',
        source: 'aliyun-cityvisual:cn-shanghai',
        region: 'cn-shanghai',
        action: 'DescribeJobGroups',
        body: response.body,
      };
      const outcome = interpretDocument(response, xmlParser, context);
      if ('error' in outcome) throw outcome.error;
      return readDescribeJobGroups(outcome.document.content, context).groups.flatMap((group) => group.jobs);
    },
    formats: ['json', 'xml'],
    examples: ['DescribeJobGroups.json', 'DescribeJobGroups.xml'],
    errors: (
      JSON.parse(fixtureText('aliyun-cityvisual', 'errors.json')) as {
        httpStatus: number;
        json: string;
        xml: string;
      }[]
    ).flatMap(({ httpStatus, json, xml }) => [
      { file: json, status: httpStatus },
      { file: xml, status: httpStatus },
    ]),
    churn: {
      ids: (data) =>
        (data as { ComputeJobs: { ComputeJobId: string }[] }[]).flatMap((group) =>
          group.ComputeJobs.map((job) => job.ComputeJobId),
        ),
      insert(data, random, serial) {
        // Groups list in the cloud's order (the array's); a new group, with new jobs, anywhere in it.
        const records = data as { JobGroupId: string; ComputeJobs: { ComputeJobId: string }[] }[];
        const template = records[random.integer(0, Math.max(0, records.length - 1))];
        if (!template) return records;
        const created = {
          ...structuredClone(template),
          JobGroupId: `${900_000_000 + serial}`,
          ComputeJobs: template.ComputeJobs.map((job, index) => ({
            ...structuredClone(job),
            ComputeJobId: `${800_000_000 + serial * 100 + index}`,
          })),
        };
        const at = random.integer(0, records.length);
        return [...records.slice(0, at), created, ...records.slice(at)];
      },
    },
    credentialSets: (unique) => [
      {
        accessKeyId: `LTAIscan${unique}KeyId0001`,
        accessKeySecret: `scan${unique}AccessKeySecret0001`,
        securityToken: `scan${unique}SecurityToken0001`,
      },
    ],
  },
];
