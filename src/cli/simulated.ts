import type { Adapter } from '../providers/adapter.js';
import { providerFactories } from '../providers/registry.js';
import type { SimulatedProviderId, Simulator, SimulatorOptions } from '../testing/simulator/index.js';

// Kept here rather than imported from the simulator so that a listing from a config file never
// loads the simulator's code; a test checks both lists agree.
const simulatedClouds: readonly SimulatedProviderId[] = [
  'tencent-batch',
  'aliyun-cityvisual',
  'huawei-modelarts',
];

/**
 * The simulated clouds this build can list, and the ones it cannot because no adapter for them is
 * registered: the simulator speaks every cloud, but `--simulate` and `demo` only use what a user
 * of the same build could use against the real clouds.
 */
export function simulatedCoverage(): { listed: SimulatedProviderId[]; missing: SimulatedProviderId[] } {
  return {
    listed: simulatedClouds.filter((id) => providerFactories[id] !== undefined),
    missing: simulatedClouds.filter((id) => providerFactories[id] === undefined),
  };
}

export const defaultSimulatedJobs = 60;

/** The simulator the CLI starts for `demo`, `--simulate` and `simulate`: generated data for every cloud. */
export async function startDemoSimulator(
  seed: number,
  jobsPerCloud: number | null,
  extra: { port?: number; credentials?: SimulatorOptions['credentials'] } = {},
): Promise<Simulator> {
  const { startSimulator } = await import('../testing/simulator/index.js');
  const jobs = jobsPerCloud ?? defaultSimulatedJobs;
  return startSimulator({
    seed,
    ...(extra.port !== undefined ? { port: extra.port } : {}),
    ...(extra.credentials ? { credentials: extra.credentials } : {}),
    counts: {
      'tencent-batch': jobs,
      'huawei-modelarts': jobs,
      // CityVisual lists groups of compute jobs: about as many jobs, in groups of 1 to 7 (3.2 on
      // average, as the generator leaves every fifth group empty).
      'aliyun-cityvisual': { groups: jobs === 0 ? 0 : Math.max(1, Math.round(jobs / 3.2)), jobsPerGroup: 4 },
    },
  });
}

/** One adapter per simulated cloud that has a registered adapter, in the simulator's order. */
export function simulatedAdapters(sim: Simulator, logger?: (line: string) => void): Adapter[] {
  return simulatedCoverage().listed.map((id) => {
    const factory = providerFactories[id] as NonNullable<(typeof providerFactories)[string]>;
    return factory({ ...sim.providerOptions(id), ...(logger ? { logger } : {}) });
  });
}
