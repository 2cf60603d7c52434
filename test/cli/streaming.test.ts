import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedProviderId } from '../../src/testing/simulator/index.js';
import { ensureBuilt, type SimulatedSetup, simulatedJobCount, simulatedSetup, spawnCli } from './support.js';

// 100k jobs in all, spread over the clouds this build lists; big native pages and no throttling,
// so that the listing takes seconds, not minutes.
const totalJobs = 100_000;
let setup: SimulatedSetup;
let config: string;
const directory = mkdtempSync(join(tmpdir(), 'cloudjobs-rss-'));

const fastEntry = (id: SimulatedProviderId) =>
  setup.entry(id, { rateLimit: 10_000, pageSize: id === 'huawei-modelarts' ? 1000 : 100 });

beforeAll(async () => {
  await ensureBuilt();
  const { simulatedCoverage } = await import('../../src/cli/simulated.js');
  const perCloud = Math.ceil(totalJobs / simulatedCoverage().listed.length);
  setup = await simulatedSetup({
    seed: 3,
    counts: {
      'tencent-batch': perCloud,
      'huawei-modelarts': perCloud,
      // Groups of 1 to 99 jobs (50 on average; every fifth group is empty, as clouds have them).
      'aliyun-cityvisual': { groups: Math.ceil(perCloud / 40), jobsPerGroup: 50 },
    },
  });
  config = setup.writeConfig('fast.json', setup.listed.map(fastEntry));
}, 60_000);

afterAll(async () => {
  await setup?.stop();
  rmSync(directory, { recursive: true, force: true });
});

/** The CLI's own peak resident memory, in bytes, written by a hook at exit. */
function peakMemoryHook(file: string): string[] {
  const hook = `import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(${JSON.stringify(file)}, String(process.resourceUsage().maxRSS * 1024)));`;
  return ['--import', `data:text/javascript,${encodeURIComponent(hook)}`];
}

const requestsServed = () => Object.values(setup.sim.stats()).reduce((sum, stats) => sum + stats.requests, 0);

interface Run {
  code: number | null;
  lines: number;
  peakBytes: number;
  firstLineAfterRequests: number;
  requestsWhilePaused: number;
  totalRequests: number;
}

/**
 * Lists with --format ndjson into a reader that stops reading for a while after the first line,
 * then reads on, checking every line.
 */
async function listSlowly(config: string, extra: string[], pauseMs: number, heapMb?: number): Promise<Run> {
  const rssFile = join(directory, `rss-${Math.random().toString(36).slice(2)}`);
  setup.sim.resetStats();
  const child = spawnCli(['list', '--config', config, '--format', 'ndjson', ...extra], {
    env: setup.env,
    nodeArguments: [...(heapMb ? [`--max-old-space-size=${heapMb}`] : []), ...peakMemoryHook(rssFile)],
  });
  let lines = 0;
  let rest = '';
  let firstLineAfterRequests = -1;
  let requestsWhilePaused = -1;
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const stdout = child.stdout;
  if (!stdout) throw new Error('no stdout');
  stdout.setEncoding('utf8');
  stdout.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) {
      JSON.parse(line);
      lines++;
    }
    if (firstLineAfterRequests < 0 && lines > 0) {
      firstLineAfterRequests = requestsServed();
      // The slow reader: nothing read for a while; the CLI must wait rather than buffer.
      stdout.pause();
      const before = requestsServed();
      setTimeout(() => {
        requestsWhilePaused = requestsServed() - before;
        stdout.resume();
      }, pauseMs);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr.slice(0, 2000)).toBe('');
  expect(rest).toBe('');
  return {
    code,
    lines,
    peakBytes: Number(readFileSync(rssFile, 'utf8')),
    firstLineAfterRequests,
    requestsWhilePaused,
    totalRequests: requestsServed(),
  };
}

describe('ndjson streams: a listing of 100k jobs is never held in memory', () => {
  it('first line before the listing is done, backpressure from a slow reader, flat peak memory', async () => {
    // The baseline: the same CLI and configuration, a thousand jobs.
    const small = await listSlowly(config, ['--limit', '1000'], 0);
    expect(small.code).toBe(0);
    expect(small.lines).toBe(1000);

    // A heap far too small to hold the listing: streaming must not need it.
    const big = await listSlowly(config, [], 1500, 48);
    expect(big.code).toBe(0);
    expect(big.lines).toBe(simulatedJobCount(setup.sim, setup.listed));
    expect(big.lines).toBeGreaterThan(totalJobs * 0.9);
    // The first line came out after a handful of the hundreds of requests the listing takes…
    expect(big.totalRequests).toBeGreaterThan(100);
    expect.soft(big.firstLineAfterRequests).toBeLessThan(big.totalRequests / 10);
    // …and while the reader was not reading, the CLI fetched (almost) nothing more.
    expect(big.requestsWhilePaused).toBeGreaterThanOrEqual(0);
    expect.soft(big.requestsWhilePaused).toBeLessThan(big.totalRequests / 10);
    // Holding the listing would take hundreds of MB more (its JSON alone is about 90 MB);
    // streaming stays within a few pages of the baseline.
    const growth = big.peakBytes - small.peakBytes;
    expect
      .soft(growth, `peak ${big.peakBytes >> 20} MB vs ${small.peakBytes >> 20} MB for 1k jobs`)
      .toBeLessThan(60 * 1024 * 1024);
  }, 90_000);
});
