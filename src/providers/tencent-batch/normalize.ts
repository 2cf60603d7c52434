import { type Issue, MalformedResponseError } from '../../errors.js';
import type { Job, TaskCounts } from '../../model/job.js';
import type { NormalizeContext } from '../response.js';
import { boundIssues } from '../response.js';
import { parseTimestamp } from '../time.js';
import type { JobView } from './schema.js';
import { jobStates } from './status.js';

export type { NormalizeContext } from '../response.js';

type TaskMetrics = NonNullable<JobView['TaskMetrics']>;

/**
 * A count the cloud leaves out (or sends as null) is 0: a state no task is in is what an absent
 * count most plausibly means, and `raw` keeps the record as it came.
 */
function tasksOf(metrics: TaskMetrics): TaskCounts {
  return {
    submitted: metrics.SubmittedCount ?? 0,
    pending: metrics.PendingCount ?? 0,
    runnable: metrics.RunnableCount ?? 0,
    starting: metrics.StartingCount ?? 0,
    running: metrics.RunningCount ?? 0,
    succeeded: metrics.SucceedCount ?? 0,
    failed: metrics.FailedCount ?? 0,
    failedInterrupted: metrics.FailedInterruptedCount ?? 0,
  };
}

function tagsOf(tags: NonNullable<JobView['Tags']>): Record<string, string> {
  const out: Record<string, string> = {};
  // A key-only tag (no Value) still means "has this key", which a `{ key: true }` query must find.
  for (const tag of tags) {
    const value = tag.Value ?? '';
    // `__proto__` is a key like any other to the cloud; assigned, it would set the prototype instead.
    if (tag.Key === '__proto__')
      Object.defineProperty(out, tag.Key, { value, enumerable: true, writable: true, configurable: true });
    else out[tag.Key] = value;
  }
  return out;
}

/**
 * One JobView in the unified shape (DESIGN's table). A timestamp that is present but unreadable
 * is a malformed response, reported with its field path, rather than a job silently without a date.
 */
export function normalizeJob(
  view: JobView,
  raw: unknown,
  index: number,
  context: NormalizeContext,
  issues: Issue[],
): Job {
  const createdAt = parseTimestamp(view.CreateTime);
  const endedAt = parseTimestamp(view.EndTime);
  if (createdAt === undefined)
    issues.push({ path: `Response.JobSet[${index}].CreateTime`, message: 'not an ISO 8601 date-time' });
  if (endedAt === undefined)
    issues.push({ path: `Response.JobSet[${index}].EndTime`, message: 'not an ISO 8601 date-time' });
  const created = createdAt ?? null;
  const ended = endedAt ?? null;
  const state = view.JobState ?? null;
  return {
    provider: context.provider,
    source: context.source,
    id: view.JobId,
    name: view.JobName ?? null,
    status: jobStates.toUnified(state),
    nativeStatus: state,
    statusDetail: null,
    region: context.region,
    zone: view.Placement?.Zone ?? null,
    groupId: null,
    createdAt: created,
    startedAt: null,
    endedAt: ended,
    durationMs: created && ended ? ended.getTime() - created.getTime() : null,
    priority: view.Priority ?? null,
    description: null,
    url: null,
    tags: view.Tags ? tagsOf(view.Tags) : {},
    tasks: view.TaskMetrics ? tasksOf(view.TaskMetrics) : null,
    raw,
  };
}

/** Every job of a page; `rawJobs` are the JobSet elements exactly as parsed from the body. */
export function normalizeJobs(
  views: readonly JobView[],
  rawJobs: readonly unknown[],
  context: NormalizeContext,
): Job[] {
  const issues: Issue[] = [];
  const jobs = new Array<Job>(views.length);
  for (let index = 0; index < views.length; index++)
    jobs[index] = normalizeJob(views[index] as JobView, rawJobs[index], index, context, issues);
  if (issues.length > 0)
    throw new MalformedResponseError({
      provider: context.provider,
      source: context.source,
      action: context.action,
      issues: boundIssues(issues),
      body: context.body,
    });
  return jobs;
}
