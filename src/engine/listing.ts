import { type CloudJobsError, PartialFailureError, type ProviderError, toCloudJobsError } from '../errors.js';
import type { SortOrder } from '../model/query.js';
import type { Adapter, Lister, ListPlan } from '../providers/adapter.js';
import { BatchItems } from './batch-items.js';
import { type Cursor, decodeCursor, encodeCursor, fingerprint, type NativeCursor } from './cursor.js';
import { dedupeWindow, RecentIds } from './dedupe.js';
import { BoundedHeap } from './heap.js';
import { compareKeys, type Sortable, type SortKeyTuple, sortKeyTuple } from './order.js';
import {
  listingStart,
  type PageEvent,
  type Position,
  type PositionedPage,
  paginate,
  positionOf,
} from './paginate.js';

/** The part of a parsed query the engine itself reads; the rest is for the matcher and the planner. */
export interface ListingQuery {
  providers?: string[] | undefined;
  sources?: string[] | undefined;
  sort?: { by: string; order: SortOrder } | undefined;
  limit?: number | undefined;
}

export interface ListingSource<Item, Query> {
  adapter: Adapter;
  /** Null when the adapter has no such resource (job groups). */
  lister: Lister<Item, Query> | null;
}

export interface SourcePageEvent extends PageEvent {
  kind: Cursor['kind'];
  provider: string;
  source: string;
}

export interface ListingSpec<Item extends Sortable, Query extends ListingQuery> {
  kind: Cursor['kind'];
  /** Every adapter of the client, in the order given to createClient. */
  sources: readonly ListingSource<Item, Query>[];
  query: Query;
  matches: (item: Item) => boolean;
  /** False: plan every stream from an empty query, so every criterion is applied locally. */
  pushdown: boolean;
  /** Records each read shares with the one before, to detect a list shifting under the scan (0: off). */
  overlap: number;
  failFast: boolean;
  signal: AbortSignal;
  onPage?: ((event: SourcePageEvent) => void) | undefined;
  /** Without sort: every instance read at once, its items passed on as its reads arrive. */
  interleave?: boolean | undefined;
}

interface Selected<Item, Query> {
  /** Index among all of the client's adapters: stable, so cursors can name it. */
  index: number;
  adapter: Adapter;
  lister: Lister<Item, Query>;
}

/** The adapters a query can match at all; the others are not asked. */
export function selectSources<Item, Query extends ListingQuery>(
  sources: readonly ListingSource<Item, Query>[],
  query: ListingQuery,
): Selected<Item, Query>[] {
  const selected: Selected<Item, Query>[] = [];
  sources.forEach(({ adapter, lister }, index) => {
    if (!lister) return;
    if (query.providers && !query.providers.includes(adapter.providerId)) return;
    if (query.sources && !query.sources.includes(adapter.name)) return;
    selected.push({ index, adapter, lister });
  });
  return selected;
}

function planFor<Item, Query extends ListingQuery>(
  spec: ListingSpec<Item & Sortable, Query>,
  lister: Lister<Item, Query>,
): ListPlan {
  return lister.plan(spec.pushdown ? spec.query : ({} as Query));
}

/** A cursor is valid only for the same kind, query (paging aside), providers and pushdown setting. */
function queryFingerprint(
  spec: Pick<ListingSpec<Sortable, ListingQuery>, 'query' | 'sources' | 'pushdown'>,
): string {
  return fingerprint({
    query: spec.query,
    sources: spec.sources.map(({ adapter }) => adapter.name),
    pushdown: spec.pushdown,
  });
}

function failure(error: unknown, adapter: Adapter, signal: AbortSignal): ProviderError {
  // The caller's own abort ends the whole listing; it is not one provider failing.
  if (signal.aborted) throw signal.reason;
  const wrapped: CloudJobsError = toCloudJobsError(error, {
    provider: adapter.providerId,
    source: adapter.name,
  });
  return { source: adapter.name, provider: adapter.providerId, error: wrapped };
}

/** The matching items of one read, and where each sits on it. */
interface Batch<Item> {
  items: Item[];
  /**
   * The index of each item on the read, for `positionOf`; null when the items are the read's own
   * from `start` on, none left out in between.
   */
  indexes: number[] | null;
  start: number;
  page: PositionedPage<Item>;
}

function indexOnPage(batch: Batch<unknown>, entry: number): number {
  return batch.indexes ? (batch.indexes[entry] as number) : batch.start + entry;
}

/**
 * One source's matching items in native order, deduplicated within a window, a read at a time
 * (reads with no match are not passed on).
 */
async function* sourceItems<Item extends Sortable, Query extends ListingQuery>(
  spec: ListingSpec<Item, Query>,
  source: Selected<Item, Query>,
  options: { start?: Position | undefined; signal: AbortSignal; demand?: () => number },
): AsyncGenerator<Batch<Item>> {
  const { adapter, lister } = source;
  const recent = new RecentIds(dedupeWindow(lister.pageSize, lister.concurrency));
  const plan = planFor(spec, lister);
  for await (const page of paginate<Item>(lister as Lister<Item, unknown>, plan, {
    start: options.start,
    signal: options.signal,
    demand: options.demand,
    overlap: spec.overlap,
    keyOf: (item: unknown) => (item as Item).id,
    onPage: spec.onPage
      ? (event) =>
          spec.onPage?.({ ...event, kind: spec.kind, provider: adapter.providerId, source: adapter.name })
      : undefined,
  })) {
    // Until an item is left out after the first kept one, the kept items are a run of the read's
    // own array, passed on without copying item by item.
    let start = -1;
    let items: Item[] | null = null;
    let indexes: number[] | null = null;
    for (let index = 0; index < page.items.length; index++) {
      const item = page.items[index] as Item;
      // Every item is offered to the window, delivered ones too: later overlapping reads repeat them.
      const fresh = recent.firstSighting(item.id);
      if (index < page.delivered) continue;
      const kept = fresh && spec.matches(item);
      if (items && indexes) {
        if (kept) {
          items.push(item);
          indexes.push(index);
        }
      } else if (kept) {
        if (start < 0) start = index;
      } else if (start >= 0) {
        const from = start;
        items = page.items.slice(from, index);
        indexes = items.map((_, entry) => from + entry);
      }
    }
    if (items) yield { items, indexes, start: 0, page };
    else if (start >= 0)
      yield { items: start === 0 ? page.items : page.items.slice(start), indexes: null, start, page };
  }
}

/**
 * Every matching item. Without sort: instance by instance in the order of the client's providers,
 * each in its cloud's order. With sort: DESIGN's total order. A failing instance does not hide the
 * others: their items come, then one PartialFailureError (or, with failFast, the first failure).
 */
export function iterateListing<Item extends Sortable, Query extends ListingQuery>(
  spec: ListingSpec<Item, Query>,
): AsyncIterableIterator<Item, undefined> {
  // The listings pass on batches, never single items: a level of async generator costs a promise
  // round trip per value it yields, and BatchItems hands out items without one.
  if (spec.query.sort) return new BatchItems(sortedListing(spec, spec.query.sort));
  return new BatchItems(spec.interleave ? interleavedListing(spec) : nativeListing(spec));
}

/** The part of `items` that fits under the limit. */
function withinLimit<Item>(items: Item[], room: number): Item[] {
  return items.length > room ? items.slice(0, room) : items;
}

async function* nativeListing<Item extends Sortable, Query extends ListingQuery>(
  spec: ListingSpec<Item, Query>,
): AsyncGenerator<Item[], void, undefined> {
  spec.signal.throwIfAborted();
  const selected = selectSources(spec.sources, spec.query);
  const limit = spec.query.limit ?? Number.POSITIVE_INFINITY;
  let emitted = 0;
  const errors: ProviderError[] = [];
  const controller = new AbortController();
  const signal = AbortSignal.any([spec.signal, controller.signal]);
  const demand = () => limit - emitted;
  const streams = selected.map((source) => sourceItems(spec, source, { signal, demand }));
  // Without a limit every instance starts at once, so later ones have their first pages ready
  // when their turn comes; with a limit they wait, since their turn may never come.
  const primed = streams.map((stream) => (Number.isFinite(limit) ? null : stream.next()));
  // failFast means the first failure in time, even of an instance whose turn has not come.
  let early: CloudJobsError | null = null;
  for (const [position, promise] of primed.entries()) {
    promise?.catch((error) => {
      if (!spec.failFast || early || spec.signal.aborted) return;
      early = failure(error, (selected[position] as Selected<Item, Query>).adapter, spec.signal).error;
      controller.abort();
    });
  }
  try {
    sources: for (const [position, stream] of streams.entries()) {
      const source = selected[position] as Selected<Item, Query>;
      try {
        let step = await (primed[position] ?? stream.next());
        while (!step.done) {
          const batch = withinLimit(step.value.items, limit - emitted);
          emitted += batch.length;
          yield batch;
          if (emitted >= limit) break sources;
          step = await stream.next();
        }
      } catch (error) {
        if (early) throw early;
        const failed = failure(error, source.adapter, spec.signal);
        if (spec.failFast) throw failed.error;
        errors.push(failed);
      }
    }
  } finally {
    controller.abort();
    await Promise.allSettled(streams.map((stream) => stream.return(undefined)));
  }
  if (errors.length > 0) throw new PartialFailureError(errors);
}

type Arrival<Item> =
  | { position: number; step: IteratorResult<Batch<Item>> }
  | { position: number; failed: unknown };

/**
 * Without sort, when the caller does not need instance by instance: every instance is read at
 * once and each read's items are passed on as it arrives, so the listing takes as long as its
 * slowest instance rather than all of them in turn. Each instance keeps its cloud's order, and
 * each holds at most the read being passed on plus its own reads in flight, so memory stays
 * bounded as it does instance by instance.
 */
async function* interleavedListing<Item extends Sortable, Query extends ListingQuery>(
  spec: ListingSpec<Item, Query>,
): AsyncGenerator<Item[], void, undefined> {
  spec.signal.throwIfAborted();
  const selected = selectSources(spec.sources, spec.query);
  const limit = spec.query.limit ?? Number.POSITIVE_INFINITY;
  let emitted = 0;
  const failures = new Map<number, ProviderError>();
  const controller = new AbortController();
  const signal = AbortSignal.any([spec.signal, controller.signal]);
  const demand = () => limit - emitted;
  const streams = selected.map((source) => sourceItems(spec, source, { signal, demand }));
  const waiting = new Map<number, Promise<Arrival<Item>>>();
  const request = (position: number) =>
    waiting.set(
      position,
      (streams[position] as AsyncGenerator<Batch<Item>>).next().then(
        (step) => ({ position, step }),
        (failed: unknown) => ({ position, failed }),
      ),
    );
  streams.forEach((_, position) => {
    request(position);
  });
  try {
    while (waiting.size > 0) {
      const arrival = await Promise.race(waiting.values());
      // A read that arrived before the caller aborted is not passed on after it.
      spec.signal.throwIfAborted();
      const { position } = arrival;
      waiting.delete(position);
      if ('failed' in arrival) {
        const failed = failure(
          arrival.failed,
          (selected[position] as Selected<Item, Query>).adapter,
          spec.signal,
        );
        if (spec.failFast) throw failed.error;
        failures.set(position, failed);
        continue;
      }
      if (arrival.step.done) continue;
      // The instance's next read is asked for before this one is passed on, as a plain loop over
      // one instance would have it in flight.
      request(position);
      const batch = withinLimit(arrival.step.value.items, limit - emitted);
      emitted += batch.length;
      yield batch;
      if (emitted >= limit) break;
    }
  } finally {
    controller.abort();
    await Promise.allSettled(streams.map((stream) => stream.return(undefined)));
  }
  // Errors in the order of the client's providers, not in the order they happened.
  const errors = [...failures.entries()].sort(([a], [b]) => a - b).map(([, error]) => error);
  if (errors.length > 0) throw new PartialFailureError(errors);
}

interface Keyed<Item> {
  key: SortKeyTuple;
  item: Item;
}

/**
 * Scans every selected instance at once and keeps what the order needs: everything, or with a
 * limit only the first `limit` (a bounded heap), or after a cursor only what follows it.
 */
async function collectSorted<Item extends Sortable, Query extends ListingQuery>(
  spec: ListingSpec<Item, Query>,
  selected: Selected<Item, Query>[],
  sort: { by: string; order: SortOrder },
  options: { keep: number; after?: SortKeyTuple | undefined },
): Promise<{ items: Keyed<Item>[]; errors: ProviderError[] }> {
  const compare = (a: Keyed<Item>, b: Keyed<Item>) => compareKeys(a.key, b.key, sort.order);
  const bounded = Number.isFinite(options.keep) ? new BoundedHeap<Keyed<Item>>(options.keep, compare) : null;
  const all: Keyed<Item>[] = [];
  const controller = new AbortController();
  const signal = AbortSignal.any([spec.signal, controller.signal]);
  const failures = new Map<number, ProviderError>();
  let firstFailure: CloudJobsError | null = null;
  await Promise.all(
    selected.map(async (source, position) => {
      try {
        for await (const batch of sourceItems(spec, source, { signal }))
          for (const item of batch.items) {
            const key = sortKeyTuple(item, sort.by);
            if (options.after && compareKeys(key, options.after, sort.order) <= 0) continue;
            if (bounded) bounded.push({ key, item });
            else all.push({ key, item });
          }
      } catch (error) {
        if (spec.signal.aborted) return;
        if (firstFailure && spec.failFast) return;
        const failed = failure(error, source.adapter, spec.signal);
        failures.set(position, failed);
        if (spec.failFast) {
          firstFailure = failed.error;
          controller.abort();
        }
      }
    }),
  );
  spec.signal.throwIfAborted();
  if (firstFailure) throw firstFailure;
  const items = bounded ? bounded.sorted() : all.sort(compare);
  // Errors in the order of the client's providers, not in the order they happened.
  const errors = [...failures.entries()].sort(([a], [b]) => a - b).map(([, error]) => error);
  return { items, errors };
}

// Sorted items are handed on this many at a time, so no second array of the whole listing is made.
const sortedBatch = 1_000;

async function* sortedListing<Item extends Sortable, Query extends ListingQuery>(
  spec: ListingSpec<Item, Query>,
  sort: { by: string; order: SortOrder },
): AsyncGenerator<Item[], void, undefined> {
  spec.signal.throwIfAborted();
  const selected = selectSources(spec.sources, spec.query);
  const { items, errors } = await collectSorted(spec, selected, sort, {
    keep: spec.query.limit ?? Number.POSITIVE_INFINITY,
  });
  for (let start = 0; start < items.length; start += sortedBatch)
    yield items.slice(start, start + sortedBatch).map(({ item }) => item);
  if (errors.length > 0) throw new PartialFailureError(errors);
}

export interface ListPage<Item> {
  items: Item[];
  nextCursor: string | null;
  errors: ProviderError[];
}

/**
 * One page of the same sequence `iterateListing` yields. Concatenating every page, following
 * `nextCursor` until null, gives exactly that sequence.
 */
export async function listingPage<Item extends Sortable, Query extends ListingQuery>(
  spec: ListingSpec<Item, Query>,
  pageSize: number,
  cursorText: string | null | undefined,
): Promise<ListPage<Item>> {
  spec.signal.throwIfAborted();
  const query = queryFingerprint(spec);
  const cursor = cursorText ? decodeCursor(cursorText, { kind: spec.kind, query }) : null;
  const emitted = cursor?.emitted ?? 0;
  const limit = spec.query.limit ?? Number.POSITIVE_INFINITY;
  const size = Math.min(pageSize, limit - emitted);
  const selected = selectSources(spec.sources, spec.query);
  if (size <= 0) return { items: [], nextCursor: null, errors: [] };
  const base = { version: 1 as const, kind: spec.kind, query };
  if (spec.query.sort) {
    const sort = spec.query.sort;
    const after = cursor?.mode === 'sorted' ? cursor.after : undefined;
    if (cursor && cursor.mode !== 'sorted')
      throw new Error('unreachable: a native cursor for a sorted query');
    const { items, errors } = await collectSorted(spec, selected, sort, { keep: size + 1, after });
    const page = items.slice(0, size);
    const last = page.at(-1);
    const more = items.length > size && emitted + page.length < limit;
    return {
      items: page.map(({ item }) => item),
      nextCursor:
        more && last
          ? encodeCursor({ ...base, emitted: emitted + page.length, mode: 'sorted', after: last.key })
          : null,
      errors,
    };
  }
  return nativePage(spec, selected, size, emitted, limit, cursor?.mode === 'native' ? cursor : null, base);
}

async function nativePage<Item extends Sortable, Query extends ListingQuery>(
  spec: ListingSpec<Item, Query>,
  selected: Selected<Item, Query>[],
  size: number,
  emitted: number,
  limit: number,
  cursor: NativeCursor | null,
  base: Pick<Cursor, 'version' | 'kind' | 'query'>,
): Promise<ListPage<Item>> {
  const items: Item[] = [];
  const errors: ProviderError[] = [];
  const startSource = cursor?.source ?? -1;
  for (const source of selected) {
    if (source.index < startSource) continue;
    const start = source.index === startSource && cursor ? cursor.position : listingStart;
    const controller = new AbortController();
    const signal = AbortSignal.any([spec.signal, controller.signal]);
    // One more than the page: the item after it is where the next page starts, and its absence
    // means there is no next page (so no empty last page).
    const demand = () => size + 1 - items.length;
    const stream = sourceItems(spec, source, { start, signal, demand });
    try {
      for await (const batch of stream)
        for (let entry = 0; entry < batch.items.length; entry++) {
          if (items.length === size) {
            const next = emitted + items.length < limit;
            return {
              items,
              nextCursor: next
                ? encodeCursor({
                    ...base,
                    emitted: emitted + items.length,
                    mode: 'native',
                    source: source.index,
                    position: positionOf(batch.page, indexOnPage(batch, entry)),
                  })
                : null,
              errors,
            };
          }
          items.push(batch.items[entry] as Item);
        }
    } catch (error) {
      const failed = failure(error, source.adapter, spec.signal);
      if (spec.failFast) throw failed.error;
      errors.push(failed);
    } finally {
      controller.abort();
    }
  }
  return { items, nextCursor: null, errors };
}

/** Which criteria each instance would send natively, and whether it would send anything. */
export function explainListing<Item extends Sortable, Query extends ListingQuery>(
  spec: ListingSpec<Item, Query>,
): { source: string; provider: string; streams: number; pushed: readonly string[] }[] {
  return selectSources(spec.sources, spec.query).map(({ adapter, lister }) => {
    const plan = planFor(spec, lister);
    return {
      source: adapter.name,
      provider: adapter.providerId,
      streams: plan.streams.length,
      pushed: plan.pushed,
    };
  });
}
