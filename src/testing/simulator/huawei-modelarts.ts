import type { HuaweiModelArtsOptions } from '../../providers/huawei-modelarts/index.js';
import type { CloudModule, SimulatorRequest, SimulatorResponse } from './cloud.js';
import { headerValue, hmac, requestId, rfc3986, sameSignature, sha256Hex } from './crypto.js';
import { creationTimes, jobName } from './names.js';
import type { Random } from './random.js';

/** A visualization job as GET /v1/{project_id}/visualization-jobs returns it. */
export interface ModelArtsJobRecord {
  job_id: number;
  job_name: string;
  status: number;
  create_time: number;
  duration: number;
  job_desc: string;
  service_url: string;
  train_url: string;
  resource_id: string;
  schedule?: { type: string; timeUnit: string; duration: number }[];
  remaining_duration?: number | null;
}

export type HuaweiCredentials = { ak: string; sk: string; securityToken?: string } | { token: string };

const sortFields = new Set(['job_id', 'job_name', 'job_desc', 'create_time', 'status']);
const signatureWindowMs = 15 * 60 * 1000;
const pathPattern = /^\/v1\/([^/]+)\/visualization-jobs\/?$/;

export function generateModelArtsJobs(random: Random, count: number, startId = 1): ModelArtsJobRecord[] {
  // Status codes 0–22 all appear, and 23 (no table knows it).
  return creationTimes(random, count)
    .reverse()
    .map((created, index) => {
      const id = startId + index;
      return {
        job_id: id,
        job_name: jobName(random, id),
        status: index % 24,
        create_time: created,
        duration: random.integer(0, 7_200_000),
        job_desc: random.chance(0.2) ? '' : `visualization of run ${id}`,
        service_url: `https://modelarts.example.invalid/tensorboard/${id}`,
        train_url: `/obs/bucket/run-${id}/`,
        resource_id: `${random.alphanumeric(8)}-${random.alphanumeric(4)}-${random.alphanumeric(4)}`,
        schedule: [{ type: 'stop', timeUnit: 'HOURS', duration: random.integer(1, 24) }],
        remaining_duration: random.chance(0.5) ? null : random.integer(0, 3_600_000),
      };
    });
}

function compareRecords(field: string, a: ModelArtsJobRecord, b: ModelArtsJobRecord): number {
  const x = a[field as keyof ModelArtsJobRecord] as string | number;
  const y = b[field as keyof ModelArtsJobRecord] as string | number;
  if (x < y) return -1;
  if (x > y) return 1;
  return a.job_id - b.job_id;
}

/** The simulated ModelArts visualization-job list behind Huawei's API Gateway. */
export class ModelArtsCloud implements CloudModule {
  readonly id = 'huawei-modelarts';
  records: ModelArtsJobRecord[];

  constructor(
    private readonly options: {
      random: Random;
      credentials: HuaweiCredentials;
      region: string;
      projectId: string;
      records: ModelArtsJobRecord[];
      /** The largest per_page accepted (the current documents say 1000, older ones 100). */
      maximumPerPage: number;
    },
  ) {
    this.records = options.records;
  }

  claims(request: SimulatorRequest): boolean {
    return pathPattern.test(request.url.pathname);
  }

  action(): string {
    return 'ListVisualizationJobs';
  }

  private json(
    status: number,
    body: unknown,
    outcome?: SimulatorResponse['outcome'],
    headers: Record<string, string> = {},
  ) {
    return {
      status,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      ...(outcome ? { outcome } : {}),
    };
  }

  /** The gateway's own errors (authentication, throttling) have their own shape. */
  private gateway(
    status: number,
    code: string,
    message: string,
    outcome: SimulatorResponse['outcome'],
    headers: Record<string, string> = {},
  ) {
    return this.json(
      status,
      {
        error_code: code,
        error_msg: message,
        request_id: requestId(() => this.options.random.next()).replace(/-/g, ''),
      },
      outcome,
      headers,
    );
  }

  /** ModelArts' own errors. */
  private modelArts(
    status: number,
    code: string,
    message: string,
    outcome: SimulatorResponse['outcome'] = 'invalid',
  ) {
    return this.json(status, { is_success: false, error_code: code, error_message: message }, outcome);
  }

  throttled(): SimulatorResponse {
    return this.gateway(
      429,
      'APIGW.0308',
      'The throttling threshold has been reached: policy user over ratelimit',
      'throttled',
      {
        'retry-after': '1',
      },
    );
  }

  serverError(_request: SimulatorRequest, status: 500 | 503): SimulatorResponse {
    return status === 500
      ? this.modelArts(500, 'ModelArts.0010', 'Internal error, please retry later.')
      : this.modelArts(503, 'ModelArts.0013', 'Failed to connect to the backend service.');
  }

  providerOptions(url: string): HuaweiModelArtsOptions {
    return {
      region: this.options.region,
      projectId: this.options.projectId,
      endpoint: url,
      credentials: { ...this.options.credentials },
    };
  }

  private authenticate(request: SimulatorRequest, now: number): SimulatorResponse | null {
    const { credentials } = this.options;
    if ('token' in credentials) {
      if (headerValue(request.headers['x-auth-token']) !== credentials.token)
        return this.gateway(
          401,
          'APIGW.0301',
          'Incorrect IAM authentication information: verify token failed',
          'rejected',
        );
      return null;
    }
    const authorization = headerValue(request.headers.authorization) ?? '';
    const match = /^SDK-HMAC-SHA256 Access=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
    if (!match)
      return this.gateway(
        401,
        'APIGW.0301',
        'Incorrect IAM authentication information: Authorization format incorrect',
        'rejected',
      );
    const [, access, signedHeaderList, signature] = match as unknown as string[];
    if (access !== credentials.ak)
      return this.gateway(
        401,
        'APIGW.0301',
        'Incorrect IAM authentication information: AK not found',
        'rejected',
      );
    const date = headerValue(request.headers['x-sdk-date']) ?? '';
    const dated = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
    const at = dated
      ? Date.UTC(+dated[1]!, +dated[2]! - 1, +dated[3]!, +dated[4]!, +dated[5]!, +dated[6]!)
      : Number.NaN;
    if (Number.isNaN(at) || Math.abs(now - at) > signatureWindowMs)
      return this.gateway(
        401,
        'APIGW.0301',
        'Incorrect IAM authentication information: x-sdk-date expired',
        'rejected',
      );
    if (
      credentials.securityToken &&
      headerValue(request.headers['x-security-token']) !== credentials.securityToken
    )
      return this.gateway(
        401,
        'APIGW.0301',
        'Incorrect IAM authentication information: security token invalid',
        'rejected',
      );
    const signedHeaders = (signedHeaderList as string).split(';');
    if (!signedHeaders.includes('host') || !signedHeaders.includes('x-sdk-date'))
      return this.gateway(
        401,
        'APIGW.0301',
        'Incorrect IAM authentication information: host and x-sdk-date must be signed',
        'rejected',
      );
    const path = request.url.pathname
      .split('/')
      .map((segment) => rfc3986(decodeURIComponent(segment)))
      .join('/');
    const canonicalQuery = [...request.url.searchParams.entries()]
      .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
      .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
      .map(([name, value]) => `${name}=${value}`)
      .join('&');
    const canonicalRequest = [
      request.method,
      path.endsWith('/') ? path : `${path}/`,
      canonicalQuery,
      signedHeaders.map((name) => `${name}:${(headerValue(request.headers[name]) ?? '').trim()}\n`).join(''),
      signedHeaderList,
      sha256Hex(request.body),
    ].join('\n');
    const stringToSign = ['SDK-HMAC-SHA256', date, sha256Hex(canonicalRequest)].join('\n');
    const expected = hmac('sha256', credentials.sk, stringToSign).toString('hex');
    if (!sameSignature(expected, signature as string))
      return this.gateway(
        401,
        'APIGW.0301',
        'Incorrect IAM authentication information: verify aksk signature fail',
        'rejected',
      );
    return null;
  }

  handle(request: SimulatorRequest, context: { now(): number }): SimulatorResponse {
    const refused = this.authenticate(request, context.now());
    if (refused) return refused;
    const projectId = pathPattern.exec(request.url.pathname)?.[1];
    if (projectId !== this.options.projectId)
      return this.gateway(
        403,
        'APIGW.0302',
        'The IAM user is not authorized to access the API: project mismatch',
        'rejected',
      );
    if (request.method !== 'GET')
      return this.gateway(
        404,
        'APIGW.0101',
        'The API does not exist or has not been published in the environment',
        'invalid',
      );
    const query = request.url.searchParams;
    const integer = (name: string, fallback: number) => {
      const text = query.get(name);
      return text === null ? fallback : /^\d+$/.test(text) ? Number(text) : Number.NaN;
    };
    const perPage = integer('per_page', 10);
    const page = integer('page', 1);
    if (!(perPage >= 1 && perPage <= this.options.maximumPerPage))
      return this.modelArts(
        400,
        'ModelArts.0104',
        `per_page should be in [1,${this.options.maximumPerPage}]`,
      );
    if (!(page >= 1)) return this.modelArts(400, 'ModelArts.0104', 'page should be a positive integer');
    const sortBy = query.get('sortBy') ?? 'job_id';
    if (!sortFields.has(sortBy))
      return this.modelArts(400, 'ModelArts.0104', `sortBy ${sortBy} is not supported`);
    const order = query.get('order') ?? 'asc';
    if (order !== 'asc' && order !== 'desc')
      return this.modelArts(400, 'ModelArts.0104', 'order should be asc or desc');
    const search = query.get('search_content') ?? '';
    if (search.length > 64)
      return this.modelArts(400, 'ModelArts.0104', 'search_content length should be in [0,64]');
    const statusText = query.get('status');
    const status = statusText === null ? null : /^\d+$/.test(statusText) ? Number(statusText) : Number.NaN;
    if (Number.isNaN(status))
      return this.modelArts(400, 'ModelArts.0104', 'status should be a job status code');
    const workspace = query.get('workspace_id') ?? '0';
    // Jobs live in the default workspace "0" in the simulator; another workspace is empty.
    let jobs = workspace === '0' ? this.records : [];
    if (status !== null) jobs = jobs.filter((job) => job.status === status);
    // Undocumented upstream; simulated as a case-insensitive substring of the name.
    if (search) jobs = jobs.filter((job) => job.job_name.toLowerCase().includes(search.toLowerCase()));
    const sorted = [...jobs].sort((a, b) => compareRecords(sortBy, a, b) * (order === 'desc' ? -1 : 1));
    return this.json(200, {
      is_success: true,
      job_total_count: sorted.length,
      job_count_limit: 1000 - this.records.length,
      jobs: sorted.slice((page - 1) * perPage, page * perPage),
      quotas: 100,
    });
  }
}
