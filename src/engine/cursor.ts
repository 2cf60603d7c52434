import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import type { SortKeyTuple } from './order.js';

// Built on the first cursor decoded, not at import: most programs never page with a cursor, and
// every schema built at import is time added to every program that loads the library.
function buildCursorSchema() {
  const positionSchema = z.strictObject({
    stream: z.number().int().nonnegative(),
    page: z.number().int().nonnegative(),
    index: z.number().int().nonnegative(),
    token: z.string().nullable(),
    offset: z.number().int().nonnegative(),
    size: z.number().int().nonnegative(),
  });

  const sortValueSchema = z.union([z.string(), z.number(), z.null()]);

  return z.discriminatedUnion('mode', [
    // Unsorted: the position of the next item to yield, instance by instance.
    z.strictObject({
      version: z.literal(1),
      kind: z.enum(['jobs', 'jobGroups']),
      query: z.string(),
      emitted: z.number().int().nonnegative(),
      mode: z.literal('native'),
      source: z.number().int().nonnegative(),
      position: positionSchema,
    }),
    // Sorted: the key of the last item yielded; the next page is everything after it.
    z.strictObject({
      version: z.literal(1),
      kind: z.enum(['jobs', 'jobGroups']),
      query: z.string(),
      emitted: z.number().int().nonnegative(),
      mode: z.literal('sorted'),
      after: z.tuple([sortValueSchema, z.string(), z.string(), z.string()]),
    }),
  ]);
}

let cursorSchema: ReturnType<typeof buildCursorSchema> | undefined;
let envelopeSchema: z.ZodType<{ payload: string; check: string }> | undefined;

export type Cursor = z.infer<ReturnType<typeof buildCursorSchema>>;
export type SortedCursor = Extract<Cursor, { mode: 'sorted' }>;
export type NativeCursor = Extract<Cursor, { mode: 'native' }>;
export type { SortKeyTuple };

function checksum(payload: string): string {
  return createHash('sha256').update(payload).digest('base64url').slice(0, 12);
}

/** Opaque to users: base64url of the position and a checksum that catches a cursor edited by hand. */
export function encodeCursor(cursor: Cursor): string {
  const payload = JSON.stringify(cursor);
  return Buffer.from(JSON.stringify({ payload, check: checksum(payload) })).toString('base64url');
}

function invalidCursor(message: string): InvalidInputError {
  return new InvalidInputError([{ path: 'cursor', message }], { what: 'cursor' });
}

export function decodeCursor(text: string, expected: { kind: Cursor['kind']; query: string }): Cursor {
  let envelope: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new Error('not base64url');
    envelope = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('not a cursor this library issued (it does not decode)');
  }
  envelopeSchema ??= z.strictObject({ payload: z.string(), check: z.string() });
  const parsedEnvelope = envelopeSchema.safeParse(envelope);
  if (!parsedEnvelope.success || checksum(parsedEnvelope.data.payload) !== parsedEnvelope.data.check)
    throw invalidCursor('the cursor was altered (its checksum does not match)');
  let body: unknown;
  try {
    body = JSON.parse(parsedEnvelope.data.payload);
  } catch {
    throw invalidCursor('the cursor was altered (its content does not decode)');
  }
  cursorSchema ??= buildCursorSchema();
  const parsed = cursorSchema.safeParse(body);
  if (!parsed.success) throw invalidCursor('the cursor was altered (its content is not a position)');
  if (parsed.data.kind !== expected.kind)
    throw invalidCursor(`this cursor belongs to a ${parsed.data.kind} listing, not ${expected.kind}`);
  if (parsed.data.query !== expected.query)
    throw invalidCursor('this cursor belongs to another query or another set of providers');
  return parsed.data;
}

/** A short, stable digest of what a cursor's positions depend on. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 16);
}
