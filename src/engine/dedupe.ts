/**
 * Remembers the last `capacity` ids. Offset paging repeats an item when the list shifts under the
 * scan; the repeat lands within a few pages of the first sighting, so a window a few pages wide
 * catches it while memory stays bounded by the window, not by the size of the listing.
 */
export class RecentIds {
  private readonly seen = new Set<string>();
  private readonly order: string[] = [];
  private head = 0;

  constructor(private readonly capacity: number) {}

  /** True the first time an id is offered within the window. */
  firstSighting(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.order.length < this.capacity) this.order.push(id);
    else {
      this.seen.delete(this.order[this.head] as string);
      this.order[this.head] = id;
      this.head = (this.head + 1) % this.capacity;
    }
    return true;
  }
}

/** Window size for a lister: the pages that can be in flight, and a margin of two more. */
export function dedupeWindow(pageSize: number, concurrency: number): number {
  return Math.max(1_000, pageSize * (concurrency + 2));
}
