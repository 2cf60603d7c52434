import { parseArgs } from 'node:util';
import type { JobQuery } from '../model/query.js';

export const commands = ['list', 'groups', 'report', 'demo', 'simulate', 'help'] as const;
export type CommandName = (typeof commands)[number];

export const formats = ['table', 'json', 'ndjson', 'csv', 'markdown', 'html'] as const;
export type Format = (typeof formats)[number];

/** A mistake on the command line: printed with a hint, exit code 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const optionSpec = {
  provider: { type: 'string', multiple: true },
  status: { type: 'string', multiple: true },
  name: { type: 'string' },
  'name-contains': { type: 'string' },
  tag: { type: 'string', multiple: true },
  zone: { type: 'string', multiple: true },
  group: { type: 'string', multiple: true },
  id: { type: 'string', multiple: true },
  'created-after': { type: 'string' },
  'created-before': { type: 'string' },
  sort: { type: 'string' },
  limit: { type: 'string' },
  format: { type: 'string' },
  config: { type: 'string' },
  simulate: { type: 'boolean' },
  seed: { type: 'string' },
  port: { type: 'string' },
  jobs: { type: 'string' },
  'fail-fast': { type: 'boolean' },
  'no-pushdown': { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface ParsedCommandLine {
  command: CommandName;
  /** The job query the flags describe (validated later by the library, every problem listed). */
  query: Record<string, unknown>;
  format: Format | null;
  config: string | null;
  simulate: boolean;
  seed: number;
  port: number;
  jobsPerCloud: number | null;
  failFast: boolean;
  pushdown: boolean;
  debug: boolean;
  help: boolean;
}

/** Comma-separated values and repeated flags both work: `--status running,failed --status pending`. */
function split(values: string[] | undefined): string[] | undefined {
  if (!values) return undefined;
  return values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
}

function integer(flag: string, text: string | undefined, minimum: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < minimum)
    throw new UsageError(`--${flag} takes a whole number of at least ${minimum}, not "${text}"`);
  return Number(text);
}

export function parseCommandLine(argv: string[]): ParsedCommandLine {
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof optionSpec; allowPositionals: true; args: string[] }>
  >;
  try {
    parsed = parseArgs({ args: argv, options: optionSpec, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;
  const command = (first ?? (values.help ? 'help' : 'help')) as CommandName;
  if (!commands.includes(command))
    throw new UsageError(`unknown command "${first}"; commands: ${commands.join(', ')}`);
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);

  const format = values.format ?? null;
  if (format !== null && !formats.includes(format as Format))
    throw new UsageError(`--format takes one of ${formats.join(', ')}, not "${format}"`);
  if (format === 'html' && command !== 'report')
    throw new UsageError('--format html is for the report command');

  const query: Record<string, unknown> = {};
  const providers = split(values.provider);
  if (providers) query.providerOrSource = providers;
  const statuses = split(values.status);
  if (statuses) query.status = statuses;
  if (values.name !== undefined) query.name = values.name;
  if (values['name-contains'] !== undefined) query.nameContains = values['name-contains'];
  const zones = split(values.zone);
  if (zones) query.zone = zones;
  const groups = split(values.group);
  if (groups) query.groupId = groups;
  const ids = split(values.id);
  if (ids) query.ids = ids;
  if (values.tag) {
    const tags: Record<string, string | true> = {};
    for (const tag of values.tag) {
      const at = tag.indexOf('=');
      const key = at < 0 ? tag : tag.slice(0, at);
      if (!key) throw new UsageError(`--tag takes key=value or key, not "${tag}"`);
      tags[key] = at < 0 ? true : tag.slice(at + 1);
    }
    query.tags = tags;
  }
  if (values['created-after'] !== undefined) query.createdAfter = values['created-after'];
  if (values['created-before'] !== undefined) query.createdBefore = values['created-before'];
  if (values.sort !== undefined) {
    const [by, order, extra] = values.sort.split(':');
    if (!by || extra !== undefined || (order !== undefined && order !== 'asc' && order !== 'desc'))
      throw new UsageError(`--sort takes field[:asc|desc], not "${values.sort}"`);
    query.sort = order ? { by, order } : { by };
  }
  const limit = integer('limit', values.limit, 1);
  if (limit !== undefined) query.limit = limit;

  return {
    command,
    query,
    format: format as Format | null,
    config: values.config ?? null,
    simulate: values.simulate ?? false,
    seed: integer('seed', values.seed, 0) ?? 42,
    port: integer('port', values.port, 0) ?? 0,
    jobsPerCloud: integer('jobs', values.jobs, 0) ?? null,
    failFast: values['fail-fast'] ?? false,
    pushdown: !(values['no-pushdown'] ?? false),
    debug: values.debug ?? false,
    help: values.help ?? false,
  };
}

/**
 * `--provider` names an instance or a provider id; the query takes them apart: names that are
 * instance names become `sources`, the rest `providers`.
 */
export function resolveProviderFlag(
  query: Record<string, unknown>,
  instances: { name: string; providerId: string }[],
): JobQuery {
  const { providerOrSource, ...rest } = query;
  if (!Array.isArray(providerOrSource)) return rest as JobQuery;
  const names = new Set(instances.map((instance) => instance.name));
  const sources = (providerOrSource as string[]).filter((value) => names.has(value));
  const providers = (providerOrSource as string[]).filter((value) => !names.has(value));
  const known = new Set(instances.map((instance) => instance.providerId));
  const unknown = providers.filter((provider) => !known.has(provider));
  if (unknown.length > 0)
    throw new UsageError(
      `--provider ${unknown.join(', ')}: no such provider or instance; configured: ${instances
        .map((instance) => instance.name)
        .join(', ')}`,
    );
  // Several values select their union: instances by name or by provider id.
  const selected = instances
    .filter((instance) => sources.includes(instance.name) || providers.includes(instance.providerId))
    .map((instance) => instance.name);
  return { ...(rest as JobQuery), sources: selected };
}
