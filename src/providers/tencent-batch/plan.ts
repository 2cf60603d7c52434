import type { ParsedJobQuery } from '../../model/query.js';
import type { JobStatus } from '../../model/status.js';
import type { ListPlan } from '../adapter.js';
import type { DescribeJobsFilter, DescribeJobsStream } from './api.js';
import { jobStates } from './status.js';

/**
 * Turns a query into DescribeJobs streams. The engine re-applies every criterion to what comes
 * back, so a stream may return more than the matches but never fewer: each rule below either
 * narrows exactly, narrows loosely, or is left out. Without `query.sort` there is exactly one
 * stream (or none), because the engine then yields jobs in the order the cloud lists them and
 * several streams one after the other would not be in that order.
 */

/** `JobIds` takes at most 100 ids (legacy API 2.0 doc, 599/12686). */
export const maximumJobIds = 100;
/**
 * Values of one Filter. Batch publishes no number (PROVIDER-FACTS §1.2; the code
 * `InvalidParameterValue.LimitExceeded` shows there is one); 100, like JobIds, is what ids need.
 */
export const maximumFilterValues = 100;
/**
 * Filters of one request. Unpublished for Batch; 10 is Tencent's limit where it is published
 * (CVM). Dropping a filter only loosens a stream, so this costs nothing in correctness.
 */
export const maximumFilters = 10;

/**
 * Tencent job ids as the documents show them (`job-3n2weaqt`, `job-7e7evk2x`): `job-` and eight
 * lowercase letters or digits. Anything else is refused as `InvalidParameter.JobIdMalformed`,
 * so it cannot be the id of any job there.
 */
const jobIdPattern = /^job-[a-z0-9]{8}$/;

export function isJobId(value: string): boolean {
  return jobIdPattern.test(value);
}

const nothing: ListPlan<DescribeJobsStream> = { streams: [], pushed: [] };

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += size) out.push(values.slice(start, start + size));
  return out;
}

/**
 * The `job-state` values of a status query, `null` when status cannot be pushed, or `[]` when no
 * Tencent job can have any of the statuses.
 */
export function jobStateValues(statuses: readonly JobStatus[]): string[] | null {
  // `unknown` is every JobState outside the table, a set no list of values can name.
  if (statuses.includes('unknown')) return null;
  return jobStates.toNative(statuses);
}

export function planDescribeJobs(query: ParsedJobQuery, region: string): ListPlan<DescribeJobsStream> {
  const pushed: string[] = [];
  const filters: DescribeJobsFilter[] = [];

  // A Tencent job belongs to no job group (groupId is always null), so no job can match.
  if (query.groupId) return { ...nothing, pushed: ['groupId'] };

  let ids: string[] | null = null;
  if (query.ids) {
    ids = unique(query.ids.filter(isJobId));
    if (ids.length === 0) return { ...nothing, pushed: ['ids'] };
  }

  if (query.status) {
    const states = jobStateValues(query.status);
    if (states !== null) {
      // `stopping` and `stopped` have no JobState: asked for alone, nothing can match.
      if (states.length === 0) return { ...nothing, pushed: ['status'] };
      filters.push({ Name: 'job-state', Values: states });
      pushed.push('status');
    }
  }

  // The JobName match is assumed exact or broader (a substring or case-insensitive match would
  // only return more); the engine's exact comparison decides. An empty name is not sent: the cloud
  // may refuse an empty filter value, and no job submitted to Batch is nameless.
  if (query.name !== undefined && query.name !== '') {
    filters.push({ Name: 'job-name', Values: [query.name] });
    pushed.push('name');
  }

  if (query.zone) {
    const zones = unique(query.zone);
    // Zones are named `<region>-<n>`. A zone of another region is refused
    // (`InvalidZone.MismatchRegion`); rather than guess no job can carry it, zone then stays local.
    const prefix = `${region}-`;
    if (zones.length <= maximumFilterValues && zones.every((zone) => zone.startsWith(prefix))) {
      filters.push({ Name: 'zone', Values: zones });
      pushed.push('zone');
    }
  }

  if (query.tags) {
    const tagFilters: DescribeJobsFilter[] = [];
    let requiredKey: string | null = null;
    for (const [key, wanted] of Object.entries(query.tags)) {
      // `tag:<key>` matches key and value; an empty value is asked as "has the key" (looser) since
      // an empty filter value may be refused.
      if (wanted !== true && wanted !== '') tagFilters.push({ Name: `tag:${key}`, Values: [wanted] });
      // The values of one `tag-key` filter are ORed, so it can carry only one of several required
      // keys: any one narrows, and the others are checked locally.
      else requiredKey ??= key;
    }
    if (requiredKey !== null) tagFilters.unshift({ Name: 'tag-key', Values: [requiredKey] });
    const room = maximumFilters - filters.length - (ids ? 1 : 0);
    const kept = tagFilters.slice(0, Math.max(0, room));
    if (kept.length > 0) {
      filters.push(...kept);
      pushed.push('tags');
    }
  }

  if (ids) {
    const parts = chunks(ids, Math.min(maximumJobIds, maximumFilterValues));
    // Several id streams one after the other are in native order only within each; without a sort
    // that would reorder the listing, so ids beyond one request's worth are then matched locally.
    if (parts.length === 1 || query.sort) {
      pushed.unshift('ids');
      // JobIds cannot be combined with Filters: with other filters, ids become a `job-id` filter.
      const streams = parts.map((part) =>
        filters.length === 0 ? { jobIds: part } : { filters: [{ Name: 'job-id', Values: part }, ...filters] },
      );
      return { streams, pushed };
    }
  }
  return { streams: [filters.length === 0 ? {} : { filters }], pushed };
}
