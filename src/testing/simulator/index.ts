import type { AliyunCityVisualOptions } from '../../providers/aliyun-cityvisual/index.js';
import type { HuaweiModelArtsOptions } from '../../providers/huawei-modelarts/index.js';
import type { TencentBatchOptions } from '../../providers/tencent-batch/index.js';
import { registerSecrets } from '../../redact.js';
import {
  type AlibabaCredentials,
  CityVisualCloud,
  type CityVisualJobGroup,
  generateCityVisualGroups,
} from './aliyun-cityvisual.js';
import type { CloudModule, CloudStats } from './cloud.js';
import {
  generateModelArtsJobs,
  type HuaweiCredentials,
  ModelArtsCloud,
  type ModelArtsJobRecord,
} from './huawei-modelarts.js';
import { Random } from './random.js';
import { type FaultOptions, SimulatorServer } from './server.js';
import {
  generateTencentJobs,
  TencentBatchCloud,
  type TencentCredentials,
  type TencentJobRecord,
} from './tencent-batch.js';

export type SimulatedProviderId = 'tencent-batch' | 'aliyun-cityvisual' | 'huawei-modelarts';
export const simulatedProviders: readonly SimulatedProviderId[] = [
  'tencent-batch',
  'aliyun-cityvisual',
  'huawei-modelarts',
];

/** Native records to serve, per cloud; absent clouds get generated data. */
export interface SimulatorData {
  'tencent-batch'?: TencentJobRecord[];
  'aliyun-cityvisual'?: CityVisualJobGroup[];
  'huawei-modelarts'?: ModelArtsJobRecord[];
}

export interface SimulatorOptions {
  /** Seed of the generated data, request ids and faults; the same seed gives the same simulator. */
  seed?: number;
  data?: SimulatorData;
  /** Generated data size: jobs for Tencent and ModelArts, groups (and jobs per group) for CityVisual. */
  counts?: {
    'tencent-batch'?: number;
    'aliyun-cityvisual'?: { groups: number; jobsPerGroup?: number };
    'huawei-modelarts'?: number;
  };
  latencyMs?: number | { min: number; max: number };
  /** Requests per second per cloud; more get the cloud's own throttling answer. */
  rateLimit?: Partial<Record<SimulatedProviderId, number>>;
  faults?: FaultOptions;
  /** The simulator's clock; default the machine's. Set it apart to test clock skew. */
  now?: () => number;
  host?: string;
  port?: number;
  credentials?: {
    'tencent-batch'?: TencentCredentials;
    'aliyun-cityvisual'?: AlibabaCredentials;
    'huawei-modelarts'?: HuaweiCredentials;
  };
  /** ModelArts' largest accepted per_page (1000 by the current documents). */
  modelArtsMaximumPerPage?: number;
}

// Fixed, obviously fake credentials: the simulator is a test double, and these must never be
// mistaken for anything real. They are registered for redaction like any other credential.
export const simulatorCredentials = {
  'tencent-batch': {
    secretId: 'AKIDSIMULATOR0000000000000000000000',
    secretKey: 'SIMULATORsecretKEY0000000000000000',
  },
  'aliyun-cityvisual': {
    accessKeyId: 'LTAISIMULATOR00000000000',
    accessKeySecret: 'SIMULATORsecret000000000000000',
  },
  'huawei-modelarts': { ak: 'SIMULATORAK000000000', sk: 'SIMULATORsk00000000000000000000000000000' },
} as const;

export const simulatorScope = {
  'tencent-batch': { region: 'ap-guangzhou' },
  'aliyun-cityvisual': { region: 'cn-shanghai', instanceId: 'cityvisual-Instance' },
  'huawei-modelarts': { region: 'cn-north-4', projectId: '0123456789abcdef0123456789abcdef' },
} as const;

/** What `providerOptions(id)` returns: options the cloud's factory takes as they are. */
export interface SimulatedProviderOptions {
  'tencent-batch': TencentBatchOptions;
  'aliyun-cityvisual': AliyunCityVisualOptions;
  'huawei-modelarts': HuaweiModelArtsOptions;
}

export interface Simulator {
  /** `http://127.0.0.1:<port>`: one endpoint that answers all three APIs. */
  readonly url: string;
  readonly seed: number;
  /** The native records each cloud serves; change them at will (insert, delete, edit) while a scan runs. */
  readonly data: {
    'tencent-batch': TencentJobRecord[];
    'aliyun-cityvisual': CityVisualJobGroup[];
    'huawei-modelarts': ModelArtsJobRecord[];
  };
  /** Factory options (region, endpoint, credentials, scope) that reach the simulator. */
  providerOptions<Id extends SimulatedProviderId>(id: Id): SimulatedProviderOptions[Id];
  /** The environment variables each cloud's tools read, set to the simulator's credentials and scope. */
  environment(id: SimulatedProviderId): Record<string, string>;
  /** Replaces a cloud's records (same as assigning `data[id]`, kept for readability). */
  mutate<Id extends SimulatedProviderId>(
    id: Id,
    change: (records: Simulator['data'][Id]) => Simulator['data'][Id] | undefined,
  ): void;
  /** Counters per cloud: requests, served, rejected (authentication), throttled, invalid, faults. */
  stats(): Record<SimulatedProviderId, CloudStats>;
  resetStats(): void;
  stop(): Promise<void>;
}

/**
 * Starts one loopback HTTP server that answers Tencent Cloud Batch, Alibaba Cloud CityVisual and
 * Huawei Cloud ModelArts the way the clouds do: it verifies every signature, pages, filters,
 * throttles, injects faults, answers CityVisual in XML when asked, and keeps CityVisual writes.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 1;
  const random = new Random(seed);
  const counts = options.counts ?? {};
  const credentials: {
    'tencent-batch': TencentCredentials;
    'aliyun-cityvisual': AlibabaCredentials;
    'huawei-modelarts': HuaweiCredentials;
  } = { ...simulatorCredentials, ...options.credentials };

  const tencent = new TencentBatchCloud({
    random: random.fork(1),
    credentials: credentials['tencent-batch'],
    region: simulatorScope['tencent-batch'].region,
    records:
      options.data?.['tencent-batch'] ?? generateTencentJobs(random.fork(11), counts['tencent-batch'] ?? 60),
  });
  const cityVisualCounts = counts['aliyun-cityvisual'] ?? { groups: 12, jobsPerGroup: 4 };
  const cityVisual = new CityVisualCloud({
    random: random.fork(2),
    credentials: credentials['aliyun-cityvisual'],
    region: simulatorScope['aliyun-cityvisual'].region,
    instanceId: simulatorScope['aliyun-cityvisual'].instanceId,
    records:
      options.data?.['aliyun-cityvisual'] ??
      generateCityVisualGroups(random.fork(12), cityVisualCounts.groups, cityVisualCounts.jobsPerGroup ?? 4),
  });
  const modelArts = new ModelArtsCloud({
    random: random.fork(3),
    credentials: credentials['huawei-modelarts'],
    region: simulatorScope['huawei-modelarts'].region,
    projectId: simulatorScope['huawei-modelarts'].projectId,
    records:
      options.data?.['huawei-modelarts'] ??
      generateModelArtsJobs(random.fork(13), counts['huawei-modelarts'] ?? 60),
    maximumPerPage: options.modelArtsMaximumPerPage ?? 1000,
  });
  const modules: Record<SimulatedProviderId, CloudModule & { records: unknown[] }> = {
    'tencent-batch': tencent,
    'aliyun-cityvisual': cityVisual,
    'huawei-modelarts': modelArts,
  };
  const server = new SimulatorServer({
    modules: Object.values(modules),
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    latencyMs: options.latencyMs,
    rateLimit: options.rateLimit as Record<string, number> | undefined,
    faults: options.faults,
    seed,
    now: options.now ?? Date.now,
  });
  const url = await server.listen();
  // The simulator's credentials are fake, but they are credentials: kept out of every message.
  for (const id of simulatedProviders) registerSecrets(...Object.values(credentials[id]).map(String));

  const data = {
    get 'tencent-batch'() {
      return tencent.records;
    },
    set 'tencent-batch'(records: TencentJobRecord[]) {
      tencent.records = records;
    },
    get 'aliyun-cityvisual'() {
      return cityVisual.records;
    },
    set 'aliyun-cityvisual'(records: CityVisualJobGroup[]) {
      cityVisual.records = records;
    },
    get 'huawei-modelarts'() {
      return modelArts.records;
    },
    set 'huawei-modelarts'(records: ModelArtsJobRecord[]) {
      modelArts.records = records;
    },
  };

  return {
    url,
    seed,
    data,
    providerOptions: <Id extends SimulatedProviderId>(id: Id) =>
      modules[id].providerOptions(url) as SimulatedProviderOptions[Id],
    environment(id) {
      switch (id) {
        case 'tencent-batch': {
          const { secretId, secretKey, token } = credentials['tencent-batch'];
          return {
            TENCENTCLOUD_SECRET_ID: secretId,
            TENCENTCLOUD_SECRET_KEY: secretKey,
            ...(token ? { TENCENTCLOUD_SESSION_TOKEN: token } : {}),
          };
        }
        case 'aliyun-cityvisual': {
          const { accessKeyId, accessKeySecret, securityToken } = credentials['aliyun-cityvisual'];
          return {
            ALIBABA_CLOUD_ACCESS_KEY_ID: accessKeyId,
            ALIBABA_CLOUD_ACCESS_KEY_SECRET: accessKeySecret,
            ...(securityToken ? { ALIBABA_CLOUD_SECURITY_TOKEN: securityToken } : {}),
          };
        }
        case 'huawei-modelarts': {
          const huawei = credentials['huawei-modelarts'];
          const scope = { HUAWEICLOUD_SDK_PROJECT_ID: simulatorScope['huawei-modelarts'].projectId };
          return 'token' in huawei
            ? scope
            : { ...scope, HUAWEICLOUD_SDK_AK: huawei.ak, HUAWEICLOUD_SDK_SK: huawei.sk };
        }
      }
    },
    mutate(id, change) {
      const current = data[id];
      const next = change(current);
      if (next !== undefined) (data as Record<string, unknown>)[id] = next;
    },
    stats: () => server.statistics() as Record<SimulatedProviderId, CloudStats>,
    resetStats: () => server.resetStatistics(),
    stop: () => server.close(),
  };
}

export type { CityVisualComputeJob, CityVisualJobGroup } from './aliyun-cityvisual.js';
export { generateCityVisualGroups } from './aliyun-cityvisual.js';
export type { CloudStats, FaultKind } from './cloud.js';
export type { ModelArtsJobRecord } from './huawei-modelarts.js';
export { generateModelArtsJobs } from './huawei-modelarts.js';
export { Random } from './random.js';
export type { FaultOptions } from './server.js';
export type { TencentJobRecord } from './tencent-batch.js';
export { generateTencentJobs } from './tencent-batch.js';
