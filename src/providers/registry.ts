import type { Adapter } from './adapter.js';
import { aliyunCityVisual } from './aliyun-cityvisual/index.js';
import { huaweiModelArts } from './huawei-modelarts/index.js';
import { tencentBatch } from './tencent-batch/index.js';

/**
 * Provider id → factory, for callers that pick providers by name at run time (the CLI's config
 * file, the simulator's demo). Library users import the factories directly instead.
 */
export type ProviderFactory = (options: Record<string, unknown>) => Adapter;

export const providerFactories: Record<string, ProviderFactory> = {
  'aliyun-cityvisual': aliyunCityVisual as unknown as ProviderFactory,
  'tencent-batch': tencentBatch as unknown as ProviderFactory,
  'huawei-modelarts': huaweiModelArts as unknown as ProviderFactory,
};
