import type { ParsedJobQuery } from '../../model/query.js';
import type { ListPlan, PushdownCriterion } from '../adapter.js';
import type { ModelArtsStream, NativeSortField } from './api.js';
import { codesFor } from './status.js';

/**
 * How a job query becomes native queries. The engine re-checks every criterion on what comes back,
 * so a stream only has to return a superset of the matches; what it must never do is drop a match,
 * or, without `query.sort`, come in another order than the unfiltered listing (job_id ascending,
 * the API's default when no sortBy is sent).
 */

export const pushdownCriteria: readonly PushdownCriterion[] = ['ids', 'status', 'name', 'sort'];

const sortFields: Partial<Record<string, NativeSortField>> = {
  createdAt: 'create_time',
  name: 'job_name',
  id: 'job_id',
};

// search_content takes 0–64 characters (the SDK reference says 100; the smaller bound is safe).
const searchContentMaximum = 64;
// Job names are 1–20 letters, digits, `_` and `-` (create API). A value of that alphabet cannot
// trip whatever pattern matching the undocumented search uses, so it is a safe value to send.
const plainName = /^[\p{L}\p{N}_-]+$/u;

/** True when `id` is what String(job_id) gives for some number; no other id can match. */
export function isNativeJobId(id: string): boolean {
  if (id === '') return false;
  const number = Number(id);
  return Number.isFinite(number) && String(number) === id;
}

export function planJobs(query: ParsedJobQuery): ListPlan<ModelArtsStream> {
  const pushed: PushdownCriterion[] = [];
  const stream: ModelArtsStream = { status: null, searchContent: null, sortBy: null, order: null };

  // There is no id filter, but a job's id is String(job_id), a number: ids that no number prints
  // as (`job-3n2weaqt`, `007`) match no ModelArts job, and then nothing needs to be asked.
  if (query.ids && !query.ids.some(isNativeJobId)) return { streams: [], pushed: ['ids'] };

  // `status` takes one code. A unified status is several codes (failed is nine, pending six), and
  // `unknown` is code 0 plus every code nobody knows yet, so it cannot be written as codes at all.
  // Only a query that comes down to exactly one code is pushed; several codes are filtered locally
  // from one unfiltered stream, never split into one stream per code:
  // - without query.sort, streams per code would come code by code, not in the job_id order of the
  //   unfiltered listing, and the engine would yield them in that wrong order;
  // - with query.sort the order would not matter, but the cost does. A stream costs at least one
  //   request however few jobs it holds, so k codes cost at least k requests, where local
  //   filtering costs ceil(inventory / per_page). Measured (status-pushdown-cost.test.ts, 10 to
  //   1000 jobs): at per_page 1000 local filtering is one request for any inventory up to 1000
  //   (about the most a project holds: the documented sample has 1 job and 999 still creatable)
  //   and per-code streams cost k; at per_page 100 per-code streams cost more requests up to k
  //   pages of jobs (failed: 9 requests against 1 for 100 jobs, 9 against 3 for 300) and save some
  //   only beyond that (2 against 10 for `running` over 1000 jobs), which raising pageSize to 1000
  //   saves as well. So local filtering it is: it never costs more than the unfiltered listing,
  //   and neither does one pushed code.
  if (query.status) {
    const codes = codesFor(query.status);
    if (codes !== null) {
      if (codes.length === 0) return { streams: [], pushed: ['status'] };
      if (codes.length === 1) {
        stream.status = codes[0] as number;
        pushed.push('status');
      }
    }
  }

  // search_content is "search content, for example, a visualization job name": what it matches
  // (name or description, substring or prefix, letter case) is undocumented. An exact name is
  // found under every one of those readings, so `name` is sent as a narrowing hint. `nameContains`
  // is not: a case-sensitive search would miss `ETL-1` for `etl`, and a prefix search would miss
  // `nightly-etl`, so the cloud could drop jobs the query matches.
  if (query.name !== undefined && query.name.length <= searchContentMaximum && plainName.test(query.name)) {
    stream.searchContent = query.name;
    pushed.push('name');
  }

  // Only with a sort in the query: without one the engine keeps the cloud's own order, which is
  // the order with no sortBy. The engine sorts locally anyway (strings by code units, ids as
  // strings), so this is a hint that lets the cloud do most of the work.
  if (query.sort) {
    const field = sortFields[query.sort.by];
    if (field) {
      stream.sortBy = field;
      stream.order = query.sort.order;
      pushed.push('sort');
    }
  }

  return { streams: [stream], pushed };
}
