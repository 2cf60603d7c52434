import type { z } from 'zod';
import { type ErrorOrigin, type Issue, issuesFromZod, MalformedResponseError } from '../errors.js';

/** What normalizing a response needs to know besides the response: where it came from. */
export interface NormalizeContext {
  provider: string;
  /** The adapter instance's name. */
  source: string;
  region: string;
  action: string;
  /** The response body, for the excerpt of a MalformedResponseError. */
  body: string;
}

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

/** Problems named one by one in a MalformedResponseError; the rest are counted. */
export const mostIssuesNamed = 50;

/**
 * The first `mostIssuesNamed` issues, and a count of the others: a response with a hundred thousand
 * bad records (a hostile or broken endpoint) must not make an error of megabytes.
 */
export function boundIssues(issues: Issue[]): Issue[] {
  if (issues.length <= mostIssuesNamed) return issues;
  return [
    ...issues.slice(0, mostIssuesNamed),
    { path: '', message: `and ${issues.length - mostIssuesNamed} more problems of the same kind` },
  ];
}

/** Validates a native value against its schema; a mismatch names every field path (up to a bound). */
export function parseNative<S extends z.ZodType>(
  schema: S,
  value: unknown,
  origin: ResponseOrigin & { body: string },
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new MalformedResponseError({ ...origin, issues: boundIssues(issuesFromZod(result.error)) });
  return result.data;
}
