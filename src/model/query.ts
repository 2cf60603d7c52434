import { parseISO } from 'date-fns/parseISO';
import { z } from 'zod';
import { InvalidQueryError, issuesFromZod } from '../errors.js';
import { ProviderIdSchema } from './provider.js';
import { JobStatusSchema } from './status.js';

/** One value or a list of them; the parsed form is always a list (any member matches). */
function oneOrMany<T extends z.ZodType>(item: T) {
  return z
    .union([item, z.array(item)])
    .transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[]);
}

// Date-time with an explicit offset; a date alone or a local time is ambiguous, so it is refused.
const isoDateTimeWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export const QueryDateSchema = z
  .union([
    z.date(),
    z
      .string()
      .regex(
        isoDateTimeWithOffset,
        'expected an ISO 8601 date-time with an offset, e.g. 2024-05-01T00:00:00Z',
      ),
  ])
  .transform((value, context) => {
    const date = typeof value === 'string' ? parseISO(value) : value;
    if (Number.isNaN(date.getTime())) {
      context.addIssue({ code: 'custom', message: 'not a valid date' });
      return z.NEVER;
    }
    return new Date(date.getTime());
  });

export const jobSortKeys = ['createdAt', 'name', 'status', 'durationMs', 'provider', 'id'] as const;
export const jobGroupSortKeys = ['name', 'status', 'provider', 'id'] as const;
export type JobSortKey = (typeof jobSortKeys)[number];
export type JobGroupSortKey = (typeof jobGroupSortKeys)[number];
export type SortOrder = 'asc' | 'desc';

function sortSchema<K extends readonly [string, ...string[]]>(keys: K) {
  return z.strictObject({
    by: z.enum(keys),
    order: z.enum(['asc', 'desc']).default('asc'),
  });
}

const text = z.string();

const commonCriteria = {
  providers: oneOrMany(ProviderIdSchema).optional(),
  sources: oneOrMany(text).optional(),
  ids: oneOrMany(text).optional(),
  name: text.optional(),
  nameContains: text.optional(),
  status: oneOrMany(JobStatusSchema).optional(),
  limit: z.number().int().positive().optional(),
};

export const JobQuerySchema = z.strictObject({
  ...commonCriteria,
  zone: oneOrMany(text).optional(),
  groupId: oneOrMany(text).optional(),
  tags: z.record(text.min(1), z.union([text, z.literal(true)])).optional(),
  createdAfter: QueryDateSchema.optional(),
  createdBefore: QueryDateSchema.optional(),
  sort: sortSchema(jobSortKeys).optional(),
});

export const JobGroupQuerySchema = z.strictObject({
  ...commonCriteria,
  sort: sortSchema(jobGroupSortKeys).optional(),
});

/** What a user writes. */
export type JobQuery = z.input<typeof JobQuerySchema>;
export type JobGroupQuery = z.input<typeof JobGroupQuerySchema>;
/** The same after validation: lists are lists, dates are Dates, sort order is filled in. */
export type ParsedJobQuery = z.output<typeof JobQuerySchema>;
export type ParsedJobGroupQuery = z.output<typeof JobGroupQuerySchema>;

const pageRequest = {
  pageSize: z.number().int().min(1).max(1000).default(100),
  cursor: z.string().min(1).nullable().optional(),
};
export const ListJobsRequestSchema = JobQuerySchema.extend(pageRequest);
export const ListJobGroupsRequestSchema = JobGroupQuerySchema.extend(pageRequest);
export type ListJobsRequest = z.input<typeof ListJobsRequestSchema>;
export type ListJobGroupsRequest = z.input<typeof ListJobGroupsRequestSchema>;

/** Validates a query, listing every problem in one InvalidQueryError. */
export function parseQuery<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new InvalidQueryError(issuesFromZod(result.error));
  return result.data;
}
