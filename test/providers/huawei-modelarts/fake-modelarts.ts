import { createHash, createHmac } from 'node:crypto';
import type { MockAgent } from 'undici';

/**
 * A stand-in for GET /v1/{project_id}/visualization-jobs behind MockAgent: it checks the
 * signature (with its own implementation of the signing rules, independent of the adapter's),
 * filters by status and search_content, sorts, pages, and records every request it saw.
 */

export interface NativeJobRecord {
  job_id: number;
  job_name: string;
  status: number;
  create_time: number;
  duration: number;
  job_desc: string;
  service_url: string;
  train_url: string;
  resource_id: string;
  schedule: { type: string; timeUnit: string; duration: number }[];
  remaining_duration: number | null;
}

export interface CapturedRequest {
  method: string;
  url: URL;
  /** Header names in lower case. */
  headers: Record<string, string>;
}

/**
 * What search_content matches is undocumented; the fake can play each plausible reading, so tests
 * can show that the results do not depend on which one the cloud implements.
 */
export type SearchSemantics =
  | 'substring'
  | 'case-sensitive-substring'
  | 'prefix'
  | 'case-sensitive-prefix'
  | 'exact'
  | 'name-or-description'
  | 'ignored';

export type FakeCredentials = { ak: string; sk: string; securityToken?: string } | { token: string };

export interface FakeReply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface FakeModelArtsOptions {
  agent: MockAgent;
  origin: string;
  projectId: string;
  jobs: NativeJobRecord[];
  credentials?: FakeCredentials;
  search?: SearchSemantics;
  /** A cloud that ignores the status parameter returns more than asked, never less. */
  ignoreStatus?: boolean;
  maximumPerPage?: number;
  /** Answers a request itself (errors, odd bodies); undefined falls through to the listing. */
  respond?: (request: CapturedRequest, index: number) => FakeReply | undefined;
}

export interface FakeModelArts {
  requests: CapturedRequest[];
  /** Replaces the jobs served from now on. */
  setJobs(jobs: NativeJobRecord[]): void;
}

export function lowerCaseHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers || typeof headers !== 'object') return out;
  const entries: [string, unknown][] = Array.isArray(headers)
    ? Array.from({ length: headers.length / 2 }, (_, index) => [
        String(headers[index * 2]),
        headers[index * 2 + 1],
      ])
    : Object.entries(headers as Record<string, unknown>);
  for (const [name, value] of entries) out[name.toLowerCase()] = String(value);
  return out;
}

function encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Recomputes the SDK-HMAC-SHA256 signature of a captured request; null when it verifies. */
export function signatureProblem(request: CapturedRequest, ak: string, sk: string): string | null {
  const authorization = request.headers.authorization ?? '';
  const match = /^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
    authorization,
  );
  if (!match) return `Authorization has the wrong form: ${authorization}`;
  const [, access, signedHeaderList, signature] = match as unknown as [string, string, string, string];
  if (access !== ak) return `Access is ${access}`;
  const signed = signedHeaderList.split(';');
  for (const required of ['host', 'x-sdk-date'])
    if (!signed.includes(required)) return `${required} is not signed`;
  const sent = Object.keys(request.headers).filter((name) => name !== 'authorization');
  for (const name of sent) if (!signed.includes(name)) return `${name} is sent but not signed`;
  const path = request.url.pathname
    .split('/')
    .map((segment) => encode(decodeURIComponent(segment)))
    .join('/');
  const query = [...request.url.searchParams.entries()]
    .map(([name, value]) => [encode(name), encode(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const canonical = [
    request.method,
    path.endsWith('/') ? path : `${path}/`,
    query,
    `${signed.map((name) => `${name}:${(request.headers[name] ?? '').trim()}`).join('\n')}\n`,
    signedHeaderList,
    createHash('sha256').update('').digest('hex'),
  ].join('\n');
  const toSign = `SDK-HMAC-SHA256\n${request.headers['x-sdk-date']}\n${createHash('sha256').update(canonical).digest('hex')}`;
  const expected = createHmac('sha256', sk).update(toSign).digest('hex');
  return expected === signature ? null : 'signature does not verify';
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): FakeReply {
  return { status, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } };
}

function gateway(status: number, code: string, message: string): FakeReply {
  return json(status, {
    error_code: code,
    error_msg: message,
    request_id: '0123456789abcdef0123456789abcdef',
  });
}

function searchMatches(semantics: SearchSemantics, search: string, job: NativeJobRecord): boolean {
  switch (semantics) {
    case 'substring':
      return job.job_name.toLowerCase().includes(search.toLowerCase());
    case 'case-sensitive-substring':
      return job.job_name.includes(search);
    case 'prefix':
      return job.job_name.toLowerCase().startsWith(search.toLowerCase());
    case 'case-sensitive-prefix':
      return job.job_name.startsWith(search);
    case 'exact':
      return job.job_name === search;
    case 'name-or-description':
      return job.job_name.includes(search) || job.job_desc.includes(search);
    case 'ignored':
      return true;
  }
}

const sortFields = new Set(['job_id', 'job_name', 'job_desc', 'create_time', 'status']);

export function fakeModelArts(options: FakeModelArtsOptions): FakeModelArts {
  const requests: CapturedRequest[] = [];
  let jobs = options.jobs;
  const maximumPerPage = options.maximumPerPage ?? 1000;
  const base = `/v1/${options.projectId}/visualization-jobs`;

  const answer = (request: CapturedRequest): FakeReply => {
    const { credentials } = options;
    if (credentials && 'token' in credentials) {
      if (request.headers['x-auth-token'] !== credentials.token)
        return gateway(401, 'APIGW.0301', 'Incorrect IAM authentication information: decrypt token fail');
    } else if (credentials) {
      const problem = signatureProblem(request, credentials.ak, credentials.sk);
      if (problem) return gateway(401, 'APIGW.0301', `Incorrect IAM authentication information: ${problem}`);
      if (credentials.securityToken && request.headers['x-security-token'] !== credentials.securityToken)
        return gateway(401, 'APIGW.0301', 'Incorrect IAM authentication information: security token');
    }
    if (!request.url.pathname.endsWith(base))
      return gateway(
        404,
        'APIGW.0101',
        'The API does not exist or has not been published in the environment',
      );
    const query = request.url.searchParams;
    const integer = (name: string, fallback: number) => {
      const value = query.get(name);
      return value === null ? fallback : /^\d+$/.test(value) ? Number(value) : Number.NaN;
    };
    const perPage = integer('per_page', 10);
    const page = integer('page', 1);
    const invalid = (message: string) =>
      json(400, { is_success: false, error_code: 'ModelArts.0104', error_message: message });
    if (!(perPage >= 1 && perPage <= maximumPerPage))
      return invalid(`per_page should be in [1,${maximumPerPage}]`);
    if (!(page >= 1)) return invalid('page should be positive');
    const sortBy = query.get('sortBy') ?? 'job_id';
    if (!sortFields.has(sortBy)) return invalid(`sortBy ${sortBy}`);
    const order = query.get('order') ?? 'asc';
    if (order !== 'asc' && order !== 'desc') return invalid(`order ${order}`);
    const search = query.get('search_content') ?? '';
    if (search.length > 64) return invalid('search_content should be in [0,64]');
    const statusText = query.get('status');
    if (statusText !== null && !/^\d+$/.test(statusText)) return invalid('status');
    let selected = jobs;
    if (statusText !== null && !options.ignoreStatus)
      selected = selected.filter((job) => job.status === Number(statusText));
    if (search !== '')
      selected = selected.filter((job) => searchMatches(options.search ?? 'substring', search, job));
    const sign = order === 'desc' ? -1 : 1;
    const key = sortBy as keyof NativeJobRecord;
    const sorted = [...selected].sort((a, b) => {
      const x = a[key] as string | number;
      const y = b[key] as string | number;
      return x < y ? -sign : x > y ? sign : a.job_id - b.job_id;
    });
    return json(200, {
      quotas: 100,
      is_success: true,
      job_total_count: sorted.length,
      job_count_limit: 1000 - jobs.length,
      jobs: sorted.slice((page - 1) * perPage, page * perPage),
    });
  };

  options.agent
    .get(options.origin)
    .intercept({ path: () => true, method: () => true })
    .reply((call) => {
      const request: CapturedRequest = {
        method: call.method,
        url: new URL(call.path, options.origin),
        headers: lowerCaseHeaders(call.headers),
      };
      requests.push(request);
      const reply = options.respond?.(request, requests.length - 1) ?? answer(request);
      return {
        statusCode: reply.status,
        data: reply.body,
        responseOptions: { headers: reply.headers ?? {} },
      };
    })
    .persist();

  return {
    requests,
    setJobs(next) {
      jobs = next;
    },
  };
}

const namePool = ['etl', 'ETL', 'Etl', 'train', 'Train', 'tensorboard', '视频', 'report', 'nightly-etl'];

/**
 * A deterministic inventory: job_id 1…count, names that share parts in several letter cases, every
 * status code 0–22 and some no table knows, creation times with ties, an empty description now
 * and then.
 */
export function makeNativeJobs(
  count: number,
  options: { seed?: number; statuses?: number[] } = {},
): NativeJobRecord[] {
  let state = options.seed ?? 7;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const statuses = options.statuses ?? [...Array.from({ length: 23 }, (_, code) => code), 23, 99];
  return Array.from({ length: count }, (_, index) => {
    const id = index + 1;
    return {
      job_id: id,
      job_name: `${pick(namePool)}-${pick(namePool)}-${id}`,
      status: pick(statuses),
      create_time: 1_700_000_000_000 + Math.floor(next() * 50) * 60_000,
      duration: Math.floor(next() * 7_200_000),
      job_desc: next() < 0.2 ? '' : `visualization of ${pick(namePool)} run ${id}`,
      service_url: `https://modelarts.example.invalid/tensorboard/${id}`,
      train_url: `/obs/bucket/run-${id}/`,
      resource_id: `resource-${id}`,
      schedule: [{ type: 'stop', timeUnit: 'HOURS', duration: 1 + (id % 24) }],
      remaining_duration: next() < 0.5 ? null : Math.floor(next() * 3_600_000),
    };
  });
}
