import type { Job } from '../model/job.js';
import type { JobGroup } from '../model/job-group.js';
import type { ParsedJobGroupQuery, ParsedJobQuery } from '../model/query.js';

/** The criteria a job group and a job share. */
type CommonCriteria = Pick<
  ParsedJobQuery,
  'providers' | 'sources' | 'ids' | 'name' | 'nameContains' | 'status'
>;
type CommonRecord = Pick<Job, 'provider' | 'source' | 'id' | 'name' | 'status'>;

function matchesCommon(
  record: CommonRecord,
  query: CommonCriteria,
  lowerNeedle: string | undefined,
): boolean {
  if (query.providers && !query.providers.includes(record.provider)) return false;
  if (query.sources && !query.sources.includes(record.source)) return false;
  if (query.ids && !query.ids.includes(record.id)) return false;
  if (query.status && !query.status.includes(record.status)) return false;
  if (query.name !== undefined && record.name !== query.name) return false;
  if (lowerNeedle !== undefined && (record.name === null || !record.name.toLowerCase().includes(lowerNeedle)))
    return false;
  return true;
}

/** A predicate for DESIGN's exact semantics: every given criterion holds; a list matches any member. */
export function jobMatcher(query: ParsedJobQuery): (job: Job) => boolean {
  const needle = query.nameContains?.toLowerCase();
  const tags = query.tags ? Object.entries(query.tags) : null;
  const after = query.createdAfter?.getTime();
  const before = query.createdBefore?.getTime();
  return (job) => {
    if (!matchesCommon(job, query, needle)) return false;
    if (query.zone && (job.zone === null || !query.zone.includes(job.zone))) return false;
    if (query.groupId && (job.groupId === null || !query.groupId.includes(job.groupId))) return false;
    if (tags) {
      for (const [key, wanted] of tags) {
        if (!Object.hasOwn(job.tags, key)) return false;
        if (wanted !== true && job.tags[key] !== wanted) return false;
      }
    }
    if (after !== undefined || before !== undefined) {
      // A job whose creation time is unknown can be neither after nor before anything.
      if (job.createdAt === null) return false;
      const created = job.createdAt.getTime();
      if (after !== undefined && created < after) return false;
      if (before !== undefined && created >= before) return false;
    }
    return true;
  };
}

export function jobGroupMatcher(query: ParsedJobGroupQuery): (group: JobGroup) => boolean {
  const needle = query.nameContains?.toLowerCase();
  return (group) => matchesCommon(group, query, needle);
}
