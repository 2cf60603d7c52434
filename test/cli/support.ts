import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { simulatedCoverage } from '../../src/cli/simulated.js';
import { createClient } from '../../src/client.js';
import type { Adapter } from '../../src/providers/adapter.js';
import { providerFactories } from '../../src/providers/registry.js';
import {
  type SimulatedProviderId,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from '../../src/testing/simulator/index.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
// The file the package's `bin` names: the bundled build, as a user's `npx cloudjobs` runs it.
export const cliPath = join(root, 'dist', 'bundle', 'cli.js');

function newestSource(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestSource(join(path, entry))));
}

function builtAt(): number {
  try {
    return statSync(cliPath).mtimeMs;
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds dist/ (and its bundle) once for all CLI test files: only when a source is newer than the build, and under a
 * lock, since test files run in parallel workers and two compilers must not write dist/ at once.
 */
export async function ensureBuilt(): Promise<void> {
  const sources = () =>
    Math.max(
      newestSource(join(root, 'src')),
      newestSource(join(root, 'scripts')),
      ...['package.json', 'tsconfig.json', 'tsconfig.build.json'].map((file) =>
        newestSource(join(root, file)),
      ),
    );
  if (builtAt() >= sources()) return;
  const lock = join(root, 'node_modules', '.cache', 'cloudjobs-cli-test-build.lock');
  mkdirSync(join(lock, '..'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another worker builds; a lock older than two minutes was left by a crashed run.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      } catch {}
      await sleep(100);
    }
  }
  try {
    if (builtAt() >= sources()) return;
    // What `npm run build` does: compile, then bundle the compiled modules.
    const run = promisify(execFile);
    await run(
      process.execPath,
      [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: root,
      },
    );
    await run(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { cwd: root });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  timeoutMs?: number;
  nodeArguments?: string[];
}

/**
 * The environment a user's shell would give: PATH, and nothing of ours (no credentials, no
 * NO_COLOR, no CLOUDJOBS_CONFIG) unless the test says so.
 */
export function userEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir(), ...extra };
}

export function spawnCli(args: string[], options: RunOptions = {}): ChildProcess {
  return spawn(process.execPath, [...(options.nodeArguments ?? []), cliPath, ...args], {
    cwd: root,
    env: userEnvironment(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the built CLI as a user would, stdout and stderr being pipes (not a terminal). */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cloudjobs ${args.join(' ')} did not finish in time; stderr: ${stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A stack trace's frames, which a user never sees without --debug. */
export const stackFrame = /^\s+at .+\(.+:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;

/** Any ANSI escape sequence. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
export const ansiEscape = /\u001b\[/;
/** ANSI colour and style (SGR) sequences. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
export const ansiStyle = /\u001b\[[0-9;]*m/;

export interface ConfigEntry {
  provider: string;
  [option: string]: unknown;
}

/**
 * A simulator started by the test, a config file that reaches it, and the environment carrying
 * its credentials (the config file never holds any): what a user of `--config` has.
 */
export interface SimulatedSetup {
  sim: Simulator;
  /** The simulated clouds this build has adapters for. */
  listed: SimulatedProviderId[];
  configPath: string;
  env: Record<string, string>;
  /** The config entry that reaches the simulator for one cloud, plus extra options. */
  entry(id: SimulatedProviderId, extra?: Record<string, unknown>): ConfigEntry;
  /** Writes another config file next to the first one. */
  writeConfig(name: string, providers: ConfigEntry[]): string;
  /** The adapters the library itself would use for the same instances. */
  adapters(options?: Record<string, unknown>): Adapter[];
  /** The library's own listing, as JSON would carry it. */
  libraryJobs(query?: Record<string, unknown>): Promise<unknown[]>;
  stop(): Promise<void>;
}

export async function simulatedSetup(options: SimulatorOptions = {}): Promise<SimulatedSetup> {
  const sim = await startSimulator(options);
  const { listed } = simulatedCoverage();
  const directory = mkdtempSync(join(tmpdir(), 'cloudjobs-cli-'));
  const entry = (id: SimulatedProviderId, extra: Record<string, unknown> = {}): ConfigEntry => {
    const { credentials: _credentials, ...scope } = sim.providerOptions(id);
    return { provider: id, ...scope, ...extra };
  };
  const writeConfig = (name: string, providers: ConfigEntry[]) => {
    const path = join(directory, name);
    writeFileSync(path, JSON.stringify({ providers }, null, 2));
    return path;
  };
  const configPath = writeConfig(
    'clouds.json',
    listed.map((id) => entry(id)),
  );
  const env: Record<string, string> = Object.assign({}, ...listed.map((id) => sim.environment(id)));
  const adapters = (extra: Record<string, unknown> = {}) =>
    listed.map((id) => {
      const factory = providerFactories[id];
      if (!factory) throw new Error(`no adapter for ${id}`);
      return factory({ ...sim.providerOptions(id), ...extra });
    });
  return {
    sim,
    listed,
    configPath,
    env,
    entry,
    writeConfig,
    adapters,
    async libraryJobs(query = {}) {
      const client = createClient({ providers: adapters() });
      const jobs: unknown[] = [];
      for await (const job of client.jobs(query)) jobs.push(job);
      return JSON.parse(JSON.stringify(jobs));
    },
    async stop() {
      await sim.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Jobs the simulator holds for the given clouds (a CityVisual group holds several). */
export function simulatedJobCount(sim: Simulator, ids: readonly SimulatedProviderId[]): number {
  return ids.reduce((sum, id) => {
    if (id === 'aliyun-cityvisual')
      return sum + sim.data[id].reduce((jobs, group) => jobs + group.ComputeJobs.length, 0);
    return sum + sim.data[id].length;
  }, 0);
}

/** Terminal cells a string takes: two for East Asian wide characters (enough for the test data). */
export function cellWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    width +=
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xff00 && code <= 0xff60)
        ? 2
        : 1;
  }
  return width;
}
