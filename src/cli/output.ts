export interface OutputStream extends NodeJS.WritableStream {
  isTTY?: boolean;
  columns?: number;
  destroyed?: boolean;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
}

/** The reader of our output went away (`cloudjobs list | head`): stop quietly, nothing is wrong. */
export class OutputClosedError extends Error {
  override name = 'OutputClosedError';
}

/**
 * A writer that respects backpressure: when the stream's buffer is full it waits for 'drain', so a
 * listing streamed to a slow pipe never piles up in memory. A stream that failed or closed ends the
 * listing instead of waiting forever for a 'drain' that cannot come.
 */
export function writerFor(stream: OutputStream): (chunk: string) => Promise<void> | undefined {
  return (chunk) => {
    if (stream.destroyed) throw new OutputClosedError('output closed');
    if (stream.write(chunk)) return undefined;
    return new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        stream.off('drain', onDrain);
        stream.off('error', onError);
        stream.off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => settle();
      const onError = (error: Error) => settle(error);
      const onClose = () => settle(new OutputClosedError('output closed'));
      stream.on('drain', onDrain);
      stream.on('error', onError);
      stream.on('close', onClose);
    });
  };
}

/** A write error that only means the reader is gone. */
export function isClosedOutput(error: unknown): boolean {
  return (
    error instanceof OutputClosedError ||
    (error instanceof Error && (error as NodeJS.ErrnoException).code === 'EPIPE')
  );
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything (https://no-color.org). */
export function useColor(stream: OutputStream, env: Record<string, string | undefined>): boolean {
  return Boolean(stream.isTTY) && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

/** A terminal's width; none for a pipe or a file, whose lines may be as long as they need. */
export function terminalWidth(stream: OutputStream): number | undefined {
  return stream.isTTY && stream.columns && stream.columns > 0 ? stream.columns : undefined;
}
