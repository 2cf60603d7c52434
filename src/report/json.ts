/** JSON of a record: Dates as ISO strings (JSON.stringify's own rule), nothing dropped. */
export function toJson(record: unknown): string {
  return JSON.stringify(record);
}

/** One record per line, written as each arrives: memory stays flat whatever the listing's size. */
export async function writeNdjson(
  records: AsyncIterable<unknown>,
  write: (chunk: string) => void | Promise<void>,
): Promise<number> {
  let count = 0;
  for await (const record of records) {
    await write(`${toJson(record)}\n`);
    count++;
  }
  return count;
}

/** One JSON array, also written as records arrive. */
export async function writeJsonArray(
  records: AsyncIterable<unknown>,
  write: (chunk: string) => void | Promise<void>,
): Promise<number> {
  let count = 0;
  await write('[');
  for await (const record of records) {
    await write(`${count === 0 ? '\n' : ',\n'}${toJson(record)}`);
    count++;
  }
  await write(count === 0 ? ']\n' : '\n]\n');
  return count;
}
