import type { Job } from '../../src/model/job.js';
import type { JobGroup } from '../../src/model/job-group.js';
import type { ParsedJobGroupQuery, ParsedJobQuery } from '../../src/model/query.js';
import type {
  Adapter,
  AdapterCapabilities,
  FetchContext,
  Lister,
  ListPlan,
  NativePage,
  PageRequest,
  PushdownCriterion,
} from '../../src/providers/adapter.js';
import { Transport } from '../../src/transport/transport.js';

/**
 * A test-only provider over an in-memory list. Its "native" filtering is written independently of
 * the engine's matcher (plain loops over the records) and each criterion can be switched on or off,
 * so tests can check that pushdown never changes a result.
 */
export interface MemoryAdapterOptions {
  providerId?: string;
  name?: string;
  region?: string;
  jobs?: Job[];
  groups?: JobGroup[];
  pageSize?: number;
  concurrency?: number;
  paging?: 'offset' | 'numbered' | 'token';
  /** Criteria this adapter pushes down; default none. */
  pushdown?: PushdownCriterion[];
  /** Whether pages report a total; default true. */
  reportsTotal?: boolean;
  /** Called before each page is served: may throw, delay, or mutate `jobs`. */
  beforePage?: (request: PageRequest, stream: MemoryStream) => void | Promise<void>;
}

export interface MemoryStream {
  ids?: string[];
  status?: string[];
  nameContains?: string;
  zone?: string[];
  sort?: { by: 'createdAt'; order: 'asc' | 'desc' };
}

export interface MemoryAdapter extends Adapter {
  jobs: Job[];
  pageRequests: PageRequest[];
}

function filterNative(jobs: Job[], stream: MemoryStream): Job[] {
  const out: Job[] = [];
  for (const job of jobs) {
    if (stream.ids && stream.ids.indexOf(job.id) < 0) continue;
    if (stream.status && stream.status.indexOf(job.status) < 0) continue;
    if (stream.zone && (job.zone === null || stream.zone.indexOf(job.zone) < 0)) continue;
    if (stream.nameContains !== undefined) {
      if (job.name === null) continue;
      if (job.name.toLowerCase().indexOf(stream.nameContains.toLowerCase()) < 0) continue;
    }
    out.push(job);
  }
  if (stream.sort) {
    const sign = stream.sort.order === 'asc' ? 1 : -1;
    out.sort((a, b) => {
      const x = a.createdAt?.getTime();
      const y = b.createdAt?.getTime();
      if (x === y) return 0;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      return sign * (x - y);
    });
  }
  return out;
}

export function memoryAdapter(options: MemoryAdapterOptions = {}): MemoryAdapter {
  const providerId = options.providerId ?? 'memory';
  const region = options.region ?? 'local-1';
  const name = options.name ?? `${providerId}:${region}`;
  const pushdown = new Set(options.pushdown ?? []);
  const pageSize = options.pageSize ?? 10;
  const paging = options.paging ?? 'numbered';
  const pageRequests: PageRequest[] = [];
  const state = { jobs: options.jobs ?? [] };

  const serve = async <T>(all: T[], request: PageRequest): Promise<NativePage<T>> => {
    const start = paging === 'token' ? Number(request.token ?? 0) : request.offset;
    const items = all.slice(start, start + request.size);
    const next = start + request.size;
    return {
      items,
      count: items.length,
      total: options.reportsTotal === false ? null : all.length,
      nextToken: paging === 'token' && next < all.length ? String(next) : null,
    };
  };

  const jobLister: Lister<Job, ParsedJobQuery, MemoryStream> = {
    paging,
    pageSize,
    concurrency: options.concurrency ?? 3,
    plan(query): ListPlan<MemoryStream> {
      const stream: MemoryStream = {};
      const pushed: string[] = [];
      if (pushdown.has('ids') && query.ids) {
        stream.ids = query.ids;
        pushed.push('ids');
      }
      if (pushdown.has('status') && query.status) {
        stream.status = query.status;
        pushed.push('status');
      }
      if (pushdown.has('zone') && query.zone) {
        stream.zone = query.zone;
        pushed.push('zone');
      }
      if (pushdown.has('nameContains') && query.nameContains !== undefined) {
        stream.nameContains = query.nameContains;
        pushed.push('nameContains');
      }
      if (pushdown.has('sort') && query.sort?.by === 'createdAt') {
        stream.sort = { by: 'createdAt', order: query.sort.order };
        pushed.push('sort');
      }
      if (stream.ids && stream.ids.length === 0) return { streams: [], pushed };
      return { streams: [stream], pushed };
    },
    async fetchPage(stream, request, context: FetchContext) {
      context.signal.throwIfAborted();
      pageRequests.push(request);
      await options.beforePage?.(request, stream);
      context.signal.throwIfAborted();
      return serve(filterNative(state.jobs, stream), request);
    },
  };

  const groupLister: Lister<JobGroup, ParsedJobGroupQuery, null> | null = options.groups
    ? {
        paging,
        pageSize,
        concurrency: options.concurrency ?? 3,
        plan: () => ({ streams: [null], pushed: [] }),
        async fetchPage(_stream, request) {
          pageRequests.push(request);
          return serve(options.groups ?? [], request);
        },
      }
    : null;

  const capabilities: AdapterCapabilities = {
    pushdown: { jobs: [...pushdown], jobGroups: [] },
    operations: [],
  };
  return {
    providerId,
    name,
    region,
    capabilities,
    jobLister: jobLister as Lister<Job, ParsedJobQuery>,
    jobGroupLister: groupLister as Lister<JobGroup, ParsedJobGroupQuery> | null,
    transport: new Transport({ provider: providerId, source: name, rateLimit: 1000 }),
    get jobs() {
      return state.jobs;
    },
    set jobs(jobs: Job[]) {
      state.jobs = jobs;
    },
    pageRequests,
  };
}

let counter = 0;
/** A complete Job with every key present; override what the test cares about. */
export function makeJob(overrides: Partial<Job> = {}): Job {
  counter++;
  return {
    provider: 'memory',
    source: 'memory:local-1',
    id: `job-${counter}`,
    name: `job ${counter}`,
    status: 'running',
    nativeStatus: 'RUNNING',
    statusDetail: null,
    region: 'local-1',
    zone: null,
    groupId: null,
    createdAt: null,
    startedAt: null,
    endedAt: null,
    durationMs: null,
    priority: null,
    description: null,
    url: null,
    tags: {},
    tasks: null,
    raw: {},
    ...overrides,
  };
}
