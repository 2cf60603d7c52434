import type { Lister, ListPlan, NativePage } from '../providers/adapter.js';

/** Where an item sits in a listing: which native stream, which page, which item of the page. */
export interface Position {
  stream: number;
  page: number;
  index: number;
  /** Token paging: the token that fetches `page`; null for numbered paging and for a first page. */
  token: string | null;
}

export interface Positioned<Item> {
  item: Item;
  position: Position;
}

export interface PageEvent {
  stream: number;
  page: number;
  /** Native records on the page. */
  count: number;
  items: number;
  total: number | null;
}

export interface PaginateOptions {
  /** Resume here: items before `index` on that page are skipped. */
  start?: Position | undefined;
  signal: AbortSignal;
  /** How many more items the consumer wants (Infinity when it wants all); bounds fetching ahead. */
  demand?: (() => number) | undefined;
  onPage?: ((event: PageEvent) => void) | undefined;
}

export const listingStart: Position = { stream: 0, page: 0, index: 0, token: null };

/**
 * Every item of a plan's streams, in order. Numbered paging fetches the first page, learns the
 * total, then keeps up to `concurrency` later pages in flight while yielding in order; nothing is
 * fetched further ahead than that, so memory is bounded by the pages in flight whatever the size
 * of the listing. When the consumer stops, in-flight requests are aborted.
 */
export async function* paginate<Item>(
  lister: Lister<Item, unknown>,
  plan: ListPlan,
  options: PaginateOptions,
): AsyncGenerator<Positioned<Item>> {
  const start = options.start ?? listingStart;
  for (let stream = start.stream; stream < plan.streams.length; stream++) {
    const from = stream === start.stream ? start : { ...listingStart, stream };
    const pages =
      lister.paging === 'token'
        ? tokenPages(lister, plan.streams[stream], from, options)
        : numberedPages(lister, plan.streams[stream], from, options);
    for await (const { page, index, token } of pages) {
      options.onPage?.({
        stream,
        page: index,
        count: page.count,
        items: page.items.length,
        total: page.total,
      });
      const skip = index === from.page ? from.index : 0;
      for (let item = skip; item < page.items.length; item++)
        yield { item: page.items[item] as Item, position: { stream, page: index, index: item, token } };
    }
  }
}

interface FetchedPage<Item> {
  page: NativePage<Item>;
  index: number;
  token: string | null;
}

async function* numberedPages<Item>(
  lister: Lister<Item, unknown>,
  stream: unknown,
  from: Position,
  options: PaginateOptions,
): AsyncGenerator<FetchedPage<Item>> {
  const size = lister.pageSize;
  const controller = new AbortController();
  const signal = AbortSignal.any([options.signal, controller.signal]);
  const inFlight = new Map<number, Promise<NativePage<Item>>>();
  const dispatch = (index: number) => {
    const request = lister.fetchPage(stream, { index, size, token: null }, { signal });
    // Settled later, or never when the consumer stops first; either way no unhandled rejection.
    request.catch(() => undefined);
    inFlight.set(index, request);
  };
  // Unknown until a page reports the total: then pages are fetched ahead, not before.
  let lastPage = Number.POSITIVE_INFINITY;
  let totalKnown = false;
  let next = from.page;
  try {
    for (let current = from.page; current <= lastPage; current++) {
      if (totalKnown) {
        const wanted = options.demand?.() ?? Number.POSITIVE_INFINITY;
        const ahead = Math.max(1, Math.min(lister.concurrency, Math.ceil(wanted / size)));
        while (next <= lastPage && next < current + ahead) dispatch(next++);
      } else if (next === current) dispatch(next++);
      const request = inFlight.get(current);
      if (!request) break;
      const page = await abortable(request, signal);
      inFlight.delete(current);
      if (page.total !== null) {
        // The list may grow under the scan: follow the largest total seen. A shrinking list shows
        // up as an empty page, which ends the stream.
        const pagesNow = Math.ceil(page.total / size) - 1;
        lastPage = totalKnown ? Math.max(lastPage, pagesNow) : pagesNow;
        totalKnown = true;
      } else if (page.count < size) lastPage = current;
      yield { page, index: current, token: null };
      if (page.count === 0) break;
    }
  } finally {
    controller.abort();
  }
}

async function* tokenPages<Item>(
  lister: Lister<Item, unknown>,
  stream: unknown,
  from: Position,
  options: PaginateOptions,
): AsyncGenerator<FetchedPage<Item>> {
  const seen = new Set<string>();
  let token = from.token;
  for (let index = from.page; ; index++) {
    const page = await lister.fetchPage(
      stream,
      { index, size: lister.pageSize, token },
      { signal: options.signal },
    );
    yield { page, index, token };
    const nextToken = page.nextToken ?? null;
    // Stop on an empty page, or an empty or repeated token: a cloud that hands back the same token
    // would otherwise loop for ever.
    if (page.count === 0 || !nextToken || seen.has(nextToken)) return;
    seen.add(nextToken);
    token = nextToken;
  }
}

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
