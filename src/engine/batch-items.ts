/**
 * The items of a sequence of batches, one at a time, as an async iterator.
 *
 * An async generator that yields item by item suspends and resumes once per item, with an await
 * of the value and a queued request on top of the promise the caller awaits. Over a million items
 * that garbage triggers young-generation collections while the reads in flight are alive, which
 * promotes them to the old generation: the resident set grows with the per-item cost, not with the
 * listing. Here an item already in hand costs one settled promise; the batches' generator is only
 * resumed when a batch runs out, so its finally blocks, aborts and errors behave as before.
 */
export class BatchItems<Item> implements AsyncIterableIterator<Item, undefined> {
  private batch: readonly Item[] = [];
  private index = 0;
  private finished = false;
  /** The slow step in progress: later calls wait for it, so items keep their order. */
  private pending: Promise<unknown> | null = null;

  constructor(private readonly batches: AsyncGenerator<readonly Item[], void, undefined>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Item, undefined>> {
    if (this.pending) return this.after(() => this.next());
    if (this.index < this.batch.length)
      return Promise.resolve({ value: this.batch[this.index++] as Item, done: false });
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return this.track(this.refill());
  }

  /** Stops early (a `break` out of `for await`): the batches' generator runs its cleanup. */
  return(): Promise<IteratorResult<Item, undefined>> {
    if (this.pending) return this.after(() => this.return());
    this.finish();
    return this.track(this.batches.return(undefined).then(() => ({ value: undefined, done: true })));
  }

  throw(error?: unknown): Promise<IteratorResult<Item, undefined>> {
    if (this.pending) return this.after(() => this.throw(error));
    this.finish();
    return this.track(
      this.batches.return(undefined).then(() => {
        throw error;
      }),
    );
  }

  private async refill(): Promise<IteratorResult<Item, undefined>> {
    for (;;) {
      let step: IteratorResult<readonly Item[], void>;
      try {
        step = await this.batches.next();
      } catch (error) {
        this.finish();
        throw error;
      }
      if (step.done) {
        this.finish();
        return { value: undefined, done: true };
      }
      if (step.value.length > 0) {
        this.batch = step.value;
        this.index = 1;
        return { value: step.value[0] as Item, done: false };
      }
    }
  }

  private finish(): void {
    this.finished = true;
    // The last batch is let go of at once, not when the iterator is.
    this.batch = [];
    this.index = 0;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending = promise;
    const clear = () => {
      if (this.pending === promise) this.pending = null;
    };
    promise.then(clear, clear);
    return promise;
  }

  private after<T>(step: () => Promise<T>): Promise<T> {
    // `track` registered its reaction first, so `pending` is clear (or newer) when `step` runs.
    return (this.pending as Promise<unknown>).then(step, step);
  }
}
