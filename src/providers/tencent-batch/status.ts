import { createStatusMapper, type StatusTable } from '../../model/status.js';

/**
 * DESIGN's table for JobState (PROVIDER-FACTS §1.4). Batch has no state for `stopping` or
 * `stopped`; a state not listed here (one Tencent adds later) is `unknown` with its value kept.
 * The reverse direction gives the `job-state` filter values of a status query.
 */
export const jobStateTable = {
  pending: ['SUBMITTED', 'PENDING', 'RUNNABLE'],
  starting: ['STARTING'],
  running: ['RUNNING'],
  // Tencent's spelling: SUCCEED, not SUCCEEDED.
  succeeded: ['SUCCEED'],
  // FAILED_INTERRUPTED: failed, with the instances kept for inspection (FailedAction INTERRUPT).
  failed: ['FAILED', 'FAILED_INTERRUPTED'],
} as const satisfies StatusTable;

export const jobStates = createStatusMapper(jobStateTable);
