import type { Column } from './fields.js';

/** A Markdown table cell: pipes escaped, line breaks flattened. */
export function markdownCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');
}

export function renderMarkdownTable<T>(records: readonly T[], columns: readonly Column<T>[]): string {
  const header = `| ${columns.map((column) => markdownCell(column.header)).join(' | ')} |`;
  const rule = `| ${columns.map(() => '---').join(' | ')} |`;
  const rows = records.map(
    (record) => `| ${columns.map((column) => markdownCell(column.value(record))).join(' | ')} |`,
  );
  return `${[header, rule, ...rows].join('\n')}\n`;
}
