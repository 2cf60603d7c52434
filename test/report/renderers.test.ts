import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/model/job.js';
import {
  type Column,
  csvField,
  csvRecord,
  formatDuration,
  formatPairs,
  jobCsvColumns,
  jobDisplayColumns,
  markdownCell,
  renderMarkdownTable,
  renderTable,
  writeCsv,
  writeJsonArray,
  writeNdjson,
} from '../../src/report/index.js';
import { makeJob } from '../support/memory-adapter.js';

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

async function collect(run: (write: (chunk: string) => void) => Promise<unknown>): Promise<string> {
  let out = '';
  await run((chunk) => {
    out += chunk;
  });
  return out;
}

/** Terminal cells, wide characters counting two (enough for the characters used here). */
function cells(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u2e80-\ua4cf\uac00-\ud7a3\uff00-\uff60]/.test(char) ? 2 : 1;
  return width;
}

describe('csv', () => {
  it('quotes only fields that need it, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('数据 清洗')).toBe('数据 清洗');
    expect(csvField(' spaced ')).toBe(' spaced ');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('carriage\rreturn')).toBe('"carriage\rreturn"');
    expect(csvField('')).toBe('');
    expect(csvRecord(['a', 'b,c', ''])).toBe('a,"b,c",\r\n');
  });

  it('any fields survive a round trip through an RFC 4180 parser', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: 8,
        }),
        (rows) => {
          const width = rows[0]?.length ?? 1;
          const table = rows.map((row) => Array.from({ length: width }, (_, index) => row[index] ?? ''));
          const text = table.map((row) => csvRecord(row)).join('');
          expect(parse(text, { relaxColumnCount: false })).toEqual(table);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes a header and one record per job, with stable columns', async () => {
    const job = makeJob({
      name: 'a, "b"\nc 数据',
      createdAt: new Date(Date.UTC(2024, 4, 1, 8, 30)),
      tags: { team: 'ml', env: 'prod' },
      tasks: {
        submitted: 0,
        pending: 1,
        runnable: 0,
        starting: 0,
        running: 2,
        succeeded: 0,
        failed: 0,
        failedInterrupted: 0,
      },
      durationMs: 1234,
      priority: 5,
    });
    const text = await collect((write) => writeCsv(from([job]), jobCsvColumns, write));
    const [header, row] = parse(text) as string[][];
    expect(header).toEqual([
      'provider',
      'source',
      'id',
      'name',
      'status',
      'nativeStatus',
      'statusDetail',
      'region',
      'zone',
      'groupId',
      'createdAt',
      'startedAt',
      'endedAt',
      'durationMs',
      'priority',
      'description',
      'url',
      'tags',
      'tasks',
    ]);
    const value = (name: string) => row?.[header?.indexOf(name) ?? -1];
    expect(value('name')).toBe('a, "b"\nc 数据');
    expect(value('createdAt')).toBe('2024-05-01T08:30:00.000Z');
    expect(value('startedAt')).toBe('');
    expect(value('tags')).toBe('env=prod;team=ml');
    expect(value('tasks')).toBe(
      'failed=0;failedInterrupted=0;pending=1;runnable=0;running=2;starting=0;submitted=0;succeeded=0',
    );
    expect(value('durationMs')).toBe('1234');
    expect(value('priority')).toBe('5');
  });
});

describe('json and ndjson', () => {
  it('an empty listing is an empty array and no lines', async () => {
    expect(await collect((write) => writeJsonArray(from([]), write))).toBe('[]\n');
    expect(await collect((write) => writeNdjson(from([]), write))).toBe('');
  });

  it('dates as ISO strings, every key kept, one record per line', async () => {
    const jobs = [
      makeJob({ createdAt: new Date(0), raw: { Native: [1, 2] } }),
      makeJob({ name: 'line\nbreak' }),
    ];
    const array = await collect((write) => writeJsonArray(from(jobs), write));
    expect(JSON.parse(array)).toEqual(JSON.parse(JSON.stringify(jobs)));
    const lines = (await collect((write) => writeNdjson(from(jobs), write))).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] as string).createdAt).toBe('1970-01-01T00:00:00.000Z');
    expect(Object.keys(JSON.parse(lines[1] as string))).toEqual(Object.keys(jobs[1] as Job));
  });
});

describe('markdown', () => {
  it('escapes pipes and backslashes and flattens line breaks, so a cell never breaks the table', () => {
    expect(markdownCell('a|b')).toBe('a\\|b');
    expect(markdownCell('back\\slash')).toBe('back\\\\slash');
    expect(markdownCell('two\r\nlines\nhere')).toBe('two lines here');
    const table = renderMarkdownTable([makeJob({ name: 'x | y\nz' })], jobDisplayColumns);
    const lines = table.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]?.split(/(?<!\\)\|/)).toHaveLength(jobDisplayColumns.length + 2);
  });
});

describe('table', () => {
  const columns: Column<{ a: string; b: string; c: string }>[] = [
    { header: 'NAME', value: (row) => row.a, shrink: true },
    { header: 'ID', value: (row) => row.b },
    { header: 'EXTRA', value: (row) => row.c, dropOrder: 1 },
  ];

  it('aligns columns by terminal cells, wide characters counting two', () => {
    const table = renderTable(
      [
        { a: '数据清洗', b: '1', c: 'x' },
        { a: 'ascii', b: '22', c: 'y' },
      ],
      columns,
    );
    const lines = table.trimEnd().split('\n');
    expect(lines).toEqual(['NAME      ID  EXTRA', '数据清洗  1   x', 'ascii     22  y']);
    expect(cells(lines[1] as string)).toBe(cells('数据清洗  1   x'));
  });

  it('on a narrow terminal: shrinks what may shrink, then leaves out what may go, ids stay whole', () => {
    const rows = [{ a: 'a rather long job name', b: 'job-12345678', c: 'something else' }];
    const fits = renderTable(rows, columns, { width: 60 });
    expect(fits).toContain('a rather long job name');
    const shrunk = renderTable(rows, columns, { width: 44 });
    for (const line of shrunk.trimEnd().split('\n')) expect(cells(line)).toBeLessThanOrEqual(44);
    expect(shrunk).toContain('job-12345678');
    expect(shrunk).toContain('EXTRA');
    expect(shrunk).toContain('…');
    const dropped = renderTable(rows, columns, { width: 30 });
    expect(dropped).not.toContain('EXTRA');
    expect(dropped).toContain('job-12345678');
    for (const line of dropped.trimEnd().split('\n')) expect(cells(line)).toBeLessThanOrEqual(30);
  });

  it('the job columns on an 80-column terminal keep id and status of every row', () => {
    const jobs = Array.from({ length: 5 }, (_, index) =>
      makeJob({
        source: 'huawei-modelarts:cn-north-4-with-a-long-name',
        id: `job-${index}-abcdefgh`,
        name: `数据清洗-nightly-export-${index}`,
        status: 'failed',
        nativeStatus: 'JOBSTAT_FAILED',
        createdAt: new Date(0),
        durationMs: 3_723_000,
      }),
    );
    const lines = renderTable(jobs, jobDisplayColumns, { width: 80 }).trimEnd().split('\n');
    lines.slice(1).forEach((line, index) => {
      expect(cells(line)).toBeLessThanOrEqual(80);
      expect(line).toContain(`job-${index}-abcdefgh`);
      expect(line).toMatch(/\bfailed\b/);
    });
  });

  it('colour: bold headers and coloured statuses when asked, nothing otherwise', () => {
    const jobs = [makeJob({ status: 'failed' }), makeJob({ status: 'succeeded' })];
    const plain = renderTable(jobs, jobDisplayColumns);
    expect(plain).not.toContain('\u001b');
    const coloured = renderTable(jobs, jobDisplayColumns, { color: true });
    expect(coloured).toContain('\u001b[1mSOURCE');
    expect(coloured).toContain('\u001b[31mfailed');
    expect(coloured).toContain('\u001b[32msucceeded');
  });

  it('control characters in data never reach the terminal', () => {
    const table = renderTable([makeJob({ name: 'evil\u001b[2J\u0007name\ttab' })], jobDisplayColumns);
    const controls = [...table].filter((char) => char !== '\n' && (char.codePointAt(0) ?? 0) < 0x20);
    expect(controls).toEqual([]);
    expect(table).toContain('evil\ufffd[2J\ufffdname tab');
  });
});

describe('fields', () => {
  it('durations read like a person would say them', () => {
    expect(formatDuration(null)).toBe('');
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(4200)).toBe('4.2s');
    expect(formatDuration(125_000)).toBe('2m 05s');
    expect(formatDuration(3_723_000)).toBe('1h 02m 03s');
  });

  it('pairs sorted by key', () => {
    expect(formatPairs({ b: '2', a: '1', 项目: '研发' })).toBe('a=1;b=2;项目=研发');
    expect(formatPairs(null)).toBe('');
    expect(formatPairs({})).toBe('');
  });
});
