import type { Job } from '../../model/job.js';
import { fromEpochMs } from '../time.js';
import type { NativeJob } from './schema.js';
import { statusDetail, unifiedStatus } from './status.js';

export interface NormalizeContext {
  provider: string;
  source: string;
  region: string;
}

/**
 * One visualization job in the unified shape (DESIGN's "Where each field comes from"). `record` has
 * passed NativeJobSchema; `raw` is the same element as parsed, kept whole.
 */
export function normalizeJob(record: NativeJob, raw: unknown, context: NormalizeContext): Job {
  const code = record.status;
  const known = code !== null && code !== undefined;
  return {
    provider: context.provider,
    source: context.source,
    id: String(record.job_id),
    name: record.job_name ?? null,
    status: known ? unifiedStatus(code) : 'unknown',
    nativeStatus: known ? String(code) : null,
    statusDetail: known ? statusDetail(code) : null,
    region: context.region,
    zone: null,
    groupId: null,
    createdAt: fromEpochMs(record.create_time),
    startedAt: null,
    endedAt: null,
    durationMs: record.duration ?? null,
    priority: null,
    description: record.job_desc ?? null,
    url: record.service_url ?? null,
    tags: {},
    tasks: null,
    raw,
  };
}

/** Every job of a page, in order; `rawJobs` are the `jobs` elements exactly as JSON.parse gave them. */
export function normalizeJobs(
  records: readonly NativeJob[],
  rawJobs: readonly unknown[],
  context: NormalizeContext,
): Job[] {
  const jobs = new Array<Job>(records.length);
  for (let index = 0; index < records.length; index++)
    jobs[index] = normalizeJob(records[index] as NativeJob, rawJobs[index], context);
  return jobs;
}
