import {
  explainListing,
  iterateListing,
  type ListingSpec,
  type ListPage,
  listingPage,
  type SourcePageEvent,
} from './engine/listing.js';
import { jobGroupMatcher, jobMatcher } from './engine/match.js';
import { InvalidInputError, type Issue, UnsupportedOperationError } from './errors.js';
import type { Job } from './model/job.js';
import type { JobGroup } from './model/job-group.js';
import {
  type JobGroupQuery,
  JobGroupQuerySchema,
  type JobQuery,
  JobQuerySchema,
  type ListJobGroupsRequest,
  ListJobGroupsRequestSchema,
  type ListJobsRequest,
  ListJobsRequestSchema,
  type ParsedJobGroupQuery,
  type ParsedJobQuery,
  parseQuery,
} from './model/query.js';
import type { Adapter } from './providers/adapter.js';

export type { ListPage, SourcePageEvent };

export interface ClientOptions<Providers extends readonly Adapter[]> {
  providers: Providers;
  /** Throw the first failure in time instead of collecting failures into a PartialFailureError. */
  failFast?: boolean;
  /** False applies every criterion locally (for debugging, and for testing that pushdown changes nothing). */
  pushdown?: boolean;
  /** Aborts every listing of this client. */
  signal?: AbortSignal;
  /** Called for every native page fetched (progress displays). */
  onPage?: (event: SourcePageEvent) => void;
  /**
   * Records each page read shares with the one before (default 2). A list that shifts under the
   * scan (jobs created or deleted meanwhile) shows up as missing shared records and is read again
   * from where it moved, so no job that existed for the whole scan is skipped. 0 turns it off.
   */
  pageOverlap?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface IterateOptions extends CallOptions {
  /**
   * Without `sort`: read every instance at once and pass on each read's jobs as it arrives,
   * instead of instance by instance. The listing then takes as long as its slowest instance, not
   * all of them in turn, and memory stays bounded by the reads in flight. Each instance's jobs keep
   * their cloud's order; instances interleave. No effect on a sorted query, which is read
   * concurrently anyway.
   */
  interleave?: boolean;
}

/** The adapter a name or provider id stands for, typed by provider id where the id is literal. */
export type ProviderFor<Providers extends readonly Adapter[], Key extends string> = [
  Extract<Providers[number], { providerId: Key }>,
] extends [never]
  ? Providers[number]
  : Extract<Providers[number], { providerId: Key }>;

export interface ExplainedSource {
  source: string;
  provider: string;
  /** Native streams the adapter would list; 0 means it would send no request at all. */
  streams: number;
  /** Criteria sent as native parameters; every criterion is also checked locally. */
  pushed: readonly string[];
}

export interface CloudJobsClient<Providers extends readonly Adapter[] = readonly Adapter[]> {
  readonly providers: Providers;
  jobs(query?: JobQuery, options?: IterateOptions): AsyncIterable<Job>;
  listJobs(request?: ListJobsRequest, options?: CallOptions): Promise<ListPage<Job>>;
  jobGroups(query?: JobGroupQuery, options?: IterateOptions): AsyncIterable<JobGroup>;
  listJobGroups(request?: ListJobGroupsRequest, options?: CallOptions): Promise<ListPage<JobGroup>>;
  provider<Key extends string>(nameOrId: Key): ProviderFor<Providers, Key>;
  /** What each instance would push down for a job query. */
  explain(query?: JobQuery): ExplainedSource[];
}

function isAdapter(value: unknown): value is Adapter {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Adapter).providerId === 'string' &&
    typeof (value as Adapter).name === 'string' &&
    'jobLister' in value &&
    'jobGroupLister' in value
  );
}

function validateProviders(providers: unknown): Adapter[] {
  const issues: Issue[] = [];
  if (!Array.isArray(providers) || providers.length === 0) {
    throw new InvalidInputError([{ path: 'providers', message: 'give at least one provider instance' }], {
      what: 'client options',
    });
  }
  const seen = new Map<string, number>();
  providers.forEach((provider, index) => {
    if (!isAdapter(provider)) {
      issues.push({
        path: `providers[${index}]`,
        message: 'not a provider instance (use a provider factory from this package)',
      });
      return;
    }
    const earlier = seen.get(provider.name);
    if (earlier !== undefined)
      issues.push({
        path: `providers[${index}]`,
        message: `instance name "${provider.name}" is already used by providers[${earlier}]; give one a distinct name`,
      });
    else seen.set(provider.name, index);
  });
  if (issues.length > 0) throw new InvalidInputError(issues, { what: 'client options' });
  return providers as Adapter[];
}

export const defaultPageOverlap = 2;

/** One query interface over every configured provider instance. */
export function createClient<const Providers extends readonly Adapter[]>(
  options: ClientOptions<Providers>,
): CloudJobsClient<Providers> {
  const adapters = validateProviders(options?.providers);
  const pushdown = options.pushdown ?? true;
  const failFast = options.failFast ?? false;
  const overlap = options.pageOverlap ?? defaultPageOverlap;
  if (!Number.isInteger(overlap) || overlap < 0)
    throw new InvalidInputError([{ path: 'pageOverlap', message: 'a whole number of records, 0 or more' }], {
      what: 'client options',
    });

  const signalFor = (call?: CallOptions): AbortSignal => {
    const signals = [options.signal, call?.signal].filter(
      (signal): signal is AbortSignal => signal !== undefined,
    );
    return signals.length === 0 ? new AbortController().signal : AbortSignal.any(signals);
  };

  const jobSpec = (query: ParsedJobQuery, call?: IterateOptions): ListingSpec<Job, ParsedJobQuery> => ({
    kind: 'jobs',
    sources: adapters.map((adapter) => ({ adapter, lister: adapter.jobLister })),
    query,
    matches: jobMatcher(query),
    pushdown,
    overlap,
    failFast,
    signal: signalFor(call),
    onPage: options.onPage,
    interleave: interleaveOf(call),
  });

  const groupSpec = (
    query: ParsedJobGroupQuery,
    call?: IterateOptions,
  ): ListingSpec<JobGroup, ParsedJobGroupQuery> => {
    requireGroups(adapters, query);
    return {
      kind: 'jobGroups',
      sources: adapters.map((adapter) => ({ adapter, lister: adapter.jobGroupLister })),
      query,
      matches: jobGroupMatcher(query),
      pushdown,
      overlap,
      failFast,
      signal: signalFor(call),
      onPage: options.onPage,
      interleave: interleaveOf(call),
    };
  };

  const withoutPaging = <T extends { pageSize: number; cursor?: string | null | undefined }>(request: T) => {
    const { pageSize, cursor, ...query } = request;
    return { pageSize, cursor, query };
  };

  return {
    providers: options.providers,
    jobs(query, call) {
      // Validation happens here, not at the first next(): bad input fails before anything is iterated.
      return iterateListing(jobSpec(parseQuery(JobQuerySchema, query), call));
    },
    async listJobs(request, call) {
      const { pageSize, cursor, query } = withoutPaging(parseQuery(ListJobsRequestSchema, request));
      return listingPage(jobSpec(query, call), pageSize, cursor);
    },
    jobGroups(query, call) {
      return iterateListing(groupSpec(parseQuery(JobGroupQuerySchema, query), call));
    },
    async listJobGroups(request, call) {
      const { pageSize, cursor, query } = withoutPaging(parseQuery(ListJobGroupsRequestSchema, request));
      return listingPage(groupSpec(query, call), pageSize, cursor);
    },
    provider(nameOrId) {
      return findProvider(adapters, nameOrId) as ProviderFor<Providers, typeof nameOrId>;
    },
    explain(query) {
      return explainListing(jobSpec(parseQuery(JobQuerySchema, query)));
    },
  };
}

function interleaveOf(call: IterateOptions | undefined): boolean {
  const interleave = call?.interleave ?? false;
  if (typeof interleave !== 'boolean')
    throw new InvalidInputError([{ path: 'interleave', message: 'true or false' }], { what: 'call options' });
  return interleave;
}

function findProvider(adapters: Adapter[], nameOrId: string): Adapter {
  const byName = adapters.find((adapter) => adapter.name === nameOrId);
  if (byName) return byName;
  const byId = adapters.filter((adapter) => adapter.providerId === nameOrId);
  if (byId.length === 1) return byId[0] as Adapter;
  const message =
    byId.length > 1
      ? `provider id "${nameOrId}" matches several instances (${byId.map((adapter) => adapter.name).join(', ')}); ask for one by name`
      : `no instance is named "${nameOrId}" and no instance has that provider id; instances: ${adapters
          .map((adapter) => adapter.name)
          .join(', ')}`;
  throw new InvalidInputError([{ path: 'provider', message }], { what: 'provider' });
}

/** A group query that names only instances without groups cannot be answered by silence. */
function requireGroups(adapters: Adapter[], query: ParsedJobGroupQuery): void {
  if (!query.providers && !query.sources) return;
  const named = adapters.filter(
    (adapter) =>
      (!query.providers || query.providers.includes(adapter.providerId)) &&
      (!query.sources || query.sources.includes(adapter.name)),
  );
  if (named.length > 0 && named.every((adapter) => adapter.jobGroupLister === null))
    throw new UnsupportedOperationError(
      'jobGroups',
      `no job groups in ${[...new Set(named.map((adapter) => adapter.providerId))].join(', ')}`,
    );
}
