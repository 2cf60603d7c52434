import type { Job } from '../model/job.js';
import type { JobGroup } from '../model/job-group.js';

/** A date as ISO 8601 UTC, or '' for none. */
export function isoDate(value: Date | null): string {
  return value ? value.toISOString() : '';
}

/** `k=v;k2=v2`, keys sorted so the same tags always print the same. */
export function formatPairs(record: Record<string, string | number> | null): string {
  if (!record) return '';
  return Object.keys(record)
    .sort()
    .map((key) => `${key}=${record[key]}`)
    .join(';');
}

/** `1h 02m 03s`, `4.2s`, '' for none. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${(ms / 1000).toFixed(1)}s`;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}h ${pad(minutes)}m ${pad(rest)}s` : `${minutes}m ${pad(rest)}s`;
}

export interface Column<T> {
  header: string;
  value(record: T): string;
  /** A table on a narrow terminal may shorten this column (with …). */
  shrink?: boolean;
  /**
   * A table on a narrow terminal may leave this column out when shortening is not enough; the
   * highest drop order goes first. Absent: always shown.
   */
  dropOrder?: number;
}

/** CSV columns: every field of a Job but `raw`, in the model's order; stable across releases. */
export const jobCsvColumns: Column<Job>[] = [
  { header: 'provider', value: (job) => job.provider },
  { header: 'source', value: (job) => job.source },
  { header: 'id', value: (job) => job.id },
  { header: 'name', value: (job) => job.name ?? '' },
  { header: 'status', value: (job) => job.status },
  { header: 'nativeStatus', value: (job) => job.nativeStatus ?? '' },
  { header: 'statusDetail', value: (job) => job.statusDetail ?? '' },
  { header: 'region', value: (job) => job.region ?? '' },
  { header: 'zone', value: (job) => job.zone ?? '' },
  { header: 'groupId', value: (job) => job.groupId ?? '' },
  { header: 'createdAt', value: (job) => isoDate(job.createdAt) },
  { header: 'startedAt', value: (job) => isoDate(job.startedAt) },
  { header: 'endedAt', value: (job) => isoDate(job.endedAt) },
  { header: 'durationMs', value: (job) => (job.durationMs === null ? '' : String(job.durationMs)) },
  { header: 'priority', value: (job) => (job.priority === null ? '' : String(job.priority)) },
  { header: 'description', value: (job) => job.description ?? '' },
  { header: 'url', value: (job) => job.url ?? '' },
  { header: 'tags', value: (job) => formatPairs(job.tags) },
  { header: 'tasks', value: (job) => formatPairs(job.tasks) },
];

/** The columns a person reads in a terminal or a Markdown report. */
export const jobDisplayColumns: Column<Job>[] = [
  { header: 'SOURCE', value: (job) => job.source, shrink: true, dropOrder: 1 },
  { header: 'ID', value: (job) => job.id },
  { header: 'NAME', value: (job) => job.name ?? '', shrink: true },
  { header: 'STATUS', value: (job) => job.status },
  { header: 'NATIVE', value: (job) => job.nativeStatus ?? '', dropOrder: 3 },
  { header: 'CREATED', value: (job) => isoDate(job.createdAt), dropOrder: 2 },
  { header: 'DURATION', value: (job) => formatDuration(job.durationMs), dropOrder: 4 },
];

export const groupCsvColumns: Column<JobGroup>[] = [
  { header: 'provider', value: (group) => group.provider },
  { header: 'source', value: (group) => group.source },
  { header: 'id', value: (group) => group.id },
  { header: 'name', value: (group) => group.name ?? '' },
  { header: 'status', value: (group) => group.status },
  { header: 'nativeStatus', value: (group) => group.nativeStatus ?? '' },
  { header: 'region', value: (group) => group.region ?? '' },
  { header: 'algorithmLibraryId', value: (group) => group.algorithmLibraryId ?? '' },
  { header: 'resourceProfileId', value: (group) => group.resourceProfileId ?? '' },
  {
    header: 'plannedJobCount',
    value: (group) => (group.plannedJobCount === null ? '' : String(group.plannedJobCount)),
  },
  { header: 'jobCount', value: (group) => (group.jobCount === null ? '' : String(group.jobCount)) },
  {
    header: 'streamsPerJob',
    value: (group) => (group.streamsPerJob === null ? '' : String(group.streamsPerJob)),
  },
  { header: 'params', value: (group) => formatPairs(group.params) },
  { header: 'jobs', value: (group) => String(group.jobs.length) },
];

export const groupDisplayColumns: Column<JobGroup>[] = [
  { header: 'SOURCE', value: (group) => group.source, shrink: true, dropOrder: 1 },
  { header: 'ID', value: (group) => group.id },
  { header: 'NAME', value: (group) => group.name ?? '', shrink: true },
  { header: 'STATUS', value: (group) => group.status },
  { header: 'JOBS', value: (group) => String(group.jobs.length), dropOrder: 2 },
  {
    header: 'PLANNED',
    value: (group) => (group.plannedJobCount === null ? '' : String(group.plannedJobCount)),
    dropOrder: 3,
  },
  { header: 'PARAMS', value: (group) => formatPairs(group.params), shrink: true, dropOrder: 4 },
];
