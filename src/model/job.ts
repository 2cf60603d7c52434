import { z } from 'zod';
import { JobStatusSchema } from './status.js';

export const TaskCountsSchema = z.object({
  submitted: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative(),
  runnable: z.number().int().nonnegative(),
  starting: z.number().int().nonnegative(),
  running: z.number().int().nonnegative(),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  failedInterrupted: z.number().int().nonnegative(),
});
export type TaskCounts = z.infer<typeof TaskCountsSchema>;

/**
 * One job of one cloud in the unified shape. Every key is always present (null where the cloud has
 * no such field) so that a listing has a stable shape for tables and CSV.
 */
export const JobSchema = z.object({
  provider: z.string(),
  source: z.string(),
  id: z.string(),
  name: z.string().nullable(),
  status: JobStatusSchema,
  nativeStatus: z.string().nullable(),
  statusDetail: z.string().nullable(),
  region: z.string().nullable(),
  zone: z.string().nullable(),
  groupId: z.string().nullable(),
  createdAt: z.date().nullable(),
  startedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
  durationMs: z.number().nullable(),
  priority: z.number().nullable(),
  description: z.string().nullable(),
  url: z.string().nullable(),
  tags: z.record(z.string(), z.string()),
  tasks: TaskCountsSchema.nullable(),
  raw: z.unknown(),
});
export type Job = z.infer<typeof JobSchema>;

/** The keys of a Job in their documented order (columns of tables and CSV). */
export const jobFields = Object.keys(JobSchema.shape) as (keyof Job)[];
