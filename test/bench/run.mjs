import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { listingBenchmark, plainLoopBenchmark } from './listing.mjs';
import { results } from './measure.mjs';
import { normalizationBenchmark } from './normalize.mjs';

/**
 * `npm run bench`: builds, then measures the built package (dist/). Sections can be picked with
 * CLOUDJOBS_BENCH=normalize,listing,plain,memory,import; sizes with the knobs each section names.
 * Absolute times depend on the machine; the ratios, measured side by side in one run, are what
 * the targets are about.
 */
const sections = {
  normalize: normalizationBenchmark,
  listing: listingBenchmark,
  plain: plainLoopBenchmark,
  memory: async () => (await import('./memory.mjs')).memoryBenchmark(),
  import: async () => (await import('./imports.mjs')).importBenchmark(),
};

const chosen = (process.env.CLOUDJOBS_BENCH ?? Object.keys(sections).join(','))
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
for (const name of chosen) if (!(name in sections)) throw new Error(`unknown section "${name}"`);

const cpus = os.cpus();
console.log(
  `cloudjobs benchmarks — node ${process.version}, ${os.platform()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}`,
);
console.log('Absolute times drift from machine to machine and run to run; the ratios are what is judged.');
const started = performance.now();
for (const name of chosen) await sections[name]();

console.log(`\n== summary (${((performance.now() - started) / 1000).toFixed(0)} s)`);
for (const { section, label, ratio, target, pass } of results) {
  const verdict = pass === null ? '    ' : pass ? 'ok  ' : 'MISS';
  console.log(
    `  ${verdict} ${`${section}: ${label}`.padEnd(80)} ${ratio.toFixed(2).padStart(6)}${target === null ? '' : `  (≤ ${target})`}`,
  );
}
if (process.env.CLOUDJOBS_BENCH_JSON)
  writeFileSync(process.env.CLOUDJOBS_BENCH_JSON, JSON.stringify(results, null, 2));
if (process.env.CLOUDJOBS_BENCH_STRICT && results.some((result) => result.pass === false))
  process.exitCode = 1;
