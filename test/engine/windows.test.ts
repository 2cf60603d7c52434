import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextWindow, previousWindow, usableOverlap, windowEnd } from '../../src/engine/windows.js';

describe('read windows', () => {
  it('a next window always progresses and, when it can, overlaps by at least the overlap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 10 }),
        fc.boolean(),
        (end, maxSize, wanted, anyOffset) => {
          const overlap = usableOverlap(wanted, maxSize);
          const window = nextWindow(end, overlap, maxSize, anyOffset);
          expect(windowEnd(window)).toBeGreaterThan(end);
          expect(window.size).toBeLessThanOrEqual(maxSize);
          expect(window.size).toBeGreaterThan(0);
          if (!anyOffset) expect(window.offset % window.size).toBe(0);
          const shared = Math.min(overlap, end);
          if (window.offset > end - shared) {
            // No overlap: only allowed when no aligned read of any size could both overlap and progress.
            for (let size = 1; size <= maxSize; size++) {
              const offset = Math.floor((end - shared) / size) * size;
              expect(anyOffset || offset + size <= end, `size ${size} would do`).toBe(true);
            }
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('a previous window is always strictly earlier, and aligned for page numbers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 10 }),
        fc.boolean(),
        (offset, maxSize, overlap, anyOffset) => {
          const window = previousWindow({ offset, size: maxSize }, overlap, maxSize, anyOffset);
          expect(window.offset).toBeLessThan(offset);
          if (!anyOffset) expect(window.offset % window.size).toBe(0);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('costs ~2% extra reads for offset paging and ~15% for page-number paging at 100 a page', () => {
    const reads = (anyOffset: boolean) => {
      let end = 100;
      let count = 1;
      while (end < 100_000) {
        end = windowEnd(nextWindow(end, 2, 100, anyOffset));
        count++;
      }
      return count / 1000;
    };
    expect(reads(true)).toBeLessThan(1.03);
    expect(reads(false)).toBeLessThan(1.2);
  });
});
