import fc from 'fast-check';
import type { Job } from '../../src/model/job.js';
import { jobStatuses } from '../../src/model/status.js';
import type { ReferenceQuery } from './reference.js';

function distinct<T>(values: (T | null | undefined)[]): T[] {
  return [...new Set(values.filter((value): value is T => value !== null && value !== undefined))];
}

function oneOrMany<T>(values: fc.Arbitrary<T>): fc.Arbitrary<T | T[]> {
  return fc.oneof(values, fc.array(values, { minLength: 1, maxLength: 3 }));
}

function pick<T>(values: T[], fallback: T): fc.Arbitrary<T> {
  return values.length > 0 ? fc.constantFrom(...values) : fc.constant(fallback);
}

/**
 * Queries whose values come from a real listing (names, zones, tags, ids, dates that exist), mixed
 * with values that match nothing, so random queries exercise both hits and misses natively.
 */
export function queryArbitraryFrom(jobs: Job[]): fc.Arbitrary<ReferenceQuery> {
  const names = distinct(jobs.map((job) => job.name));
  const ids = distinct(jobs.map((job) => job.id));
  const zones = distinct(jobs.map((job) => job.zone));
  const groups = distinct(jobs.map((job) => job.groupId));
  const tagPairs = jobs.flatMap((job) => Object.entries(job.tags));
  const dates = distinct(jobs.map((job) => job.createdAt?.toISOString()));
  const fragments = distinct(
    names.flatMap((name) => [name.slice(0, 3), name.slice(-2).toUpperCase(), name.slice(2, 5)]),
  );
  const criteria: Record<string, fc.Arbitrary<unknown>> = {
    ids: fc.array(fc.oneof(pick(ids, 'x'), fc.constant('job-zzzzzzzz'), fc.constant('123')), {
      minLength: 1,
      maxLength: 5,
    }),
    name: fc.oneof(pick(names, 'x'), fc.constant('no such name')),
    nameContains: fc.oneof(pick(fragments, 'x'), fc.constant('zzz')),
    status: oneOrMany(fc.constantFrom(...jobStatuses)),
    zone: oneOrMany(fc.oneof(pick(zones, 'zone-x'), fc.constant('zone-none'))),
    groupId: oneOrMany(fc.oneof(pick(groups, 'g-x'), fc.constant('999999'))),
    tags:
      tagPairs.length > 0
        ? fc
            .constantFrom(...tagPairs)
            .chain(([key, value]) =>
              fc.constantFrom<Record<string, string | true>>(
                { [key]: value },
                { [key]: true },
                { [key]: `${value}-other` },
              ),
            )
        : fc.constant({ none: true as const }),
    createdAfter: pick(dates, '2024-01-01T00:00:00Z'),
    createdBefore: pick(dates, '2024-01-01T00:00:00Z'),
  };
  const sort = fc.record({
    by: fc.constantFrom('createdAt', 'name', 'status', 'durationMs', 'provider', 'id' as const),
    order: fc.constantFrom('asc', 'desc' as const),
  });
  return fc
    .record({
      keys: fc.subarray(Object.keys(criteria), { maxLength: 3 }),
      sort: fc.option(sort, { nil: undefined, freq: 2 }),
      limit: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 2 },
        { arbitrary: fc.integer({ min: 1, max: 30 }), weight: 1 },
      ),
    })
    .chain(({ keys, sort: chosen, limit }) =>
      fc
        .record(Object.fromEntries(keys.map((key) => [key, criteria[key] as fc.Arbitrary<unknown>])))
        .map((values) => {
          const query: Record<string, unknown> = { ...values };
          if (chosen) query.sort = chosen;
          if (limit !== undefined) query.limit = limit;
          return query as ReferenceQuery;
        }),
    );
}
