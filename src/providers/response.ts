import type { z } from 'zod';
import { type ErrorOrigin, issuesFromZod, MalformedResponseError } from '../errors.js';

export interface ResponseOrigin extends ErrorOrigin {
  action: string;
}

/** JSON.parse that fails as a MalformedResponseError naming the action, never a SyntaxError. */
export function parseJsonBody(body: string, origin: ResponseOrigin): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new MalformedResponseError({
      ...origin,
      issues: [{ path: '', message: `not JSON: ${(error as Error).message}` }],
      body,
    });
  }
}

/** Validates a native value against its schema; a mismatch names every field path. */
export function parseNative<S extends z.ZodType>(
  schema: S,
  value: unknown,
  origin: ResponseOrigin & { body: string },
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new MalformedResponseError({ ...origin, issues: issuesFromZod(result.error) });
  return result.data;
}
