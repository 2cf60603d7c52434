/**
 * Keeps the `capacity` smallest items seen under `compare`, in O(capacity) memory: a max-heap whose
 * root is the item to drop when a smaller one arrives. Used for sorted listings with a limit.
 */
export class BoundedHeap<T> {
  private readonly items: T[] = [];

  constructor(
    private readonly capacity: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.capacity <= 0) return;
    if (this.items.length < this.capacity) {
      this.items.push(item);
      this.siftUp(this.items.length - 1);
    } else if (this.compare(item, this.items[0] as T) < 0) {
      this.items[0] = item;
      this.siftDown(0);
    }
  }

  /** Everything kept, smallest first. */
  sorted(): T[] {
    return [...this.items].sort(this.compare);
  }

  private siftUp(index: number): void {
    const { items, compare } = this;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (compare(items[index] as T, items[parent] as T) <= 0) return;
      [items[index], items[parent]] = [items[parent] as T, items[index] as T];
      index = parent;
    }
  }

  private siftDown(index: number): void {
    const { items, compare } = this;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let largest = index;
      if (left < items.length && compare(items[left] as T, items[largest] as T) > 0) largest = left;
      if (right < items.length && compare(items[right] as T, items[largest] as T) > 0) largest = right;
      if (largest === index) return;
      [items[index], items[largest]] = [items[largest] as T, items[index] as T];
      index = largest;
    }
  }
}
