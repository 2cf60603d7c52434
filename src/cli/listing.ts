import { type CloudJobsClient, createClient } from '../client.js';
import { PartialFailureError, type ProviderError } from '../errors.js';
import type { Job } from '../model/job.js';
import type { JobGroup } from '../model/job-group.js';
import { JobGroupQuerySchema, JobQuerySchema, parseQuery } from '../model/query.js';
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
import { type Format, type ParsedCommandLine, resolveProviderFlag, UsageError } from './arguments.js';
import { adaptersFromConfig, readConfig } from './config.js';
import { describeFailure, exitFailure, exitOk, exitPartial } from './failures.js';
import { type CliIo, terminalWidth, useColor, writerFor } from './output.js';
import { Progress } from './progress.js';

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

interface Setup {
  adapters: Adapter[];
  /** Where the listing comes from, for messages. */
  origin: string;
  stop(): Promise<void>;
}

async function providersFor(command: ParsedCommandLine, io: CliIo): Promise<Setup> {
  // --debug: one line per request attempt on stderr, credentials scrubbed by the transport.
  const logger = command.debug ? (line: string) => io.stderr.write(`debug: ${line}\n`) : undefined;
  if (command.simulate) {
    const { simulatedAdapters, startDemoSimulator } = await import('./simulated.js');
    const sim = await startDemoSimulator(command.seed, command.jobsPerCloud);
    try {
      return { adapters: simulatedAdapters(sim, logger), origin: 'the simulator', stop: () => sim.stop() };
    } catch (error) {
      await sim.stop();
      throw error;
    }
  }
  const configPath = command.config ?? io.env.CLOUDJOBS_CONFIG;
  if (!configPath)
    throw new UsageError(
      'say where to list from: --config FILE (or CLOUDJOBS_CONFIG), or --simulate for the embedded simulator',
      command.command,
    );
  return {
    adapters: adaptersFromConfig(configPath, readConfig(configPath), io.env, {
      logger,
      warn: (line) => io.stderr.write(`cloudjobs: warning: ${line}\n`),
    }),
    origin: configPath,
    stop: async () => undefined,
  };
}

async function render<T>(
  records: AsyncIterable<T>,
  format: Format,
  columns: { csv: Column<T>[]; display: Column<T>[] },
  io: CliIo,
  progress: Progress,
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
      // A table needs every row to size its columns: these two formats hold the listing.
      const all: T[] = [];
      for await (const record of records) all.push(record);
      progress.clear();
      await write(
        format === 'markdown'
          ? renderMarkdownTable(all, columns.display)
          : renderTable(all, columns.display, {
              width: terminalWidth(io.stdout),
              color: useColor(io.stdout, io.env),
            }),
      );
    }
  }
}

/** The criteria a job group has; the CLI refuses the others before this point. */
const groupQueryKeys = new Set([
  'providers',
  'sources',
  'ids',
  'name',
  'nameContains',
  'status',
  'sort',
  'limit',
]);

/** `list`, `groups` and `report`: from a config file or the simulator, in the format asked for. */
export async function runListing(command: ParsedCommandLine, io: CliIo): Promise<number> {
  const groups = command.command === 'groups';
  // The query's own mistakes first (bad status, date without offset), before anything is started.
  const { providerOrSource: _providers, ...criteria } = command.query;
  parseQuery(groups ? JobGroupQuerySchema : JobQuerySchema, criteria);

  const setup = await providersFor(command, io);
  // Progress shares the terminal with the output only when the output comes at the end.
  const streamed = command.format === 'json' || command.format === 'ndjson' || command.format === 'csv';
  const progress = new Progress(io.stderr, Boolean(io.stderr.isTTY) && !(streamed && io.stdout.isTTY));
  try {
    const client: CloudJobsClient = createClient({
      providers: setup.adapters,
      failFast: command.failFast,
      pushdown: command.pushdown,
      onPage: progress.onPage,
    });
    const query = resolveProviderFlag(command.query, setup.adapters, command.command);
    const selected = setup.adapters.filter(
      (adapter) =>
        (!query.sources || (query.sources as string[]).includes(adapter.name)) &&
        (!groups || adapter.jobGroupLister !== null),
    );
    if (groups && selected.length === 0)
      io.stderr.write(
        `cloudjobs: none of the selected instances (${setup.adapters.map((adapter) => adapter.name).join(', ')}) has job groups\n`,
      );

    let failures: ProviderError[];
    if (command.command === 'report') {
      // A summary does not depend on the order jobs come in: every instance is read at once.
      const guarded = new Guarded(client.jobs(query, { interleave: true }));
      const summary = new SummaryBuilder({ sources: setup.adapters.map((adapter) => adapter.name) });
      for await (const job of guarded) summary.add(job);
      progress.clear();
      const report = summary.finish(guarded.failures);
      await writerFor(io.stdout)(
        command.format === 'html' ? renderSummaryHtml(report) : renderSummaryMarkdown(report),
      );
      failures = guarded.failures;
    } else if (groups) {
      const groupQuery = Object.fromEntries(Object.entries(query).filter(([key]) => groupQueryKeys.has(key)));
      const guarded = new Guarded<JobGroup>(client.jobGroups(groupQuery, { interleave: command.interleave }));
      await render(
        guarded,
        command.format,
        { csv: groupCsvColumns, display: groupDisplayColumns },
        io,
        progress,
      );
      failures = guarded.failures;
    } else {
      const guarded = new Guarded<Job>(client.jobs(query, { interleave: command.interleave }));
      await render(guarded, command.format, { csv: jobCsvColumns, display: jobDisplayColumns }, io, progress);
      failures = guarded.failures;
    }
    progress.clear();
    for (const failure of failures) {
      io.stderr.write(`cloudjobs: ${describeFailure(failure)}\n`);
      if (command.debug && failure.error.stack) io.stderr.write(`${failure.error.stack}\n`);
    }
    if (failures.length === 0) return exitOk;
    return failures.length >= selected.length ? exitFailure : exitPartial;
  } finally {
    progress.clear();
    await setup.stop();
  }
}
