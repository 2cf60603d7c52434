import { z } from 'zod';
import { JobSchema } from './job.js';
import { JobStatusSchema } from './status.js';

/** A group of compute jobs (providers that have groups). Every key is always present. */
export const JobGroupSchema = z.object({
  provider: z.string(),
  source: z.string(),
  id: z.string(),
  name: z.string().nullable(),
  status: JobStatusSchema,
  nativeStatus: z.string().nullable(),
  region: z.string().nullable(),
  algorithmLibraryId: z.string().nullable(),
  resourceProfileId: z.string().nullable(),
  plannedJobCount: z.number().nullable(),
  jobCount: z.number().nullable(),
  streamsPerJob: z.number().nullable(),
  params: z.record(z.string(), z.string()),
  jobs: z.array(JobSchema),
  raw: z.unknown(),
});
export type JobGroup = z.infer<typeof JobGroupSchema>;

export const jobGroupFields = Object.keys(JobGroupSchema.shape) as (keyof JobGroup)[];
