import fc from 'fast-check';
import type { Job } from '../../src/model/job.js';
import { jobStatuses } from '../../src/model/status.js';
import type { ReferenceQuery } from './reference.js';

// Small pools so that random queries hit real values and ties are common.
export const namePool = [
  'etl-daily',
  'ETL-Nightly',
  'train',
  'Train',
  '视频任务',
  'report',
  '',
  'ümlaut Ünit',
  'İstanbul',
];
export const zonePool = ['zone-a', 'zone-b', 'zone-c'];
export const groupPool = ['g1', 'g2', 'g3'];
export const tagKeys = ['env', 'team', 'cost'];
export const tagValues = ['prod', 'dev', 'x'];
export const datePool = [
  '2024-01-01T00:00:00Z',
  '2024-01-01T00:00:00.500Z',
  '2024-03-15T12:30:00Z',
  '2024-06-30T23:59:59Z',
  '2025-01-01T00:00:00Z',
].map((text) => new Date(text));

export interface SourceSpec {
  providerId: string;
  name: string;
}

export function jobArbitrary(source: SourceSpec, id: string): fc.Arbitrary<Job> {
  return fc
    .record({
      name: fc.option(fc.constantFrom(...namePool), { nil: null, freq: 8 }),
      status: fc.constantFrom(...jobStatuses),
      zone: fc.option(fc.constantFrom(...zonePool), { nil: null }),
      groupId: fc.option(fc.constantFrom(...groupPool), { nil: null }),
      createdAt: fc.option(fc.constantFrom(...datePool), { nil: null, freq: 6 }),
      durationMs: fc.option(fc.constantFrom(0, 1000, 5000, 60_000), { nil: null }),
      tags: fc.dictionary(fc.constantFrom(...tagKeys), fc.constantFrom(...tagValues), { maxKeys: 3 }),
    })
    .map((fields) => ({
      provider: source.providerId,
      source: source.name,
      id,
      name: fields.name,
      status: fields.status,
      nativeStatus: fields.status.toUpperCase(),
      statusDetail: null,
      region: 'local-1',
      zone: fields.zone,
      groupId: fields.groupId,
      createdAt: fields.createdAt,
      startedAt: null,
      endedAt: null,
      durationMs: fields.durationMs,
      priority: null,
      description: null,
      url: null,
      tags: fields.tags,
      tasks: null,
      raw: { id },
    }));
}

/** Jobs of one source with ids unique within it (ids repeat across sources on purpose). */
export function sourceJobsArbitrary(source: SourceSpec, maxJobs: number): fc.Arbitrary<Job[]> {
  return fc
    .uniqueArray(fc.integer({ min: 1, max: 400 }), { maxLength: maxJobs, size: 'max' })
    .chain((numbers) =>
      numbers.length === 0 ? fc.constant([]) : fc.tuple(...numbers.map((n) => jobArbitrary(source, `j${n}`))),
    );
}

function oneOrMany<T>(values: fc.Arbitrary<T>): fc.Arbitrary<T | T[]> {
  return fc.oneof(values, fc.array(values, { minLength: 0, maxLength: 3 }));
}

const isoWithOffset = fc.constantFrom(
  '2024-01-01T00:00:00Z',
  '2024-01-01T00:00:00.500Z',
  '2024-03-15T14:30:00+02:00',
  '2024-06-30T23:59:59Z',
  '2024-07-01T01:59:59+02:00',
);

/**
 * Queries with zero to three criteria (more would almost never match anything), a sort half of
 * the time and a limit a third of the time.
 */
export function queryArbitrary(sources: SourceSpec[], withLimit = true): fc.Arbitrary<ReferenceQuery> {
  const providerIds = [...new Set(sources.map((source) => source.providerId))];
  const criteria: Record<string, fc.Arbitrary<unknown>> = {
    providers: oneOrMany(fc.constantFrom(...providerIds, 'absent-provider')),
    sources: oneOrMany(fc.constantFrom(...sources.map((source) => source.name))),
    ids: fc.array(
      fc.oneof(
        fc.integer({ min: 1, max: 400 }).map((n) => `j${n}`),
        fc.constant('nope'),
      ),
      {
        minLength: 1,
        maxLength: 60,
      },
    ),
    name: fc.constantFrom(...namePool, 'missing'),
    nameContains: fc.constantFrom('etl', 'ETL', 'rain', '视频', '', 'ü', 'i̇', 'zz'),
    status: oneOrMany(fc.constantFrom(...jobStatuses)),
    zone: oneOrMany(fc.constantFrom(...zonePool)),
    groupId: oneOrMany(fc.constantFrom(...groupPool)),
    tags: fc.dictionary(
      fc.constantFrom(...tagKeys),
      fc.oneof(fc.constantFrom(...tagValues), fc.constant(true as const)),
      { minKeys: 1, maxKeys: 2 },
    ),
    createdAfter: fc.oneof(fc.constantFrom(...datePool), isoWithOffset),
    createdBefore: fc.oneof(fc.constantFrom(...datePool), isoWithOffset),
  };
  const sort = fc.record(
    {
      by: fc.constantFrom('createdAt', 'name', 'status', 'durationMs', 'provider', 'id' as const),
      order: fc.constantFrom('asc', 'desc' as const),
    },
    { requiredKeys: ['by'] },
  );
  return fc
    .record({
      keys: fc.subarray(Object.keys(criteria), { maxLength: 3 }),
      sort: fc.option(sort, { nil: undefined, freq: 2 }),
      limit: withLimit
        ? fc.oneof(
            { arbitrary: fc.constant(undefined), weight: 2 },
            { arbitrary: fc.integer({ min: 1, max: 40 }), weight: 1 },
          )
        : fc.constant(undefined),
    })
    .chain(({ keys, sort: chosenSort, limit }) =>
      fc
        .record(Object.fromEntries(keys.map((key) => [key, criteria[key] as fc.Arbitrary<unknown>])))
        .map((values) => {
          const query: Record<string, unknown> = { ...values };
          if (chosenSort) query.sort = chosenSort;
          if (limit !== undefined) query.limit = limit;
          return query as ReferenceQuery;
        }),
    );
}
