import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client.js';
import {
  csvRecord,
  formatDuration,
  groupCsvColumns,
  jobCsvColumns,
  jobDisplayColumns,
} from '../../src/report/index.js';
import { cellWidth, ensureBuilt, runCli, type SimulatedSetup, simulatedSetup } from './support.js';

// Names that break naive writers: a comma, quotes, a line break, a pipe, a tab, Chinese text.
const trickyNames = {
  tencent: 'comma, "quoted"\r\nsecond line 数据 | pipe',
  tencentChinese: '清洗任务，中文,名字',
  huawei: 'tab\there "q" | 视频',
};

type JsonJob = {
  provider: string;
  source: string;
  id: string;
  name: string | null;
  status: string;
  nativeStatus: string | null;
  zone: string | null;
  createdAt: string | null;
  durationMs: number | null;
  tags: Record<string, string>;
  [key: string]: unknown;
};

let setup: SimulatedSetup;
let everything: JsonJob[];

const list = (...args: string[]) =>
  runCli(['list', '--config', setup.configPath, ...args], { env: setup.env });

beforeAll(async () => {
  await ensureBuilt();
  setup = await simulatedSetup({
    seed: 11,
    counts: {
      'tencent-batch': 45,
      'huawei-modelarts': 45,
      'aliyun-cityvisual': { groups: 6, jobsPerGroup: 3 },
    },
  });
  const tencent = setup.sim.data['tencent-batch'];
  if (tencent[0]) {
    tencent[0].JobName = trickyNames.tencent;
    tencent[0].Tags = [
      { Key: 'env', Value: 'prod' },
      { Key: '项目', Value: '研发' },
    ];
  }
  if (tencent[1]) tencent[1].JobName = trickyNames.tencentChinese;
  const huawei = setup.sim.data['huawei-modelarts'];
  if (huawei[0]) huawei[0].job_name = trickyNames.huawei;
  everything = (await setup.libraryJobs()) as JsonJob[];
});

afterAll(async () => {
  await setup?.stop();
});

describe('cloudjobs list --config FILE: every format parses, and carries the library listing', () => {
  it('lists every configured instance (as many as this build has adapters for)', () => {
    expect(setup.listed.length).toBeGreaterThan(0);
    expect(new Set(everything.map((job) => job.provider))).toEqual(new Set(setup.listed));
  });

  it('json: one array, equal to client.jobs() as JSON, raw records included', async () => {
    const result = await list('--format', 'json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(everything);
  });

  it('ndjson: one job per line, each a JSON object, in the listing order', async () => {
    const result = await list('--format', 'ndjson');
    expect(result.code).toBe(0);
    expect(result.stdout.endsWith('\n')).toBe(true);
    const lines = result.stdout.slice(0, -1).split('\n');
    expect(lines).toHaveLength(everything.length);
    expect(lines.map((line) => JSON.parse(line))).toEqual(everything);
  });

  it('--interleave: the same jobs, each instance in its own order', async () => {
    const result = await list('--format', 'ndjson', '--interleave');
    expect(result.code).toBe(0);
    const jobs = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as JsonJob);
    const key = (job: JsonJob) => `${job.source}/${job.id}`;
    expect(jobs.map(key).sort()).toEqual(everything.map(key).sort());
    for (const source of new Set(everything.map((job) => job.source)))
      expect(jobs.filter((job) => job.source === source)).toEqual(
        everything.filter((job) => job.source === source),
      );
    // With a sort the order is the sort's, interleaved or not.
    const sorted = await list('--format', 'json', '--sort', 'name', '--interleave');
    expect(JSON.parse(sorted.stdout)).toEqual(
      JSON.parse((await list('--format', 'json', '--sort', 'name')).stdout),
    );
  });

  it('csv: RFC 4180 that a real parser reads back to the same fields, and that writes back byte for byte', async () => {
    const result = await list('--format', 'csv');
    expect(result.code).toBe(0);
    const rows = parse(result.stdout, { relaxQuotes: false, relaxColumnCount: false }) as string[][];
    expect(rows[0]).toEqual(jobCsvColumns.map((column) => column.header));
    expect(rows).toHaveLength(everything.length + 1);
    // Round trip: the parsed fields, written again as RFC 4180 records, are the output itself.
    expect(rows.map((row) => csvRecord(row)).join('')).toBe(result.stdout);
    const column = (name: string) => jobCsvColumns.findIndex((candidate) => candidate.header === name);
    everything.forEach((job, index) => {
      const row = rows[index + 1] as string[];
      expect(row[column('source')]).toBe(job.source);
      expect(row[column('id')]).toBe(job.id);
      expect(row[column('name')]).toBe(job.name ?? '');
      expect(row[column('status')]).toBe(job.status);
      // Dates as ISO 8601 UTC; tags as k=v;k2=v2, keys sorted.
      expect(row[column('createdAt')]).toBe(job.createdAt ?? '');
      if (job.createdAt) expect(row[column('createdAt')]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(row[column('tags')]).toBe(
        Object.keys(job.tags)
          .sort()
          .map((key) => `${key}=${job.tags[key]}`)
          .join(';'),
      );
    });
    const names = rows.slice(1).map((row) => row[column('name')]);
    expect(names).toEqual(expect.arrayContaining(Object.values(trickyNames)));
    // Records end with CRLF; the line break inside a quoted name is kept as it was.
    expect(result.stdout.startsWith('provider,source,id,name,status,')).toBe(true);
    expect(result.stdout.endsWith('\r\n')).toBe(true);
  });

  it('markdown: a table with one row per job, pipes escaped, no line break inside a row', async () => {
    const result = await list('--format', 'markdown');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(everything.length + 2);
    expect(lines[0]).toBe(`| ${jobDisplayColumns.map((column) => column.header).join(' | ')} |`);
    expect(lines[1]).toBe(`| ${jobDisplayColumns.map(() => '---').join(' | ')} |`);
    for (const line of lines) {
      expect(line.startsWith('| ') && line.endsWith(' |')).toBe(true);
      // Cells split on pipes that are not escaped: exactly one cell per column.
      expect(line.split(/(?<!\\)\|/)).toHaveLength(jobDisplayColumns.length + 2);
    }
    expect(result.stdout).toContain('comma, "quoted" second line 数据 \\| pipe');
  });

  it('table (not a terminal): aligned columns, full width, no escape sequences', async () => {
    const result = await list();
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain('\u001b');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(everything.length + 1);
    // Expand each line to terminal cells, so that wide (Chinese) characters count twice.
    const cells = (line: string) =>
      [...line].flatMap((char) => (cellWidth(char) === 2 ? [char, ''] : [char]));
    const header = lines[0] as string;
    const starts = jobDisplayColumns.map((column) => header.indexOf(column.header));
    expect(starts.every((start, index) => index === 0 || start > (starts[index - 1] ?? 0))).toBe(true);
    everything.forEach((job, index) => {
      const row = cells(lines[index + 1] as string);
      const expected = [
        job.source,
        job.id,
        (job.name ?? '').replace(/[\r\n\t]+/g, ' '),
        job.status,
        job.nativeStatus ?? '',
        job.createdAt ?? '',
        formatDuration(job.durationMs),
      ];
      starts.forEach((start, column) => {
        const text = row
          .slice(start, starts[column + 1] ?? row.length)
          .join('')
          .trimEnd();
        expect(text).toBe(expected[column]);
        // Each column starts after the gap: the column before it never runs into it.
        if (column > 0 && row.length > start) expect(row.slice(start - 2, start).join('')).toBe('  ');
      });
    });
  });
});

describe('cloudjobs list: filters and sort give what client.jobs(query) gives', () => {
  const cases: { name: string; args: () => string[]; query: () => Record<string, unknown> }[] = [
    { name: 'one status', args: () => ['--status', 'failed'], query: () => ({ status: 'failed' }) },
    {
      name: 'several statuses, comma-separated and repeated',
      args: () => ['--status', 'failed,running', '--status', 'pending'],
      query: () => ({ status: ['failed', 'running', 'pending'] }),
    },
    {
      name: 'name contains (any case)',
      args: () => ['--name-contains', 'ETL'],
      query: () => ({ nameContains: 'ETL' }),
    },
    {
      name: 'exact name (Chinese, commas)',
      args: () => ['--name', trickyNames.tencentChinese],
      query: () => ({ name: trickyNames.tencentChinese }),
    },
    { name: 'tag with a value', args: () => ['--tag', 'env=prod'], query: () => ({ tags: { env: 'prod' } }) },
    {
      name: 'tag present, and a Chinese tag',
      args: () => ['--tag', 'team', '--tag', '项目=研发'],
      query: () => ({ tags: { team: true, 项目: '研发' } }),
    },
    {
      name: 'zone',
      args: () => ['--zone', zoneOf()],
      query: () => ({ zone: zoneOf() }),
    },
    {
      name: 'created after and before (with an offset)',
      args: () => ['--created-after', createdAt(1 / 3), '--created-before', plusEight(createdAt(2 / 3))],
      query: () => ({ createdAfter: createdAt(1 / 3), createdBefore: createdAt(2 / 3) }),
    },
    {
      name: 'sort createdAt:desc',
      args: () => ['--sort', 'createdAt:desc'],
      query: () => ({ sort: { by: 'createdAt', order: 'desc' } }),
    },
    {
      name: 'sort name (ascending)',
      args: () => ['--sort', 'name'],
      query: () => ({ sort: { by: 'name' } }),
    },
    {
      name: 'sort status:asc with a limit',
      args: () => ['--sort', 'status:asc', '--limit', '9'],
      query: () => ({ sort: { by: 'status', order: 'asc' }, limit: 9 }),
    },
    {
      name: 'sort durationMs:desc',
      args: () => ['--sort', 'durationMs:desc'],
      query: () => ({ sort: { by: 'durationMs', order: 'desc' } }),
    },
    { name: 'limit in native order', args: () => ['--limit', '5'], query: () => ({ limit: 5 }) },
    {
      name: 'provider id',
      args: () => ['--provider', setup.listed.at(-1) as string],
      query: () => ({ providers: [setup.listed.at(-1)] }),
    },
    {
      name: 'instance name',
      args: () => ['--provider', everything[0]?.source as string],
      query: () => ({ sources: [everything[0]?.source] }),
    },
    {
      name: 'ids',
      args: () => ['--id', idsOf().join(',')],
      query: () => ({ ids: idsOf() }),
    },
    {
      name: 'everything at once',
      args: () => [
        '--status',
        'failed,pending',
        '--name-contains',
        'a',
        '--sort',
        'createdAt:desc',
        '--limit',
        '4',
      ],
      query: () => ({
        status: ['failed', 'pending'],
        nameContains: 'a',
        sort: { by: 'createdAt', order: 'desc' },
        limit: 4,
      }),
    },
    {
      name: 'no pushdown changes nothing',
      args: () => ['--no-pushdown', '--status', 'failed', '--sort', 'name:desc'],
      query: () => ({ status: 'failed', sort: { by: 'name', order: 'desc' } }),
    },
  ];

  const zoneOf = () => everything.find((job) => job.zone !== null)?.zone as string;
  const idsOf = () => everything.filter((_, index) => index % 7 === 0).map((job) => job.id);
  const createdAt = (fraction: number) => {
    const dates = everything
      .map((job) => job.createdAt)
      .filter((date): date is string => date !== null)
      .sort();
    return dates[Math.floor(dates.length * fraction)] as string;
  };
  // The same instant written with a +08:00 offset.
  const plusEight = (iso: string) =>
    `${new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;

  it.concurrent.each(cases)('$name', async ({ args, query }) => {
    const expected = await setup.libraryJobs(query());
    expect(expected.length).toBeGreaterThan(0);
    const result = await list('--format', 'json', ...args());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(expected);
    const isSelective = args().some(
      (arg) => arg !== '--no-pushdown' && arg.startsWith('--') && arg !== '--sort',
    );
    if (isSelective) expect(expected.length).toBeLessThan(everything.length);
  });

  const collectGroups = async (query: Record<string, unknown>) => {
    const client = createClient({ providers: setup.adapters() });
    const groups: unknown[] = [];
    for await (const group of client.jobGroups(query)) groups.push(group);
    return groups;
  };

  it('groups: the library job groups (none when no configured instance has groups, said on stderr)', async () => {
    const client = createClient({ providers: setup.adapters() });
    const groups: unknown[] = [];
    for await (const group of client.jobGroups()) groups.push(group);
    const result = await runCli(['groups', '--config', setup.configPath, '--format', 'json'], {
      env: setup.env,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(JSON.stringify(groups)));
    const withGroups = client.providers.filter((adapter) => adapter.jobGroupLister !== null);
    if (withGroups.length === 0) expect(result.stderr).toMatch(/has job groups/);
    else expect(result.stderr).toBe('');

    const csv = await runCli(
      ['groups', '--config', setup.configPath, '--format', 'csv', '--sort', 'name:desc'],
      {
        env: setup.env,
      },
    );
    expect(csv.code).toBe(0);
    const rows = parse(csv.stdout) as string[][];
    expect(rows[0]).toEqual(groupCsvColumns.map((column) => column.header));
    const byName = [...(groups as { name: string | null; id: string; jobs: unknown[] }[])];
    expect(rows.slice(1).map((row) => row[2])).toEqual(
      (
        JSON.parse(JSON.stringify(await collectGroups({ sort: { by: 'name', order: 'desc' } }))) as {
          id: string;
        }[]
      ).map((group) => group.id),
    );
    expect(rows.slice(1).map((row) => Number(row[13]))).toEqual(
      rows.slice(1).map((row) => byName.find((group) => group.id === row[2])?.jobs.length),
    );
  });
});
