import { once } from 'node:events';

export interface OutputStream extends NodeJS.WritableStream {
  isTTY?: boolean;
  columns?: number;
}

/**
 * A writer that respects backpressure: when the stream's buffer is full it waits for 'drain', so a
 * listing streamed to a slow pipe never piles up in memory.
 */
export function writerFor(stream: OutputStream): (chunk: string) => Promise<void> | void {
  return (chunk) => {
    if (!stream.write(chunk)) return once(stream, 'drain').then(() => undefined);
  };
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(stream: OutputStream, env: Record<string, string | undefined>): boolean {
  return Boolean(stream.isTTY) && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}
