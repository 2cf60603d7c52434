import { createClient } from '../../dist/index.js';
import { clouds } from './clouds.mjs';
import { heading, knob, note, report, sleep } from './measure.mjs';
import { startSimulatorThread } from './simulator.mjs';

/**
 * Listing against what the rate limit and the latency allow. Per cloud, a listing of R reads with
 * `concurrency` reads in flight cannot take less than max(R ÷ rate, R × latency ÷ concurrency);
 * clouds have separate limits, so all of them listed at once cannot take less than the largest of
 * their bounds.
 */

function simulatorOptions({ jobs, latency, rate }) {
  return {
    seed: 7,
    counts: Object.assign({}, ...clouds.map((cloud) => cloud.counts(jobs))),
    latencyMs: latency,
    ...(Number.isFinite(rate)
      ? { rateLimit: Object.fromEntries(clouds.map((cloud) => [cloud.id, rate])) }
      : {}),
  };
}

function bound(reads, rate, latency, concurrency) {
  return Math.max(reads / rate, (reads * latency) / 1000 / concurrency);
}

/** One listing of every job of `selected` clouds; wall time, per-cloud finish times and simulator counters. */
async function listOnce(sim, selected, { overlap, sorted, interleave = false, rate, limit }) {
  const adapters = selected.map((cloud) => cloud.factory({ ...sim.options[cloud.id], rateLimit: rate }));
  await sim.reset();
  const finished = {};
  const started = performance.now();
  const client = createClient({
    providers: adapters,
    pageOverlap: overlap,
    onPage: (event) => {
      finished[event.provider] = (performance.now() - started) / 1000;
    },
  });
  const query = { ...(sorted ? { sort: { by: 'createdAt' } } : {}), ...(limit ? { limit } : {}) };
  let count = 0;
  for await (const _job of client.jobs(query, { interleave })) count++;
  const wall = (performance.now() - started) / 1000;
  return { wall, count, finished, stats: await sim.stats(), adapters };
}

export async function listingBenchmark() {
  const jobs = knob('CLOUDJOBS_BENCH_JOBS', 10_000);
  const latency = knob('CLOUDJOBS_BENCH_LATENCY_MS', 20);
  const rate = knob('CLOUDJOBS_BENCH_RATE', 20);
  heading(
    `listing vs its bound: ${jobs} jobs per cloud, ${latency} ms latency, ${rate} requests/s per cloud, ${clouds.length} clouds at once`,
  );
  const sim = await startSimulatorThread(simulatorOptions({ jobs, latency, rate }));
  // The simulator's buckets refill between runs, so that every run starts as the first would.
  const refill = () => sleep((1000 * rate) / rate + 500);
  try {
    await listOnce(sim, clouds, { overlap: 2, sorted: false, rate, limit: 500 });
    for (const overlap of [2, 0]) {
      // Sorted and interleaved read every cloud at once; in turn (the default without sort) reads
      // the clouds one after the other, so it is held to the sum of their bounds, not the largest.
      for (const mode of ['sorted', 'interleaved', 'in turn']) {
        const sorted = mode === 'sorted';
        await refill();
        const run = await listOnce(sim, clouds, {
          overlap,
          sorted,
          interleave: mode === 'interleaved',
          rate,
        });
        const expected = clouds.reduce((sum, cloud) => sum + sim.jobs[cloud.id], 0);
        if (run.count !== expected) throw new Error(`listed ${run.count} jobs, expected ${expected}`);
        const bounds = {};
        const plainBounds = {};
        const details = [];
        for (const [index, cloud] of clouds.entries()) {
          const lister = run.adapters[index].jobLister;
          const stats = run.stats[cloud.id];
          const reads = stats.served;
          const plainPages = Math.ceil(cloud.records(jobs) / lister.pageSize);
          bounds[cloud.id] = bound(reads, rate, latency, lister.concurrency);
          plainBounds[cloud.id] = bound(plainPages, rate, latency, lister.concurrency);
          details.push(
            `${cloud.id}: ${reads} reads (${plainPages} pages${
              reads > plainPages
                ? `, +${((100 * (reads - plainPages)) / plainPages).toFixed(1)}% for the overlap`
                : ''
            }), ${stats.throttled} throttled, done at ${run.finished[cloud.id].toFixed(2)} s, bound ${bounds[cloud.id].toFixed(2)} s`,
          );
        }
        const largest = Math.max(...Object.values(bounds));
        const largestPlain = Math.max(...Object.values(plainBounds));
        const summed = Object.values(bounds).reduce((sum, value) => sum + value, 0);
        const label = `${mode.padEnd(11)} pageOverlap ${overlap}`;
        note(`${label}: wall ${run.wall.toFixed(2)} s`);
        for (const line of details) note(`  ${line}`);
        if (mode === 'in turn') {
          report('listing', `${label}: wall ÷ sum of the clouds' bounds`, run.wall / summed, 1.1);
          report('listing', `${label}: wall ÷ bound of all at once`, run.wall / largest, null);
        } else {
          report('listing', `${label}: wall ÷ bound (reads made)`, run.wall / largest, 1.1);
          if (overlap > 0)
            report(
              'listing',
              `${label}: wall ÷ bound (pages without overlap)`,
              run.wall / largestPlain,
              null,
            );
        }
      }
    }
  } finally {
    await sim.stop();
  }
}

/**
 * client.jobs() against the loop a user of each cloud's own SDK would write: pages one at a time,
 * paced to the same rate limit. Once under the rate limit, once with latency alone.
 */
export async function plainLoopBenchmark() {
  const jobs = knob('CLOUDJOBS_BENCH_JOBS', 10_000);
  const latency = knob('CLOUDJOBS_BENCH_LATENCY_MS', 20);
  const rate = knob('CLOUDJOBS_BENCH_RATE', 20);
  for (const limit of [rate, Number.POSITIVE_INFINITY]) {
    const limited = Number.isFinite(limit);
    heading(
      `against a plain SDK loop: ${jobs} jobs, ${latency} ms latency, ${limited ? `${limit} requests/s` : 'no rate limit'}`,
    );
    const sim = await startSimulatorThread(simulatorOptions({ jobs, latency, rate: limit }));
    try {
      for (const cloud of clouds) {
        const clientRate = limited ? limit : 100_000;
        await listOnce(sim, [cloud], { overlap: 2, sorted: false, rate: clientRate, limit: 300 });
        await sleep(1500);
        const pageSize = cloud.factory(sim.options[cloud.id]).jobLister.pageSize;
        await sim.reset();
        const started = performance.now();
        const count = await cloud.plainListing({
          url: sim.url,
          options: sim.options[cloud.id],
          rate: limit,
          pageSize,
        });
        const plain = (performance.now() - started) / 1000;
        const plainStats = (await sim.stats())[cloud.id];
        if (count !== sim.jobs[cloud.id])
          throw new Error(`${cloud.id}: the plain loop listed ${count} of ${sim.jobs[cloud.id]}`);
        await sleep(1500);
        const run = await listOnce(sim, [cloud], { overlap: 2, sorted: false, rate: clientRate });
        const runNoOverlap = limited
          ? null
          : await listOnce(sim, [cloud], { overlap: 0, sorted: false, rate: clientRate });
        note(
          `${cloud.id}: plain loop ${plain.toFixed(2)} s (${plainStats.requests} requests), client.jobs() ${run.wall.toFixed(2)} s (${run.stats[cloud.id].requests} requests)${
            runNoOverlap ? `, ${runNoOverlap.wall.toFixed(2)} s with pageOverlap 0` : ''
          }`,
        );
        report(
          'plain loop',
          `${cloud.id}${limited ? '' : ' (no rate limit)'}: client.jobs() ÷ plain loop`,
          run.wall / plain,
          null,
        );
      }
    } finally {
      await sim.stop();
    }
  }
}
