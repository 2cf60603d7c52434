import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run soak`: the reliability suites at full size — many seeds of faults and throttling, of
 * churn through the simulator and of churn in the engine's own paging tests, thousands of hostile
 * responses. Every size can be set through its environment variable; the defaults take several
 * minutes. Extra arguments go to vitest (`npm run soak -- -t churn`).
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const defaults = {
  CLOUDJOBS_SOAK: '1',
  CLOUDJOBS_CHURN_SEEDS: '5000',
};
const env = { ...process.env };
for (const [name, value] of Object.entries(defaults)) env[name] ??= value;

const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const run = spawnSync(
  process.execPath,
  [vitest, 'run', 'test/reliability', 'test/engine/churn.test.ts', ...process.argv.slice(2)],
  { cwd: root, env, stdio: 'inherit' },
);
process.exitCode = run.status ?? 1;
