import { z } from 'zod';

/** The unified job status. The order of the values is the sort order of `status`. */
export const JobStatusSchema = z.enum([
  'pending',
  'starting',
  'running',
  'stopping',
  'stopped',
  'succeeded',
  'failed',
  'unknown',
]);
export type JobStatus = z.infer<typeof JobStatusSchema>;

export const jobStatuses: readonly JobStatus[] = JobStatusSchema.options;

const statusRank = new Map<JobStatus, number>(jobStatuses.map((status, index) => [status, index]));

/** Position of a status in the enum's order, used to sort by status. */
export function statusOrder(status: JobStatus): number {
  return statusRank.get(status) ?? jobStatuses.length;
}

/** A provider's table: for each unified status, the native values that mean it. */
export type StatusTable = Partial<Record<Exclude<JobStatus, 'unknown'>, readonly (string | number)[]>>;

export interface StatusMapper {
  /** Native value to unified status; anything the table does not know is `unknown`, never an error. */
  toUnified(native: string | number | null | undefined): JobStatus;
  /** Unified statuses to every native value that maps to one of them (the reverse table). */
  toNative(statuses: readonly JobStatus[]): string[];
}

/**
 * Builds the two directions of a status table once. Native strings are matched without regard to
 * letter case, because clouds spell the same state `running` in one field and `Running` in another.
 */
export function createStatusMapper(table: StatusTable): StatusMapper {
  const forward = new Map<string, JobStatus>();
  const reverse = new Map<JobStatus, string[]>();
  for (const [status, natives] of Object.entries(table) as [JobStatus, readonly (string | number)[]][]) {
    const spelled: string[] = [];
    for (const native of natives) {
      const key = String(native).toLowerCase();
      if (forward.has(key)) throw new Error(`status table maps ${String(native)} twice`);
      forward.set(key, status);
      spelled.push(String(native));
    }
    reverse.set(status, spelled);
  }
  return {
    toUnified(native) {
      if (native === null || native === undefined) return 'unknown';
      return forward.get(String(native).toLowerCase()) ?? 'unknown';
    },
    toNative(statuses) {
      const out: string[] = [];
      for (const status of statuses) for (const native of reverse.get(status) ?? []) out.push(native);
      return out;
    },
  };
}
