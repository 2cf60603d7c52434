import { BoundedHeap } from '../engine/heap.js';
import type { ProviderError } from '../errors.js';
import type { Job } from '../model/job.js';
import { type JobStatus, jobStatuses } from '../model/status.js';

export interface SummaryOptions {
  /** Now, for the elapsed time of running jobs. */
  now?: Date;
  /** How many jobs each list keeps (failed, longest running, oldest pending). */
  top?: number;
  /**
   * Instance names in the order their rows come (the client's providers); instances not named
   * follow in the order their first job came. Jobs read concurrently arrive in no fixed order, and
   * the same listing must give the same report.
   */
  sources?: readonly string[];
}

export interface SourceCounts {
  source: string;
  provider: string;
  counts: Record<JobStatus, number>;
  total: number;
}

export interface ReportSummary {
  generatedAt: Date;
  total: number;
  bySource: SourceCounts[];
  totals: Record<JobStatus, number>;
  failed: { jobs: Job[]; count: number };
  longestRunning: { job: Job; elapsedMs: number }[];
  oldestPending: Job[];
  errors: ProviderError[];
}

function zeroCounts(): Record<JobStatus, number> {
  return Object.fromEntries(jobStatuses.map((status) => [status, 0])) as Record<JobStatus, number>;
}

/**
 * Aggregates a listing in one pass with bounded memory: counts per instance and status, and the
 * few jobs each section shows (a heap each), never the whole listing.
 */
export class SummaryBuilder {
  private readonly now: Date;
  private readonly top: number;
  private readonly sources = new Map<string, SourceCounts>();
  private readonly totals = zeroCounts();
  private total = 0;
  private failedCount = 0;
  private readonly failed: BoundedHeap<Job>;
  private readonly running: BoundedHeap<{ job: Job; elapsedMs: number }>;
  private readonly pending: BoundedHeap<Job>;
  private readonly sourceOrder: ReadonlyMap<string, number>;

  constructor(options: SummaryOptions = {}) {
    this.now = options.now ?? new Date();
    this.sourceOrder = new Map((options.sources ?? []).map((name, position) => [name, position]));
    this.top = options.top ?? 10;
    // Ties break on instance and id, so the same listing always gives the same report.
    const identity = (a: Job, b: Job) =>
      a.source < b.source ? -1 : a.source > b.source ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    const created = (job: Job, missing: number) => job.createdAt?.getTime() ?? missing;
    this.failed = new BoundedHeap(
      this.top,
      (a, b) => created(b, Number.NEGATIVE_INFINITY) - created(a, Number.NEGATIVE_INFINITY) || identity(a, b),
    );
    this.running = new BoundedHeap(this.top, (a, b) => b.elapsedMs - a.elapsedMs || identity(a.job, b.job));
    this.pending = new BoundedHeap(
      this.top,
      (a, b) => created(a, Number.POSITIVE_INFINITY) - created(b, Number.POSITIVE_INFINITY) || identity(a, b),
    );
  }

  add(job: Job): void {
    this.total++;
    let source = this.sources.get(job.source);
    if (!source) {
      source = { source: job.source, provider: job.provider, counts: zeroCounts(), total: 0 };
      this.sources.set(job.source, source);
    }
    source.counts[job.status]++;
    source.total++;
    this.totals[job.status]++;
    if (job.status === 'failed') {
      this.failedCount++;
      this.failed.push(job);
    } else if (job.status === 'running') {
      const since = job.startedAt ?? job.createdAt;
      const elapsedMs = job.durationMs ?? (since ? this.now.getTime() - since.getTime() : null);
      if (elapsedMs !== null) this.running.push({ job, elapsedMs });
    } else if (job.status === 'pending') this.pending.push(job);
  }

  finish(errors: ProviderError[] = []): ReportSummary {
    return {
      generatedAt: this.now,
      total: this.total,
      bySource: [...this.sources.values()].sort(
        (a, b) =>
          (this.sourceOrder.get(a.source) ?? Number.POSITIVE_INFINITY) -
            (this.sourceOrder.get(b.source) ?? Number.POSITIVE_INFINITY) || 0,
      ),
      totals: { ...this.totals },
      failed: { jobs: this.failed.sorted(), count: this.failedCount },
      longestRunning: this.running.sorted(),
      oldestPending: this.pending.sorted(),
      errors,
    };
  }
}

export async function summarize(
  jobs: AsyncIterable<Job>,
  options: SummaryOptions = {},
): Promise<ReportSummary> {
  const builder = new SummaryBuilder(options);
  for await (const job of jobs) builder.add(job);
  return builder.finish();
}
