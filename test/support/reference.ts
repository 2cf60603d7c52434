import type { Job } from '../../src/model/job.js';

/**
 * An independent reading of DESIGN's query semantics, written plainly and separately from the
 * engine, to serve as the oracle in property tests.
 */
export interface ReferenceQuery {
  providers?: string | string[];
  sources?: string | string[];
  ids?: string | string[];
  name?: string;
  nameContains?: string;
  status?: string | string[];
  zone?: string | string[];
  groupId?: string | string[];
  tags?: Record<string, string | true>;
  createdAfter?: Date | string;
  createdBefore?: Date | string;
  sort?: { by: 'createdAt' | 'name' | 'status' | 'durationMs' | 'provider' | 'id'; order?: 'asc' | 'desc' };
  limit?: number;
}

const statusOrder = [
  'pending',
  'starting',
  'running',
  'stopping',
  'stopped',
  'succeeded',
  'failed',
  'unknown',
];

function list<T>(value: T | T[] | undefined): T[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

function time(value: Date | string): number {
  return typeof value === 'string' ? new Date(value).getTime() : value.getTime();
}

export function referenceMatches(job: Job, query: ReferenceQuery): boolean {
  const checks: boolean[] = [];
  const providers = list(query.providers);
  if (providers) checks.push(providers.some((provider) => provider === job.provider));
  const sources = list(query.sources);
  if (sources) checks.push(sources.some((source) => source === job.source));
  const ids = list(query.ids);
  if (ids) checks.push(ids.some((id) => id === job.id));
  if (query.name !== undefined) checks.push(job.name === query.name);
  if (query.nameContains !== undefined)
    checks.push(job.name !== null && job.name.toLowerCase().indexOf(query.nameContains.toLowerCase()) !== -1);
  const statuses = list(query.status);
  if (statuses) checks.push(statuses.some((status) => status === job.status));
  const zones = list(query.zone);
  if (zones) checks.push(zones.some((zone) => zone === job.zone));
  const groups = list(query.groupId);
  if (groups) checks.push(groups.some((group) => group === job.groupId));
  if (query.tags) {
    for (const key of Object.keys(query.tags)) {
      const wanted = query.tags[key];
      const has = Object.hasOwn(job.tags, key);
      checks.push(wanted === true ? has : has && job.tags[key] === wanted);
    }
  }
  if (query.createdAfter !== undefined)
    checks.push(job.createdAt !== null && job.createdAt.getTime() >= time(query.createdAfter));
  if (query.createdBefore !== undefined)
    checks.push(job.createdAt !== null && job.createdAt.getTime() < time(query.createdBefore));
  return checks.every(Boolean);
}

function keyOf(job: Job, by: string): string | number | null {
  switch (by) {
    case 'createdAt':
      return job.createdAt === null ? null : job.createdAt.getTime();
    case 'status':
      return statusOrder.indexOf(job.status);
    case 'name':
      return job.name;
    case 'durationMs':
      return job.durationMs;
    case 'provider':
      return job.provider;
    default:
      return job.id;
  }
}

function plain(a: string | number, b: string | number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

export function referenceCompare(sort: NonNullable<ReferenceQuery['sort']>) {
  const descending = sort.order === 'desc';
  return (a: Job, b: Job): number => {
    const x = keyOf(a, sort.by);
    const y = keyOf(b, sort.by);
    if (x === null && y !== null) return 1;
    if (y === null && x !== null) return -1;
    if (x !== null && y !== null) {
      const byKey = plain(x, y);
      if (byKey !== 0) return descending ? -byKey : byKey;
    }
    return plain(a.provider, b.provider) || plain(a.source, b.source) || plain(a.id, b.id);
  };
}

/** `everything.filter(matches(q))` in q's order, then the limit. */
export function referenceListing(everything: Job[], query: ReferenceQuery): Job[] {
  const matched = everything.filter((job) => referenceMatches(job, query));
  if (query.sort) matched.sort(referenceCompare(query.sort));
  return query.limit === undefined ? matched : matched.slice(0, query.limit);
}
