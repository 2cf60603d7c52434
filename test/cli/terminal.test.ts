import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ansiEscape,
  ansiStyle,
  cellWidth,
  cliPath,
  ensureBuilt,
  root,
  runCli,
  stackFrame,
  userEnvironment,
} from './support.js';

/** util-linux `script` gives the CLI a pseudo-terminal for stdout and stderr. */
const hasScript = (() => {
  if (process.platform !== 'linux') return false;
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Runs the CLI on a terminal `columns` wide; returns what the terminal received. */
async function inTerminal(
  args: string[],
  columns: number,
  env: Record<string, string> = {},
): Promise<string> {
  const command = `stty cols ${columns} rows 50; ${quote(process.execPath)} ${quote(cliPath)} ${args.map(quote).join(' ')}`;
  const { stdout } = await promisify(execFile)('script', ['-qec', command, '/dev/null'], {
    cwd: root,
    env: userEnvironment({ TERM: 'xterm-256color', ...env }),
    encoding: 'utf8',
  });
  return stdout;
}

/** The screen's final lines: progress redraws (CR, erase line) resolved as a terminal would. */
function screenLines(output: string): string[] {
  return output
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: resolving terminal control sequences
      const parts = line.split(/\r|\u001b\[2K/);
      return (parts.at(-1) ?? '').replace(ansiStyleGlobal, '');
    })
    .filter((line) => line !== '');
}
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
const ansiStyleGlobal = /\u001b\[[0-9;]*m/g;

beforeAll(async () => {
  await ensureBuilt();
});

describe('output that is not a terminal', () => {
  it.concurrent('no escape sequences and no progress, in any format', async () => {
    // (Tables and CSV from a config file are checked the same way in formats.test.ts.)
    for (const format of ['table', 'ndjson']) {
      const result = await runCli(['list', '--simulate', '--jobs', '200', '--format', format]);
      expect(result.code).toBe(0);
      expect(result.stdout).not.toMatch(ansiEscape);
      expect(result.stderr).toBe('');
    }
    const report = await runCli(['report', '--simulate']);
    expect(report.stdout).not.toMatch(ansiEscape);
    expect(report.stderr).toBe('');
  });

  it.concurrent('a reader that stops early (| head -n 1) ends the listing quietly with exit 0', async () => {
    const child = spawn(
      process.execPath,
      [cliPath, 'list', '--simulate', '--jobs', '20000', '--format', 'ndjson'],
      {
        cwd: root,
        env: userEnvironment(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const first = await new Promise<string>((resolve) => {
      child.stdout.setEncoding('utf8').once('data', (chunk: string) => resolve(chunk));
    });
    expect(JSON.parse(first.split('\n')[0] as string)).toHaveProperty('id');
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).not.toMatch(stackFrame);
    expect(stderr).toBe('');
  });
});

describe.skipIf(!hasScript)('on a terminal (pseudo-terminal through script)', () => {
  it.concurrent('colours statuses and headers, and shows progress on stderr', async () => {
    const output = await inTerminal(['list', '--simulate', '--limit', '5'], 200);
    expect(output).toMatch(ansiStyle);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the bold header
    expect(output).toMatch(/\u001b\[1mSOURCE/);
    expect(output).toMatch(/\d+ pages?, \d+ items/);
    const lines = screenLines(output);
    expect(lines[0]).toMatch(/^SOURCE\s+ID\s+NAME\s+STATUS/);
    expect(lines).toHaveLength(6);
  });

  it.concurrent('NO_COLOR: no colour at all (progress still redraws its line)', async () => {
    const output = await inTerminal(['list', '--simulate', '--limit', '5'], 200, { NO_COLOR: '1' });
    expect(output).not.toMatch(ansiStyle);
    expect(screenLines(output)).toHaveLength(6);
    const report = await inTerminal(['report', '--simulate'], 200, { NO_COLOR: '1' });
    expect(report).not.toMatch(ansiStyle);
  });

  it.concurrent('an empty NO_COLOR does not turn colour off (no-color.org)', async () => {
    const output = await inTerminal(['list', '--simulate', '--limit', '2'], 200, { NO_COLOR: '' });
    expect(output).toMatch(ansiStyle);
  });

  it.concurrent.each([100, 60, 30])(
    'a %i-column terminal: no line wider, ids and statuses whole',
    async (columns) => {
      const [json, output] = await Promise.all([
        runCli(['list', '--simulate', '--format', 'json', '--sort', 'name', '--limit', '15']),
        inTerminal(['list', '--simulate', '--sort', 'name', '--limit', '15'], columns),
      ]);
      const jobs = JSON.parse(json.stdout) as { id: string; status: string }[];
      const lines = screenLines(output);
      expect(lines).toHaveLength(jobs.length + 1);
      for (const line of lines) expect(cellWidth(line)).toBeLessThanOrEqual(columns);
      jobs.forEach((job, index) => {
        const line = lines[index + 1] as string;
        expect(line).toContain(job.id);
        expect(line).toMatch(new RegExp(`\\b${job.status}\\b`));
      });
    },
  );

  it.concurrent('ndjson to a terminal gets no progress line in between', async () => {
    const output = await inTerminal(['list', '--simulate', '--format', 'ndjson', '--limit', '30'], 120);
    expect(output).not.toMatch(ansiEscape);
    const lines = output.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(30);
    for (const line of lines) JSON.parse(line);
  });
});
