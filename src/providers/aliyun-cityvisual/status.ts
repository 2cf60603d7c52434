import { createStatusMapper, type StatusTable } from '../../model/status.js';

/**
 * DESIGN's table for a group's `Status` (documented lowercase: starting, running, stopping,
 * stopped) and a compute job's `ComputeJobStatus` (documented `Running` / `Stopped`). The mapper
 * ignores letter case, so `Running` and `running` are one state; anything else is `unknown`, with
 * the native value kept. CityVisual has no status filter, so the reverse direction is unused.
 */
export const cityVisualStatusTable = {
  starting: ['starting'],
  running: ['running'],
  stopping: ['stopping'],
  stopped: ['stopped'],
} as const satisfies StatusTable;

export const cityVisualStatuses = createStatusMapper(cityVisualStatusTable);
