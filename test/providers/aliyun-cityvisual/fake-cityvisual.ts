import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MockAgent } from 'undici';
import type { Job } from '../../../src/model/job.js';
import type { JobGroup } from '../../../src/model/job-group.js';
import {
  type AliyunCityVisualOptions,
  aliyunCityVisual,
} from '../../../src/providers/aliyun-cityvisual/index.js';

export const region = 'cn-shanghai';
export const instanceId = 'cityvisual-Instance';
export const publicOrigin = 'https://cityvisual.cn-shanghai.aliyuncs.com';
// Made up for the tests; long enough to be registered as secrets.
export const credentials = {
  accessKeyId: 'LTAITESTCITYVISUALKEY0001',
  accessKeySecret: 'TestCityVisualSecretExample00001',
};
export const securityToken = 'CAISTESTSECURITYTOKEN-0123456789abcdefEXAMPLE';

export function fixture(name: string): string {
  return readFileSync(new URL(`../../../fixtures/aliyun-cityvisual/${name}`, import.meta.url), 'utf8');
}

export interface DocumentedError {
  code: string;
  httpStatus: number;
  json: string;
  xml: string;
}

export const documentedErrors = JSON.parse(fixture('errors.json')) as DocumentedError[];

/** A compute job as DescribeJobGroups returns it. */
export interface ComputeJobRecord {
  ComputeJobId: string | number;
  ComputeJobName?: string | number | null;
  ComputeJobStatus?: string | null;
  StartTime?: string | null;
  EndTime?: string | null;
  Duration?: number | null;
}

export interface JobGroupRecord {
  JobGroupId: string;
  JobGroupName?: string;
  Name?: string;
  AlgoLibId?: string;
  ResourceProfileId?: string;
  PlanedJobCount?: number;
  JobCount?: number;
  StreamPerJob?: number;
  Status?: string;
  JobGroupParams?: { JobGroupParam: { Key: string; Value: string }[] };
  ComputeJobs?: ComputeJobRecord[];
}

let serial = 0;

export function makeJob(overrides: Partial<ComputeJobRecord> = {}): ComputeJobRecord {
  serial++;
  const started = Date.UTC(2024, 0, 1) + serial * 60_000;
  return {
    ComputeJobId: String(1000 + serial),
    ComputeJobName: `job-${serial}`,
    ComputeJobStatus: 'Running',
    StartTime: new Date(started).toISOString().replace('.000Z', 'Z'),
    EndTime: null,
    Duration: 600,
    ...overrides,
  };
}

export function makeGroup(overrides: Partial<JobGroupRecord> = {}, jobs = 2): JobGroupRecord {
  serial++;
  const id = String(serial);
  return {
    JobGroupId: id,
    JobGroupName: `group-${id}`,
    AlgoLibId: '3',
    ResourceProfileId: '6',
    PlanedJobCount: jobs,
    JobCount: jobs,
    StreamPerJob: 4,
    Status: 'running',
    JobGroupParams: { JobGroupParam: [{ Key: 'ES_ENABLE', Value: 'True' }] },
    ComputeJobs: Array.from({ length: jobs }, () => makeJob()),
    ...overrides,
  };
}

export interface CapturedRequest {
  method: string;
  origin: string;
  path: string;
  /** The query string exactly as sent, without `?`. */
  rawQuery: string;
  /** Decoded parameters. */
  parameters: Record<string, string>;
  headers: Record<string, string>;
}

export interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** RFC 3986 over UTF-8 bytes, written apart from the adapter's encoder (byte by byte). */
function encode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Verifies a captured request's RPC v1 signature from scratch: every parameter but Signature as
 * sent, encoded, sorted, `GET&%2F&` + the canonical string encoded again, HMAC-SHA1 keyed with the
 * secret and `&`. Returns what is wrong, or null.
 */
export function signatureProblem(
  request: CapturedRequest,
  secret = credentials.accessKeySecret,
): string | null {
  const given = request.parameters.Signature;
  if (!given) return 'no Signature';
  if (request.parameters.SignatureMethod !== 'HMAC-SHA1') return 'SignatureMethod is not HMAC-SHA1';
  if (request.parameters.SignatureVersion !== '1.0') return 'SignatureVersion is not 1.0';
  const canonical = Object.entries(request.parameters)
    .filter(([name]) => name !== 'Signature')
    .map(([name, value]) => [encode(name), encode(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const toSign = `${request.method}&${encode('/')}&${encode(canonical)}`;
  const expected = createHmac('sha1', `${secret}&`).update(toSign, 'utf8').digest('base64');
  return expected === given ? null : 'signature does not verify';
}

function decodeQuery(rawQuery: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decodeURIComponent(equals < 0 ? pair : pair.slice(0, equals));
    if (name in out) throw new Error(`parameter ${name} sent twice`);
    out[name] = equals < 0 ? '' : decodeURIComponent(pair.slice(equals + 1));
  }
  return out;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Alibaba's XML convention: objects become elements, arrays repeat the element of their name. */
export function toXml(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => toXml(name, item)).join('');
  if (value === null || value === undefined) return `<${name}/>`;
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([key, inner]) => toXml(key, inner))
      .join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function jsonReply(body: unknown, status = 200): Reply {
  return {
    status,
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json;charset=utf-8' },
  };
}

export function xmlReply(root: string, body: unknown, status = 200): Reply {
  return {
    status,
    body: `<?xml version="1.0" encoding="UTF-8"?>${toXml(root, body)}`,
    headers: { 'content-type': 'text/xml;charset=utf-8' },
  };
}

export function errorReply(code: string, status = 400, message = 'refused', format = 'JSON'): Reply {
  const body = {
    RequestId: 'E175B041-75A2-4335-B3AC-0FD008F93627',
    HostId: 'cityvisual.cn-shanghai.aliyuncs.com',
    Code: code,
    Message: message,
  };
  return format === 'XML' ? xmlReply('Error', body, status) : jsonReply(body, status);
}

/** DescribeJobGroups over `groups` the way the document describes it, in the format asked for. */
export function describeJobGroups(groups: readonly JobGroupRecord[], request: CapturedRequest): Reply {
  const { PageNumber = '1', PageSize = '10', JobGroupId, InstanceId, Format = 'JSON' } = request.parameters;
  if (InstanceId !== instanceId) return errorReply('InvalidInstanceId.NotFound', 404);
  const number = Number(PageNumber);
  const size = Number(PageSize);
  if (!Number.isInteger(number) || number < 1 || !Number.isInteger(size) || size < 1 || size > 100)
    return errorReply('InvalidParameter', 400);
  const matched =
    JobGroupId === undefined ? groups : groups.filter((group) => group.JobGroupId === JobGroupId);
  const page = matched.slice((number - 1) * size, number * size);
  const body = {
    JobGroups: { JobGroup: page },
    PageNumber: number,
    PageSize: size,
    TotalCount: matched.length,
    RequestId: '04F0F334-1335-436C-A1D7-6C044FE73368',
  };
  return Format === 'XML' ? xmlReply('DescribeJobGroupsResponse', body) : jsonReply(body);
}

export interface FakeCityVisual {
  agent: MockAgent;
  requests: CapturedRequest[];
  groups: JobGroupRecord[];
}

/**
 * A MockAgent that answers at `origin`: with `respond`'s reply when it gives one, else (after the
 * signature checks out) DescribeJobGroups over `groups`; a request that does not verify gets
 * SignatureDoesNotMatch. `networkError` fails the first request at the connection instead.
 */
export function fakeCityVisual(
  options: {
    groups?: JobGroupRecord[];
    origin?: string;
    respond?: (request: CapturedRequest, index: number) => Reply | undefined;
    networkError?: Error;
    secret?: string;
  } = {},
): FakeCityVisual {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const origin = options.origin ?? publicOrigin;
  const requests: CapturedRequest[] = [];
  const groups = options.groups ?? [];
  const pool = agent.get(origin);
  const capture = (call: { method: string; path: string; headers?: unknown }): CapturedRequest => {
    const questionMark = call.path.indexOf('?');
    const rawQuery = questionMark < 0 ? '' : call.path.slice(questionMark + 1);
    const request: CapturedRequest = {
      method: call.method,
      origin,
      path: questionMark < 0 ? call.path : call.path.slice(0, questionMark),
      rawQuery,
      parameters: decodeQuery(rawQuery),
      headers: lowerCaseHeaders(call.headers),
    };
    requests.push(request);
    return request;
  };
  // Not captured (no request reached a server); count attempts with the transport's observer.
  if (options.networkError)
    pool.intercept({ path: () => true, method: 'GET' }).replyWithError(options.networkError);
  pool
    .intercept({ path: () => true, method: () => true })
    .reply((call) => {
      const request = capture(call);
      const reply =
        options.respond?.(request, requests.length - 1) ??
        (signatureProblem(request, options.secret) === null
          ? describeJobGroups(groups, request)
          : errorReply(
              'SignatureDoesNotMatch',
              400,
              'Specified signature is not matched with our calculation.',
            ));
      return {
        statusCode: reply.status,
        data: reply.body,
        responseOptions: { headers: reply.headers ?? {} },
      };
    })
    .persist();
  return { agent, requests, groups };
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(headers)) {
    for (let index = 0; index + 1 < headers.length; index += 2)
      out[String(headers[index]).toLowerCase()] = String(headers[index + 1]);
  } else if (headers && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = String(value);
  }
  return out;
}

/** An adapter reaching `fake`, with fast retries and no rate-limit waits. */
export function testAdapter(fake: FakeCityVisual, options: Partial<AliyunCityVisualOptions> = {}) {
  return aliyunCityVisual({
    region,
    instanceId,
    credentials,
    dispatcher: fake.agent,
    rateLimit: 10_000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    env: {},
    ...options,
  });
}

export async function collect<T extends Job | JobGroup>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

export const firstPage = { index: 0, size: 100, offset: 0, token: null };
export const signal = new AbortController().signal;
