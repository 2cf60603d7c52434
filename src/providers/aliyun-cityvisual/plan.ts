import type { ParsedJobGroupQuery, ParsedJobQuery } from '../../model/query.js';
import type { ListPlan } from '../adapter.js';
import { isEncodable } from './sign.js';

/**
 * Turns a query into DescribeJobGroups streams. The only native filter is `JobGroupId` (one id per
 * request); it narrows `groupId` for jobs and `ids` for groups. The engine re-applies every
 * criterion, so a stream may bring more than the matches but never fewer.
 *
 * Without `query.sort` there is at most one stream: the engine then yields in the cloud's order,
 * and several single-group streams one after the other would be in the order of the ids asked,
 * not in that order. So several ids are pushed down only when the query sorts; otherwise the one
 * unfiltered listing is read and filtered locally.
 */
export interface DescribeJobGroupsStream {
  /** `JobGroupId`: list this group only. */
  jobGroupId?: string;
}

const everything: ListPlan<DescribeJobGroupsStream> = { streams: [{}], pushed: [] };

function planGroupIds(
  ids: readonly string[],
  sorted: boolean,
  criterion: 'groupId' | 'ids',
): ListPlan<DescribeJobGroupsStream> {
  // Every group has a non-empty JobGroupId (the schema requires one), so '' names none.
  const wanted = [...new Set(ids)].filter((id) => id !== '');
  if (wanted.length === 0) return { streams: [], pushed: [criterion] };
  // An id that cannot be percent-encoded cannot be sent exactly; read everything and match locally.
  if (!wanted.every(isEncodable)) return everything;
  if (wanted.length > 1 && !sorted) return everything;
  return { streams: wanted.map((jobGroupId) => ({ jobGroupId })), pushed: [criterion] };
}

/** Jobs: `groupId` → JobGroupId. Nothing else has a native filter. */
export function planJobs(query: ParsedJobQuery): ListPlan<DescribeJobGroupsStream> {
  return query.groupId ? planGroupIds(query.groupId, query.sort !== undefined, 'groupId') : everything;
}

/** Groups: `ids` → JobGroupId. */
export function planJobGroups(query: ParsedJobGroupQuery): ListPlan<DescribeJobGroupsStream> {
  return query.ids ? planGroupIds(query.ids, query.sort !== undefined, 'ids') : everything;
}
