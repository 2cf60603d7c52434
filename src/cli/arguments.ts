import { parseArgs } from 'node:util';
import type { JobQuery } from '../model/query.js';
import { jobGroupSortKeys, jobSortKeys } from '../model/query.js';

export const commands = ['list', 'groups', 'report', 'demo', 'simulate', 'help'] as const;
export type CommandName = (typeof commands)[number];

export const formats = ['table', 'json', 'ndjson', 'csv', 'markdown', 'html'] as const;
export type Format = (typeof formats)[number];

/** A mistake on the command line: printed with a hint, exit code 1. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    /** The command whose --help the hint points to; none for the top level. */
    readonly command: CommandName | null = null,
  ) {
    super(message);
  }
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
  interleave: { type: 'boolean' },
  'fail-fast': { type: 'boolean' },
  'no-pushdown': { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type OptionName = keyof typeof optionSpec;

const selection: OptionName[] = ['provider', 'status', 'name', 'name-contains', 'id'];
const jobSelection: OptionName[] = ['tag', 'zone', 'group', 'created-after', 'created-before'];
const origin: OptionName[] = ['config', 'simulate', 'seed', 'jobs'];
const behaviour: OptionName[] = ['fail-fast', 'no-pushdown', 'debug'];

/** What each command takes; anything else is refused by name rather than silently ignored. */
const optionsOf: Record<CommandName, ReadonlySet<OptionName>> = {
  list: new Set([
    ...selection,
    ...jobSelection,
    'sort',
    'limit',
    'interleave',
    'format',
    ...origin,
    ...behaviour,
    'help',
  ]),
  groups: new Set([...selection, 'sort', 'limit', 'interleave', 'format', ...origin, ...behaviour, 'help']),
  report: new Set([...selection, ...jobSelection, 'format', ...origin, ...behaviour, 'help']),
  demo: new Set(['seed', 'jobs', 'format', 'debug', 'help']),
  simulate: new Set(['seed', 'jobs', 'port', 'help']),
  help: new Set(['help']),
};

/** Formats each command writes; the first is the default. */
export const formatsOf: Record<CommandName, readonly Format[]> = {
  list: ['table', 'json', 'ndjson', 'csv', 'markdown'],
  groups: ['table', 'json', 'ndjson', 'csv', 'markdown'],
  report: ['markdown', 'html'],
  demo: ['table', 'markdown'],
  simulate: [],
  help: [],
};

export interface ParsedCommandLine {
  command: CommandName;
  /** `cloudjobs help list`: the command whose help is asked for. */
  helpFor: CommandName | null;
  /** The job query the flags describe (validated later by the library, every problem listed). */
  query: Record<string, unknown>;
  format: Format;
  config: string | null;
  simulate: boolean;
  seed: number;
  port: number;
  jobsPerCloud: number | null;
  /** Without --sort: every instance read at once, rows printed as reads arrive. */
  interleave: boolean;
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

function integer(
  command: CommandName,
  flag: string,
  text: string | undefined,
  minimum: number,
  maximum = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < minimum || Number(text) > maximum)
    throw new UsageError(
      `--${flag} takes a whole number ${maximum === Number.MAX_SAFE_INTEGER ? `of at least ${minimum}` : `from ${minimum} to ${maximum}`}, not "${text}"`,
      command,
    );
  return Number(text);
}

/** parseArgs' messages, minus their Node-internal prefix and advice that does not apply here. */
function parseArgsMessage(error: Error): string {
  const message = error.message.replace(/^TypeError \[[A-Z_]+\]: /, '');
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missing = /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
  if (missing) return `${missing[1]} needs a value`;
  const ambiguous = /^Option '(?:-\w, )?(--[\w-]+)' argument is ambiguous/.exec(message);
  if (ambiguous)
    return `${ambiguous[1]} needs a value; for a value that starts with a dash, write ${ambiguous[1]}=-…`;
  const unexpected = /^Option '(--[\w-]+)' does not take an argument/.exec(message);
  if (unexpected) return `${unexpected[1]} takes no value`;
  return message;
}

function helpOnly(command: CommandName, helpFor: CommandName | null): ParsedCommandLine {
  return {
    command,
    helpFor,
    query: {},
    format: formatsOf[command][0] ?? 'table',
    config: null,
    simulate: false,
    seed: 42,
    port: 0,
    jobsPerCloud: null,
    interleave: false,
    failFast: false,
    pushdown: true,
    debug: false,
    help: true,
  };
}

export function parseCommandLine(argv: string[]): ParsedCommandLine {
  // The command first, so that a flag mistake can point at that command's --help.
  const first = argv.find((arg) => !arg.startsWith('-'));
  const named = first !== undefined && (commands as readonly string[]).includes(first);
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof optionSpec; allowPositionals: true; args: string[] }>
  >;
  try {
    parsed = parseArgs({ args: argv, options: optionSpec, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error as Error), named ? (first as CommandName) : null);
  }
  const { values, positionals } = parsed;
  const [word, ...rest] = positionals;
  if (word !== undefined && !(commands as readonly string[]).includes(word))
    throw new UsageError(`unknown command "${word}"; commands: ${commands.join(', ')}`);
  const command: CommandName = (word as CommandName | undefined) ?? 'help';

  let helpFor: CommandName | null = null;
  if (command === 'help' && rest.length > 0) {
    const topic = rest.shift() as string;
    if (!(commands as readonly string[]).includes(topic))
      throw new UsageError(`unknown command "${topic}"; commands: ${commands.join(', ')}`);
    helpFor = topic as CommandName;
  }
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`, command);

  const given = (Object.keys(values) as OptionName[]).filter((key) => values[key] !== undefined);
  const refused = given.filter((key) => !optionsOf[command].has(key));
  if (values.help) return helpOnly(command, helpFor);
  if (refused.length > 0)
    throw new UsageError(
      `${refused.map((key) => `--${key}`).join(', ')} ${refused.length === 1 ? 'is not an option' : 'are not options'} of ${command}${
        command === 'groups' && refused.some((key) => jobSelection.includes(key))
          ? ' (job groups have no zone, tags, group or creation time)'
          : ''
      }`,
      command,
    );

  const allowedFormats = formatsOf[command];
  const format = (values.format ?? allowedFormats[0] ?? 'table') as Format;
  if (values.format !== undefined && !allowedFormats.includes(values.format as Format))
    throw new UsageError(
      `--format for ${command} takes one of ${allowedFormats.join(', ')}, not "${values.format}"`,
      command,
    );
  const listing = command === 'list' || command === 'groups' || command === 'report';
  for (const flag of ['seed', 'jobs'] as const)
    if (listing && !values.simulate && values[flag] !== undefined)
      throw new UsageError(`--${flag} only applies with --simulate`, command);
  if (values.simulate && values.config !== undefined)
    throw new UsageError('--simulate and --config exclude each other: list from one or the other', command);

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
      const key = (at < 0 ? tag : tag.slice(0, at)).trim();
      if (!key) throw new UsageError(`--tag takes key=value or key, not "${tag}"`, command);
      if (key in tags && tags[key] !== (at < 0 ? true : tag.slice(at + 1)))
        throw new UsageError(
          `--tag ${key} is given twice with different values; a job has one value`,
          command,
        );
      tags[key] = at < 0 ? true : tag.slice(at + 1);
    }
    query.tags = tags;
  }
  if (values['created-after'] !== undefined) query.createdAfter = values['created-after'];
  if (values['created-before'] !== undefined) query.createdBefore = values['created-before'];
  if (values.sort !== undefined) {
    const keys: readonly string[] = command === 'groups' ? jobGroupSortKeys : jobSortKeys;
    const [by, order, extra] = values.sort.split(':');
    if (!by || extra !== undefined || (order !== undefined && order !== 'asc' && order !== 'desc'))
      throw new UsageError(`--sort takes FIELD[:asc|desc], not "${values.sort}"`, command);
    if (!keys.includes(by))
      throw new UsageError(
        `--sort: ${command === 'groups' ? 'job groups sort' : 'jobs sort'} by ${keys.join(', ')}, not "${by}"`,
        command,
      );
    query.sort = order ? { by, order } : { by };
  }
  const limit = integer(command, 'limit', values.limit, 1);
  if (limit !== undefined) query.limit = limit;

  return {
    command,
    helpFor,
    query,
    format,
    config: values.config ?? null,
    simulate: values.simulate ?? false,
    seed: integer(command, 'seed', values.seed, 0, 2 ** 32 - 1) ?? 42,
    port: integer(command, 'port', values.port, 0, 65535) ?? 0,
    jobsPerCloud: integer(command, 'jobs', values.jobs, 0, 1_000_000) ?? null,
    interleave: values.interleave ?? false,
    failFast: values['fail-fast'] ?? false,
    pushdown: !(values['no-pushdown'] ?? false),
    debug: values.debug ?? false,
    help: values.help ?? false,
  };
}

/**
 * `--provider` names an instance or a provider id; the query takes them apart: every instance
 * whose name or provider id is given is selected (their union), as `sources`.
 */
export function resolveProviderFlag(
  query: Record<string, unknown>,
  instances: readonly { name: string; providerId: string }[],
  command: CommandName,
): JobQuery {
  const { providerOrSource, ...rest } = query;
  if (!Array.isArray(providerOrSource)) return rest as JobQuery;
  const wanted = providerOrSource as string[];
  const unknown = wanted.filter(
    (value) => !instances.some((instance) => instance.name === value || instance.providerId === value),
  );
  if (unknown.length > 0)
    throw new UsageError(
      `--provider ${unknown.map((value) => `"${value}"`).join(', ')}: no configured instance has that name or provider id; configured: ${instances
        .map((instance) => `${instance.name} (${instance.providerId})`)
        .join(', ')}`,
      command,
    );
  const selected = instances
    .filter((instance) => wanted.includes(instance.name) || wanted.includes(instance.providerId))
    .map((instance) => instance.name);
  return { ...(rest as JobQuery), sources: selected };
}
