import { MalformedResponseError } from '../errors.js';
import type { Lister, ListPlan, NativePage } from '../providers/adapter.js';
import { nextWindow, previousWindow, usableOverlap, type Window, windowEnd } from './windows.js';

/** Where an item sits in a listing: which native stream, which read, which item of the read. */
export interface Position {
  stream: number;
  /** The number of the read within the stream (for token paging: the page number). */
  page: number;
  index: number;
  /** Token paging: the token that fetches `page`; null for numbered and offset paging. */
  token: string | null;
  /** Numbered and offset paging: the read that holds the item (size 0: the first read). */
  offset: number;
  size: number;
}

/**
 * One read of a listing, with what places its items: item `i` sits at `positionOf(page, i)`.
 * Positions are built only when asked for (a cursor needs one), not for every item.
 */
export interface PositionedPage<Item> {
  items: Item[];
  stream: number;
  /** The number of the read within the stream (for token paging: the page number). */
  page: number;
  token: string | null;
  offset: number;
  size: number;
  /**
   * Items before this index were delivered by an earlier page of the listing (the resume point).
   * Passed on so the caller can remember them (later overlapping reads repeat them), not to be
   * yielded again.
   */
  delivered: number;
}

export function positionOf(page: PositionedPage<unknown>, index: number): Position {
  return {
    stream: page.stream,
    page: page.page,
    index,
    token: page.token,
    offset: page.offset,
    size: page.size,
  };
}

export interface PageEvent {
  stream: number;
  page: number;
  /** Native records on the page. */
  count: number;
  items: number;
  total: number | null;
  /** A read made because the list shifted under the scan by more than the overlap. */
  correction: boolean;
}

export interface PaginateOptions {
  /** Resume here: items before `index` on that read are skipped. */
  start?: Position | undefined;
  signal: AbortSignal;
  /** How many more items the consumer wants (Infinity when it wants all); bounds fetching ahead. */
  demand?: (() => number) | undefined;
  onPage?: ((event: PageEvent) => void) | undefined;
  /**
   * Records each read shares with the one before (0: none). Shared records prove the list did not
   * shift between the two fetches; when they are missing, the engine looks back and reads again.
   */
  overlap: number;
  /** The record key of an item, when a page does not give `keys`. */
  keyOf: (item: Item) => string;
}

// Look-backs allowed per stream before the engine accepts what it has (a list churning faster
// than it can be read has no stable order to guarantee anything against).
const maximumCorrections = 64;
// Full reads in a row that bring no record the read before lacked, before the engine concludes the
// cloud ignores paging (see windowPages).
const maximumStalls = 8;

export const listingStart: Position = { stream: 0, page: 0, index: 0, token: null, offset: 0, size: 0 };

interface FetchedPage<Item> {
  page: NativePage<Item>;
  index: number;
  token: string | null;
  window: Window | null;
  correction: boolean;
}

type Item = unknown;

/**
 * Every read of a plan's streams, in order. Numbered and offset paging fetch the first read, learn
 * the total, then keep up to `concurrency` later reads in flight while the caller works through
 * the reads in order; nothing is fetched further ahead, so memory is bounded by the reads in flight
 * whatever the size of the listing. Consecutive reads overlap (see `overlap`). When the consumer
 * stops, in-flight requests are aborted. Repeated records come again: the caller drops them by id.
 * Reads, not items, are what is passed along: per-item work stays in plain loops.
 */
export async function* paginate<T>(
  lister: Lister<T, unknown>,
  plan: ListPlan,
  options: PaginateOptions & { keyOf: (item: T) => string },
): AsyncGenerator<PositionedPage<T>> {
  const start = options.start ?? listingStart;
  for (let stream = start.stream; stream < plan.streams.length; stream++) {
    const from = stream === start.stream ? start : { ...listingStart, stream };
    const pages =
      lister.paging === 'token'
        ? tokenPages(lister as Lister<Item, unknown>, plan.streams[stream], from, options as PaginateOptions)
        : windowPages(
            lister as Lister<Item, unknown>,
            plan.streams[stream],
            from,
            options as PaginateOptions,
          );
    for await (const { page, index, token, window, correction } of pages) {
      options.onPage?.({
        stream,
        page: index,
        count: page.count,
        items: page.items.length,
        total: page.total,
        correction,
      });
      yield {
        items: page.items as T[],
        stream,
        page: index,
        token,
        offset: window?.offset ?? 0,
        size: window?.size ?? 0,
        delivered: index === from.page && !correction ? Math.min(from.index, page.items.length) : 0,
      };
    }
  }
}

function keysOf(page: NativePage<Item>, keyOf: (item: Item) => string): string[] {
  return page.keys ?? page.items.map(keyOf);
}

function sharesAny(keys: string[], anchors: ReadonlySet<string>): boolean {
  for (const key of keys) if (anchors.has(key)) return true;
  return false;
}

interface Accepted {
  window: Window;
  keys: Set<string>;
  full: boolean;
}

async function* windowPages(
  lister: Lister<Item, unknown>,
  stream: unknown,
  from: Position,
  options: PaginateOptions,
): AsyncGenerator<FetchedPage<Item>> {
  const maxSize = lister.pageSize;
  const anyOffset = lister.paging === 'offset';
  const overlap = usableOverlap(options.overlap, maxSize);
  const done = new AbortController();
  const stop = AbortSignal.any([options.signal, done.signal]);
  // Reads share one signal: it aborts when the listing stops, or when a shift makes the reads
  // planned ahead useless (then later reads get a new one). Not a signal per read: on Node 20 a
  // controller per read, linked to the listing's long-lived signal by listeners, outlived
  // young-generation collections and was promoted; over a million-item listing that raised the
  // old generation, and the peak resident set, by about 10 MB.
  let planned = new AbortController();
  let readSignal = AbortSignal.any([stop, planned.signal]);
  const fetch = (window: Window): Read => {
    const request = lister.fetchPage(
      stream,
      {
        index: Math.floor(window.offset / window.size),
        size: window.size,
        offset: window.offset,
        token: null,
      },
      { signal: readSignal },
    );
    // Settled later, or never when the consumer stops first; either way no unhandled rejection.
    request.catch(ignore);
    return { window, request };
  };
  const next = (end: number) => nextWindow(end, overlap, maxSize, anyOffset);

  let queue = [
    fetch(from.size > 0 ? { offset: from.offset, size: from.size } : { offset: 0, size: maxSize }),
  ];
  let lastPlanned = (queue[0] as Read).window;
  let previous: Accepted | null = null;
  let total: number | null = null;
  let index = from.page;
  let corrections = 0;
  let stalled = 0;
  try {
    while (queue.length > 0) {
      if (total !== null) {
        const wanted = options.demand?.() ?? Number.POSITIVE_INFINITY;
        const ahead = Math.max(1, Math.min(lister.concurrency, Math.ceil(wanted / maxSize)));
        while (queue.length < ahead && windowEnd(lastPlanned) < total) {
          lastPlanned = next(windowEnd(lastPlanned));
          queue.push(fetch(lastPlanned));
        }
      }
      const { window, request } = queue.shift() as Read;
      const page = await abortable(request, options.signal);
      if (page.total !== null) total = page.total;
      const keys = keysOf(page, options.keyOf);
      // An empty read is no exception: a read that overlaps a full one can only come back empty
      // when the list lost records since, and then the records after the previous read may have
      // moved to before this one (deleted earlier in the list), so it is looked back for like any
      // read that shares nothing.
      if (
        previous?.full &&
        overlap > 0 &&
        window.offset < windowEnd(previous.window) &&
        !sharesAny(keys, previous.keys)
      ) {
        if (corrections++ < maximumCorrections) {
          // None of the previous read's records is here: the list shifted left by more than the
          // overlap (or they were all deleted). Drop what was planned, find them further back.
          planned.abort();
          planned = new AbortController();
          readSignal = AbortSignal.any([stop, planned.signal]);
          queue = [];
          const found: Accepted = yield* lookBack(lister, window, previous, options, fetch, index);
          index++;
          previous = found;
          lastPlanned = next(windowEnd(found.window));
          if (found.full) queue.push(fetch(lastPlanned));
          continue;
        }
      }
      // A full read further on that brings nothing the read before did not have: the cloud is not
      // paging (it answers every offset with the same records, a total it cannot reach). A list
      // moving right by exactly one read between two fetches does that once; many times in a row
      // means the listing would never end.
      if (previous?.full && page.count >= window.size && window.offset > previous.window.offset) {
        const seen = previous.keys;
        stalled = keys.every((key) => seen.has(key)) ? stalled + 1 : 0;
        if (stalled >= maximumStalls)
          throw new MalformedResponseError({
            action: 'paging',
            issues: [
              {
                path: '',
                message: `${stalled} reads in a row at later positions returned only records already read: the cloud does not page (it claims ${total ?? 'an unknown number of'} records), so the listing stops instead of reading for ever`,
              },
            ],
          });
      }
      yield { page, index: index++, token: null, window, correction: false };
      previous = { window, keys: new Set(keys), full: page.count >= window.size };
      if (page.count < window.size) break;
      if (queue.length === 0 && (total === null || windowEnd(window) < total)) {
        lastPlanned = next(windowEnd(window));
        queue.push(fetch(lastPlanned));
      }
    }
  } finally {
    done.abort();
  }
}

/**
 * Reads backwards from `failed` until a read holds one of the previous read's records, and yields
 * that read; the forward scan resumes after it. The reads in between are not yielded: they lie
 * after the anchor and the forward scan reads them again.
 */
async function* lookBack(
  lister: Lister<Item, unknown>,
  failed: Window,
  previous: Accepted,
  options: PaginateOptions,
  fetch: (window: Window) => Read,
  index: number,
): AsyncGenerator<FetchedPage<Item>, Accepted> {
  const anyOffset = lister.paging === 'offset';
  const overlap = usableOverlap(options.overlap, lister.pageSize);
  let window = previousWindow(failed, overlap, lister.pageSize, anyOffset);
  for (;;) {
    const page = await abortable(fetch(window).request, options.signal);
    const keys = keysOf(page, options.keyOf);
    if (sharesAny(keys, previous.keys) || window.offset === 0) {
      yield { page, index, token: null, window, correction: true };
      return { window, keys: new Set(keys), full: page.count >= window.size };
    }
    window = previousWindow(window, overlap, lister.pageSize, anyOffset);
  }
}

async function* tokenPages(
  lister: Lister<Item, unknown>,
  stream: unknown,
  from: Position,
  options: PaginateOptions,
): AsyncGenerator<FetchedPage<Item>> {
  const seen = new Set<string>();
  let token = from.token;
  for (let index = from.page; ; index++) {
    const page = await abortable(
      lister.fetchPage(
        stream,
        { index, size: lister.pageSize, offset: 0, token },
        { signal: options.signal },
      ),
      options.signal,
    );
    yield { page, index, token, window: null, correction: false };
    const nextToken = page.nextToken ?? null;
    // Stop on an empty page, or an empty or repeated token: a cloud that hands back the same token
    // would otherwise loop for ever.
    if (page.count === 0 || !nextToken || seen.has(nextToken)) return;
    seen.add(nextToken);
    token = nextToken;
  }
}

interface Read {
  window: Window;
  request: Promise<NativePage<Item>>;
}

const ignore = () => undefined;

/**
 * Settles with the promise, or rejects with the signal's reason the moment it aborts: a listing
 * stops at once even when an adapter's fetch does not honour the signal.
 */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
