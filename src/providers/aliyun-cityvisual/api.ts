import type { XMLParser } from 'fast-xml-parser';
import { MalformedResponseError, ProviderApiError } from '../../errors.js';
import type { JobGroup } from '../../model/job-group.js';
import type { HttpRequest, HttpResponse } from '../../transport/http.js';
import { parseNative } from '../response.js';
import { classifyCode, classifyStatus } from './errors.js';
import { type NormalizeContext, normalizeGroups } from './normalize.js';
import type { DescribeJobGroupsStream } from './plan.js';
import { readJobGroupsFast } from './read.js';
import {
  CreateJobGroupResponseSchema,
  computeJobElements,
  DescribeJobGroupsResponseSchema,
  type ErrorBody,
  ErrorBodySchema,
  isRecord,
  jobGroupElements,
  ModifyJobGroupResponseSchema,
  type NativeJobGroupsPage,
} from './schema.js';
import { signatureMethod, signatureVersion, signParameters } from './sign.js';
import { parseXmlDocument } from './xml.js';

/** Alibaba Cloud CityVisual, API 2018-10-30, RPC style: signed GET on `/?Action=…`. */
export const apiVersion = '2018-10-30';
export const describeJobGroupsAction = 'DescribeJobGroups';
export const createJobGroupAction = 'CreateJobGroup';
export const modifyJobGroupAction = 'ModifyJobGroup';

export type ResponseFormat = 'JSON' | 'XML';

export interface AliyunCityVisualCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** The token of temporary (STS) credentials, sent as SecurityToken. */
  securityToken?: string | undefined;
}

export interface RequestTarget {
  /** The public endpoint or the `endpoint` option. */
  url: URL;
  region: string;
  format: ResponseFormat;
}

/** DescribeJobGroups' own parameters for one page (PageNumber counts from 1). */
export function describeJobGroupsParameters(
  stream: DescribeJobGroupsStream,
  instanceId: string,
  pageNumber: number,
  pageSize: number,
): Record<string, string> {
  return {
    InstanceId: instanceId,
    PageNumber: String(pageNumber),
    PageSize: String(pageSize),
    ...(stream.jobGroupId === undefined ? {} : { JobGroupId: stream.jobGroupId }),
  };
}

export interface SignedRequest {
  request: HttpRequest;
  /** What was signed, for tests and for the clock message of InvalidTimeStamp. */
  parameters: Record<string, string>;
  stringToSign: string;
}

/**
 * A signed RPC GET. The common parameters are added here: Format, Version, AccessKeyId,
 * SignatureMethod, SignatureVersion, the attempt's Timestamp and SignatureNonce, RegionId, and
 * SecurityToken for STS credentials only. The query sent is the canonical query itself, so what is
 * signed and what is sent cannot differ.
 */
export function buildRequest(spec: {
  target: RequestTarget;
  credentials: AliyunCityVisualCredentials;
  action: string;
  parameters: Readonly<Record<string, string>>;
  timestamp: string;
  nonce: string;
}): SignedRequest {
  const { target, credentials } = spec;
  const parameters: Record<string, string> = {
    ...spec.parameters,
    Action: spec.action,
    Format: target.format,
    Version: apiVersion,
    AccessKeyId: credentials.accessKeyId,
    SignatureMethod: signatureMethod,
    SignatureVersion: signatureVersion,
    SignatureNonce: spec.nonce,
    Timestamp: spec.timestamp,
    RegionId: target.region,
  };
  if (credentials.securityToken) parameters.SecurityToken = credentials.securityToken;
  const signed = signParameters({ method: 'GET', parameters, accessKeySecret: credentials.accessKeySecret });
  const url = `${target.url.origin}${target.url.pathname}?${signed.query}`;
  return {
    request: { method: 'GET', url, headers: {} },
    parameters,
    stringToSign: signed.stringToSign,
  };
}

export type InterpretContext = NormalizeContext;

/** A response body read as what it is: its format, and its content (an XML root's content). */
export interface ResponseDocument {
  format: 'json' | 'xml';
  /** XML: the root element's name; JSON: null. */
  root: string | null;
  content: unknown;
}

/**
 * Whether a body is XML. It is parsed as what it is, whatever was asked for: a body that starts
 * with `<` is XML, one that starts with `{` or `[` is JSON, and otherwise the Content-Type decides.
 */
export function isXmlResponse(response: HttpResponse): boolean {
  const body = response.body;
  for (let index = 0; index < body.length; index++) {
    const char = body[index];
    if (char === '<') return true;
    if (char === '{' || char === '[') return false;
    if (char !== ' ' && char !== '\n' && char !== '\r' && char !== '\t' && char !== '\uFEFF') break;
  }
  return /\bxml\b/i.test(response.headers['content-type'] ?? '');
}

/** Parses a body; a syntax error is thrown as a plain Error with the parser's message. */
export function parseDocument(response: HttpResponse, xml: XMLParser | null): ResponseDocument {
  if (isXmlResponse(response)) {
    if (xml === null) throw new Error('the XML parser is not loaded');
    const { root, content } = parseXmlDocument(xml, response.body);
    return { format: 'xml', root, content };
  }
  return { format: 'json', root: null, content: JSON.parse(response.body) };
}

// pop-core's reading of a `Code` in a 2xx body: these mean success, anything else is an error.
const successCodes: ReadonlySet<string> = new Set(['200', 'OK', 'Success', 'success']);

/** The error a document carries: an `<Error>` root, or a `Code` that is not a success. */
function carriesError(document: ResponseDocument): boolean {
  if (document.root === 'Error') return true;
  if (!isRecord(document.content)) return false;
  const code = document.content.Code;
  if (code === undefined || code === null || code === '') return false;
  return !successCodes.has(String(code));
}

export interface ErrorOverrides {
  message?: string;
  retryable?: boolean;
  retryAfterMs?: number | null;
  beforeProcessing?: boolean;
}

/** `x-acs-retry-after`, milliseconds as the official SDKs read it; null when absent or unreadable. */
export function acsRetryAfter(response: HttpResponse): number | null {
  const value = response.headers['x-acs-retry-after'];
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return null;
  const ms = Number(value);
  return ms > 0 ? ms : null;
}

/** A CityVisual error body as a ProviderApiError, classified by code (else by HTTP status). */
export function cityVisualError(
  body: ErrorBody,
  response: HttpResponse,
  context: Pick<InterpretContext, 'provider' | 'source' | 'action'>,
  overrides: ErrorOverrides = {},
): ProviderApiError {
  const classified = classifyCode(body.Code, response.status);
  const throttled = classified.kind === 'throttled';
  return new ProviderApiError({
    kind: classified.kind,
    code: body.Code,
    message: overrides.message ?? body.Message ?? '',
    action: context.action,
    httpStatus: response.status,
    requestId: body.RequestId ?? null,
    hostId: body.HostId ?? null,
    provider: context.provider,
    source: context.source,
    retryAfterMs:
      overrides.retryAfterMs ?? classified.retryAfterMs ?? (throttled ? acsRetryAfter(response) : null),
    ...(classified.retryable === undefined ? {} : { retryable: classified.retryable }),
    ...(classified.beforeProcessing === undefined ? {} : { beforeProcessing: classified.beforeProcessing }),
    ...(overrides.retryable === undefined ? {} : { retryable: overrides.retryable }),
    ...(overrides.beforeProcessing === undefined ? {} : { beforeProcessing: overrides.beforeProcessing }),
  });
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat === '') return 'empty body';
  return flat.length > 160 ? `${flat.slice(0, 160)}…` : flat;
}

/** An HTTP error status without a CityVisual error body (a proxy or a load balancer answered). */
function statusError(response: HttpResponse, context: InterpretContext): ProviderApiError {
  const classified = classifyStatus(response.status);
  return new ProviderApiError({
    kind: classified.kind,
    code: `HTTP${response.status}`,
    message: `HTTP ${response.status} without an Alibaba Cloud error body: ${excerpt(response.body)}`,
    action: context.action,
    httpStatus: response.status,
    provider: context.provider,
    source: context.source,
    ...(classified.retryable === undefined ? {} : { retryable: classified.retryable }),
  });
}

function errorBodyOf(document: ResponseDocument): ErrorBody | null {
  const parsed = ErrorBodySchema.safeParse(document.content);
  return parsed.success ? parsed.data : null;
}

function malformed(context: InterpretContext, path: string, message: string): MalformedResponseError {
  return new MalformedResponseError({
    provider: context.provider,
    source: context.source,
    action: context.action,
    issues: [{ path, message }],
    body: context.body,
  });
}

/**
 * A response read as what it is: a document to read on, or the error it carries (recognised in
 * JSON and in XML, with any HTTP status). A 2xx body that cannot be parsed is a
 * MalformedResponseError; an error status whose body cannot be parsed is an error of that status.
 */
export function interpretDocument(
  response: HttpResponse,
  xml: XMLParser | null,
  context: InterpretContext,
): { document: ResponseDocument } | { error: ProviderApiError } {
  const ok = response.status >= 200 && response.status < 300;
  let document: ResponseDocument;
  try {
    document = parseDocument(response, xml);
  } catch (error) {
    if (!ok) return { error: statusError(response, context) };
    throw malformed(
      context,
      '',
      `not ${isXmlResponse(response) ? 'well-formed XML' : 'JSON'}: ${(error as Error).message}`,
    );
  }
  if (!ok || carriesError(document)) {
    const body = errorBodyOf(document);
    if (body) return { error: cityVisualError(body, response, context) };
    if (!ok) return { error: statusError(response, context) };
    throw malformed(context, 'Code', 'an error code that is not a non-empty string');
  }
  return { document };
}

export interface JobGroupsPage {
  groups: JobGroup[];
  /** Group records on the page. */
  count: number;
  total: number | null;
  pageNumber: number | null;
  pageSize: number | null;
  requestId: string | null;
}

/**
 * A DescribeJobGroups answer, validated and normalized. `raw` of each group is its JobGroup record
 * as parsed and `raw` of each job its ComputeJobs record, whichever shape they came in. The
 * hand-written reader goes first; the schema reads what it does not recognise.
 */
export function readDescribeJobGroups(content: unknown, context: InterpretContext): JobGroupsPage {
  const fast = readJobGroupsFast(content);
  let page: NativeJobGroupsPage;
  let rawGroups: unknown[];
  let rawJobs: unknown[][];
  if (fast) ({ page, rawGroups, rawJobs } = fast);
  else {
    page = parseNative(DescribeJobGroupsResponseSchema, content, context);
    rawGroups = jobGroupElements((content as Record<string, unknown>).JobGroups) as unknown[];
    rawJobs = rawGroups.map(
      (group) => computeJobElements((group as Record<string, unknown>).ComputeJobs) as unknown[],
    );
  }
  const groups = normalizeGroups(page.JobGroups, rawGroups, rawJobs, context);
  return {
    groups,
    count: groups.length,
    total: page.TotalCount,
    pageNumber: page.PageNumber,
    pageSize: page.PageSize,
    requestId: page.RequestId,
  };
}

/** CreateJobGroup's answer: the new group's id. */
export function readCreateJobGroup(content: unknown, context: InterpretContext): string {
  return parseNative(CreateJobGroupResponseSchema, content, context).JobGroupId;
}

/** ModifyJobGroup's answer holds nothing but a RequestId; it must still be an answer. */
export function readModifyJobGroup(content: unknown, context: InterpretContext): void {
  parseNative(ModifyJobGroupResponseSchema, content, context);
}
