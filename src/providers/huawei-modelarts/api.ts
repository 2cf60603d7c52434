import { MalformedResponseError, ProviderApiError } from '../../errors.js';
import type { HttpRequest, HttpResponse } from '../../transport/http.js';
import type { PageRequest } from '../adapter.js';
import { parseNative, type ResponseOrigin } from '../response.js';
import { errorKind } from './errors.js';
import {
  type ListVisualizationJobsResponse,
  ListVisualizationJobsResponseSchema,
  type NativeErrorBody,
} from './schema.js';
import { canonicalQueryString, rfc3986, sdkDate, signRequest } from './sign.js';

export const listAction = 'ListVisualizationJobs';

/** AK/SK (signed, SDK-HMAC-SHA256), temporary AK/SK with their security token, or an IAM token. */
export type HuaweiModelArtsCredentials =
  | { ak: string; sk: string; securityToken?: string }
  | { token: string };

/** The native sort fields the adapter uses (the API also sorts by job_desc and status). */
export type NativeSortField = 'create_time' | 'job_name' | 'job_id';

/** One native query: what goes into the query string besides paging and the workspace. */
export interface ModelArtsStream {
  /** One status code; the parameter takes no list. */
  status: number | null;
  searchContent: string | null;
  sortBy: NativeSortField | null;
  order: 'asc' | 'desc' | null;
}

/** The query parameters of one page, unencoded. `page` is 1-based natively. */
export function listParameters(
  stream: ModelArtsStream,
  page: PageRequest,
  workspaceId: string | null,
): [string, string][] {
  const parameters: [string, string][] = [
    ['page', String(page.index + 1)],
    ['per_page', String(page.size)],
  ];
  if (stream.status !== null) parameters.push(['status', String(stream.status)]);
  if (stream.searchContent !== null) parameters.push(['search_content', stream.searchContent]);
  if (stream.sortBy !== null) parameters.push(['sortBy', stream.sortBy]);
  if (stream.order !== null) parameters.push(['order', stream.order]);
  if (workspaceId !== null) parameters.push(['workspace_id', workspaceId]);
  return parameters;
}

export interface RequestTarget {
  /** Scheme, host and port requests go to. */
  origin: string;
  /** What the Host header says: the endpoint's host, with its port when not the default. */
  host: string;
  /** Path segments (unencoded) of the endpoint's own path, a proxy's prefix, before `/v1/…`. */
  basePath: readonly string[];
  projectId: string;
  credentials: HuaweiModelArtsCredentials;
}

/**
 * GET /v1/{project_id}/visualization-jobs, signed for this attempt (`now` gives X-Sdk-Date). The
 * query string sent is the canonical one, so the gateway sees exactly what was signed.
 */
export function buildListRequest(
  target: RequestTarget,
  parameters: readonly (readonly [string, string])[],
  now: number,
): HttpRequest {
  const segments = [...target.basePath, 'v1', target.projectId, 'visualization-jobs'];
  const query = canonicalQueryString(parameters);
  const url = `${target.origin}/${segments.map(rfc3986).join('/')}${query ? `?${query}` : ''}`;
  const headers: Record<string, string> = {
    Host: target.host,
    'Content-Type': 'application/json',
  };
  const { credentials } = target;
  if ('token' in credentials) {
    headers['X-Auth-Token'] = credentials.token;
    return { method: 'GET', url, headers };
  }
  headers['X-Project-Id'] = target.projectId;
  headers['X-Sdk-Date'] = sdkDate(now);
  if (credentials.securityToken) headers['X-Security-Token'] = credentials.securityToken;
  const { authorization } = signRequest({
    method: 'GET',
    pathSegments: segments,
    query: parameters,
    headers,
    body: '',
    accessKey: credentials.ak,
    secretKey: credentials.sk,
  });
  headers.Authorization = authorization;
  return { method: 'GET', url, headers };
}

export interface ParsedList {
  response: ListVisualizationJobsResponse;
  /** The `jobs` elements exactly as JSON.parse gave them, for `raw`. */
  rawJobs: unknown[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// What an error takes from a body is cut to these lengths: real codes, messages and request ids are
// far shorter, and an error built from a hostile body must not carry megabytes.
const longestCode = 128;
const longestMessage = 1_000;

function text(value: unknown, longest = longestCode): string | null {
  if (typeof value !== 'string' || value === '') return null;
  return value.length > longest ? `${value.slice(0, longest)}…` : value;
}

function excerpt(body: string): string {
  // Only the start is shown, so only the start is flattened, whatever the size of the body.
  const flat = body.slice(0, 1_000).replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/**
 * A response as the list's result, or the error it carries. ModelArts reports failures in the body
 * (`is_success: false` with `error_code` and `error_message` or `error_msg`), with an error status
 * or with 200 alike; the API Gateway answers `{ error_code: "APIGW.…", error_msg, request_id }`.
 */
export function interpretList(response: HttpResponse, origin: ResponseOrigin): ParsedList {
  const { status, body } = response;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    // A gateway or proxy in front of the service may answer an error with HTML or plain text.
    if (!(status >= 200 && status < 300))
      throw apiError(origin, response, null, body.trim() === '' ? `HTTP ${status}` : excerpt(body));
    throw new MalformedResponseError({
      ...origin,
      issues: [{ path: '', message: `not JSON: ${(error as Error).message}` }],
      body,
    });
  }
  return readList(value, response, origin);
}

/**
 * What follows JSON.parse of a response: the error it carries, or the validated list. Separate so
 * that the cost of reading a page can be measured against the cost of parsing it.
 */
export function readList(value: unknown, response: HttpResponse, origin: ResponseOrigin): ParsedList {
  const { status, body } = response;
  const ok = status >= 200 && status < 300;
  if (isObject(value)) {
    const failure = value as NativeErrorBody;
    const code = text(failure.error_code);
    if (!ok || failure.is_success === false || (code !== null && !Array.isArray(value.jobs))) {
      const message =
        text(failure.error_message, longestMessage) ??
        text(failure.error_msg, longestMessage) ??
        `HTTP ${status}`;
      throw apiError(origin, response, code, message, text(failure.request_id));
    }
  } else if (!ok) throw apiError(origin, response, null, excerpt(body));
  const parsed = parseNative(ListVisualizationJobsResponseSchema, value, { ...origin, body });
  return { response: parsed, rawJobs: (value as { jobs: unknown[] }).jobs };
}

function apiError(
  origin: ResponseOrigin,
  response: HttpResponse,
  code: string | null,
  message: string,
  bodyRequestId: string | null = null,
): ProviderApiError {
  const kind = errorKind(code, response.status);
  return new ProviderApiError({
    ...origin,
    kind,
    code: code ?? `HTTP${response.status}`,
    message,
    httpStatus: response.status,
    requestId: response.headers['x-request-id'] ?? bodyRequestId,
  });
}
