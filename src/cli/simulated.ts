import type { Adapter } from '../providers/adapter.js';
import { providerFactories } from '../providers/registry.js';
import type { Simulator } from '../testing/simulator/index.js';

/** The simulator the CLI starts for `demo` and `--simulate`: generated data for all three clouds. */
export async function startDemoSimulator(seed: number, jobsPerCloud: number | null): Promise<Simulator> {
  const { startSimulator } = await import('../testing/simulator/index.js');
  const jobs = jobsPerCloud ?? 60;
  return startSimulator({
    seed,
    counts: {
      'tencent-batch': jobs,
      'huawei-modelarts': jobs,
      'aliyun-cityvisual': { groups: Math.max(jobs === 0 ? 0 : 1, Math.round(jobs / 4)), jobsPerGroup: 4 },
    },
  });
}

export function simulatedAdapters(sim: Simulator, logger?: (line: string) => void): Adapter[] {
  return (['aliyun-cityvisual', 'tencent-batch', 'huawei-modelarts'] as const).map((id) => {
    const factory = providerFactories[id];
    if (!factory) throw new Error(`the ${id} adapter is not registered`);
    return factory({ ...sim.providerOptions(id), ...(logger ? { logger } : {}) });
  });
}
