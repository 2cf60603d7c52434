import { z } from 'zod';

/**
 * The native shapes of GET /v1/{project_id}/visualization-jobs (modelarts_03_0065). Only the fields
 * the model reads are checked; everything else a record holds (train_url, resource_id, schedule,
 * remaining_duration, whatever the cloud adds) passes untouched into `raw`, which is the record as
 * JSON.parse gave it, not the validated copy.
 */

export const NativeJobSchema = z.object({
  /** Long in the documents; the job's identity. */
  job_id: z.number(),
  job_name: z.string().nullish(),
  /** A code from Job Statuses; a missing one is an unknown status, not a broken record. */
  status: z.number().nullish(),
  /** Epoch milliseconds. */
  create_time: z.number().nullish(),
  /** Milliseconds. */
  duration: z.number().nullish(),
  job_desc: z.string().nullish(),
  service_url: z.string().nullish(),
});
export type NativeJob = z.infer<typeof NativeJobSchema>;

export const ListVisualizationJobsResponseSchema = z.object({
  is_success: z.boolean().optional(),
  /** Jobs matching the query's filters over all pages. */
  job_total_count: z.number().int().nonnegative().nullish(),
  jobs: z.array(NativeJobSchema),
});
export type ListVisualizationJobsResponse = z.infer<typeof ListVisualizationJobsResponseSchema>;

/**
 * What a failure may carry. ModelArts' own errors say `error_message` (older pages and the SDK
 * reference say `error_msg`), the API Gateway's say `error_msg` beside a `request_id`.
 */
export interface NativeErrorBody {
  is_success?: unknown;
  error_code?: unknown;
  error_message?: unknown;
  error_msg?: unknown;
  request_id?: unknown;
}
