/**
 * Remembers at least the last `capacity` ids (and at most twice as many). Offset paging repeats an
 * item when the list shifts under the scan; the repeat lands within a few pages of the first
 * sighting, so a window a few pages wide catches it while memory stays bounded by the window, not
 * by the size of the listing.
 *
 * Two generations of sets rather than one set with the oldest id deleted per sighting: a set that
 * is deleted from on every insertion keeps rebuilding its table, which cost a tenth of a whole
 * listing's time.
 */
export class RecentIds {
  private current = new Set<string>();
  private previous = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** True the first time an id is offered within the window. */
  firstSighting(id: string): boolean {
    if (this.current.has(id) || this.previous.has(id)) return false;
    this.current.add(id);
    if (this.current.size >= this.capacity) {
      this.previous = this.current;
      this.current = new Set();
    }
    return true;
  }
}

/** Window size for a lister: the pages that can be in flight, and a margin of two more. */
export function dedupeWindow(pageSize: number, concurrency: number): number {
  return Math.max(1_000, pageSize * (concurrency + 2));
}
