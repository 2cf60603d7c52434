import type { z } from 'zod';
import { redact } from './redact.js';

/** How a cloud error should be handled, independent of the cloud's own code. */
export type ErrorKind =
  | 'auth'
  | 'throttled'
  | 'not_found'
  | 'invalid_request'
  | 'conflict'
  | 'server'
  | 'network'
  | 'timeout';

/** One problem in a query, an input, or a response: where, and what is wrong. */
export interface Issue {
  path: string;
  message: string;
}

export interface ErrorOrigin {
  provider?: string | null;
  source?: string | null;
  cause?: unknown;
}

/** The base of every error cloudjobs throws. Its message never carries credentials. */
export class CloudJobsError extends Error {
  override name = 'CloudJobsError';
  /** The provider id involved, when one is. */
  provider: string | null;
  /** The adapter instance name involved, when one is. */
  source: string | null;

  constructor(message: string, origin: ErrorOrigin = {}) {
    super(redact(message), origin.cause === undefined ? undefined : { cause: origin.cause });
    this.provider = origin.provider ?? null;
    this.source = origin.source ?? null;
  }
}

export interface ProviderApiErrorDetails extends ErrorOrigin {
  kind: ErrorKind;
  code: string;
  message: string;
  action: string;
  httpStatus?: number | null;
  requestId?: string | null;
  hostId?: string | null;
  retryable?: boolean;
  /** What the cloud asked us to wait (Retry-After), in milliseconds. */
  retryAfterMs?: number | null;
  /**
   * The cloud refused the request before acting on it (throttled, a reused nonce, a refused
   * connection), so even a write may be sent again. Defaults to true for `throttled`.
   */
  beforeProcessing?: boolean;
}

const retryableKinds: ReadonlySet<ErrorKind> = new Set(['throttled', 'server', 'network', 'timeout']);

/** The cloud (or the way to it) answered with an error. */
export class ProviderApiError extends CloudJobsError {
  override name = 'ProviderApiError';
  readonly kind: ErrorKind;
  /** The cloud's error code, verbatim (`RequestLimitExceeded`, `ModelArts.0104`, `ECONNRESET`). */
  readonly code: string;
  readonly action: string;
  readonly httpStatus: number | null;
  readonly requestId: string | null;
  readonly hostId: string | null;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  readonly beforeProcessing: boolean;
  /** The cloud's own message, scrubbed. */
  readonly cloudMessage: string;

  constructor(given: ProviderApiErrorDetails) {
    const details = boundedDetails(given);
    const where = [details.provider ?? details.source, details.action].filter(Boolean).join(' ');
    const extras = [
      details.httpStatus ? `HTTP ${details.httpStatus}` : null,
      details.requestId ? `request ${details.requestId}` : null,
    ].filter(Boolean);
    super(
      `${where ? `${where}: ` : ''}${details.code}: ${details.message}${extras.length ? ` (${extras.join(', ')})` : ''}`,
      details,
    );
    this.kind = details.kind;
    this.code = details.code;
    this.action = details.action;
    this.httpStatus = details.httpStatus ?? null;
    this.requestId = details.requestId ?? null;
    this.hostId = details.hostId ?? null;
    this.retryable = details.retryable ?? retryableKinds.has(details.kind);
    this.retryAfterMs = details.retryAfterMs ?? null;
    this.beforeProcessing = details.beforeProcessing ?? details.kind === 'throttled';
    this.cloudMessage = redact(details.message);
  }
}

// What a cloud's body says is cut to these lengths: real codes, request ids and messages are far
// shorter, and an error built from a hostile or broken body must not carry megabytes.
const longestCode = 128;
const longestMessage = 2_000;

function bounded<T extends string | null | undefined>(text: T, longest: number): T {
  return (typeof text === 'string' && text.length > longest ? `${text.slice(0, longest)}…` : text) as T;
}

function boundedDetails(details: ProviderApiErrorDetails): ProviderApiErrorDetails {
  return {
    ...details,
    code: bounded(details.code, longestCode),
    message: bounded(details.message, longestMessage),
    requestId: bounded(details.requestId, longestCode),
    hostId: bounded(details.hostId, longestCode),
  };
}

/** A response that does not match the native schema. Names the action and every field path. */
export class MalformedResponseError extends CloudJobsError {
  override name = 'MalformedResponseError';
  readonly action: string;
  readonly issues: Issue[];
  /** The start of the offending body, scrubbed. */
  readonly excerpt: string;

  constructor(details: ErrorOrigin & { action: string; issues: Issue[]; body?: string }) {
    const excerpt = redact(excerptOf(details.body ?? ''));
    super(
      `${details.provider ? `${details.provider} ` : ''}${details.action}: malformed response: ${formatIssues(details.issues)}`,
      details,
    );
    this.action = details.action;
    this.issues = details.issues;
    this.excerpt = excerpt;
  }
}

/** A query the library cannot run; every problem is listed. Thrown before any request. */
export class InvalidQueryError extends CloudJobsError {
  override name = 'InvalidQueryError';
  readonly issues: Issue[];
  constructor(issues: Issue[], origin: ErrorOrigin = {}) {
    super(`invalid query: ${formatIssues(issues)}`, origin);
    this.issues = issues;
  }
}

/** Options or operation input the library cannot use; every problem is listed. Thrown before any request. */
export class InvalidInputError extends CloudJobsError {
  override name = 'InvalidInputError';
  readonly issues: Issue[];
  constructor(issues: Issue[], origin: ErrorOrigin & { what?: string } = {}) {
    super(`invalid ${origin.what ?? 'input'}: ${formatIssues(issues)}`, origin);
    this.issues = issues;
  }
}

/** Asked of an adapter (or of every adapter a query names) something it cannot do. */
export class UnsupportedOperationError extends CloudJobsError {
  override name = 'UnsupportedOperationError';
  readonly operation: string;
  constructor(operation: string, reason: string, origin: ErrorOrigin = {}) {
    super(`${operation} is not supported: ${reason}`, origin);
    this.operation = operation;
  }
}

/** One failing adapter instance within a listing. */
export interface ProviderError {
  source: string;
  provider: string;
  error: CloudJobsError;
}

/** Some adapter instances failed; what the others returned was already yielded. */
export class PartialFailureError extends CloudJobsError {
  override name = 'PartialFailureError';
  readonly errors: ProviderError[];
  constructor(errors: ProviderError[]) {
    super(
      `${errors.length} provider instance${errors.length === 1 ? '' : 's'} failed: ${errors
        .map((failure) => `${failure.source}: ${failure.error.message}`)
        .join('; ')}`,
    );
    this.errors = errors;
  }
}

export function formatIssues(issues: Issue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
}

/** `['status', 1]` → `status[1]`; `['sort', 'by']` → `sort.by`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

type ZodIssue = z.core.$ZodIssue;

/**
 * Zod issues as plain `{ path, message }`. A union ("one value or a list") fails as one opaque
 * "invalid input"; the user needs the branch they meant, so the branch that got furthest (deepest
 * path, and not a plain type mismatch) stands in for the union.
 */
export function issuesFromZod(error: z.ZodError, prefix: readonly PropertyKey[] = []): Issue[] {
  return flattenIssues(error.issues, prefix);
}

function flattenIssues(issues: readonly ZodIssue[], prefix: readonly PropertyKey[]): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      out.push(...flattenIssues(closestBranch(issue.errors), path));
      continue;
    }
    out.push({ path: formatPath(path), message: issue.message });
  }
  return out;
}

function closestBranch(branches: readonly (readonly ZodIssue[])[]): readonly ZodIssue[] {
  let best = branches[0] ?? [];
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const branch of branches) {
    const depth = Math.max(0, ...branch.map((issue) => issue.path.length));
    const typeMismatchOnly = branch.every((issue) => issue.code === 'invalid_type');
    const score = depth * 2 + (typeMismatchOnly ? 0 : 1);
    if (score > bestScore) {
      best = branch;
      bestScore = score;
    }
  }
  return best;
}

function excerptOf(body: string, length = 200): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}

/** Wraps anything thrown into a CloudJobsError, keeping one that already is. */
export function toCloudJobsError(error: unknown, origin: ErrorOrigin = {}): CloudJobsError {
  if (error instanceof CloudJobsError) {
    if (origin.provider && !error.provider) error.provider = origin.provider;
    if (origin.source && !error.source) error.source = origin.source;
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CloudJobsError(message, { ...origin, cause: error });
}
