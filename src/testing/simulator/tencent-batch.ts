import type { TencentBatchOptions } from '../../providers/tencent-batch/index.js';
import type { CloudModule, SimulatorRequest, SimulatorResponse } from './cloud.js';
import { headerValue, hmac, requestId, sameSignature, sha256Hex } from './crypto.js';
import { creationTimes, isoSeconds, jobName, tagKeys, tagValues } from './names.js';
import type { Random } from './random.js';

/** A Tencent Cloud Batch JobView as DescribeJobs returns it. */
export interface TencentJobRecord {
  JobId: string;
  JobName: string;
  JobState: string;
  Priority: number;
  Placement: { Zone: string; ProjectId: number };
  CreateTime: string;
  EndTime: string | null;
  TaskMetrics: Record<
    | 'SubmittedCount'
    | 'PendingCount'
    | 'RunnableCount'
    | 'StartingCount'
    | 'RunningCount'
    | 'SucceedCount'
    | 'FailedInterruptedCount'
    | 'FailedCount',
    number
  >;
  Tags: { Key: string; Value: string }[];
}

export interface TencentCredentials {
  secretId: string;
  secretKey: string;
  /** Temporary credentials: requests must carry it as X-TC-Token. */
  token?: string;
}

// Every documented state, plus one no table knows, so that `unknown` is exercised.
const states = [
  'SUBMITTED',
  'PENDING',
  'RUNNABLE',
  'STARTING',
  'RUNNING',
  'SUCCEED',
  'FAILED',
  'FAILED_INTERRUPTED',
  'TERMINATING',
];
const terminal = new Set(['SUCCEED', 'FAILED', 'FAILED_INTERRUPTED']);
const filterNames = new Set(['job-id', 'job-name', 'job-state', 'zone', 'tag-key', 'tag-value']);
const maximumLimit = 100;
const maximumFilterValues = 100;
const signatureWindowSeconds = 300;

export function generateTencentJobs(
  random: Random,
  count: number,
  region = 'ap-guangzhou',
): TencentJobRecord[] {
  const zones = [`${region}-3`, `${region}-4`, `${region}-6`];
  return creationTimes(random, count).map((created, index) => {
    const state = states[index % states.length] as string;
    const metrics = {
      SubmittedCount: 0,
      PendingCount: 0,
      RunnableCount: 0,
      StartingCount: 0,
      RunningCount: 0,
      SucceedCount: 0,
      FailedInterruptedCount: 0,
      FailedCount: 0,
    };
    const tasks = random.integer(1, 4);
    if (state === 'SUCCEED') metrics.SucceedCount = tasks;
    else if (state === 'FAILED') metrics.FailedCount = tasks;
    else if (state === 'FAILED_INTERRUPTED') metrics.FailedInterruptedCount = tasks;
    else if (state === 'RUNNING') metrics.RunningCount = tasks;
    else if (state === 'STARTING') metrics.StartingCount = tasks;
    else metrics.PendingCount = tasks;
    const tags: { Key: string; Value: string }[] = [];
    for (const key of tagKeys) if (random.chance(0.4)) tags.push({ Key: key, Value: random.pick(tagValues) });
    return {
      JobId: `job-${random.alphanumeric(8)}`,
      JobName: jobName(random, index),
      JobState: state,
      Priority: random.integer(0, 100),
      Placement: { Zone: random.pick(zones), ProjectId: 0 },
      CreateTime: isoSeconds(created),
      EndTime: terminal.has(state) ? isoSeconds(created + random.integer(10, 7200) * 1000) : null,
      TaskMetrics: metrics,
      Tags: tags,
    };
  });
}

interface Filter {
  Name: string;
  Values: string[];
}

function matchesFilter(job: TencentJobRecord, filter: Filter): boolean {
  const values = filter.Values;
  switch (filter.Name) {
    case 'job-id':
      return values.includes(job.JobId);
    case 'job-name':
      return values.includes(job.JobName);
    case 'job-state':
      return values.includes(job.JobState);
    case 'zone':
      return values.includes(job.Placement.Zone);
    case 'tag-key':
      return job.Tags.some((tag) => values.includes(tag.Key));
    case 'tag-value':
      return job.Tags.some((tag) => values.includes(tag.Value));
    default: {
      const key = filter.Name.slice('tag:'.length);
      return job.Tags.some((tag) => tag.Key === key && values.includes(tag.Value));
    }
  }
}

/** The simulated Tencent Cloud Batch API 3.0 endpoint: POST JSON, routed by X-TC-Action. */
export class TencentBatchCloud implements CloudModule {
  readonly id = 'tencent-batch';
  records: TencentJobRecord[];

  constructor(
    private readonly options: {
      random: Random;
      credentials: TencentCredentials;
      region: string;
      records: TencentJobRecord[];
    },
  ) {
    this.records = options.records;
  }

  claims(request: SimulatorRequest): boolean {
    return request.headers['x-tc-action'] !== undefined;
  }

  action(request: SimulatorRequest): string {
    return headerValue(request.headers['x-tc-action']) ?? '';
  }

  private answer(body: Record<string, unknown>, outcome?: SimulatorResponse['outcome']): SimulatorResponse {
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Response: { ...body, RequestId: requestId(() => this.options.random.next()) } }),
      ...(outcome ? { outcome } : {}),
    };
  }

  private error(
    code: string,
    message: string,
    outcome: SimulatorResponse['outcome'] = 'invalid',
  ): SimulatorResponse {
    return this.answer({ Error: { Code: code, Message: message } }, outcome);
  }

  throttled(): SimulatorResponse {
    return this.error('RequestLimitExceeded', 'Your current request times exceeds the limit.', 'throttled');
  }

  serverError(_request: SimulatorRequest, status: 500 | 503): SimulatorResponse {
    const code = status === 500 ? 'InternalError' : 'ServiceUnavailable';
    return {
      status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        Response: {
          Error: { Code: code, Message: 'simulated fault' },
          RequestId: requestId(() => this.options.random.next()),
        },
      }),
    };
  }

  providerOptions(url: string): TencentBatchOptions {
    const { secretId, secretKey, token } = this.options.credentials;
    return {
      region: this.options.region,
      endpoint: url,
      credentials: { secretId, secretKey, ...(token ? { token } : {}) },
    };
  }

  /** TC3-HMAC-SHA256 as Tencent checks it; null when the request is authentic. */
  private authenticate(request: SimulatorRequest, now: number): SimulatorResponse | null {
    const authorization = headerValue(request.headers.authorization) ?? '';
    const match =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
        authorization,
      );
    if (!match)
      return this.error('AuthFailure.InvalidAuthorization', 'Authorization header is malformed.', 'rejected');
    const [, secretId, date, service, signedHeaderList, signature] = match as unknown as string[];
    const { credentials } = this.options;
    if (secretId !== credentials.secretId)
      return this.error('AuthFailure.SecretIdNotFound', 'The SecretId is not found.', 'rejected');
    const timestamp = Number(headerValue(request.headers['x-tc-timestamp']));
    if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > signatureWindowSeconds)
      return this.error(
        'AuthFailure.SignatureExpire',
        `Signature expired. Timestamp is ${timestamp}, server time is ${Math.floor(now / 1000)}.`,
        'rejected',
      );
    if (credentials.token && headerValue(request.headers['x-tc-token']) !== credentials.token)
      return this.error('AuthFailure.TokenFailure', 'The token is invalid.', 'rejected');
    const signedHeaders = (signedHeaderList as string).split(';');
    if (!signedHeaders.includes('host') || !signedHeaders.includes('content-type'))
      return this.error(
        'AuthFailure.SignatureFailure',
        'SignedHeaders must include content-type and host.',
        'rejected',
      );
    const expectedDate = new Date(timestamp * 1000).toISOString().slice(0, 10);
    // The cloud expects `batch`. Tencent's own SDK derives the service from the first label of
    // the host it is pointed at (`127` for 127.0.0.1), so that spelling is accepted too: code
    // written with the SDK can then be tested against the simulator unchanged.
    const hostLabel = (headerValue(request.headers.host) ?? '').split('.')[0]?.split(':')[0];
    if (date !== expectedDate || (service !== 'batch' && service !== hostLabel))
      return this.error('AuthFailure.SignatureFailure', 'The credential scope does not match.', 'rejected');
    const signatureFor = (host: string) => {
      const canonicalHeaders = signedHeaders
        .map((name) => {
          const value = name === 'host' ? host : (headerValue(request.headers[name]) ?? '');
          return `${name}:${value.trim().toLowerCase()}\n`;
        })
        .join('');
      const query = request.method === 'GET' ? request.url.search.slice(1) : '';
      const canonicalRequest = [
        request.method,
        '/',
        query,
        canonicalHeaders,
        signedHeaderList,
        sha256Hex(request.method === 'GET' ? '' : request.body),
      ].join('\n');
      const stringToSign = [
        'TC3-HMAC-SHA256',
        String(timestamp),
        `${date}/${service}/tc3_request`,
        sha256Hex(canonicalRequest),
      ].join('\n');
      const secretDate = hmac('sha256', `TC3${credentials.secretKey}`, date as string);
      const secretService = hmac('sha256', secretDate, service as string);
      const secretSigning = hmac('sha256', secretService, 'tc3_request');
      return hmac('sha256', secretSigning, stringToSign).toString('hex');
    };
    // The Host as sent; or without its port, as Tencent's own SDK signs it (the cloud's hosts
    // have no port, so there the two are the same).
    const host = headerValue(request.headers.host) ?? '';
    const hostname = host.replace(/:\d+$/, '');
    if (
      !sameSignature(signatureFor(host), signature as string) &&
      !sameSignature(signatureFor(hostname), signature as string)
    )
      return this.error(
        'AuthFailure.SignatureFailure',
        'The provided credentials could not be validated. Please check your signature is correct.',
        'rejected',
      );
    return null;
  }

  handle(request: SimulatorRequest, context: { now(): number }): SimulatorResponse {
    if (request.method !== 'POST' || request.url.pathname !== '/')
      return this.error('UnsupportedProtocol', 'Only POST / is simulated.');
    const refused = this.authenticate(request, context.now());
    if (refused) return refused;
    const action = this.action(request);
    if (action !== 'DescribeJobs')
      return this.error('InvalidAction', `The action ${action} is not simulated.`);
    if (headerValue(request.headers['x-tc-version']) !== '2017-03-12')
      return this.error('NoSuchVersion', 'The API version does not exist.');
    let params: Record<string, unknown>;
    try {
      params = request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {};
    } catch {
      return this.error('InvalidParameter', 'The request body is not JSON.');
    }
    return this.describeJobs(params);
  }

  private describeJobs(params: Record<string, unknown>): SimulatorResponse {
    const known = new Set(['JobIds', 'Filters', 'Offset', 'Limit']);
    for (const key of Object.keys(params))
      if (!known.has(key)) return this.error('UnknownParameter', `The parameter ${key} is not recognized.`);
    const {
      JobIds: jobIds,
      Filters: filters,
      Offset: offset = 0,
      Limit: limit = 20,
    } = params as {
      JobIds?: unknown;
      Filters?: unknown;
      Offset?: unknown;
      Limit?: unknown;
    };
    if (jobIds !== undefined && filters !== undefined)
      return this.error(
        'InvalidParameter.InvalidParameterCombination',
        'JobIds and Filters cannot be specified together.',
      );
    if (!Number.isInteger(offset) || (offset as number) < 0)
      return this.error('InvalidParameterValue', 'Offset must be a non-negative integer.');
    if (!Number.isInteger(limit) || (limit as number) < 0 || (limit as number) > maximumLimit)
      return this.error('InvalidParameterValue', `Limit must be an integer in [0, ${maximumLimit}].`);
    let jobs = this.records;
    if (jobIds !== undefined) {
      if (!Array.isArray(jobIds) || jobIds.length > 100)
        return this.error('InvalidParameterValue', 'JobIds takes at most 100 ids.');
      for (const id of jobIds)
        if (typeof id !== 'string' || !/^job-[a-z0-9]{8}$/.test(id))
          return this.error('InvalidParameter.JobIdMalformed', `The job id ${String(id)} is malformed.`);
      jobs = jobs.filter((job) => jobIds.includes(job.JobId));
    }
    if (filters !== undefined) {
      if (!Array.isArray(filters) || filters.length > 10)
        return this.error('InvalidParameterValue.InvalidFilter', 'Filters takes at most 10 filters.');
      for (const filter of filters as Filter[]) {
        if (!filter || typeof filter.Name !== 'string' || !Array.isArray(filter.Values))
          return this.error('InvalidParameterValue.InvalidFilter', 'A filter needs Name and Values.');
        if (!filterNames.has(filter.Name) && !filter.Name.startsWith('tag:'))
          return this.error('InvalidFilter', `The filter ${filter.Name} is not supported.`);
        if (filter.Values.length > maximumFilterValues)
          return this.error(
            'InvalidParameterValue.LimitExceeded',
            'The number of filter values exceeds the limit.',
          );
        if (filter.Name === 'job-id')
          for (const id of filter.Values)
            if (!/^job-[a-z0-9]{8}$/.test(id))
              return this.error('InvalidParameter.JobIdMalformed', `The job id ${id} is malformed.`);
      }
      jobs = jobs.filter((job) => (filters as Filter[]).every((filter) => matchesFilter(job, filter)));
    }
    const start = offset as number;
    return this.answer({ TotalCount: jobs.length, JobSet: jobs.slice(start, start + (limit as number)) });
  }
}
