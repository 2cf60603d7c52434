import type { JobStatus } from '../../model/status.js';
import { createStatusMapper, type StatusTable } from '../../model/status.js';

/**
 * ModelArts job status codes (Job Statuses, modelarts_03_0074) and their names. Code 22 appears
 * only in the SDK reference's copy of the table (modelarts_04_0077), not on the API page, but jobs
 * carry it, so it is known here too.
 */
export const statusNames: readonly string[] = [
  'JOBSTAT_UNKNOWN',
  'JOBSTAT_INIT',
  'JOBSTAT_IMAGE_CREATING',
  'JOBSTAT_IMAGE_FAILED',
  'JOBSTAT_SUBMIT_TRYING',
  'JOBSTAT_SUBMIT_FAILED',
  'JOBSTAT_DELETE_FAILED',
  'JOBSTAT_WAITING',
  'JOBSTAT_RUNNING',
  'JOBSTAT_KILLING',
  'JOBSTAT_COMPLETED',
  'JOBSTAT_FAILED',
  'JOBSTAT_KILLED',
  'JOBSTAT_CANCELED',
  'JOBSTAT_LOST',
  'JOBSTAT_SCALING',
  'JOBSTAT_SUBMIT_MODEL_FAILED',
  'JOBSTAT_DEPLOY_SERVICE_FAILED',
  'JOBSTAT_CHECK_INIT',
  'JOBSTAT_CHECK_RUNNING',
  'JOBSTAT_CHECK_RUNNING_COMPLETED',
  'JOBSTAT_CHECK_FAILED',
  'MOUNT_FAILED',
];

/**
 * DESIGN's table. Code 0 (JOBSTAT_UNKNOWN) is deliberately absent: it and every code no table
 * knows are `unknown`, which is why `unknown` can never be written as a list of codes.
 */
export const statusTable = {
  pending: [1, 2, 4, 7, 18, 19],
  running: [8, 15],
  stopping: [9],
  stopped: [12, 13],
  succeeded: [10, 20],
  failed: [3, 5, 6, 11, 14, 16, 17, 21, 22],
} as const satisfies StatusTable;

export const statusMapper = createStatusMapper(statusTable);

// Normalizing indexes these by code instead of going through strings: it runs for every job.
const unifiedByCode: JobStatus[] = statusNames.map((_name, code) => statusMapper.toUnified(code));

/** The unified status of a code; anything outside the table (0, 23, -1, 8.5) is `unknown`. */
export function unifiedStatus(code: number): JobStatus {
  return unifiedByCode[code] ?? 'unknown';
}

/** The JOBSTAT_… name of a code, or null for a code with no known name. */
export function statusDetail(code: number): string | null {
  return statusNames[code] ?? null;
}

/**
 * The codes that mean one of these statuses, ascending; null when some status cannot be written as
 * codes at all (`unknown` is code 0 and every code nobody knows yet). A status with no code
 * (`starting`) contributes none: no ModelArts job can have it.
 */
export function codesFor(statuses: readonly JobStatus[]): number[] | null {
  if (statuses.includes('unknown')) return null;
  const codes = statusMapper.toNative(statuses).map(Number);
  return [...new Set(codes)].sort((a, b) => a - b);
}
