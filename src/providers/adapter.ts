import type { Job } from '../model/job.js';
import type { JobGroup } from '../model/job-group.js';
import type { ParsedJobGroupQuery, ParsedJobQuery } from '../model/query.js';
import type { Transport } from '../transport/transport.js';

/**
 * The contract between the engine and a provider. The engine knows nothing of any cloud: it asks a
 * lister to plan a query into native streams, fetches their pages, and applies every criterion
 * locally, so pushdown only narrows what is fetched and never decides what matches.
 */

/**
 * Which page to fetch. Numbered paging uses `index` (0-based page number) and `size`, which may
 * differ from one request to the next (the engine overlaps pages to detect a list shifting under
 * the scan); `offset` is always `index × size`. Offset paging uses `offset` and `size`, and
 * `offset` may be anything. Token paging uses `token`.
 */
export interface PageRequest {
  index: number;
  size: number;
  /** The position of the first record asked for. */
  offset: number;
  /** The previous page's `nextToken` for token paging; null for the first page. */
  token: string | null;
}

export interface NativePage<Item> {
  items: Item[];
  /**
   * How many native records the page held. It differs from `items.length` when a record holds
   * several items (a group and its jobs); an empty page (0) ends a stream.
   */
  count: number;
  /** Native records matching the stream's native query, when the cloud says. */
  total: number | null;
  /** Token paging: where the next page starts; null, empty or repeated ends the stream. */
  nextToken?: string | null;
  /**
   * The identity of each native record on the page, in order, when it is not the id of each item
   * (records that hold several items: a group and its jobs). The engine checks pages against each
   * other by these keys.
   */
  keys?: string[];
}

export interface FetchContext {
  signal: AbortSignal;
}

export interface ListPlan<Stream = unknown> {
  /**
   * Native queries, listed one after the other, each paged on its own. Empty means nothing can
   * match (a value the cloud would reject as malformed, say): no request is sent.
   */
  streams: readonly Stream[];
  /** The query criteria that went into native parameters, for `explain()` and tests. */
  pushed: readonly string[];
}

export interface Lister<Item, Query, Stream = unknown> {
  /**
   * `offset`: any offset and size (Offset/Limit); `numbered`: page number and page size, so an
   * offset must be a multiple of the size; `token`: the cloud hands out the next page's token.
   */
  readonly paging: 'offset' | 'numbered' | 'token';
  /** Native page size used when fetching (the largest; overlapping reads may ask for less). */
  readonly pageSize: number;
  /** Native pages in flight at once (the rate limit still spaces their sending). */
  readonly concurrency: number;
  /**
   * Splits a query into native streams. Called with an empty query when pushdown is off. A stream
   * may return a superset of the matches, never fewer. Without `query.sort`, the streams together
   * must come in the order the cloud lists with no native filter or sort.
   */
  plan(query: Query): ListPlan<Stream>;
  fetchPage(stream: Stream, page: PageRequest, context: FetchContext): Promise<NativePage<Item>>;
}

export type PushdownCriterion =
  | 'ids'
  | 'name'
  | 'nameContains'
  | 'status'
  | 'zone'
  | 'groupId'
  | 'tags'
  | 'createdAfter'
  | 'createdBefore'
  | 'sort';

export interface AdapterCapabilities {
  /** Criteria the adapter can turn into native parameters (a value it cannot may still be kept local). */
  pushdown: {
    jobs: readonly PushdownCriterion[];
    jobGroups: readonly PushdownCriterion[];
  };
  /** Provider-only operations this adapter implements. */
  operations: readonly ProviderOperation[];
}

export type ProviderOperation = 'createJobGroup' | 'modifyJobGroup';

/** What every provider instance is. */
export interface Adapter {
  /** The provider id: `tencent-batch`. */
  readonly providerId: string;
  /** The instance name: `tencent-batch:ap-guangzhou` unless given. */
  readonly name: string;
  readonly region: string;
  readonly capabilities: AdapterCapabilities;
  readonly jobLister: Lister<Job, ParsedJobQuery> | null;
  /** Null for providers without job groups. */
  readonly jobGroupLister: Lister<JobGroup, ParsedJobGroupQuery> | null;
  /** The way to the cloud (rate limit, retries); observe it for progress. */
  readonly transport: Transport;
}
