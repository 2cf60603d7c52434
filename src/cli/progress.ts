import type { SourcePageEvent } from '../engine/listing.js';

/**
 * Pages and items fetched per instance, redrawn on one stderr line. Only on a terminal: a pipe or
 * a log file gets nothing, so scripted output stays clean.
 */
export class Progress {
  private readonly sources = new Map<string, { pages: number; items: number }>();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly enabled: boolean,
  ) {}

  onPage = (event: SourcePageEvent): void => {
    if (!this.enabled) return;
    const entry = this.sources.get(event.source) ?? { pages: 0, items: 0 };
    entry.pages++;
    entry.items += event.items;
    this.sources.set(event.source, entry);
    const now = Date.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.draw();
  };

  private draw(): void {
    const text = [...this.sources]
      .map(
        ([source, { pages, items }]) => `${source}: ${pages} page${pages === 1 ? '' : 's'}, ${items} items`,
      )
      .join(' | ');
    const width = this.stream.columns ?? 120;
    this.stream.write(`\r\u001b[2K${text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text}`);
    this.drawn = true;
  }

  /** Clears the line before anything else goes to stderr. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\u001b[2K');
    this.drawn = false;
  }
}
