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

/**
 * Single-line, inert cells: a line break in a name must not break the table, and control
 * characters from a cloud's data (an escape sequence in a job name) must not reach the terminal.
 */
function cell(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd');
}

const gapWidth = gap.length;
/** Below this, a shortened column says too little to be worth keeping at the cost of another. */
const comfortableFloor = 10;
const hardFloor = 4;

/** Shortens shrinkable columns, widest first, until the table fits or each is at the floor. */
function shrink(widths: number[], shrinkable: boolean[], available: number, floor: number): number {
  let total = widths.reduce((sum, width) => sum + width, 0) + gapWidth * (widths.length - 1);
  while (total > available) {
    let widest = -1;
    widths.forEach((width, index) => {
      if (shrinkable[index] && width > floor && (widest < 0 || width > (widths[widest] ?? 0))) widest = index;
    });
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    total--;
  }
  return total;
}

/**
 * An aligned text table. Columns get their widest value. When that exceeds the width (a narrow
 * terminal), shrinkable columns (names) are shortened first, then columns that may be left out go
 * in their drop order, so that what identifies a row (id, status) stays whole; only when nothing
 * else is left are shrinkable columns cut further.
 */
export function renderTable<T>(
  records: readonly T[],
  columns: readonly Column<T>[],
  options: TableOptions = {},
): string {
  const allRows = records.map((record) => columns.map((column) => cell(column.value(record))));
  const natural = columns.map((column, index) =>
    Math.max(displayWidth(column.header), ...allRows.map((row) => displayWidth(row[index] ?? ''))),
  );
  const available = options.width ?? Number.POSITIVE_INFINITY;
  let visible = columns.map((_, index) => index);
  let widths = visible.map((index) => natural[index] ?? 0);
  for (;;) {
    widths = visible.map((index) => natural[index] ?? 0);
    const shrinkable = visible.map((index) => columns[index]?.shrink === true);
    if (shrink(widths, shrinkable, available, comfortableFloor) <= available) break;
    const droppable = visible.filter((index) => columns[index]?.dropOrder !== undefined);
    if (droppable.length === 0) {
      shrink(widths, shrinkable, available, hardFloor);
      break;
    }
    const first = droppable.reduce((a, b) =>
      (columns[b]?.dropOrder ?? 0) > (columns[a]?.dropOrder ?? 0) ? b : a,
    );
    visible = visible.filter((index) => index !== first);
  }

  const statusColumn = visible.findIndex((index) => columns[index]?.header === 'STATUS');
  const line = (values: string[], header: boolean) =>
    values
      .map((value, position) => {
        const width = widths[position] ?? 0;
        const text = pad(truncate(value, width), position === values.length - 1 ? 0 : width);
        if (options.color && header) return `\u001b[1m${text}\u001b[0m`;
        if (options.color && position === statusColumn && Object.hasOwn(statusColors, value))
          return `\u001b[${statusColors[value as JobStatus]}m${text}\u001b[0m`;
        return text;
      })
      .join(gap)
      .trimEnd();
  const pick = (row: string[]) => visible.map((index) => row[index] ?? '');
  return `${[
    line(pick(columns.map((column) => cell(column.header))), true),
    ...allRows.map((row) => line(pick(row), false)),
  ].join('\n')}\n`;
}
