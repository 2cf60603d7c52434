import { type CloudJobsClient, createClient } from '../client.js';
import { CloudJobsError, PartialFailureError, ProviderApiError, type ProviderError } from '../errors.js';
import type { Job } from '../model/job.js';
import type { JobGroup } from '../model/job-group.js';
import type { Adapter } from '../providers/adapter.js';
import type { Column } from '../report/fields.js';
import {
  groupCsvColumns,
  groupDisplayColumns,
  jobCsvColumns,
  jobDisplayColumns,
  renderMarkdownTable,
  renderSummaryHtml,
  renderSummaryMarkdown,
  renderTable,
  SummaryBuilder,
  writeCsv,
  writeJsonArray,
  writeNdjson,
} from '../report/index.js';
import { type ParsedCommandLine, parseCommandLine, resolveProviderFlag, UsageError } from './arguments.js';
import { adaptersFromConfig, readConfig } from './config.js';
import { commandHelp, mainHelp } from './help.js';
import { type OutputStream, useColor, writerFor } from './output.js';
import { Progress } from './progress.js';
import { simulatedAdapters, startDemoSimulator } from './simulated.js';

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
}

const exitOk = 0;
const exitFailure = 1;
const exitPartial = 2;

/** Iterates a listing, keeping a partial failure aside so that the healthy items are still rendered. */
class Guarded<T> implements AsyncIterable<T> {
  failures: ProviderError[] = [];
  constructor(private readonly source: AsyncIterable<T>) {}
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    try {
      yield* this.source;
    } catch (error) {
      if (!(error instanceof PartialFailureError)) throw error;
      this.failures = error.errors;
    }
  }
}

function describeFailure(source: string | null, error: unknown): string {
  if (error instanceof ProviderApiError)
    return `${source ?? error.source ?? error.provider ?? 'provider'}: ${error.kind} ${error.code}${
      error.requestId ? ` (request ${error.requestId})` : ''
    }: ${error.cloudMessage}`;
  if (error instanceof CloudJobsError)
    return `${source ?? error.source ?? 'cloudjobs'}: ${error.name}: ${error.message}`;
  return `${source ?? 'cloudjobs'}: ${error instanceof Error ? error.message : String(error)}`;
}

interface Setup {
  adapters: Adapter[];
  stop(): Promise<void>;
}

async function providersFor(command: ParsedCommandLine, io: CliIo): Promise<Setup> {
  // --debug: one line per request attempt on stderr, credentials scrubbed by the transport.
  const logger = command.debug ? (line: string) => io.stderr.write(`debug: ${line}\n`) : undefined;
  if (command.simulate) {
    const sim = await startDemoSimulator(command.seed, command.jobsPerCloud);
    try {
      return { adapters: simulatedAdapters(sim, logger), stop: () => sim.stop() };
    } catch (error) {
      await sim.stop();
      throw error;
    }
  }
  const configPath = command.config ?? io.env.CLOUDJOBS_CONFIG;
  if (!configPath)
    throw new UsageError(
      'say where to list from: --config FILE (or CLOUDJOBS_CONFIG), or --simulate for the embedded simulator',
    );
  return {
    adapters: adaptersFromConfig(readConfig(configPath), io.env, logger),
    stop: async () => undefined,
  };
}

function selectedCount(
  adapters: Adapter[],
  query: { providers?: unknown; sources?: unknown },
  groups: boolean,
): number {
  const providers = Array.isArray(query.providers) ? (query.providers as string[]) : null;
  const sources = Array.isArray(query.sources) ? (query.sources as string[]) : null;
  return adapters.filter(
    (adapter) =>
      (!groups || adapter.jobGroupLister !== null) &&
      (!providers || providers.includes(adapter.providerId)) &&
      (!sources || sources.includes(adapter.name)),
  ).length;
}

async function render<T>(
  records: AsyncIterable<T>,
  format: string,
  columns: { csv: Column<T>[]; display: Column<T>[] },
  io: CliIo,
): Promise<void> {
  const write = writerFor(io.stdout);
  switch (format) {
    case 'ndjson':
      await writeNdjson(records, write);
      return;
    case 'json':
      await writeJsonArray(records, write);
      return;
    case 'csv':
      await writeCsv(records, columns.csv, write);
      return;
    default: {
      const all: T[] = [];
      for await (const record of records) all.push(record);
      await write(
        format === 'markdown'
          ? renderMarkdownTable(all, columns.display)
          : renderTable(all, columns.display, {
              width: io.stdout.isTTY ? io.stdout.columns : undefined,
              color: useColor(io.stdout, io.env),
            }),
      );
    }
  }
}

async function listing(command: ParsedCommandLine, io: CliIo): Promise<number> {
  const setup = await providersFor(command, io);
  const progress = new Progress(io.stderr, Boolean(io.stderr.isTTY));
  try {
    const client: CloudJobsClient = createClient({
      providers: setup.adapters,
      failFast: command.failFast,
      pushdown: command.pushdown,
      onPage: progress.onPage,
    });
    const query = resolveProviderFlag(command.query, setup.adapters);
    const groups = command.command === 'groups';
    let failures: ProviderError[];
    if (command.command === 'report') {
      const guarded = new Guarded(client.jobs(query));
      const summary = new SummaryBuilder();
      for await (const job of guarded) summary.add(job);
      progress.clear();
      const report = summary.finish(guarded.failures);
      await writerFor(io.stdout)(
        command.format === 'html' ? renderSummaryHtml(report) : renderSummaryMarkdown(report),
      );
      failures = guarded.failures;
    } else if (groups) {
      const guarded = new Guarded<JobGroup>(client.jobGroups(groupQueryFrom(query)));
      await render(
        guarded,
        command.format ?? 'table',
        { csv: groupCsvColumns, display: groupDisplayColumns },
        io,
      );
      failures = guarded.failures;
    } else {
      const guarded = new Guarded<Job>(client.jobs(query));
      await render(
        guarded,
        command.format ?? 'table',
        { csv: jobCsvColumns, display: jobDisplayColumns },
        io,
      );
      failures = guarded.failures;
    }
    progress.clear();
    for (const failure of failures)
      io.stderr.write(`cloudjobs: ${describeFailure(failure.source, failure.error)}\n`);
    if (failures.length === 0) return exitOk;
    return failures.length >= selectedCount(setup.adapters, query, groups) ? exitFailure : exitPartial;
  } finally {
    progress.clear();
    await setup.stop();
  }
}

/** The job-group query takes only the criteria a group has; the others are a usage error here. */
function groupQueryFrom(query: Record<string, unknown>): Record<string, unknown> {
  const allowed = new Set(['providers', 'sources', 'ids', 'name', 'nameContains', 'status', 'sort', 'limit']);
  const refused = Object.keys(query).filter((key) => !allowed.has(key));
  if (refused.length > 0) throw new UsageError(`groups cannot filter by ${refused.join(', ')}`);
  return query;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  let command: ParsedCommandLine | null = null;
  try {
    command = parseCommandLine(argv);
    if (command.help || command.command === 'help') {
      io.stdout.write(command.command === 'help' ? mainHelp : (commandHelp[command.command] ?? mainHelp));
      return exitOk;
    }
    switch (command.command) {
      case 'demo': {
        const { runDemo } = await import('./demo.js');
        return await runDemo(command, io);
      }
      case 'simulate': {
        const { runSimulator } = await import('./demo.js');
        return await runSimulator(command, io);
      }
      default:
        return await listing(command, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(
        `cloudjobs: ${error.message}\n(see cloudjobs ${command?.command ?? ''} --help)\n`.replace('  ', ' '),
      );
      return exitFailure;
    }
    const source = error instanceof CloudJobsError ? error.source : null;
    io.stderr.write(`cloudjobs: ${describeFailure(source, error)}\n`);
    if (command?.debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return exitFailure;
  }
}
