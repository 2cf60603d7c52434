// `2018-10-10T10:20:30Z`, optionally with fractional seconds or a numeric offset.
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * A cloud's ISO 8601 timestamp as a Date (UTC), or null when the cloud sent none. A value that is
 * present but unreadable returns undefined so the caller can report it as a malformed field.
 */
export function parseTimestamp(value: string | null | undefined): Date | null | undefined {
  if (value === null || value === undefined || value === '') return null;
  if (!isoDateTime.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** Epoch milliseconds as a Date, or null when absent. */
export function fromEpochMs(value: number | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
