import type { SortOrder } from '../model/query.js';
import { type JobStatus, statusOrder } from '../model/status.js';

/** What every sortable record has: the tie-breaks of the total order. */
export interface Sortable {
  provider: string;
  source: string;
  id: string;
}

export type SortValue = string | number | null;

/** A record's value for a sort key, reduced to something comparable: dates to ms, status to rank. */
export function sortValue(record: object, key: string): SortValue {
  const value = (record as Record<string, unknown>)[key];
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  if (key === 'status') return statusOrder(value as JobStatus);
  if (typeof value === 'number' || typeof value === 'string') return value;
  return String(value);
}

// Plain < and >: UTF-16 code units for strings, as DESIGN fixes it (no locale collation).
function compareValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two key tuples: the key in `order` (nulls last either way), then provider, source, id ascending. */
export function compareKeys(a: SortKeyTuple, b: SortKeyTuple, order: SortOrder): number {
  const [valueA, ...tieA] = a;
  const [valueB, ...tieB] = b;
  if (valueA === null || valueB === null) {
    const byNull = compareValues(valueA, valueB);
    if (byNull !== 0) return byNull;
  } else {
    const byKey = compareValues(valueA, valueB);
    if (byKey !== 0) return order === 'desc' ? -byKey : byKey;
  }
  for (let index = 0; index < tieA.length; index++) {
    const byTie = compareValues(tieA[index] ?? null, tieB[index] ?? null);
    if (byTie !== 0) return byTie;
  }
  return 0;
}

/** [key value, provider, source, id]: everything the total order looks at. */
export type SortKeyTuple = [SortValue, string, string, string];

export function sortKeyTuple(record: Sortable, key: string): SortKeyTuple {
  return [sortValue(record, key), record.provider, record.source, record.id];
}

/** A comparator for records under DESIGN's total order. */
export function recordComparator<T extends Sortable>(sort: {
  by: string;
  order: SortOrder;
}): (a: T, b: T) => number {
  return (a, b) => compareKeys(sortKeyTuple(a, sort.by), sortKeyTuple(b, sort.by), sort.order);
}
