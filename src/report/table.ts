import type { JobStatus } from '../model/status.js';
import type { Column } from './fields.js';

export interface TableOptions {
  /** Total width available (a terminal's columns); wide columns are shortened to fit. */
  width?: number | undefined;
  /** ANSI colour for statuses (only on a TTY, never with NO_COLOR: the caller decides). */
  color?: boolean | undefined;
}

const statusColors: Record<JobStatus, string> = {
  pending: '33',
  starting: '36',
  running: '34',
  stopping: '35',
  stopped: '90',
  succeeded: '32',
  failed: '31',
  unknown: '95',
};

const gap = '  ';

function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    // East Asian wide characters take two cells in a terminal.
    width +=
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6)
        ? 2
        : 1;
  }
  return width;
}

function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const char of text) {
    if (displayWidth(`${out}${char}`) > width - 1) break;
    out += char;
  }
  return `${out}…`;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Single-line cells: a line break in a name must not break the table. */
function cell(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ');
}

/**
 * An aligned text table. Columns get their widest value; when the total exceeds the width, the
 * widest columns give way first (down to a floor), so ids and statuses stay whole.
 */
export function renderTable<T>(
  records: readonly T[],
  columns: readonly Column<T>[],
  options: TableOptions = {},
): string {
  const rows = records.map((record) => columns.map((column) => cell(column.value(record))));
  const widths = columns.map((column, index) =>
    Math.max(displayWidth(column.header), ...rows.map((row) => displayWidth(row[index] ?? ''))),
  );
  const available = options.width ?? Number.POSITIVE_INFINITY;
  const floor = 8;
  let total = widths.reduce((sum, width) => sum + width, 0) + gap.length * (columns.length - 1);
  while (total > available) {
    const widest = widths.indexOf(Math.max(...widths));
    if ((widths[widest] ?? 0) <= floor) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    total--;
  }
  const statusColumn = columns.findIndex((column) => column.header === 'STATUS');
  const line = (values: string[], header: boolean) =>
    values
      .map((value, index) => {
        const width = widths[index] ?? 0;
        const text = pad(truncate(value, width), index === values.length - 1 ? 0 : width);
        if (options.color && header) return `\u001b[1m${text}\u001b[0m`;
        if (options.color && index === statusColumn && value in statusColors)
          return `\u001b[${statusColors[value as JobStatus]}m${text}\u001b[0m`;
        return text;
      })
      .join(gap)
      .trimEnd();
  return `${[
    line(
      columns.map((column) => column.header),
      true,
    ),
    ...rows.map((row) => line(row, false)),
  ].join('\n')}\n`;
}
