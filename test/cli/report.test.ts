import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedCoverage } from '../../src/cli/simulated.js';
import { jobStatuses } from '../../src/model/status.js';
import {
  ensureBuilt,
  root,
  runCli,
  type SimulatedSetup,
  simulatedSetup,
  spawnCli,
  userEnvironment,
} from './support.js';

const hostileName = '<script>alert("x")</script> & 数据';

let setup: SimulatedSetup;
let jobs: { source: string; provider: string; status: string; name: string | null }[];

beforeAll(async () => {
  await ensureBuilt();
  setup = await simulatedSetup({ seed: 21, counts: { 'tencent-batch': 50, 'huawei-modelarts': 50 } });
  // A failed job with markup in its name: the HTML report must show it, never run it.
  const failed = setup.sim.data['tencent-batch'].find((record) => record.JobState === 'FAILED');
  if (failed) failed.JobName = hostileName;
  jobs = (await setup.libraryJobs()) as typeof jobs;
});

afterAll(async () => {
  await setup?.stop();
});

/** The "Jobs by provider and status" table of a Markdown report, as { source: { status: count } }. */
function countsOf(markdown: string): Record<string, Record<string, number>> {
  const section = markdown.split('## Jobs by provider and status')[1]?.split('\n## ')[0] ?? '';
  const rows = section
    .trim()
    .split('\n')
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  const header = rows[0] ?? [];
  const counts: Record<string, Record<string, number>> = {};
  for (const row of rows.slice(2)) {
    counts[row[0] as string] = Object.fromEntries(
      header.slice(2).map((status, index) => [status, Number(row[index + 2])]),
    );
  }
  return counts;
}

describe('cloudjobs report', () => {
  it('markdown: counts by instance × status equal the library listing, then the job sections', async () => {
    const result = await runCli(['report', '--config', setup.configPath], { env: setup.env });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.startsWith('# Job report\n')).toBe(true);
    for (const heading of [
      '## Jobs by provider and status',
      '## Failed jobs (',
      '## Longest running',
      '## Oldest pending',
    ])
      expect(result.stdout).toContain(heading);
    const counts = countsOf(result.stdout);
    const expected: Record<string, Record<string, number>> = {};
    for (const job of jobs) {
      expected[job.source] ??= Object.fromEntries([...jobStatuses, 'total'].map((status) => [status, 0]));
      const row = expected[job.source] as Record<string, number>;
      row[job.status] = (row[job.status] ?? 0) + 1;
      row.total = (row.total ?? 0) + 1;
    }
    const all = Object.fromEntries(
      [...jobStatuses, 'total'].map((status) => [
        status,
        Object.values(expected).reduce((sum, row) => sum + (row[status] ?? 0), 0),
      ]),
    );
    expect(counts).toEqual({ ...expected, '**all**': all });
    const failedCount = jobs.filter((job) => job.status === 'failed').length;
    expect(result.stdout).toContain(`## Failed jobs (${failedCount})`);
  });

  it('filters apply to the report too', async () => {
    const result = await runCli(['report', '--config', setup.configPath, '--status', 'failed'], {
      env: setup.env,
    });
    expect(result.code).toBe(0);
    const counts = countsOf(result.stdout);
    for (const row of Object.values(counts)) expect(row.total).toBe(row.failed);
  });

  it('--format html: one self-contained file with an inline SVG chart, markup in names escaped', async () => {
    const result = await runCli(['report', '--config', setup.configPath, '--format', 'html'], {
      env: setup.env,
    });
    expect(result.code).toBe(0);
    const html = result.stdout;
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toMatch(/<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>[\s\S]*<rect[\s\S]*<\/svg>/);
    // Nothing fetched: no scripts, stylesheets, images, frames or URLs but the SVG namespace.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|\bsrc=|\bhref=|url\(|@import/i);
    expect(html.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:|\/\//);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 数据');
    // One bar per instance in the chart, each instance's segments titled with its counts.
    for (const source of new Set(jobs.map((job) => job.source))) expect(html).toContain(`<title>${source}: `);
    expect(html).toContain('<meta charset="utf-8">');
  });
});

describe('cloudjobs demo', () => {
  const { listed, missing } = simulatedCoverage();

  it('runs with no configuration: the simulator, a listing, a report, where it came from', async () => {
    const result = await runCli(['demo']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/local simulator \(seed 42\) listening on\nhttp:\/\/127\.0\.0\.1:\d+/);
    for (const id of listed) expect(out).toContain(`(${id})`);
    if (missing.length > 0) expect(out).toMatch(/Not listed: .*this build has no adapter for (it|them) yet/);
    else expect(out).not.toContain('Not listed');
    expect(out).toContain('running jobs by name, every cloud in one listing');
    expect(out).toContain('# Job report');
    expect(out).toContain('## Where this came from');
    // Every listed instance in the provenance table, and no request refused by the simulator.
    const provenance = out.split('## Where this came from')[1] ?? '';
    for (const id of listed)
      expect(provenance).toMatch(new RegExp(`${id}:\\S+\\s+\\d+\\s+\\d+\\s+\\d+\\s+0\\s`));
  });

  it('demo --format markdown prints the listing as a Markdown table; --seed changes the data', async () => {
    const [markdown, other] = await Promise.all([
      runCli(['demo', '--format', 'markdown']),
      runCli(['demo', '--seed', '7', '--jobs', '10']),
    ]);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('| SOURCE | ID | NAME | STATUS |');
    expect(other.code).toBe(0);
    expect(other.stdout).toContain('(seed 7)');
    expect(other.stdout).toContain(`Generated `);
    const total = Number(/· (\d+) jobs/.exec(other.stdout)?.[1]);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(20 * listed.length);
  });

  it('npm run demo works', async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'demo'], {
      cwd: root,
      env: userEnvironment(),
      encoding: 'utf8',
    });
    expect(stdout).toContain('cloudjobs demo — ');
    expect(stdout).toContain('# Job report');
  });
});

describe('cloudjobs simulate', () => {
  it('serves until interrupted; its config file and the same environment list from it', async () => {
    const { listed } = simulatedCoverage();
    // Any credentials a user's shell holds: the simulator accepts those, so the same environment reaches it.
    const env = {
      TENCENTCLOUD_SECRET_ID: 'AKIDexample0000000000000000000000000',
      TENCENTCLOUD_SECRET_KEY: 'exampleSecretKey0000000000000000',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIexample0000000000000',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'exampleSecret0000000000000000',
      HUAWEICLOUD_SDK_AK: 'EXAMPLEAK00000000000',
      HUAWEICLOUD_SDK_SK: 'exampleSk0000000000000000000000000000000',
    };
    const child = spawnCli(['simulate', '--jobs', '8', '--seed', '3'], { env });
    let stdout = '';
    child.stdout?.setEncoding('utf8');
    await new Promise<void>((resolve) => {
      child.stdout?.on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.trimEnd().endsWith('}')) resolve();
      });
    });
    const directory = mkdtempSync(join(tmpdir(), 'cloudjobs-simulate-'));
    try {
      expect(stdout).toMatch(/^cloudjobs simulator listening on http:\/\/127\.0\.0\.1:\d+ \(seed 3\)/);
      for (const value of Object.values(env)) expect(stdout).not.toContain(value);
      const config = JSON.parse(stdout.slice(stdout.indexOf('{\n')));
      expect(config.providers.map((entry: { provider: string }) => entry.provider)).toEqual(listed);
      const path = join(directory, 'clouds.json');
      writeFileSync(path, JSON.stringify(config));
      const result = await runCli(['list', '--config', path, '--format', 'json'], { env });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const jobs = JSON.parse(result.stdout) as { provider: string }[];
      expect(new Set(jobs.map((job) => job.provider))).toEqual(new Set(listed));
    } finally {
      child.kill('SIGINT');
      rmSync(directory, { recursive: true, force: true });
    }
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
  });
});
