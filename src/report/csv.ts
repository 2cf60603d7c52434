import type { Column } from './fields.js';

/** One RFC 4180 field: quoted when it holds a comma, a quote, or a line break; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV record with its CRLF terminator, as RFC 4180 writes it. */
export function csvRecord(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export async function writeCsv<T>(
  records: AsyncIterable<T>,
  columns: readonly Column<T>[],
  write: (chunk: string) => void | Promise<void>,
): Promise<number> {
  await write(csvRecord(columns.map((column) => column.header)));
  let count = 0;
  for await (const record of records) {
    await write(csvRecord(columns.map((column) => column.value(record))));
    count++;
  }
  return count;
}
