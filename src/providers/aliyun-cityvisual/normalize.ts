import { type Issue, MalformedResponseError } from '../../errors.js';
import type { Job } from '../../model/job.js';
import type { JobGroup } from '../../model/job-group.js';
import type { NormalizeContext } from '../response.js';
import { parseTimestamp } from '../time.js';
import type { NativeComputeJob, NativeJobGroup } from './schema.js';
import { cityVisualStatuses } from './status.js';

export type { NormalizeContext } from '../response.js';

/**
 * One compute job in the unified shape (DESIGN's table): `groupId` is its group's JobGroupId,
 * `durationMs` is Duration (seconds) × 1000, and there is no creation time. A timestamp that is
 * present but unreadable is a malformed response, reported with its field path.
 */
function normalizeJob(
  job: NativeComputeJob,
  raw: unknown,
  groupId: string,
  path: string,
  context: NormalizeContext,
  issues: Issue[],
): Job {
  const startedAt = parseTimestamp(job.StartTime);
  const endedAt = parseTimestamp(job.EndTime);
  if (startedAt === undefined)
    issues.push({ path: `${path}.StartTime`, message: 'not an ISO 8601 date-time' });
  if (endedAt === undefined) issues.push({ path: `${path}.EndTime`, message: 'not an ISO 8601 date-time' });
  const status = job.ComputeJobStatus;
  return {
    provider: context.provider,
    source: context.source,
    id: job.ComputeJobId,
    name: job.ComputeJobName,
    status: cityVisualStatuses.toUnified(status),
    nativeStatus: status,
    statusDetail: null,
    region: context.region,
    zone: null,
    groupId,
    createdAt: null,
    startedAt: startedAt ?? null,
    endedAt: endedAt ?? null,
    durationMs: job.Duration === null ? null : job.Duration * 1000,
    priority: null,
    description: null,
    url: null,
    tags: {},
    tasks: null,
    raw,
  };
}

function paramsOf(group: NativeJobGroup): Record<string, string> {
  const params: Record<string, string> = {};
  // A key given twice keeps its last value; `raw` has both.
  for (const param of group.JobGroupParams) params[param.Key] = param.Value;
  return params;
}

/**
 * The groups of a page, each with its compute jobs. `rawGroups[i]` is the i-th group record as
 * parsed and `rawJobs[i]` its job records, in the order the schema read them.
 */
export function normalizeGroups(
  groups: readonly NativeJobGroup[],
  rawGroups: readonly unknown[],
  rawJobs: readonly (readonly unknown[])[],
  context: NormalizeContext,
): JobGroup[] {
  const issues: Issue[] = [];
  const out = new Array<JobGroup>(groups.length);
  for (let index = 0; index < groups.length; index++) {
    const group = groups[index] as NativeJobGroup;
    const raw = rawGroups[index];
    const rawJobsOfGroup = rawJobs[index] ?? [];
    const jobs = new Array<Job>(group.ComputeJobs.length);
    for (let position = 0; position < jobs.length; position++)
      jobs[position] = normalizeJob(
        group.ComputeJobs[position] as NativeComputeJob,
        rawJobsOfGroup[position],
        group.JobGroupId,
        `JobGroups[${index}].ComputeJobs[${position}]`,
        context,
        issues,
      );
    out[index] = {
      provider: context.provider,
      source: context.source,
      id: group.JobGroupId,
      name: group.JobGroupName,
      status: cityVisualStatuses.toUnified(group.Status),
      nativeStatus: group.Status,
      region: context.region,
      algorithmLibraryId: group.AlgoLibId,
      resourceProfileId: group.ResourceProfileId,
      plannedJobCount: group.PlanedJobCount,
      jobCount: group.JobCount,
      streamsPerJob: group.StreamPerJob,
      params: paramsOf(group),
      jobs,
      raw,
    };
  }
  if (issues.length > 0)
    throw new MalformedResponseError({
      provider: context.provider,
      source: context.source,
      action: context.action,
      issues,
      body: context.body,
    });
  return out;
}
