import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseCommandLine, resolveProviderFlag, UsageError } from '../../src/cli/arguments.js';
import { describeError, describeFailure } from '../../src/cli/failures.js';
import {
  isClosedOutput,
  OutputClosedError,
  terminalWidth,
  useColor,
  writerFor,
} from '../../src/cli/output.js';
import { simulatedCoverage } from '../../src/cli/simulated.js';
import {
  InvalidInputError,
  InvalidQueryError,
  MalformedResponseError,
  ProviderApiError,
} from '../../src/errors.js';
import { JobQuerySchema, parseQuery } from '../../src/model/query.js';
import { providerFactories } from '../../src/providers/registry.js';
import { simulatedProviders } from '../../src/testing/simulator/index.js';

describe('parseCommandLine', () => {
  it('turns flags into a job query: lists from repeats and commas, tags, dates, sort, limit', () => {
    const parsed = parseCommandLine([
      'list',
      '--simulate',
      '--status',
      'failed, running',
      '--status',
      'pending',
      '--tag',
      'env=prod',
      '--tag',
      'team',
      '--tag',
      'expr=a=b',
      '--zone',
      'z1,z2',
      '--name-contains',
      'etl',
      '--created-after',
      '2024-05-01T00:00:00Z',
      '--sort',
      'createdAt:desc',
      '--limit',
      '20',
      '--provider',
      'tencent-batch',
    ]);
    expect(parsed.command).toBe('list');
    expect(parsed.format).toBe('table');
    expect(parsed.simulate).toBe(true);
    expect(parsed.query).toEqual({
      providerOrSource: ['tencent-batch'],
      status: ['failed', 'running', 'pending'],
      nameContains: 'etl',
      zone: ['z1', 'z2'],
      tags: { env: 'prod', team: true, expr: 'a=b' },
      createdAfter: '2024-05-01T00:00:00Z',
      sort: { by: 'createdAt', order: 'desc' },
      limit: 20,
    });
    const { providerOrSource: _, ...query } = parsed.query;
    expect(() => parseQuery(JobQuerySchema, query)).not.toThrow();
  });

  it('defaults: each command its own format; help when no command', () => {
    expect(parseCommandLine(['report', '--simulate']).format).toBe('markdown');
    expect(parseCommandLine(['demo']).format).toBe('table');
    expect(parseCommandLine([]).command).toBe('help');
    expect(parseCommandLine(['help', 'groups']).helpFor).toBe('groups');
    expect(parseCommandLine(['list', '--help', '--zone', 'x']).help).toBe(true);
  });

  it('the command may come after its flags', () => {
    expect(parseCommandLine(['--simulate', 'list', '--limit', '3']).query).toEqual({ limit: 3 });
  });

  it('refuses mistakes with a UsageError naming the flag and the command', () => {
    const refusal = (args: string[]) => {
      try {
        parseCommandLine(args);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return error as UsageError;
      }
      throw new Error(`accepted ${args.join(' ')}`);
    };
    expect(refusal(['groups', '--zone', 'x']).command).toBe('groups');
    expect(refusal(['groups', '--zone', 'x', '--tag', 'a']).message).toMatch(
      /--zone, --tag are not options of groups/,
    );
    expect(refusal(['list', '--tag', 'a=1', '--tag', 'a=2']).message).toMatch(/--tag a is given twice/);
    expect(refusal(['simulate', '--port', '70000']).message).toMatch(
      /--port takes a whole number from 0 to 65535/,
    );
    expect(refusal(['list', '--sort', 'name:asc:x']).message).toMatch(/--sort takes FIELD/);
    expect(refusal(['list', '--simulate', '--limit', '-1']).message).toMatch(/--limit/);
    expect(refusal(['report', '--limit', '3']).message).toMatch(/--limit is not an option of report/);
    expect(refusal(['nope']).command).toBeNull();
  });
});

describe('resolveProviderFlag', () => {
  const instances = [
    { name: 'tencent-batch:ap-guangzhou', providerId: 'tencent-batch' },
    { name: 'tencent-batch:ap-shanghai', providerId: 'tencent-batch' },
    { name: 'prod-ml', providerId: 'huawei-modelarts' },
  ];

  it('selects the union of instances named and instances of the provider ids given', () => {
    expect(
      resolveProviderFlag({ providerOrSource: ['prod-ml', 'tencent-batch'] }, instances, 'list'),
    ).toEqual({
      sources: ['tencent-batch:ap-guangzhou', 'tencent-batch:ap-shanghai', 'prod-ml'],
    });
    expect(
      resolveProviderFlag({ providerOrSource: ['tencent-batch:ap-shanghai'], limit: 2 }, instances, 'list'),
    ).toEqual({ sources: ['tencent-batch:ap-shanghai'], limit: 2 });
    expect(resolveProviderFlag({ status: ['failed'] }, instances, 'list')).toEqual({ status: ['failed'] });
  });

  it('refuses a value that matches no configured instance, listing what is configured', () => {
    expect(() => resolveProviderFlag({ providerOrSource: ['aliyun-cityvisual'] }, instances, 'list')).toThrow(
      /--provider "aliyun-cityvisual": no configured instance .* configured: tencent-batch:ap-guangzhou \(tencent-batch\)/,
    );
  });
});

describe('failure lines', () => {
  it('a cloud error: instance, provider, kind, code, request id, HTTP status, the cloud message on one line', () => {
    const error = new ProviderApiError({
      kind: 'throttled',
      code: 'RequestLimitExceeded',
      message: 'Too many\nrequests.',
      action: 'DescribeJobs',
      httpStatus: 200,
      requestId: 'abc-123',
      provider: 'tencent-batch',
    });
    expect(describeFailure({ source: 'tencent-batch:ap-guangzhou', provider: 'tencent-batch', error })).toBe(
      'tencent-batch:ap-guangzhou failed: provider tencent-batch, kind throttled, code RequestLimitExceeded, request abc-123, HTTP 200: Too many requests.',
    );
  });

  it('other errors: their class and message', () => {
    const error = new MalformedResponseError({
      action: 'DescribeJobs',
      issues: [{ path: 'Response.JobSet[0].JobId', message: 'expected string' }],
      provider: 'tencent-batch',
    });
    expect(describeFailure({ source: 'x', provider: 'tencent-batch', error })).toMatch(
      /^x failed: provider tencent-batch, MalformedResponseError: tencent-batch DescribeJobs: malformed response: Response\.JobSet\[0\]\.JobId/,
    );
  });

  it('an invalid query speaks of flags, not of query keys', () => {
    const error = new InvalidQueryError([
      { path: 'createdAfter', message: 'expected an ISO 8601 date-time with an offset' },
      { path: 'sort.by', message: 'Invalid option' },
      { path: 'status[1]', message: 'Invalid option' },
    ]);
    expect(describeError(error)).toBe(
      'invalid query: --created-after: expected an ISO 8601 date-time with an offset; --sort: Invalid option; --status: Invalid option',
    );
    expect(
      describeError(new InvalidInputError([{ path: 'credentials', message: 'set X' }], { source: 's' })),
    ).toBe('s: invalid input: credentials: set X');
  });
});

describe('output', () => {
  it('colour only on a terminal, never with NO_COLOR set to anything', () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
    const pipe = new PassThrough();
    expect(useColor(tty, {})).toBe(true);
    expect(useColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(tty, { NO_COLOR: '0' })).toBe(false);
    expect(useColor(tty, { NO_COLOR: '' })).toBe(true);
    expect(useColor(pipe, {})).toBe(false);
    expect(terminalWidth(tty)).toBe(80);
    expect(terminalWidth(pipe)).toBeUndefined();
  });

  it('the writer waits for drain when the stream is full, and fails instead of waiting on a closed stream', async () => {
    let release: (() => void) | null = null;
    const slow = new Writable({
      highWaterMark: 4,
      write(_chunk, _encoding, callback) {
        release = callback;
      },
    });
    const write = writerFor(slow);
    expect(write('ab')).toBeUndefined();
    const waiting = write('cdefgh');
    expect(waiting).toBeInstanceOf(Promise);
    let drained = false;
    void waiting?.then(() => {
      drained = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    (release as unknown as () => void)();
    await new Promise((resolve) => setImmediate(resolve));
    (release as unknown as () => void)();
    await waiting;
    expect(drained).toBe(true);

    const closing = new Writable({ highWaterMark: 1, write() {} });
    closing.on('error', () => undefined);
    const pending = writerFor(closing)('xyz');
    closing.destroy();
    await expect(pending).rejects.toBeInstanceOf(OutputClosedError);
    expect(() => writerFor(closing)('more')).toThrow(OutputClosedError);
    expect(isClosedOutput(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(true);
    expect(isClosedOutput(new Error('ENOSPC'))).toBe(false);
  });
});

describe('simulated clouds', () => {
  it('the CLI knows the simulator’s clouds, and lists those this build has adapters for', () => {
    const { listed, missing } = simulatedCoverage();
    expect([...listed, ...missing].sort()).toEqual([...simulatedProviders].sort());
    for (const id of listed) expect(providerFactories[id]).toBeTypeOf('function');
    for (const id of missing) expect(providerFactories[id]).toBeUndefined();
  });
});
