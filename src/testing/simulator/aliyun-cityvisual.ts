import type { AliyunCityVisualOptions } from '../../providers/aliyun-cityvisual/index.js';
import type { CloudModule, SimulatorRequest, SimulatorResponse } from './cloud.js';
import { hmac, requestId, rfc3986, sameSignature } from './crypto.js';
import { creationTimes, isoSeconds, jobName } from './names.js';
import type { Random } from './random.js';

/** A compute job inside a CityVisual job group, as DescribeJobGroups returns it. */
export interface CityVisualComputeJob {
  ComputeJobId: string;
  ComputeJobName: string;
  ComputeJobStatus: string;
  StartTime: string | null;
  EndTime: string | null;
  Duration: number;
}

export interface CityVisualJobGroup {
  JobGroupId: string;
  JobGroupName: string;
  AlgoLibId: string;
  ResourceProfileId: string;
  PlanedJobCount: number;
  JobCount: number;
  StreamPerJob: number;
  Status: string;
  JobGroupParams: { Key: string; Value: string }[];
  ComputeJobs: CityVisualComputeJob[];
}

export interface AlibabaCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS credentials: requests must carry it as SecurityToken. */
  securityToken?: string;
}

const groupStatuses = ['starting', 'running', 'stopping', 'stopped', 'Running', 'Stopped', 'paused'];
const jobStatuses = ['Running', 'Stopped', 'running', 'Starting', 'Stopping', 'Suspended'];
const paramKeys: Record<string, readonly string[]> = {
  ES_ENABLE: ['True', 'False'],
  RDS_ENABLE: ['True', 'False'],
  OUT_MQ_ENABLE: ['True', 'False'],
  DATAHUB_ENABLE: ['True', 'False'],
  SCHEDULE_FLOW_START_TIME: ['Latest', 'Oldest'],
};
export const knownAlgorithmLibraries = ['1', '2', '3'];
export const knownResourceProfiles = ['6', '23', '42'];
const signatureWindowMs = 15 * 60 * 1000;
const nonceWindowMs = 15 * 60 * 1000;
const maximumPageSize = 100;
const groupNamePattern = /^(?!https?:\/\/)[A-Za-z\u4e00-\u9fa5][A-Za-z\u4e00-\u9fa5\d:_-]{1,127}$/;

export function generateCityVisualGroups(
  random: Random,
  groups: number,
  jobsPerGroup: number,
): CityVisualJobGroup[] {
  let jobId = 100;
  return creationTimes(random, groups).map((created, index) => {
    const jobs: CityVisualComputeJob[] = [];
    const count = index % 5 === 4 ? 0 : random.integer(1, Math.max(1, jobsPerGroup * 2 - 1));
    for (let position = 0; position < count; position++) {
      const status = random.pick(jobStatuses);
      const started = created + random.integer(1, 600) * 1000;
      const stopped = status.toLowerCase() === 'stopped';
      const duration = random.integer(60, 86_400);
      jobs.push({
        ComputeJobId: String(++jobId),
        ComputeJobName: random.chance(0.3) ? String(jobId) : jobName(random, jobId),
        ComputeJobStatus: status,
        StartTime: random.chance(0.9) ? isoSeconds(started) : null,
        EndTime: stopped ? isoSeconds(started + duration * 1000) : null,
        Duration: duration,
      });
    }
    const params = Object.entries(paramKeys)
      .filter(() => random.chance(0.5))
      .map(([Key, values]) => ({ Key, Value: random.pick(values) }));
    return {
      JobGroupId: String(index + 1),
      JobGroupName: random.chance(0.5) ? `视频任务${index}` : `group-${random.alphanumeric(5)}-${index}`,
      AlgoLibId: random.pick(knownAlgorithmLibraries),
      ResourceProfileId: random.pick(knownResourceProfiles),
      PlanedJobCount: jobs.length + random.integer(0, 3),
      JobCount: jobs.length,
      StreamPerJob: random.integer(1, 20),
      Status: groupStatuses[index % groupStatuses.length] as string,
      JobGroupParams: params,
      ComputeJobs: jobs,
    };
  });
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Alibaba's XML convention: objects become elements, arrays repeat the element of their name. */
function toXml(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => toXml(name, item)).join('');
  if (value === null || value === undefined) return `<${name}/>`;
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([key, inner]) => toXml(key, inner))
      .join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The simulated CityVisual RPC endpoint: `?Action=…` with signature v1, JSON or XML. */
export class CityVisualCloud implements CloudModule {
  readonly id = 'aliyun-cityvisual';
  records: CityVisualJobGroup[];
  private readonly nonces = new Map<string, number>();
  private nextGroupId: number;

  constructor(
    private readonly options: {
      random: Random;
      credentials: AlibabaCredentials;
      region: string;
      instanceId: string;
      records: CityVisualJobGroup[];
    },
  ) {
    this.records = options.records;
    this.nextGroupId = Math.max(0, ...options.records.map((group) => Number(group.JobGroupId) || 0)) + 1;
  }

  claims(request: SimulatorRequest): boolean {
    return request.url.pathname === '/' && this.parameters(request).has('Action');
  }

  action(request: SimulatorRequest): string {
    return this.parameters(request).get('Action') ?? '';
  }

  private parameters(request: SimulatorRequest): URLSearchParams {
    const params = new URLSearchParams(request.url.search);
    const type = String(request.headers['content-type'] ?? '');
    if (request.method === 'POST' && type.startsWith('application/x-www-form-urlencoded'))
      for (const [key, value] of new URLSearchParams(request.body)) params.append(key, value);
    return params;
  }

  private format(request: SimulatorRequest): 'JSON' | 'XML' {
    return (this.parameters(request).get('Format') ?? 'JSON').toUpperCase() === 'XML' ? 'XML' : 'JSON';
  }

  private respond(
    request: SimulatorRequest,
    status: number,
    root: string,
    body: Record<string, unknown>,
    outcome?: SimulatorResponse['outcome'],
  ): SimulatorResponse {
    const withId = { ...body, RequestId: requestId(() => this.options.random.next()) };
    const xml = this.format(request) === 'XML';
    return {
      status,
      headers: { 'content-type': xml ? 'text/xml;charset=utf-8' : 'application/json;charset=utf-8' },
      body: xml ? `<?xml version="1.0" encoding="UTF-8"?>${toXml(root, withId)}` : JSON.stringify(withId),
      ...(outcome ? { outcome } : {}),
    };
  }

  private error(
    request: SimulatorRequest,
    status: number,
    code: string,
    message: string,
    outcome: SimulatorResponse['outcome'] = 'invalid',
  ): SimulatorResponse {
    // Error bodies put RequestId first in Alibaba's answers; HostId names the endpoint.
    return this.respond(
      request,
      status,
      'Error',
      { HostId: `cityvisual.${this.options.region}.aliyuncs.com`, Code: code, Message: message },
      outcome,
    );
  }

  throttled(request: SimulatorRequest): SimulatorResponse {
    return this.error(
      request,
      400,
      'Throttling.User',
      'Request was denied due to user flow control.',
      'throttled',
    );
  }

  serverError(request: SimulatorRequest, status: 500 | 503): SimulatorResponse {
    return status === 500
      ? this.error(
          request,
          500,
          'InternalError',
          'The request processing has failed due to some unknown error.',
        )
      : this.error(
          request,
          503,
          'ServiceUnavailable',
          'The request has failed due to a temporary failure of the server.',
        );
  }

  providerOptions(url: string): AliyunCityVisualOptions {
    const { accessKeyId, accessKeySecret, securityToken } = this.options.credentials;
    return {
      region: this.options.region,
      instanceId: this.options.instanceId,
      endpoint: url,
      credentials: { accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}) },
    };
  }

  /** RPC signature v1 as Alibaba's gateway checks it; null when the request is authentic. */
  private authenticate(
    request: SimulatorRequest,
    params: URLSearchParams,
    now: number,
  ): SimulatorResponse | null {
    for (const name of [
      'AccessKeyId',
      'Signature',
      'SignatureMethod',
      'SignatureVersion',
      'SignatureNonce',
      'Timestamp',
      'Version',
    ])
      if (!params.has(name))
        return this.error(
          request,
          400,
          'MissingParameter',
          `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
          'rejected',
        );
    const { credentials } = this.options;
    if (params.get('AccessKeyId') !== credentials.accessKeyId)
      return this.error(
        request,
        404,
        'InvalidAccessKeyId.NotFound',
        'Specified access key is not found.',
        'rejected',
      );
    if (params.get('SignatureMethod') !== 'HMAC-SHA1' || params.get('SignatureVersion') !== '1.0')
      return this.error(
        request,
        400,
        'IncompleteSignature',
        'The request signature does not conform to Aliyun standards.',
        'rejected',
      );
    const timestamp = params.get('Timestamp') as string;
    const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(at))
      return this.error(
        request,
        400,
        'InvalidTimeStamp.Format',
        'Specified time stamp or date value is not well formatted.',
        'rejected',
      );
    if (Math.abs(now - at) > signatureWindowMs)
      return this.error(
        request,
        400,
        'InvalidTimeStamp.Expired',
        `Specified time stamp or date value is expired. Server time ${new Date(now).toISOString()}.`,
        'rejected',
      );
    if (credentials.securityToken && params.get('SecurityToken') !== credentials.securityToken)
      return this.error(
        request,
        400,
        'InvalidSecurityToken.Mismatch',
        'Specified SecurityToken is invalid.',
        'rejected',
      );
    const canonical = [...params.entries()]
      .filter(([name]) => name !== 'Signature')
      .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => `${name}=${value}`)
      .join('&');
    const stringToSign = `${request.method}&${rfc3986('/')}&${rfc3986(canonical)}`;
    const expected = hmac('sha1', `${credentials.accessKeySecret}&`, stringToSign).toString('base64');
    if (!sameSignature(expected, params.get('Signature') as string))
      return this.error(
        request,
        400,
        'SignatureDoesNotMatch',
        `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
        'rejected',
      );
    // A nonce is spent only by an authentic request, and only for the window a timestamp is valid.
    for (const [nonce, seenAt] of this.nonces) if (now - seenAt > nonceWindowMs) this.nonces.delete(nonce);
    const nonce = params.get('SignatureNonce') as string;
    if (this.nonces.has(nonce))
      return this.error(
        request,
        400,
        'SignatureNonceUsed',
        'Specified signature nonce was used already.',
        'rejected',
      );
    this.nonces.set(nonce, now);
    return null;
  }

  handle(request: SimulatorRequest, context: { now(): number }): SimulatorResponse {
    const params = this.parameters(request);
    const refused = this.authenticate(request, params, context.now());
    if (refused) return refused;
    if (params.get('Version') !== '2018-10-30')
      return this.error(request, 400, 'InvalidVersion', 'Specified parameter Version is not valid.');
    switch (params.get('Action')) {
      case 'DescribeJobGroups':
        return this.describeJobGroups(request, params);
      case 'CreateJobGroup':
        return this.writeJobGroup(request, params, null);
      case 'ModifyJobGroup':
        return this.writeJobGroup(request, params, params.get('JobGroupId'));
      default:
        return this.error(
          request,
          404,
          'InvalidAction.NotFound',
          'Specified api is not found, please check your url and method.',
        );
    }
  }

  private checkInstance(request: SimulatorRequest, params: URLSearchParams): SimulatorResponse | null {
    const instance = params.get('InstanceId');
    if (!instance)
      return this.error(
        request,
        403,
        'MissingParameter',
        'You must specify the required resource parameters.',
      );
    if (instance !== this.options.instanceId)
      return this.error(request, 404, 'InvalidInstanceId.NotFound', 'The specified instance does not exist.');
    return null;
  }

  private describeJobGroups(request: SimulatorRequest, params: URLSearchParams): SimulatorResponse {
    const missing = this.checkInstance(request, params);
    if (missing) return missing;
    const pageNumber = Number(params.get('PageNumber') ?? '1');
    const pageSize = Number(params.get('PageSize') ?? '10');
    if (!Number.isInteger(pageNumber) || pageNumber < 1)
      return this.error(request, 400, 'InvalidParameter', 'PageNumber must be a positive integer.');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maximumPageSize)
      return this.error(
        request,
        400,
        'InvalidParameter',
        `PageSize must be an integer in [1, ${maximumPageSize}].`,
      );
    const groupId = params.get('JobGroupId');
    const groups =
      groupId === null ? this.records : this.records.filter((group) => group.JobGroupId === groupId);
    const page = groups.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return this.respond(request, 200, 'DescribeJobGroupsResponse', {
      JobGroups: {
        // Stored as a list; records taken from the documented example arrive already wrapped.
        JobGroup: page.map((group) => ({
          ...group,
          JobGroupParams: Array.isArray(group.JobGroupParams)
            ? { JobGroupParam: group.JobGroupParams }
            : group.JobGroupParams,
        })),
      },
      PageNumber: pageNumber,
      PageSize: pageSize,
      TotalCount: groups.length,
    });
  }

  private writeJobGroup(
    request: SimulatorRequest,
    params: URLSearchParams,
    id: string | null,
  ): SimulatorResponse {
    const creating = id === null;
    const required = creating
      ? ['AlgoLibId', 'InstanceId', 'JobGroupName', 'PlanedJobCount', 'ResourceProfileId', 'StreamPerJob']
      : ['AlgoLibId', 'JobGroupId', 'JobGroupName', 'ResourceProfileId'];
    for (const name of required)
      if (!params.get(name))
        return this.error(
          request,
          403,
          'MissingParameter',
          'You must specify the required resource parameters.',
        );
    if (creating) {
      const instance = this.checkInstance(request, params);
      if (instance) return instance;
    }
    const existing = creating ? undefined : this.records.find((group) => group.JobGroupId === id);
    if (!creating && !existing)
      return this.error(
        request,
        404,
        'InvalidJobGroupId.NotFound',
        'The specified job group does not exist.',
      );
    const name = params.get('JobGroupName') as string;
    if (!groupNamePattern.test(name))
      return this.error(
        request,
        400,
        'InvalidName.Malformed',
        'The specified Name is incorrectly formatted.',
      );
    if (this.records.some((group) => group.JobGroupName === name && group !== existing))
      return this.error(request, 400, 'InvalidName.Duplicate', 'The specified name already exists.');
    if (!knownAlgorithmLibraries.includes(params.get('AlgoLibId') as string))
      return this.error(
        request,
        404,
        'InvalidAlgoLibId.NotFound',
        'The specified algorithm library does not exist.',
      );
    if (!knownResourceProfiles.includes(params.get('ResourceProfileId') as string))
      return this.error(
        request,
        404,
        'InvalidResourceProfileId.NotFound',
        'The specified resource profile does not exist.',
      );
    const status = params.get('Status');
    if (status !== null && status !== 'Running' && status !== 'Stopped')
      return this.error(request, 400, 'InvalidStatus.ValueNotSupported', 'The specified status is invalid.');
    const jobGroupParams: { Key: string; Value: string }[] = [];
    for (let index = 1; params.has(`JobGroupParams.${index}.Key`); index++) {
      const key = params.get(`JobGroupParams.${index}.Key`) as string;
      const value = params.get(`JobGroupParams.${index}.Value`) ?? '';
      if (!(key in paramKeys) || !paramKeys[key]?.includes(value))
        return this.error(
          request,
          403,
          'InvalidParameter.KeyNotSupported',
          'One or more parameter keys are not supported.',
        );
      jobGroupParams.push({ Key: key, Value: value });
    }
    const count = (name: string) => (params.has(name) ? Number(params.get(name)) : undefined);
    for (const name of ['PlanedJobCount', 'StreamPerJob', 'JobCount']) {
      const value = count(name);
      if (value !== undefined && (!Number.isInteger(value) || value < 0))
        return this.error(request, 400, 'InvalidParameter', `${name} must be a non-negative integer.`);
    }
    if (existing) {
      existing.JobGroupName = name;
      existing.AlgoLibId = params.get('AlgoLibId') as string;
      existing.ResourceProfileId = params.get('ResourceProfileId') as string;
      existing.PlanedJobCount = count('PlanedJobCount') ?? existing.PlanedJobCount;
      existing.StreamPerJob = count('StreamPerJob') ?? existing.StreamPerJob;
      existing.JobCount = count('JobCount') ?? existing.JobCount;
      if (jobGroupParams.length > 0) existing.JobGroupParams = jobGroupParams;
      if (status) existing.Status = status === 'Running' ? 'running' : 'stopped';
      return this.respond(request, 200, 'ModifyJobGroupResponse', {});
    }
    const created: CityVisualJobGroup = {
      JobGroupId: String(this.nextGroupId++),
      JobGroupName: name,
      AlgoLibId: params.get('AlgoLibId') as string,
      ResourceProfileId: params.get('ResourceProfileId') as string,
      PlanedJobCount: count('PlanedJobCount') ?? 0,
      JobCount: count('JobCount') ?? 0,
      StreamPerJob: count('StreamPerJob') ?? 0,
      Status: 'starting',
      JobGroupParams: jobGroupParams,
      ComputeJobs: [],
    };
    this.records.push(created);
    return this.respond(request, 200, 'CreateJobGroupResponse', { JobGroupId: created.JobGroupId });
  }
}
