import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/arguments.js';
import { type Simulator, simulatorCredentials, startSimulator } from '../../src/testing/simulator/index.js';
import { ensureBuilt, runCli, type SimulatedSetup, simulatedSetup, stackFrame } from './support.js';

let setup: SimulatedSetup;
// A second "account": same clouds, other credentials, so the environment's keys are refused there
// with each cloud's own authentication error and request id.
let elsewhere: Simulator;

beforeAll(async () => {
  await ensureBuilt();
  setup = await simulatedSetup({ seed: 5, counts: { 'tencent-batch': 20, 'huawei-modelarts': 20 } });
  elsewhere = await startSimulator({
    seed: 6,
    credentials: {
      'tencent-batch': {
        secretId: 'AKIDOTHERACCOUNT00000000000000000000',
        secretKey: 'OTHERsecretKEY000000000000000000',
      },
      'aliyun-cityvisual': {
        accessKeyId: 'LTAIOTHERACCOUNT00000000',
        accessKeySecret: 'OTHERsecret0000000000000000000',
      },
      'huawei-modelarts': { ak: 'OTHERAK0000000000000', sk: 'OTHERsk000000000000000000000000000000000' },
    },
  });
});

afterAll(async () => {
  await setup?.stop();
  await elsewhere?.stop();
});

/** The credential values in the environment (not the scope, such as a project id). */
const secrets = () =>
  Object.entries(setup.env)
    .filter(([name]) => /SECRET|KEY|_AK$|_SK$|TOKEN/.test(name))
    .map(([, value]) => value);

/** An instance of the same cloud in the other account: the environment's credentials are wrong there. */
const wrongAccount = (index = 0) => {
  const id = setup.listed[index % setup.listed.length] as (typeof setup.listed)[number];
  return setup.entry(id, {
    name: `${id}:other-account`,
    endpoint: elsewhere.url,
    retry: { maxAttempts: 1 },
  });
};

describe('--help', () => {
  it.concurrent.each(commands.filter((command) => command !== 'help'))(
    'cloudjobs %s --help prints that command’s usage and exits 0',
    async (command) => {
      const result = await runCli([command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout.startsWith(`Usage: cloudjobs ${command}`)).toBe(true);
    },
  );

  it.concurrent('-h and `cloudjobs help <command>` print the same', async () => {
    const [long, short, viaHelp] = await Promise.all([
      runCli(['report', '--help']),
      runCli(['report', '-h']),
      runCli(['help', 'report']),
    ]);
    expect(short.stdout).toBe(long.stdout);
    expect(viaHelp.stdout).toBe(long.stdout);
  });

  it.concurrent('cloudjobs, cloudjobs help and cloudjobs --help print the command list', async () => {
    for (const args of [[], ['help'], ['--help']]) {
      const result = await runCli(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^cloudjobs — /);
      for (const command of ['list', 'groups', 'report', 'demo'])
        expect(result.stdout).toContain(`  ${command} `);
    }
  });

  it.concurrent('every option a command takes is in its help', async () => {
    const list = await runCli(['list', '--help']);
    for (const flag of [
      '--provider',
      '--status',
      '--name',
      '--name-contains',
      '--tag',
      '--zone',
      '--created-after',
      '--created-before',
      '--sort',
      '--limit',
      '--format',
      '--config',
      '--simulate',
      '--fail-fast',
      '--debug',
    ])
      expect(list.stdout).toContain(flag);
  });
});

describe('mistakes on the command line: a clear message on stderr, exit 1, no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown command', ['lsit'], /unknown command "lsit"; commands: list, groups/],
    ['unknown command in help', ['help', 'lsit'], /unknown command "lsit"/],
    [
      'unknown flag',
      ['list', '--simulate', '--colour'],
      /unknown option --colour\n\(see `cloudjobs list --help`\)/,
    ],
    ['flag of another command', ['demo', '--status', 'failed'], /--status is not an option of demo/],
    [
      'job-only flag on groups',
      ['groups', '--simulate', '--tag', 'env=prod'],
      /--tag is not an option of groups/,
    ],
    ['missing value', ['list', '--simulate', '--limit'], /--limit needs a value/],
    [
      'value that looks like a flag',
      ['list', '--simulate', '--name', '-x'],
      /--name needs a value; for a value that starts with a dash, write --name=-…/,
    ],
    [
      'bad limit',
      ['list', '--simulate', '--limit', 'ten'],
      /--limit takes a whole number of at least 1, not "ten"/,
    ],
    ['zero limit', ['list', '--simulate', '--limit', '0'], /--limit takes a whole number/],
    [
      'bad format',
      ['list', '--simulate', '--format', 'xml'],
      /--format for list takes one of table, json, ndjson, csv, markdown, not "xml"/,
    ],
    ['html for a listing', ['list', '--simulate', '--format', 'html'], /--format for list takes one of/],
    [
      'csv for a report',
      ['report', '--simulate', '--format', 'csv'],
      /--format for report takes one of markdown, html/,
    ],
    [
      'bad sort order',
      ['list', '--simulate', '--sort', 'name:up'],
      /--sort takes FIELD\[:asc\|desc\], not "name:up"/,
    ],
    [
      'unknown sort field',
      ['list', '--simulate', '--sort', 'size'],
      /--sort: jobs sort by createdAt, name, status/,
    ],
    [
      'job sort field on groups',
      ['groups', '--simulate', '--sort', 'createdAt'],
      /--sort: job groups sort by name, status, provider, id/,
    ],
    ['empty tag', ['list', '--simulate', '--tag', '=x'], /--tag takes key=value or key/],
    [
      'unknown status',
      ['list', '--simulate', '--status', 'done'],
      /invalid query: --status: .*expected one of/,
    ],
    [
      'date without an offset',
      ['list', '--simulate', '--created-after', '2024-05-01'],
      /invalid query: --created-after: expected an ISO 8601 date-time with an offset/,
    ],
    [
      'not a date',
      ['list', '--simulate', '--created-before', '2024-13-45T00:00:00Z'],
      /invalid query: --created-before: not a valid date/,
    ],
    [
      'unknown provider',
      ['list', '--simulate', '--provider', 'aws-batch'],
      /--provider "aws-batch": no configured instance/,
    ],
    [
      'seed without the simulator',
      ['list', '--seed', '3', '--config', 'x.json'],
      /--seed only applies with --simulate/,
    ],
    [
      'simulate and config',
      ['list', '--simulate', '--config', 'x.json'],
      /--simulate and --config exclude each other/,
    ],
    [
      'nowhere to list from',
      ['list'],
      /say where to list from: --config FILE \(or CLOUDJOBS_CONFIG\), or --simulate/,
    ],
    [
      'missing config file',
      ['list', '--config', '/nonexistent/clouds.json'],
      /cannot read --config \/nonexistent\/clouds.json/,
    ],
    ['stray argument', ['list', 'extra', '--simulate'], /unexpected argument "extra"/],
  ];

  it.concurrent.each(cases)('%s', async (_name, args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^cloudjobs: /);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(stackFrame);
  });

  it.concurrent('config files: credentials, unknown providers, bad options and bad JSON are refused by name', async () => {
    const withCredentials = setup.writeConfig('with-credentials.json', [
      { ...setup.entry(setup.listed[0] as never), credentials: { secretId: 'x', secretKey: 'y' } },
    ]);
    const unknown = setup.writeConfig('unknown.json', [{ provider: 'aws-batch', region: 'us-east-1' }]);
    const badOptions = setup.writeConfig('bad-options.json', [
      { ...setup.entry(setup.listed[0] as never), region: '', rateLimit: -1 },
    ]);
    const badMapping = setup.writeConfig('bad-mapping.json', [
      { ...setup.entry(setup.listed[0] as never), environment: { TENCENTCLOUD_SECRET_ID: 'not a name' } },
    ]);
    const notJson = join(setup.configPath, '..', 'not.json');
    writeFileSync(notJson, '{ providers: [');
    const expectations: [string, RegExp][] = [
      [
        withCredentials,
        /providers\.0\.credentials: credentials do not belong in a config file; set them in the environment/,
      ],
      [unknown, /providers\[0\]\.provider: unknown provider "aws-batch"; known: /],
      [badOptions, /providers\[0\]\.region \([\w-]+\): .+; providers\[0\]\.rateLimit \([\w-]+\): /],
      [
        badMapping,
        /providers\.0\.environment\.TENCENTCLOUD_SECRET_ID: expected the name of an environment variable/,
      ],
      [notJson, /is not JSON/],
    ];
    for (const [path, message] of expectations) {
      const result = await runCli(['list', '--config', path], { env: setup.env });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(stackFrame);
    }
  });

  it.concurrent('CLOUDJOBS_CONFIG stands for --config', async () => {
    const result = await runCli(['list', '--format', 'json', '--limit', '3'], {
      env: { ...setup.env, CLOUDJOBS_CONFIG: setup.configPath },
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(3);
  });
});

describe('provider failures', () => {
  it('one instance failing: the others are printed, one line per failure on stderr, exit 2', async () => {
    const config = setup.writeConfig('partial.json', [
      ...setup.listed.map((id) => setup.entry(id)),
      wrongAccount(),
    ]);
    const result = await runCli(['list', '--config', config, '--format', 'json'], { env: setup.env });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual(await setup.libraryJobs());
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const failed = wrongAccount();
    expect(lines[0]).toMatch(
      new RegExp(
        `^cloudjobs: ${failed.name} failed: provider ${failed.provider}, kind auth, code [\\w.]+, request [\\w-]+(, HTTP \\d+)?: .+`,
      ),
    );
    expect(lines[0]).not.toContain('request (none)');
    expect(result.stderr).not.toMatch(stackFrame);
    // Neither account's secrets ever reach the output.
    for (const secret of secrets()) expect(result.stderr).not.toContain(secret);
  });

  it('every instance failing: exit 1, each named', async () => {
    const config = setup.writeConfig(
      'all-failing.json',
      setup.listed.map((_, index) => wrongAccount(index)),
    );
    const result = await runCli(['list', '--config', config, '--format', 'ndjson'], { env: setup.env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(setup.listed.length);
    for (const line of lines)
      expect(line).toMatch(/^cloudjobs: .+:other-account failed: provider .+, kind auth, code /);
  });

  it('an unreachable endpoint is a network failure; missing credentials name the environment variables', async () => {
    const config = setup.writeConfig('unreachable.json', [
      ...setup.listed.map((id) => setup.entry(id)),
      setup.entry(setup.listed[0] as never, {
        name: 'unreachable',
        endpoint: 'http://127.0.0.1:9',
        retry: { maxAttempts: 1 },
      }),
    ]);
    const unreachable = await runCli(['list', '--config', config, '--format', 'json'], { env: setup.env });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(
      /^cloudjobs: unreachable failed: provider [\w-]+, kind network, code ECONNREFUSED/,
    );

    const noCredentials = await runCli(['list', '--config', setup.configPath], {});
    expect(noCredentials.code).toBe(1);
    expect(noCredentials.stderr).toMatch(/TENCENTCLOUD_SECRET_ID|HUAWEICLOUD_SDK_AK/);
    expect(noCredentials.stderr.trimEnd().split('\n')).toHaveLength(setup.listed.length);
  });

  it('an entry’s environment maps its cloud’s variables to others: two accounts of every cloud in one run', async () => {
    const mapped = (id: (typeof setup.listed)[number]) =>
      Object.fromEntries(Object.keys(elsewhere.environment(id)).map((name) => [name, `OTHER_${name}`]));
    const otherEnvironment = Object.fromEntries(
      setup.listed.flatMap((id) =>
        Object.entries(elsewhere.environment(id)).map(([name, value]) => [`OTHER_${name}`, value]),
      ),
    );
    const config = setup.writeConfig('two-accounts.json', [
      ...setup.listed.map((id) => setup.entry(id)),
      ...setup.listed.map((_, index) => ({
        ...wrongAccount(index),
        environment: mapped(setup.listed[index] as never),
      })),
    ]);
    const result = await runCli(['list', '--config', config, '--format', 'json'], {
      env: { ...setup.env, ...otherEnvironment },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const jobs = JSON.parse(result.stdout) as { source: string }[];
    // The first account's jobs as the library lists them, then the second account's, instance by instance.
    const first = await setup.libraryJobs();
    expect(jobs.slice(0, first.length)).toEqual(first);
    const others = jobs.slice(first.length);
    expect(others.length).toBeGreaterThan(0);
    expect(new Set(others.map((job) => job.source))).toEqual(
      new Set(setup.listed.map((_, index) => wrongAccount(index).name)),
    );
  });

  it('a mapped variable that is not set: a warning naming the entry (never the mapped name), that instance fails alone', async () => {
    const id = setup.listed[0] as (typeof setup.listed)[number];
    const [idVariable, keyVariable] = Object.keys(elsewhere.environment(id)) as [string, string];
    const config = setup.writeConfig('unset-mapping.json', [
      ...setup.listed.map((listed) => setup.entry(listed)),
      { ...wrongAccount(), environment: { [idVariable]: 'OTHER_ID', [keyVariable]: 'OTHER_KEY_UNSET' } },
    ]);
    const result = await runCli(['list', '--config', config, '--format', 'json'], {
      env: { ...setup.env, OTHER_ID: elsewhere.environment(id)[idVariable] as string },
    });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual(await setup.libraryJobs());
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^cloudjobs: warning: --config .+: providers\\[${setup.listed.length}\\]\\.environment\\.${keyVariable} \\(${id}\\): the variable it names is not set$`,
      ),
    );
    expect(result.stderr).not.toContain('OTHER_KEY_UNSET');
    // The process's own key for this cloud (the first account's) is not borrowed: the instance has
    // no key at all, rather than a key of another account.
    expect(lines[1]).toMatch(
      new RegExp(`^cloudjobs: ${wrongAccount().name} failed: .+no credentials: ${keyVariable}`),
    );
    expect(lines).toHaveLength(2);
  });

  it('--fail-fast: the first failure ends the listing with exit 1', async () => {
    const config = setup.writeConfig('fail-fast.json', [
      wrongAccount(),
      ...setup.listed.map((id) => setup.entry(id)),
    ]);
    const result = await runCli(['list', '--config', config, '--fail-fast', '--format', 'ndjson'], {
      env: setup.env,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/:other-account failed: provider .+, kind auth/);
    expect(result.stderr).not.toMatch(stackFrame);
  });

  it('--debug adds request log lines and the failure’s stack trace', async () => {
    const config = setup.writeConfig('debug.json', [
      ...setup.listed.map((id) => setup.entry(id)),
      wrongAccount(),
    ]);
    const result = await runCli(['list', '--config', config, '--debug', '--format', 'json'], {
      env: setup.env,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^debug: /m);
    expect(result.stderr).toMatch(stackFrame);
    for (const secret of secrets()) expect(result.stderr).not.toContain(secret);
    for (const secret of Object.values(simulatorCredentials).flatMap((credentials) =>
      Object.values(credentials),
    ))
      expect(result.stderr).not.toContain(secret);
  });

  it('groups and report tell partial failure the same way', async () => {
    const config = setup.writeConfig('partial-report.json', [
      ...setup.listed.map((id) => setup.entry(id)),
      wrongAccount(),
    ]);
    const report = await runCli(['report', '--config', config], { env: setup.env });
    expect(report.code).toBe(2);
    expect(report.stdout).toContain('## Providers that failed');
    expect(report.stdout).toContain(`${wrongAccount().name}`);
    expect(report.stderr).toMatch(/:other-account failed: provider .+, kind auth/);
  });
});
