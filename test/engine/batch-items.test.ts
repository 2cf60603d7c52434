import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchItems } from '../../src/engine/batch-items.js';
import { RecentIds } from '../../src/engine/dedupe.js';

async function* batches<T>(groups: T[][], log: string[], failAfter?: Error) {
  try {
    for (const group of groups) {
      log.push(`batch ${group.length}`);
      yield group;
    }
    if (failAfter) throw failAfter;
  } finally {
    log.push('cleanup');
  }
}

describe('BatchItems', () => {
  it('hands out every item of every batch in order, skipping empty batches', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer(), { maxLength: 5 }), { maxLength: 6 }),
        async (groups) => {
          const seen: number[] = [];
          for await (const item of new BatchItems(batches(groups, []))) seen.push(item);
          expect(seen).toEqual(groups.flat());
        },
      ),
    );
  });

  it('keeps the order when next() is called again before the last call settled', async () => {
    const log: string[] = [];
    const items = new BatchItems(batches([[1, 2], [], [3], [4, 5]], log));
    const results = await Promise.all(Array.from({ length: 7 }, () => items.next()));
    expect(results.map((result) => (result.done ? 'done' : result.value))).toEqual([
      1,
      2,
      3,
      4,
      5,
      'done',
      'done',
    ]);
    expect(log.at(-1)).toBe('cleanup');
  });

  it('a break runs the batches cleanup at once and lets go of the batch', async () => {
    const log: string[] = [];
    const items = new BatchItems(batches([[1, 2, 3], [4]], log));
    for await (const item of items) if (item === 2) break;
    expect(log).toEqual(['batch 3', 'cleanup']);
    expect(await items.next()).toEqual({ value: undefined, done: true });
  });

  it('an error after the last batch comes after all its items, then the iterator is done', async () => {
    const failure = new Error('provider failed');
    const items = new BatchItems(batches([[1], [2, 3]], [], failure));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of items) seen.push(item);
      })(),
    ).rejects.toBe(failure);
    expect(seen).toEqual([1, 2, 3]);
    expect(await items.next()).toEqual({ value: undefined, done: true });
  });

  it('throw() ends the batches and rejects with the error given', async () => {
    const log: string[] = [];
    const items = new BatchItems(batches([[1, 2]], log));
    expect(await items.next()).toEqual({ value: 1, done: false });
    const stop = new Error('stop');
    await expect(items.throw(stop)).rejects.toBe(stop);
    expect(log).toEqual(['batch 2', 'cleanup']);
    expect(await items.next()).toEqual({ value: undefined, done: true });
  });
});

describe('RecentIds', () => {
  it('remembers at least the last `capacity` ids, and forgets ids far enough back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 400 }), (capacity, count) => {
        const recent = new RecentIds(capacity);
        for (let id = 0; id < count; id++) expect(recent.firstSighting(String(id))).toBe(true);
        // Every one of the last `capacity` ids is still known.
        for (let id = Math.max(0, count - capacity); id < count; id++)
          expect(recent.firstSighting(String(id))).toBe(false);
        // An id more than twice the capacity back is forgotten: memory does not grow with the listing.
        if (count > 2 * capacity) expect(recent.firstSighting('0')).toBe(true);
      }),
    );
  });
});
