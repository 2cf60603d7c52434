import { describe, expect, it } from 'vitest';
import { ProviderApiError } from '../../src/errors.js';
import type { Job } from '../../src/model/job.js';
import { jobStatuses } from '../../src/model/status.js';
import {
  renderSummaryHtml,
  renderSummaryMarkdown,
  SummaryBuilder,
  statusChartSvg,
  summarize,
} from '../../src/report/index.js';
import { makeJob } from '../support/memory-adapter.js';

const now = new Date(Date.UTC(2024, 5, 1, 12));
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);

async function* from(jobs: Job[]): AsyncGenerator<Job> {
  yield* jobs;
}

function sample(): Job[] {
  return [
    makeJob({ source: 'a:1', provider: 'a', id: 'f1', status: 'failed', createdAt: hoursAgo(5) }),
    makeJob({ source: 'a:1', provider: 'a', id: 'f2', status: 'failed', createdAt: hoursAgo(1) }),
    makeJob({ source: 'b:1', provider: 'b', id: 'f3', status: 'failed', createdAt: null }),
    makeJob({ source: 'a:1', provider: 'a', id: 'r1', status: 'running', createdAt: hoursAgo(3) }),
    makeJob({
      source: 'b:1',
      provider: 'b',
      id: 'r2',
      status: 'running',
      createdAt: hoursAgo(1),
      durationMs: 10 * 3_600_000,
    }),
    makeJob({
      source: 'b:1',
      provider: 'b',
      id: 'r3',
      status: 'running',
      startedAt: hoursAgo(2),
      createdAt: hoursAgo(9),
    }),
    makeJob({ source: 'a:1', provider: 'a', id: 'p1', status: 'pending', createdAt: hoursAgo(2) }),
    makeJob({ source: 'b:1', provider: 'b', id: 'p2', status: 'pending', createdAt: hoursAgo(7) }),
    makeJob({ source: 'b:1', provider: 'b', id: 'p3', status: 'pending', createdAt: null }),
    makeJob({ source: 'b:1', provider: 'b', id: 'u1', status: 'unknown' }),
  ];
}

describe('SummaryBuilder', () => {
  it('counts by instance and status, in the order instances first appear', async () => {
    const summary = await summarize(from(sample()), { now });
    expect(summary.total).toBe(10);
    expect(summary.bySource.map((row) => [row.source, row.provider, row.total])).toEqual([
      ['a:1', 'a', 4],
      ['b:1', 'b', 6],
    ]);
    expect(summary.bySource[1]?.counts).toEqual({
      ...Object.fromEntries(jobStatuses.map((s) => [s, 0])),
      failed: 1,
      running: 2,
      pending: 2,
      unknown: 1,
    });
    expect(summary.totals.failed).toBe(3);
    expect(summary.totals.unknown).toBe(1);
  });

  it('failed newest first (no date last), longest running, oldest pending (no date last)', async () => {
    const summary = await summarize(from(sample()), { now });
    expect(summary.failed.jobs.map((job) => job.id)).toEqual(['f2', 'f1', 'f3']);
    expect(summary.failed.count).toBe(3);
    // r2 reports its own duration; r3 runs since it started (not since created); r1 since created.
    expect(summary.longestRunning.map(({ job, elapsedMs }) => [job.id, elapsedMs / 3_600_000])).toEqual([
      ['r2', 10],
      ['r1', 3],
      ['r3', 2],
    ]);
    expect(summary.oldestPending.map((job) => job.id)).toEqual(['p2', 'p1', 'p3']);
  });

  it('keeps only the top N of each list, but counts all', () => {
    const builder = new SummaryBuilder({ now, top: 2 });
    for (let index = 0; index < 50; index++)
      builder.add(makeJob({ id: `f${index}`, status: 'failed', createdAt: hoursAgo(index) }));
    const summary = builder.finish();
    expect(summary.failed.count).toBe(50);
    expect(summary.failed.jobs.map((job) => job.id)).toEqual(['f0', 'f1']);
  });

  it('ties break on instance and id whatever the arrival order', () => {
    const tied = ['c', 'a', 'b'].map((id) => makeJob({ id, status: 'failed', createdAt: hoursAgo(1) }));
    const forward = new SummaryBuilder({ now });
    const backward = new SummaryBuilder({ now });
    for (const job of tied) forward.add(job);
    for (const job of [...tied].reverse()) backward.add(job);
    expect(forward.finish().failed.jobs.map((job) => job.id)).toEqual(['a', 'b', 'c']);
    expect(backward.finish().failed.jobs.map((job) => job.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('summary renderers', () => {
  const failure = {
    source: 'c:1',
    provider: 'c',
    error: new ProviderApiError({
      kind: 'auth',
      code: 'AuthFailure',
      message: 'bad <key>',
      action: 'List',
      provider: 'c',
      requestId: 'req-1',
    }),
  };

  it('markdown: every section, the all row, and the providers that failed', async () => {
    const builder = new SummaryBuilder({ now });
    for (const job of sample()) builder.add(job);
    const markdown = renderSummaryMarkdown(builder.finish([failure]));
    expect(markdown).toContain('Generated 2024-06-01T12:00:00.000Z · 10 jobs');
    expect(markdown).toContain('| a:1 | a | 1 | 0 | 1 | 0 | 0 | 0 | 2 | 0 | 4 |');
    expect(markdown).toContain('| **all** |  | 3 | 0 | 3 | 0 | 0 | 0 | 3 | 1 | 10 |');
    expect(markdown).toContain('## Failed jobs (3)');
    expect(markdown).toContain('## Providers that failed');
    expect(markdown).toContain('| c:1 | c List: AuthFailure: bad <key> (request req-1) |');
  });

  it('an empty listing still renders (no jobs, no chart bars)', async () => {
    const summary = await summarize(from([]), { now });
    expect(renderSummaryMarkdown(summary)).toContain('None.');
    expect(statusChartSvg(summary)).toMatch(/^<svg [^>]*>.*<\/svg>$/);
    expect(renderSummaryHtml(summary)).toContain('<p>None.</p>');
  });

  it('html: self-contained, one bar segment per non-zero count, everything escaped', async () => {
    const jobs = sample();
    (jobs[1] as Job).name = '<img src=x onerror=alert(1)>';
    const builder = new SummaryBuilder({ now });
    for (const job of jobs) builder.add(job);
    const html = renderSummaryHtml(builder.finish([failure]));
    expect(html).not.toMatch(/<img|<script|<[^>]*\b(href|src)=/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('bad &lt;key&gt;');
    const segments =
      html.match(/<rect x="[\d.]+" y="\d+" width="[\d.]+" height="\d+" fill="#[0-9a-f]{6}"><title>/g) ?? [];
    // a:1 has failed, running, pending; b:1 has failed, running, pending, unknown.
    expect(segments).toHaveLength(7);
    expect(html).toContain('<title>a:1: 2 failed</title>');
  });
});

describe('a summary of jobs read concurrently', () => {
  it('is the same whatever order the jobs arrive in: rows in the order of the instances given', async () => {
    const jobs = sample();
    const reversed = [...jobs].reverse();
    const options = { now, sources: ['b:1', 'a:1'] };
    const first = await summarize(from(jobs), options);
    const second = await summarize(from(reversed), options);
    expect(first.bySource.map((row) => row.source)).toEqual(['b:1', 'a:1']);
    expect(renderSummaryMarkdown(second)).toBe(renderSummaryMarkdown(first));
    // Instances not named come after the named ones, in the order their first job came.
    const partial = await summarize(from(jobs), { now, sources: ['b:1'] });
    expect(partial.bySource.map((row) => row.source)).toEqual(['b:1', 'a:1']);
    const unnamed = await summarize(from(reversed), { now });
    expect(unnamed.bySource.map((row) => row.source)).toEqual([
      ...new Set(reversed.map((job) => job.source)),
    ]);
  });
});
