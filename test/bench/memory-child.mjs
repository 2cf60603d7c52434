import { readFileSync } from 'node:fs';
import { createClient } from '../../dist/index.js';
import { readDescribeJobs } from '../../dist/providers/tencent-batch/api.js';
import { Transport } from '../../dist/transport/transport.js';
import { knob } from './measure.mjs';

/**
 * The listings measured by memory.mjs, each run in a process of its own. A synthetic adapter
 * serves native DescribeJobs pages built in memory (no network, so a million jobs take seconds)
 * and reads them with the Tencent adapter's own validation and normalization, so every job
 * carries its native record in `raw` as a real one does. Each page waits for the event loop, as a
 * page that came over the network would.
 *
 * memory.mjs bundles this file the way the package is bundled before running it: the numbers are
 * those of the code `import 'cloudjobs'` loads, not of the ~90 separate modules tsc writes.
 */

const pageSize = 100;

/**
 * This process's own peak resident set. Not resourceUsage().maxRSS alone: on Linux that carries
 * the parent's peak across fork and exec, so a child of a large parent reports the parent.
 */
function peakResidentSet() {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // Not Linux: fall back to what the platform reports.
  }
  return process.resourceUsage().maxRSS * 1024;
}

function nativePage(offset, count, total) {
  const jobSet = new Array(count);
  for (let index = 0; index < count; index++) {
    const number = offset + index;
    jobSet[index] = {
      JobId: `job-${number.toString(36).padStart(8, '0')}`,
      JobName: `synthetic-job-${number}`,
      JobState: number % 7 === 0 ? 'FAILED' : 'RUNNING',
      Priority: number % 100,
      Placement: { Zone: 'ap-guangzhou-3', ProjectId: 0 },
      CreateTime: new Date(Date.UTC(2026, 0, 1) + number * 1000).toISOString().replace('.000Z', 'Z'),
      EndTime: null,
      TaskMetrics: {
        SubmittedCount: 0,
        PendingCount: 0,
        RunnableCount: 0,
        StartingCount: 0,
        RunningCount: 1,
        SucceedCount: 0,
        FailedInterruptedCount: 0,
        FailedCount: 0,
      },
      Tags: [{ Key: 'env', Value: 'prod' }],
    };
  }
  return { Response: { TotalCount: total, JobSet: jobSet, RequestId: 'synthetic' } };
}

function syntheticAdapter(total) {
  const name = 'tencent-batch:synthetic';
  const context = {
    provider: 'tencent-batch',
    source: name,
    region: 'synthetic',
    action: 'DescribeJobs',
    body: '',
  };
  return {
    providerId: 'tencent-batch',
    name,
    region: 'synthetic',
    capabilities: { pushdown: { jobs: [], jobGroups: [] }, operations: [] },
    jobGroupLister: null,
    transport: new Transport({ provider: 'tencent-batch', source: name, rateLimit: 1_000_000 }),
    jobLister: {
      paging: 'offset',
      pageSize,
      concurrency: 2,
      plan: () => ({ streams: [{}], pushed: [] }),
      async fetchPage(_stream, page) {
        await new Promise((resolve) => setImmediate(resolve));
        const count = Math.max(0, Math.min(page.size, total - page.offset));
        const { jobs } = readDescribeJobs(nativePage(page.offset, count, total), context);
        return { items: jobs, count, total };
      },
    },
  };
}

/** `mode`: `jobs` (client.jobs()), `retained` (the same, with a full GC at each sample), `plain` or `cursors`. */
async function child(mode) {
  if (mode === 'cursors') return cursors();
  const total = knob('CLOUDJOBS_BENCH_MEMORY_JOBS', 1_000_000);
  const every = Math.max(1, Math.floor(total / 20));
  const samples = [];
  const sample = (count) => {
    // `retained` runs with --expose-gc: what is still reachable, not what the heap has grown to.
    if (mode === 'retained') globalThis.gc();
    const usage = process.memoryUsage();
    samples.push({ jobs: count, rss: usage.rss, heap: usage.heapUsed });
  };
  let count = 0;
  const started = performance.now();
  if (mode === 'plain') {
    // The same pages read the same way, iterated by a plain loop: what the engine adds is the rest.
    const lister = syntheticAdapter(total).jobLister;
    for (let offset = 0; offset < total; offset += pageSize) {
      const page = await lister.fetchPage({}, { index: 0, offset, size: pageSize, token: null });
      for (const _job of page.items) if (++count % every === 0) sample(count);
    }
  } else {
    for await (const job of createClient({ providers: [syntheticAdapter(total)] }).jobs()) {
      if (job.raw === undefined) throw new Error('unreachable');
      if (++count % every === 0) sample(count);
    }
  }
  const result = {
    count,
    samples,
    seconds: (performance.now() - started) / 1000,
    peak: peakResidentSet(),
  };
  process.stdout.write(JSON.stringify(result));
}

/** listJobs() followed cursor to cursor, pages of 1000, in a process of its own. */
async function cursors() {
  const total = knob('CLOUDJOBS_BENCH_CURSOR_JOBS', knob('CLOUDJOBS_BENCH_MEMORY_JOBS', 1_000_000));
  const client = createClient({ providers: [syntheticAdapter(total)] });
  let cursor = null;
  let count = 0;
  let longest = 0;
  let calls = 0;
  const started = performance.now();
  do {
    const page = await client.listJobs({ pageSize: 1000, cursor });
    count += page.items.length;
    calls++;
    cursor = page.nextCursor;
    if (cursor) longest = Math.max(longest, cursor.length);
  } while (cursor);
  const result = {
    count,
    calls,
    longest,
    seconds: (performance.now() - started) / 1000,
    peak: peakResidentSet(),
  };
  process.stdout.write(JSON.stringify(result));
}

await child(process.argv[2]);
