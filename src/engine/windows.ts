/** One read of a numbered or offset listing: records [offset, offset + size). */
export interface Window {
  offset: number;
  size: number;
}

export function windowEnd(window: Window): number {
  return window.offset + window.size;
}

/**
 * The read after one that ended at `end`, overlapping it by at least `overlap` records so that the
 * records they share can prove the list did not shift between the two fetches.
 *
 * Offset paging starts anywhere. Page-number paging can only start at a multiple of the page size,
 * so the size varies: among sizes from half the maximum up, the one whose aligned start leaves at
 * least `overlap` records of overlap and reaches furthest wins. The search is a few hundred integer
 * operations per page.
 */
export function nextWindow(end: number, overlap: number, maxSize: number, anyOffset: boolean): Window {
  if (overlap <= 0 || end <= 0) {
    if (anyOffset || end % maxSize === 0) return { offset: end, size: maxSize };
    return alignedCovering(end, end + 1, maxSize);
  }
  const shared = Math.min(overlap, end);
  if (anyOffset) return { offset: end - shared, size: maxSize };
  let best: Window | null = null;
  const smallest = Math.max(shared + 1, Math.ceil(maxSize / 2));
  // More overlap than asked is allowed (up to four times), if that lets the read reach further.
  for (let kept = shared; kept <= Math.min(end, shared * 4); kept++) {
    const start = end - kept;
    for (let size = maxSize; size >= smallest; size--) {
      const offset = Math.floor(start / size) * size;
      if (offset + size <= end) continue;
      if (!best || offset + size > windowEnd(best)) best = { offset, size };
    }
  }
  return best ?? alignedCovering(end - shared, end + 1, maxSize);
}

/**
 * The overlap a page size allows: shared records must leave room for progress, so at most a
 * third of a page; tiny pages get none.
 */
export function usableOverlap(overlap: number, maxSize: number): number {
  return Math.max(0, Math.min(overlap, Math.floor((maxSize - 1) / 3)));
}

/** An aligned read that starts at or before `start` and reaches at least `reach` when it can. */
export function alignedCovering(start: number, reach: number, maxSize: number): Window {
  for (let size = maxSize; size >= Math.ceil(maxSize / 2); size--) {
    const offset = Math.floor(start / size) * size;
    if (offset + size >= reach) return { offset, size };
  }
  // Always progress: the plain page that holds `reach - 1`.
  return { offset: Math.floor((reach - 1) / maxSize) * maxSize, size: maxSize };
}

/** A read that ends where `before` begins, overlapping it, to look further back after a shift. */
export function previousWindow(before: Window, overlap: number, maxSize: number, anyOffset: boolean): Window {
  const target = Math.max(0, before.offset - Math.max(1, maxSize - Math.max(1, overlap)));
  if (anyOffset) return { offset: target, size: maxSize };
  const window = alignedCovering(
    target,
    Math.min(before.offset + Math.max(1, overlap), target + maxSize),
    maxSize,
  );
  // Always strictly earlier, so looking back ends at the start of the list.
  return window.offset < before.offset || before.offset === 0
    ? window
    : { offset: Math.floor(target / maxSize) * maxSize, size: maxSize };
}
