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
