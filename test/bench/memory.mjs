import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { bundleSettings } from '../../scripts/bundle-settings.mjs';
import { heading, knob, mib, note, report } from './measure.mjs';

/**
 * Memory over a very long listing (the listings themselves are in memory-child.mjs). Each listing
 * runs in a child process of its own with Node's default heap settings, so nothing else in the
 * benchmark run, and no other listing, counts towards its resident set.
 *
 * The child is bundled first, as the package is (scripts/bundle-settings.mjs): a program that
 * imports cloudjobs loads dist/bundle, one file with zod inlined and tree-shaken, and that is what
 * is measured. The same listing run from the unbundled modules is printed beside it.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const childSource = fileURLToPath(new URL('./memory-child.mjs', import.meta.url));
// Inside the package, so the bundle resolves the same node_modules as the package does.
const bundleDirectory = `${root}node_modules/.cache/cloudjobs-bench`;

async function bundleChild() {
  mkdirSync(bundleDirectory, { recursive: true });
  await build({
    cwd: root,
    input: { 'memory-child': childSource },
    ...bundleSettings,
    output: { dir: bundleDirectory, format: 'esm', entryFileNames: '[name].js' },
  });
  return `${bundleDirectory}/memory-child.js`;
}

function runChild(script, mode, flags = []) {
  const run = spawnSync(process.execPath, [...flags, script, mode], {
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
  heading(
    `memory: ${total} jobs through client.jobs() and through listJobs() cursors (one child process each)`,
  );
  const bundled = await bundleChild();
  const engine = runChild(bundled, 'jobs');
  const retained = runChild(bundled, 'retained', ['--expose-gc']);
  const plain = runChild(bundled, 'plain');
  const cursors = runChild(bundled, 'cursors');
  const unbundled = runChild(childSource, 'jobs');
  for (const run of [engine, retained, plain, unbundled])
    if (run.count !== total) throw new Error(`listed ${run.count} of ${total}`);
  const cursorJobs = knob('CLOUDJOBS_BENCH_CURSOR_JOBS', total);
  if (cursors.count !== cursorJobs) throw new Error(`paged ${cursors.count} of ${cursorJobs}`);
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
    `the same client.jobs() listing from the unbundled modules (dist/index.js): peak RSS ${mib(unbundled.peak).toFixed(0)} MB`,
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
    `listJobs(): ${cursors.count} jobs in ${cursors.calls} pages of 1000 in ${cursors.seconds.toFixed(1)} s; longest cursor ${cursors.longest} characters; peak RSS ${mib(cursors.peak).toFixed(0)} MB`,
  );
  // The 100 MB target is for iterating; of listJobs() the target asks that cursors stay small. Each
  // call is a listing of its own that reads again the read its cursor points into.
  report('memory', 'listJobs(): peak RSS ÷ 100 MB', mib(cursors.peak) / 100, null);
  report('memory', 'listJobs(): longest cursor ÷ 512 characters', cursors.longest / 512, 1);
}
