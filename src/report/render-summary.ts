import { type JobStatus, jobStatuses } from '../model/status.js';
import { formatDuration, isoDate } from './fields.js';
import { markdownCell } from './markdown.js';
import type { ReportSummary } from './summary.js';

const statusFill: Record<JobStatus, string> = {
  pending: '#d4a017',
  starting: '#17a2b8',
  running: '#1f6feb',
  stopping: '#a371f7',
  stopped: '#8b949e',
  succeeded: '#2da44e',
  failed: '#cf222e',
  unknown: '#bf3989',
};

function table(headers: string[], rows: string[][]): string {
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(markdownCell).join(' | ')} |`),
  ].join('\n');
}

interface Section {
  headers: string[];
  rows: string[][];
}

/** The report's tables, once, for both the Markdown and the HTML rendering. */
function sections(summary: ReportSummary, totalLabel: string) {
  const counts: Section = {
    headers: ['source', 'provider', ...jobStatuses, 'total'],
    rows: [
      ...summary.bySource.map((row) => [
        row.source,
        row.provider,
        ...jobStatuses.map((status) => String(row.counts[status])),
        String(row.total),
      ]),
      [totalLabel, '', ...jobStatuses.map((status) => String(summary.totals[status])), String(summary.total)],
    ],
  };
  const failed: Section = {
    headers: ['source', 'id', 'name', 'native status', 'detail', 'created', 'ended'],
    rows: summary.failed.jobs.map((job) => [
      job.source,
      job.id,
      job.name ?? '',
      job.nativeStatus ?? '',
      job.statusDetail ?? '',
      isoDate(job.createdAt),
      isoDate(job.endedAt),
    ]),
  };
  const running: Section = {
    headers: ['source', 'id', 'name', 'running for', 'created'],
    rows: summary.longestRunning.map(({ job, elapsedMs }) => [
      job.source,
      job.id,
      job.name ?? '',
      formatDuration(elapsedMs),
      isoDate(job.createdAt),
    ]),
  };
  const pending: Section = {
    headers: ['source', 'id', 'name', 'native status', 'created'],
    rows: summary.oldestPending.map((job) => [
      job.source,
      job.id,
      job.name ?? '',
      job.nativeStatus ?? '',
      isoDate(job.createdAt),
    ]),
  };
  const errors: Section = {
    headers: ['source', 'error'],
    rows: summary.errors.map((failure) => [failure.source, failure.error.message]),
  };
  return { counts, failed, running, pending, errors };
}

export function renderSummaryMarkdown(summary: ReportSummary): string {
  const { counts, failed, running, pending, errors } = sections(summary, '**all**');
  const section = ({ headers, rows }: Section) => (rows.length === 0 ? 'None.' : table(headers, rows));
  const out: string[] = [];
  out.push('# Job report', '', `Generated ${isoDate(summary.generatedAt)} · ${summary.total} jobs`, '');
  out.push('## Jobs by provider and status', '', section(counts), '');
  out.push(`## Failed jobs (${summary.failed.count})`, '', section(failed));
  if (summary.failed.count > summary.failed.jobs.length)
    out.push('', `…and ${summary.failed.count - summary.failed.jobs.length} more (newest shown).`);
  out.push('', '## Longest running', '', section(running));
  out.push('', '## Oldest pending', '', section(pending));
  if (errors.rows.length > 0) out.push('', '## Providers that failed', '', section(errors));
  return `${out.join('\n')}\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A stacked bar per instance: the share of each status, labelled, with a legend. No external assets. */
export function statusChartSvg(summary: ReportSummary): string {
  const rowHeight = 28;
  const labelWidth = 220;
  const barWidth = 520;
  const legendHeight = 30;
  const height = legendHeight + rowHeight * Math.max(1, summary.bySource.length) + 10;
  const width = labelWidth + barWidth + 80;
  const parts: string[] = [];
  jobStatuses.forEach((status, index) => {
    const x = index * 95;
    parts.push(
      `<rect x="${x}" y="6" width="12" height="12" fill="${statusFill[status]}"/><text x="${x + 16}" y="16" font-size="12">${status}</text>`,
    );
  });
  summary.bySource.forEach((row, index) => {
    const y = legendHeight + index * rowHeight;
    parts.push(`<text x="0" y="${y + 17}" font-size="12">${escapeHtml(row.source)}</text>`);
    let x = labelWidth;
    for (const status of jobStatuses) {
      const count = row.counts[status];
      if (count === 0 || row.total === 0) continue;
      const segment = (count / row.total) * barWidth;
      parts.push(
        `<rect x="${x.toFixed(2)}" y="${y + 4}" width="${segment.toFixed(2)}" height="${rowHeight - 8}" fill="${statusFill[status]}"><title>${escapeHtml(`${row.source}: ${count} ${status}`)}</title></rect>`,
      );
      x += segment;
    }
    parts.push(`<text x="${labelWidth + barWidth + 8}" y="${y + 17}" font-size="12">${row.total}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Status mix per provider instance" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">${parts.join('')}</svg>`;
}

function htmlTable(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return '<p>None.</p>';
  return `<table><thead><tr>${headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((value) => `<td>${escapeHtml(value)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** One self-contained HTML file: inline style, inline SVG, nothing fetched. */
export function renderSummaryHtml(summary: ReportSummary): string {
  const tables = sections(summary, 'all');
  const counts = htmlTable(tables.counts.headers, tables.counts.rows);
  const failed = htmlTable(tables.failed.headers, tables.failed.rows);
  const running = htmlTable(tables.running.headers, tables.running.rows);
  const pending = htmlTable(tables.pending.headers, tables.pending.rows);
  const errors =
    tables.errors.rows.length === 0
      ? ''
      : `<h2>Providers that failed</h2>${htmlTable(tables.errors.headers, tables.errors.rows)}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Job report</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2328}table{border-collapse:collapse;margin:0.5rem 0 1.5rem}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;font-size:13px}th{background:#f6f8fa}</style>
</head><body>
<h1>Job report</h1>
<p>Generated ${escapeHtml(isoDate(summary.generatedAt))} · ${summary.total} jobs</p>
<h2>Status mix per provider</h2>
${statusChartSvg(summary)}
<h2>Jobs by provider and status</h2>
${counts}
<h2>Failed jobs (${summary.failed.count})</h2>
${failed}
<h2>Longest running</h2>
${running}
<h2>Oldest pending</h2>
${pending}
${errors}
</body></html>
`;
}
