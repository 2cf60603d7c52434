import type { ErrorKind } from '../../src/errors.js';
import type { Adapter } from '../../src/providers/adapter.js';
import { aliyunCityVisual } from '../../src/providers/aliyun-cityvisual/index.js';
import { huaweiModelArts } from '../../src/providers/huawei-modelarts/index.js';
import { tencentBatch } from '../../src/providers/tencent-batch/index.js';
import type { SimulatedProviderId, Simulator, SimulatorOptions } from '../../src/testing/simulator/index.js';

/**
 * What the conformance suite needs to know of a provider to run unchanged against it. A new
 * provider is accepted when it has a simulator module and a target here, and the suite passes.
 */
export interface ConformanceTarget {
  providerId: SimulatedProviderId;
  create(options: Record<string, unknown>): Adapter;
  /** Simulator data sizes that give `records` native records (jobs, or groups for grouped clouds). */
  counts(records: number): SimulatorOptions['counts'];
  /** The ids the adapter must list, in the cloud's native order, from the simulator's records. */
  expectedJobIds(sim: Simulator): string[];
  /** Native page size for paging tests; small, so that page edges are cheap. */
  smallPageSize: number;
  /** Options that make the adapter fail with a given kind against the simulator. */
  failures: { kind: ErrorKind; code: string; options: (sim: Simulator) => Record<string, unknown> }[];
}

export const targets: ConformanceTarget[] = [
  {
    providerId: 'huawei-modelarts',
    create: (options) => huaweiModelArts(options as never),
    counts: (records) => ({ 'huawei-modelarts': records }),
    expectedJobIds: (sim) => sim.data['huawei-modelarts'].map((job) => String(job.job_id)),
    smallPageSize: 7,
    failures: [
      {
        kind: 'auth',
        code: 'APIGW.0301',
        options: (sim) => ({
          ...sim.providerOptions('huawei-modelarts'),
          credentials: { ak: 'SIMULATORAK000000000', sk: 'a-wrong-secret-key-value' },
        }),
      },
    ],
  },
  {
    providerId: 'tencent-batch',
    create: (options) => tencentBatch(options as never),
    counts: (records) => ({ 'tencent-batch': records }),
    expectedJobIds: (sim) => sim.data['tencent-batch'].map((job) => job.JobId),
    smallPageSize: 7,
    failures: [
      {
        kind: 'auth',
        code: 'AuthFailure.SignatureFailure',
        options: (sim) => ({
          ...sim.providerOptions('tencent-batch'),
          credentials: {
            secretId: 'AKIDSIMULATOR0000000000000000000000',
            secretKey: 'a-wrong-secret-key-value',
          },
        }),
      },
      {
        kind: 'auth',
        code: 'AuthFailure.SecretIdNotFound',
        options: (sim) => ({
          ...sim.providerOptions('tencent-batch'),
          credentials: { secretId: 'AKIDNOSUCHSECRETID0000000000', secretKey: 'a-wrong-secret-key-value' },
        }),
      },
    ],
  },
  {
    providerId: 'aliyun-cityvisual',
    create: (options) => aliyunCityVisual(options as never),
    // Records are job groups (what a page holds); each has 0 to 5 compute jobs.
    counts: (records) => ({ 'aliyun-cityvisual': { groups: records, jobsPerGroup: 3 } }),
    expectedJobIds: (sim) =>
      sim.data['aliyun-cityvisual'].flatMap((group) => group.ComputeJobs.map((job) => job.ComputeJobId)),
    smallPageSize: 7,
    failures: [
      {
        kind: 'auth',
        code: 'SignatureDoesNotMatch',
        options: (sim) => ({
          ...sim.providerOptions('aliyun-cityvisual'),
          credentials: {
            accessKeyId: 'LTAISIMULATOR00000000000',
            accessKeySecret: 'a-wrong-secret-key-value',
          },
        }),
      },
      {
        kind: 'auth',
        code: 'InvalidAccessKeyId.NotFound',
        options: (sim) => ({
          ...sim.providerOptions('aliyun-cityvisual'),
          credentials: {
            accessKeyId: 'LTAINOSUCHACCESSKEYID000',
            accessKeySecret: 'a-wrong-secret-key-value',
          },
        }),
      },
      {
        kind: 'not_found',
        code: 'InvalidInstanceId.NotFound',
        options: (sim) => ({ ...sim.providerOptions('aliyun-cityvisual'), instanceId: 'no-such-instance' }),
      },
    ],
  },
];
