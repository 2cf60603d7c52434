import { type ErrorKind, ProviderApiError } from '../../errors.js';
import type { Job } from '../../model/job.js';
import type { HttpRequest, HttpResponse } from '../../transport/http.js';
import { parseJsonBody, parseNative } from '../response.js';
import { type NormalizeContext, normalizeJobs } from './normalize.js';
import {
  DescribeJobsResponseSchema,
  type ErrorResponse,
  ErrorResponseSchema,
  isDescribeJobsResponse,
} from './schema.js';
import { sign } from './sign.js';

/** Tencent Cloud Batch, API 3.0: POST JSON to `/`, routed by the X-TC-* headers. */
export const describeJobsAction = 'DescribeJobs';
export const apiVersion = '2017-03-12';
/** The credential scope's service. Always `batch`, also when requests go to a test endpoint. */
export const signingService = 'batch';
/**
 * What the official SDK sends, without a charset: the signature covers the Content-Type exactly as
 * sent, so there is one constant for both.
 */
export const contentType = 'application/json';

export interface TencentBatchCredentials {
  secretId: string;
  secretKey: string;
  /** The token of temporary (STS) credentials, sent as X-TC-Token. */
  token?: string | undefined;
}

/** One DescribeJobs filter: several filters are ANDed, the values of one filter ORed. */
export interface DescribeJobsFilter {
  Name: string;
  Values: string[];
}

/** A native query: what one stream sends besides Offset/Limit. JobIds and Filters exclude each other. */
export interface DescribeJobsStream {
  jobIds?: string[];
  filters?: DescribeJobsFilter[];
}

export interface RequestTarget {
  /** Where the POST goes: the public endpoint or the `endpoint` option. */
  url: URL;
  region: string;
  language?: 'zh-CN' | 'en-US' | undefined;
}

/** The JSON body of one page of a stream: Offset/Limit paging. */
export function describeJobsBody(stream: DescribeJobsStream, offset: number, limit: number): string {
  return JSON.stringify({
    ...(stream.jobIds ? { JobIds: stream.jobIds } : {}),
    ...(stream.filters ? { Filters: stream.filters } : {}),
    Offset: offset,
    Limit: limit,
  });
}

/**
 * A signed API 3.0 request. The Host signed is the host the request is sent to (with its port, for
 * a test endpoint), and it is set explicitly so that what is signed and what is sent cannot differ.
 * Content-Type and Host are the signed headers, as in the official SDK.
 */
export function buildRequest(spec: {
  target: RequestTarget;
  credentials: TencentBatchCredentials;
  action: string;
  body: string;
  timestampSeconds: number;
}): HttpRequest {
  const { target, credentials } = spec;
  const host = target.url.host;
  const signed = { 'Content-Type': contentType, Host: host };
  const { authorization } = sign({
    method: 'POST',
    headers: signed,
    payload: spec.body,
    timestampSeconds: spec.timestampSeconds,
    service: signingService,
    secretId: credentials.secretId,
    secretKey: credentials.secretKey,
  });
  const headers: Record<string, string> = {
    ...signed,
    'X-TC-Action': spec.action,
    'X-TC-Version': apiVersion,
    'X-TC-Region': target.region,
    'X-TC-Timestamp': String(spec.timestampSeconds),
    Authorization: authorization,
  };
  // Only temporary credentials have a token; permanent keys must not send an empty one.
  if (credentials.token) headers['X-TC-Token'] = credentials.token;
  if (target.language) headers['X-TC-Language'] = target.language;
  return { method: 'POST', url: target.url.href, headers, body: spec.body };
}

// The part of a code before the first dot decides: `RequestLimitExceeded.UinLimitExceeded` is
// throttling like `RequestLimitExceeded`.
const kindsByCodePrefix: ReadonlyMap<string, ErrorKind> = new Map<string, ErrorKind>([
  ['RequestLimitExceeded', 'throttled'],
  ['AuthFailure', 'auth'],
  ['UnauthorizedOperation', 'auth'],
  ['IpInBlacklist', 'auth'],
  ['IpNotInWhitelist', 'auth'],
  ['InvalidParameter', 'invalid_request'],
  ['InvalidParameterValue', 'invalid_request'],
  ['InvalidFilter', 'invalid_request'],
  ['UnknownParameter', 'invalid_request'],
  ['InvalidZone', 'invalid_request'],
  ['MissingParameter', 'invalid_request'],
  ['InvalidAction', 'invalid_request'],
  ['InvalidRequest', 'invalid_request'],
  ['NoSuchVersion', 'invalid_request'],
  ['NoSuchProduct', 'invalid_request'],
  ['UnsupportedRegion', 'invalid_request'],
  ['UnsupportedProtocol', 'invalid_request'],
  ['UnsupportedOperation', 'invalid_request'],
  ['ActionOffline', 'invalid_request'],
  ['RequestSizeLimitExceeded', 'invalid_request'],
  ['ResponseSizeLimitExceeded', 'invalid_request'],
  ['LimitExceeded', 'invalid_request'],
  ['ResourceNotFound', 'not_found'],
  ['ResourceInUse', 'conflict'],
  ['InternalError', 'server'],
  ['ServiceUnavailable', 'server'],
]);

/** The kind of an HTTP status that came without a Tencent error body (a gateway or proxy answered). */
export function kindOfHttpStatus(status: number): ErrorKind {
  if (status === 429) return 'throttled';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 409) return 'conflict';
  if (status >= 400 && status < 500) return 'invalid_request';
  return 'server';
}

/**
 * The kind of a Tencent error code, or null for a code this table does not know. Tencent does not
 * classify its codes; throttling and server errors are the ones worth retrying (DescribeJobs is a
 * read), auth and parameter errors are not.
 */
export function kindOfCode(code: string): ErrorKind | null {
  const dot = code.indexOf('.');
  return kindsByCodePrefix.get(dot < 0 ? code : code.slice(0, dot)) ?? null;
}

export type InterpretContext = NormalizeContext;

interface TencentErrorDetails {
  code: string;
  message: string;
  requestId: string | null;
  httpStatus: number;
}

/** A Tencent error as a ProviderApiError; `overrides` lets the caller re-classify (signature expiry). */
export function tencentError(
  details: TencentErrorDetails,
  context: Pick<InterpretContext, 'provider' | 'source' | 'action'>,
  overrides: {
    message?: string;
    retryable?: boolean;
    retryAfterMs?: number;
    beforeProcessing?: boolean;
  } = {},
): ProviderApiError {
  const known = kindOfCode(details.code);
  const kind = known ?? (details.httpStatus === 200 ? 'server' : kindOfHttpStatus(details.httpStatus));
  return new ProviderApiError({
    kind,
    code: details.code,
    message: overrides.message ?? details.message,
    action: context.action,
    httpStatus: details.httpStatus,
    requestId: details.requestId,
    provider: context.provider,
    source: context.source,
    // A code nothing here knows, in an HTTP 200 body, is a refusal no retry is known to cure.
    ...(known === null && details.httpStatus === 200 ? { retryable: false } : {}),
    ...(overrides.retryable === undefined ? {} : { retryable: overrides.retryable }),
    ...(overrides.retryAfterMs === undefined ? {} : { retryAfterMs: overrides.retryAfterMs }),
    ...(overrides.beforeProcessing === undefined ? {} : { beforeProcessing: overrides.beforeProcessing }),
  });
}

function hasErrorEnvelope(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const response = (value as { Response?: unknown }).Response;
  if (typeof response !== 'object' || response === null) return false;
  // `"Error": null` is read as no error: a listing then has to stand on its own.
  const error = (response as { Error?: unknown }).Error;
  return error !== undefined && error !== null;
}

// What an error takes from a body is cut to these lengths: real codes, messages and request ids are
// far shorter, and an error built from a hostile body must not carry megabytes.
const longestCode = 128;
const longestMessage = 1_000;

function bounded(text: string, longest: number): string {
  return text.length > longest ? `${text.slice(0, longest)}…` : text;
}

/** The details of a validated error envelope, each cut to a sane length. */
function envelopeDetails(envelope: ErrorResponse, httpStatus: number): TencentErrorDetails {
  const { Error: error, RequestId } = envelope.Response;
  return {
    code: bounded(error.Code, longestCode),
    message: bounded(error.Message ?? '', longestMessage),
    requestId: RequestId ? bounded(RequestId, longestCode) : null,
    httpStatus,
  };
}

function errorDetails(
  value: unknown,
  response: HttpResponse,
  context: InterpretContext,
): TencentErrorDetails {
  const envelope = parseNative(ErrorResponseSchema, value, { ...context, body: response.body });
  return envelopeDetails(envelope, response.status);
}

function excerpt(body: string): string {
  // Only the start is shown, so only the start is flattened, whatever the size of the body.
  const flat = body.slice(0, 1_000).replace(/\s+/g, ' ').trim();
  if (flat === '') return 'empty body';
  return flat.length > 160 ? `${flat.slice(0, 160)}…` : flat;
}

/** The error of any response that is not a listing: a Tencent error body, or a bare HTTP status. */
export function responseError(response: HttpResponse, context: InterpretContext): ProviderApiError | null {
  if (response.status === 200) return null;
  let value: unknown;
  try {
    value = JSON.parse(response.body);
  } catch {
    value = undefined;
  }
  if (hasErrorEnvelope(value)) {
    const parsed = ErrorResponseSchema.safeParse(value);
    if (parsed.success) return tencentError(envelopeDetails(parsed.data, response.status), context);
  }
  const kind = kindOfHttpStatus(response.status);
  return new ProviderApiError({
    kind,
    code: `HTTP${response.status}`,
    message: `HTTP ${response.status} without a Tencent Cloud error body: ${excerpt(response.body)}`,
    action: context.action,
    httpStatus: response.status,
    provider: context.provider,
    source: context.source,
    // Only statuses that say "later" are worth another try; a redirect or odd status is not.
    retryable: kind === 'throttled' || kind === 'timeout' || (kind === 'server' && response.status >= 500),
  });
}

export interface DescribeJobsResult {
  jobs: Job[];
  /** JobViews on the page. */
  count: number;
  total: number | null;
  requestId: string | null;
}

/**
 * A DescribeJobs response: the jobs of the page, or the error it carries. Business errors come in an
 * HTTP 200 body (`Response.Error`), so that is looked at before the listing's schema; a body that is
 * neither is a MalformedResponseError naming the field paths.
 */
export function interpretDescribeJobs(response: HttpResponse, context: InterpretContext): DescribeJobsResult {
  const failure = responseError(response, context);
  if (failure) throw failure;
  const origin = { ...context, body: response.body };
  const value = parseJsonBody(response.body, origin);
  if (hasErrorEnvelope(value)) throw tencentError(errorDetails(value, response, context), context);
  return readDescribeJobs(value, origin);
}

/**
 * Validation and normalization of a parsed DescribeJobs listing (the part of reading a page that is
 * not JSON.parse). `raw` of each job is its JobSet element exactly as parsed.
 */
export function readDescribeJobs(value: unknown, context: InterpretContext): DescribeJobsResult {
  if (isDescribeJobsResponse(value)) {
    const { JobSet, TotalCount, RequestId } = value.Response;
    const views = JobSet ?? [];
    return {
      jobs: normalizeJobs(views, views, context),
      count: views.length,
      total: TotalCount,
      requestId: RequestId ?? null,
    };
  }
  const parsed = parseNative(DescribeJobsResponseSchema, value, context);
  const views = parsed.Response.JobSet ?? [];
  const rawJobs = ((value as { Response: { JobSet: unknown[] | null } }).Response.JobSet ?? []) as unknown[];
  return {
    jobs: normalizeJobs(views, rawJobs, context),
    count: views.length,
    total: parsed.Response.TotalCount,
    requestId: parsed.Response.RequestId ?? null,
  };
}
