import { z } from 'zod';

/**
 * The native shapes of DescribeJobs (API 2017-03-12), as lean as validation allows: every JobView
 * field is optional and nullable (the SDK types say so, and the documented example has
 * `"EndTime": null`), and objects are loose so that fields Tencent adds later pass through (they stay
 * in `raw`). Only what normalization reads is checked, and the ids without which a job has no
 * identity are required.
 */

const count = z.number().int().nonnegative().nullish();
const text = z.string().nullish();

export const TaskMetricsSchema = z.looseObject({
  SubmittedCount: count,
  PendingCount: count,
  RunnableCount: count,
  StartingCount: count,
  RunningCount: count,
  SucceedCount: count,
  FailedInterruptedCount: count,
  FailedCount: count,
});

export const PlacementSchema = z.looseObject({ Zone: text });

export const TagSchema = z.looseObject({ Key: z.string(), Value: text });

export const JobViewSchema = z.looseObject({
  JobId: z.string().min(1),
  JobName: text,
  JobState: text,
  Priority: z.number().nullish(),
  Placement: PlacementSchema.nullish(),
  CreateTime: text,
  EndTime: text,
  TaskMetrics: TaskMetricsSchema.nullish(),
  Tags: z.array(TagSchema).nullish(),
});
export type JobView = z.output<typeof JobViewSchema>;

export const DescribeJobsResponseSchema = z.looseObject({
  Response: z.looseObject({
    // Present in every listing; null is tolerated as "no jobs" and "total not said".
    JobSet: z.array(JobViewSchema).nullable(),
    TotalCount: z.number().int().nonnegative().nullable(),
    RequestId: text,
  }),
});
export type DescribeJobsResponse = z.output<typeof DescribeJobsResponseSchema>;

/** API 3.0's error envelope: `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`. */
export const ErrorResponseSchema = z.looseObject({
  Response: z.looseObject({
    Error: z.looseObject({ Code: z.string().min(1), Message: text }),
    RequestId: text,
  }),
});
export type ErrorResponse = z.output<typeof ErrorResponseSchema>;

/*
 * Hand-written guards that accept a subset of what the schemas above accept, checked without
 * building a copy of the record. A listing page is read through them first: zod's parse allocates
 * an output object per record and costs about as much as JSON.parse of the page, and a page is
 * read for every hundred jobs listed. Only when a guard says no does zod run, to name the field
 * paths (or, should a guard be stricter than its schema somewhere, to accept the page after all);
 * so the schemas stay the definition, and tests check that a guard never accepts what its schema
 * refuses.
 */

type Guarded = Record<string, unknown>;

function isRecord(value: unknown): value is Guarded {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOptionalText(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string';
}

function isOptionalCount(value: unknown): boolean {
  return value === undefined || value === null || (Number.isSafeInteger(value) && (value as number) >= 0);
}

function isTaskMetrics(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (!isRecord(value)) return false;
  return (
    isOptionalCount(value.SubmittedCount) &&
    isOptionalCount(value.PendingCount) &&
    isOptionalCount(value.RunnableCount) &&
    isOptionalCount(value.StartingCount) &&
    isOptionalCount(value.RunningCount) &&
    isOptionalCount(value.SucceedCount) &&
    isOptionalCount(value.FailedInterruptedCount) &&
    isOptionalCount(value.FailedCount)
  );
}

function isTags(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (!Array.isArray(value)) return false;
  for (const tag of value)
    if (!isRecord(tag) || typeof tag.Key !== 'string' || !isOptionalText(tag.Value)) return false;
  return true;
}

/** True only for values JobViewSchema accepts. */
export function isJobView(value: unknown): value is JobView {
  if (!isRecord(value)) return false;
  const { JobId, Priority, Placement } = value;
  return (
    typeof JobId === 'string' &&
    JobId.length > 0 &&
    isOptionalText(value.JobName) &&
    isOptionalText(value.JobState) &&
    (Priority === undefined ||
      Priority === null ||
      (typeof Priority === 'number' && Number.isFinite(Priority))) &&
    (Placement === undefined ||
      Placement === null ||
      (isRecord(Placement) && isOptionalText(Placement.Zone))) &&
    isOptionalText(value.CreateTime) &&
    isOptionalText(value.EndTime) &&
    isTaskMetrics(value.TaskMetrics) &&
    isTags(value.Tags)
  );
}

/** True only for values DescribeJobsResponseSchema accepts. */
export function isDescribeJobsResponse(value: unknown): value is DescribeJobsResponse {
  if (!isRecord(value) || !isRecord(value.Response)) return false;
  const { JobSet, TotalCount, RequestId } = value.Response;
  if (!(TotalCount === null || (Number.isSafeInteger(TotalCount) && (TotalCount as number) >= 0)))
    return false;
  if (!isOptionalText(RequestId)) return false;
  if (JobSet === null) return true;
  if (!Array.isArray(JobSet)) return false;
  for (const view of JobSet) if (!isJobView(view)) return false;
  return true;
}
