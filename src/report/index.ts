export { csvField, csvRecord, writeCsv } from './csv.js';
export {
  type Column,
  formatDuration,
  formatPairs,
  groupCsvColumns,
  groupDisplayColumns,
  isoDate,
  jobCsvColumns,
  jobDisplayColumns,
} from './fields.js';
export { toJson, writeJsonArray, writeNdjson } from './json.js';
export { markdownCell, renderMarkdownTable } from './markdown.js';
export { renderSummaryHtml, renderSummaryMarkdown, statusChartSvg } from './render-summary.js';
export {
  type ReportSummary,
  type SourceCounts,
  SummaryBuilder,
  type SummaryOptions,
  summarize,
} from './summary.js';
export { renderTable, type TableOptions } from './table.js';
