import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createClient } from '../../dist/index.js';
import { readDescribeJobs } from '../../dist/providers/tencent-batch/api.js';
import { Transport } from '../../dist/transport/transport.js';
import { heading, knob, mib, note, report } from './measure.mjs';

/**
 * Memory over a very long listing. A synthetic adapter serves native DescribeJobs pages built in
 * memory (no network, so a million jobs take seconds) and reads them with the Tencent adapter's own
 * validation and normalization, so every job carries its native record in `raw` as a real one
 * does. Each page waits for the event loop, as a page that came over the network would. The
 * listing runs in a child process with Node's default heap settings, so nothing else in the
 * benchmark run counts towards its resident set.
 */

const pageSize = 100;

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

/** Runs in the child: `mode` is `engine` (client.jobs() then listJobs()), `retained` or `plain`. */
async function child(mode) {
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
    peak: process.resourceUsage().maxRSS * 1024,
  };
  if (mode === 'engine') {
    const cursorJobs = knob('CLOUDJOBS_BENCH_CURSOR_JOBS', total);
    const cursorClient = createClient({ providers: [syntheticAdapter(cursorJobs)] });
    let cursor = null;
    let paged = 0;
    let longest = 0;
    let calls = 0;
    const cursorStarted = performance.now();
    do {
      const page = await cursorClient.listJobs({ pageSize: 1000, cursor });
      paged += page.items.length;
      calls++;
      cursor = page.nextCursor;
      if (cursor) longest = Math.max(longest, cursor.length);
    } while (cursor);
    Object.assign(result, {
      paged,
      calls,
      longest,
      cursorSeconds: (performance.now() - cursorStarted) / 1000,
      cursorPeak: process.resourceUsage().maxRSS * 1024,
    });
  }
  process.stdout.write(JSON.stringify(result));
}

function runChild(mode, flags = []) {
  const run = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), '--child', mode], {
    env: process.env,
    encoding: 'utf8',
    maxBuffer: 16 * 2 ** 20,
  });
  if (run.status !== 0) throw new Error(`the memory benchmark (${mode}) failed:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

const atTenth = (samples) => samples[Math.max(0, Math.floor(samples.length / 10) - 1)];

export async function memoryBenchmark() {
  const total = knob('CLOUDJOBS_BENCH_MEMORY_JOBS', 1_000_000);
  heading(`memory: ${total} jobs through client.jobs(), then through listJobs() cursors (child processes)`);
  const engine = runChild('engine');
  const retained = runChild('retained', ['--expose-gc']);
  const plain = runChild('plain');
  for (const run of [engine, retained, plain])
    if (run.count !== total) throw new Error(`listed ${run.count} of ${total}`);
  const tenth = atTenth(engine.samples);
  const last = engine.samples.at(-1);
  note(
    `client.jobs(): ${total} jobs in ${engine.seconds.toFixed(1)} s; RSS ${mib(tenth.rss).toFixed(0)} MB at ${tenth.jobs} jobs, ${mib(last.rss).toFixed(0)} MB at the end; peak ${mib(engine.peak).toFixed(0)} MB`,
  );
  note(`RSS along the way (MB): ${engine.samples.map((entry) => mib(entry.rss).toFixed(0)).join(' ')}`);
  note(
    `the same pages in a plain loop (no engine): ${plain.seconds.toFixed(1)} s, peak RSS ${mib(plain.peak).toFixed(0)} MB`,
  );
  note(
    `reachable heap after a full GC along the way (MB): ${retained.samples.map((entry) => mib(entry.heap).toFixed(1)).join(' ')}`,
  );
  report('memory', 'client.jobs(): peak RSS ÷ 100 MB', mib(engine.peak) / 100, 1);
  report('memory', 'client.jobs(): peak RSS ÷ plain loop peak RSS', engine.peak / plain.peak, null);
  report('memory', 'client.jobs(): RSS at the end ÷ RSS at 10%', last.rss / tenth.rss, null);
  report(
    'memory',
    'client.jobs(): reachable heap at the end ÷ at 10%',
    retained.samples.at(-1).heap / atTenth(retained.samples).heap,
    1.1,
  );
  note(
    `listJobs(): ${engine.paged} jobs in ${engine.calls} pages of 1000 in ${engine.cursorSeconds.toFixed(1)} s; longest cursor ${engine.longest} characters; peak RSS ${mib(engine.cursorPeak).toFixed(0)} MB`,
  );
  report('memory', 'listJobs(): peak RSS ÷ 100 MB', mib(engine.cursorPeak) / 100, 1);
  report('memory', 'listJobs(): longest cursor ÷ 512 characters', engine.longest / 512, 1);
}

if (process.argv[2] === '--child') await child(process.argv[3]);
