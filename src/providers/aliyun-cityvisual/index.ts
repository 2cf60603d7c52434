import type { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { CloudJobsError, MalformedResponseError, ProviderApiError } from '../../errors.js';
import type { Job } from '../../model/job.js';
import type { JobGroup } from '../../model/job-group.js';
import type { ParsedJobGroupQuery, ParsedJobQuery } from '../../model/query.js';
import { registerSecrets } from '../../redact.js';
import type { HttpResponse } from '../../transport/http.js';
import type { AdapterCapabilities, FetchContext, Lister, NativePage, PageRequest } from '../adapter.js';
import { BaseAdapter } from '../base.js';
import {
  type CommonProviderOptions,
  commonOptionsShape,
  missingCredentials,
  parseProviderOptions,
  resolveEndpoint,
} from '../options.js';
import {
  type AliyunCityVisualCredentials,
  buildRequest,
  cityVisualError,
  createJobGroupAction,
  describeJobGroupsAction,
  describeJobGroupsParameters,
  type InterpretContext,
  interpretDocument,
  isXmlResponse,
  type JobGroupsPage,
  modifyJobGroupAction,
  type RequestTarget,
  readCreateJobGroup,
  readDescribeJobGroups,
  readModifyJobGroup,
} from './api.js';
import {
  type CreateJobGroupInput,
  createJobGroupParameters,
  type ModifyJobGroupInput,
  modifyJobGroupParameters,
  parseCreateInput,
  parseModifyInput,
} from './input.js';
import { type DescribeJobGroupsStream, planJobGroups, planJobs } from './plan.js';
import { isEncodable, rpcTimestamp, signatureNonce } from './sign.js';
import { loadedXmlParser, loadXmlParser } from './xml.js';

export type { AliyunCityVisualCredentials, JobGroupsPage } from './api.js';
export type { CreateJobGroupInput, ModifyJobGroupInput } from './input.js';
export type { DescribeJobGroupsStream } from './plan.js';

export const providerId = 'aliyun-cityvisual';

/**
 * CityVisual publishes no flow-control figure for these actions. Five requests a second reads
 * 500 job groups a second at the default page size (an instance holds a handful to a few
 * hundred), stays well below the per-API limits Alibaba Cloud publishes for its other RPC
 * products, and any throttling that happens anyway (`Throttling.*`) is retried after backing off.
 */
export const defaultRateLimit = 5;
/** `PageSize` is at most 100 (DescribeJobGroups); the largest page means the fewest requests. */
export const maximumPageSize = 100;
export const defaultPageSize = maximumPageSize;
/** Pages in flight at once; at five requests a second more would only wait in the rate limiter. */
export const defaultConcurrency = 2;

/** `cityvisual.<RegionId>.aliyuncs.com` (PROVIDER-FACTS §2.1). */
export function publicEndpoint(region: string): string {
  return `https://cityvisual.${region}.aliyuncs.com/`;
}

export const environmentVariables = {
  accessKeyId: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
  accessKeySecret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  securityToken: 'ALIBABA_CLOUD_SECURITY_TOKEN',
} as const;

export interface AliyunCityVisualOptions extends CommonProviderOptions {
  /** The CityVisual instance (`InstanceId`), e.g. `cityvisual-Instance`. Required. */
  instanceId: string;
  /**
   * What to ask for (`Format`); default `json`. Any answer is read as what it is: an XML body or
   * an XML Content-Type is parsed as XML in either mode.
   */
  format?: 'json' | 'xml';
  /** Default: `ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (and `ALIBABA_CLOUD_SECURITY_TOKEN`). */
  credentials?: AliyunCityVisualCredentials;
  /** `PageSize`, 1–100; default 100. */
  pageSize?: number;
}

// Travels as a query parameter: not blank, and encodable as UTF-8.
const parameterText = z
  .string('expected a string')
  .regex(/\S/, 'must not be blank')
  .refine(isEncodable, 'contains an unpaired surrogate (not valid Unicode)');

const OptionsSchema = z.strictObject({
  ...commonOptionsShape,
  // It becomes part of the host name: `cn-shanghai`.
  region: z
    .string('region is required')
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected an Alibaba Cloud region id such as cn-shanghai'),
  instanceId: z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? 'instanceId is required: the CityVisual instance whose job groups to list, e.g. cityvisual-Instance'
          : 'expected a string',
    })
    .regex(/\S/, 'must not be blank')
    .refine(isEncodable, 'contains an unpaired surrogate (not valid Unicode)'),
  format: z.enum(['json', 'xml'], "expected 'json' or 'xml'").optional(),
  pageSize: z.number().int().min(1).max(maximumPageSize).optional(),
  credentials: z
    .strictObject({
      accessKeyId: parameterText,
      accessKeySecret: z.string('expected a string').regex(/\S/, 'must not be blank'),
      securityToken: parameterText.optional(),
    })
    .optional(),
});
type ParsedOptions = z.output<typeof OptionsSchema>;

type CredentialSource = { credentials: AliyunCityVisualCredentials } | { missing: string[] };

/**
 * Credentials are read once, when the adapter is made, so a listing cannot pick up a half-changed
 * environment. What is missing is reported by the first request (before anything is sent), not
 * here: a client may hold an adapter it never uses.
 */
function credentialSource(options: ParsedOptions): CredentialSource {
  if (options.credentials) return { credentials: options.credentials };
  const env = options.env ?? process.env;
  const read = (name: string) => {
    const value = env[name];
    return value !== undefined && value.trim() !== '' && isEncodable(value) ? value : undefined;
  };
  const accessKeyId = read(environmentVariables.accessKeyId);
  const accessKeySecret = read(environmentVariables.accessKeySecret);
  if (accessKeyId && accessKeySecret) {
    const securityToken = read(environmentVariables.securityToken);
    return {
      credentials: securityToken
        ? { accessKeyId, accessKeySecret, securityToken }
        : { accessKeyId, accessKeySecret },
    };
  }
  return {
    missing: [
      ...(accessKeyId ? [] : [environmentVariables.accessKeyId]),
      ...(accessKeySecret ? [] : [environmentVariables.accessKeySecret]),
    ],
  };
}

/** The tolerance PROVIDER-FACTS §2.4 gives for `Timestamp`. */
const timestampToleranceMinutes = 15;

type Deferred<T> = { value: T } | { later: HttpResponse };

export interface CityVisualWriteOptions {
  signal?: AbortSignal;
}

/**
 * One Alibaba Cloud account's CityVisual instance in one region: job groups with DescribeJobGroups
 * (`jobGroups()`), their compute jobs (`jobs()`), and CreateJobGroup / ModifyJobGroup.
 */
export class CityVisualAdapter extends BaseAdapter {
  declare readonly providerId: typeof providerId;
  readonly capabilities: AdapterCapabilities = {
    pushdown: { jobs: ['groupId'], jobGroups: ['ids'] },
    operations: ['createJobGroup', 'modifyJobGroup'],
  };
  readonly jobLister: Lister<Job, ParsedJobQuery, DescribeJobGroupsStream>;
  readonly jobGroupLister: Lister<JobGroup, ParsedJobGroupQuery, DescribeJobGroupsStream>;
  /** Where requests go. */
  readonly endpoint: URL;
  readonly instanceId: string;
  /** What is asked for (`Format`). */
  readonly format: 'json' | 'xml';
  private readonly target: RequestTarget;
  private readonly credentials: CredentialSource;

  constructor(options: ParsedOptions) {
    super(providerId, options, defaultRateLimit);
    this.endpoint = resolveEndpoint(providerId, publicEndpoint(options.region), options);
    this.instanceId = options.instanceId;
    this.format = options.format ?? 'json';
    this.target = {
      url: this.endpoint,
      region: options.region,
      format: this.format === 'xml' ? 'XML' : 'JSON',
    };
    this.credentials = credentialSource(options);
    if ('credentials' in this.credentials) {
      const { accessKeyId, accessKeySecret, securityToken } = this.credentials.credentials;
      registerSecrets(accessKeyId, accessKeySecret, securityToken);
    }
    const pageSize = options.pageSize ?? defaultPageSize;
    const concurrency = options.concurrency ?? defaultConcurrency;
    this.jobLister = {
      paging: 'numbered',
      pageSize,
      concurrency,
      plan: planJobs,
      fetchPage: async (stream, page, context): Promise<NativePage<Job>> => {
        const result = await this.describeJobGroups(stream, page, context);
        const jobs: Job[] = [];
        for (const group of result.groups) for (const job of group.jobs) jobs.push(job);
        return { items: jobs, count: result.count, total: result.total, keys: groupIds(result.groups) };
      },
    };
    this.jobGroupLister = {
      paging: 'numbered',
      pageSize,
      concurrency,
      plan: planJobGroups,
      fetchPage: async (stream, page, context): Promise<NativePage<JobGroup>> => {
        const result = await this.describeJobGroups(stream, page, context);
        return {
          items: result.groups,
          count: result.count,
          total: result.total,
          keys: groupIds(result.groups),
        };
      },
    };
  }

  /** One page of one stream: `PageNumber = index + 1`, `PageSize = size`. */
  async describeJobGroups(
    stream: DescribeJobGroupsStream,
    page: PageRequest,
    context: FetchContext,
  ): Promise<JobGroupsPage> {
    const result = await this.call({
      action: describeJobGroupsAction,
      idempotent: true,
      parameters: describeJobGroupsParameters(stream, this.instanceId, page.index + 1, page.size),
      read: readDescribeJobGroups,
      signal: context.signal,
    });
    // A short page ends a listing. A page that is exactly as long as the PageSize the answer states,
    // when that is less than was asked and the total says more follow, means the cloud capped the
    // page size below what was asked: ending there would drop groups without a word. (TotalCount
    // alone cannot tell: the documented JSON example says 2 with one group on a page of 10.)
    const capped =
      result.pageSize !== null &&
      result.pageSize < page.size &&
      result.count === result.pageSize &&
      (result.total === null || page.offset + result.count < result.total);
    if (capped)
      throw new MalformedResponseError({
        provider: providerId,
        source: this.name,
        action: describeJobGroupsAction,
        issues: [
          {
            path: 'PageSize',
            message: `the answer says PageSize ${result.pageSize} and holds that many groups where ${page.size} were asked for, and TotalCount is ${
              result.total ?? 'not given'
            }: the cloud pages by ${result.pageSize}, not by what was asked; set pageSize to ${result.pageSize}`,
          },
        ],
      });
    return result;
  }

  /**
   * CreateJobGroup: makes a job group and returns its JobGroupId. The input is checked before any
   * request (every problem in one InvalidInputError). The request is never sent twice once it may
   * have reached the cloud (a retry could make a second group): only a throttled answer or a
   * reused nonce, both refused unprocessed, is retried.
   */
  override async createJobGroup(
    input: CreateJobGroupInput,
    options: CityVisualWriteOptions = {},
  ): Promise<string> {
    const parsed = parseCreateInput(input, { provider: providerId, source: this.name });
    return this.call({
      action: createJobGroupAction,
      idempotent: false,
      parameters: createJobGroupParameters(parsed, this.instanceId),
      read: readCreateJobGroup,
      signal: options.signal,
    });
  }

  /**
   * ModifyJobGroup: changes a job group (its name, algorithm library and resource profile are
   * required by the API, the rest optional; `status` starts or stops it). Checked and retried as
   * `createJobGroup` is.
   */
  override async modifyJobGroup(
    id: string,
    input: ModifyJobGroupInput,
    options: CityVisualWriteOptions = {},
  ): Promise<void> {
    const parsed = parseModifyInput(id, input, { provider: providerId, source: this.name });
    await this.call({
      action: modifyJobGroupAction,
      idempotent: false,
      parameters: modifyJobGroupParameters(parsed.id, parsed.input),
      read: readModifyJobGroup,
      signal: options.signal,
    });
  }

  private requireCredentials(): AliyunCityVisualCredentials {
    if ('credentials' in this.credentials) return this.credentials.credentials;
    const missing = this.credentials.missing;
    throw missingCredentials(
      providerId,
      this.name,
      `no credentials: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set; set ${
        environmentVariables.accessKeyId
      } and ${environmentVariables.accessKeySecret} (and ${
        environmentVariables.securityToken
      } for STS credentials), or pass credentials: { accessKeyId, accessKeySecret, securityToken? }`,
    );
  }

  private async xmlParser(): Promise<XMLParser> {
    try {
      return await loadXmlParser();
    } catch (error) {
      throw new CloudJobsError(
        `fast-xml-parser could not be loaded to read XML: ${(error as Error).message}`,
        {
          provider: providerId,
          source: this.name,
          cause: error,
        },
      );
    }
  }

  /**
   * One action through the transport: signed afresh for every attempt (new Timestamp, new
   * SignatureNonce), retried as the transport decides. The XML parser is loaded before the first
   * request in XML mode; in JSON mode an XML answer (a gateway's error, say) is set aside, the
   * parser loaded, and the answer read then. Should that answer be an error worth retrying, the
   * request is sent again once, the transport deciding from then on: this happens at most once per
   * process, since the parser stays loaded.
   */
  private async call<T>(spec: {
    action: string;
    idempotent: boolean;
    parameters: Record<string, string>;
    read: (content: unknown, context: InterpretContext) => T;
    signal?: AbortSignal | undefined;
  }): Promise<T> {
    const credentials = this.requireCredentials();
    const base: InterpretContext = {
      provider: providerId,
      source: this.name,
      region: this.region,
      action: spec.action,
      body: '',
    };
    let sentTimestamp = '';
    const interpret = (response: HttpResponse, xml: XMLParser | null): T => {
      const context = { ...base, body: response.body };
      const outcome = interpretDocument(response, xml, context);
      if ('error' in outcome) throw this.explainClock(outcome.error, response, sentTimestamp);
      return spec.read(outcome.document.content, context);
    };
    const exchange = () =>
      this.transport.exchange<Deferred<T>>({
        action: spec.action,
        idempotent: spec.idempotent,
        signal: spec.signal,
        build: async () => {
          if (this.target.format === 'XML') await this.xmlParser();
          sentTimestamp = rpcTimestamp(this.transport.clock.now());
          return buildRequest({
            target: this.target,
            credentials,
            action: spec.action,
            parameters: spec.parameters,
            timestamp: sentTimestamp,
            nonce: signatureNonce(),
          }).request;
        },
        interpret: (response) => {
          const xml = loadedXmlParser();
          if (xml === null && isXmlResponse(response)) return { later: response };
          return { value: interpret(response, xml) };
        },
      });
    const first = await exchange();
    if ('value' in first) return first.value;
    const xml = await this.xmlParser();
    try {
      return interpret(first.later, xml);
    } catch (error) {
      const again =
        error instanceof ProviderApiError && error.retryable && (spec.idempotent || error.beforeProcessing);
      if (!again) throw error;
      await this.transport.clock.sleep(
        Math.min(error.retryAfterMs ?? this.transport.retry.baseDelayMs, this.transport.retry.maxDelayMs),
        spec.signal,
      );
      const second = await exchange();
      return 'value' in second ? second.value : interpret(second.later, xml);
    }
  }

  /**
   * `InvalidTimeStamp.*`: the Timestamp was refused, which with a well-formed timestamp means the
   * local clock is more than 15 minutes from the gateway's. Said plainly, with what was sent and,
   * when the answer has a Date header, the server's time.
   */
  private explainClock(
    error: ProviderApiError,
    response: HttpResponse,
    sentTimestamp: string,
  ): ProviderApiError {
    if (!error.code.startsWith('InvalidTimeStamp')) return error;
    const serverDate = response.headers.date;
    const body = {
      Code: error.code,
      Message: error.cloudMessage,
      RequestId: error.requestId,
      HostId: error.hostId,
    };
    const origin = { provider: providerId, source: this.name, action: error.action };
    return cityVisualError(body, response, origin, {
      message: `${error.cloudMessage} — the local clock is off: the request was signed with Timestamp ${sentTimestamp} (this machine's clock, in UTC)${
        serverDate ? ` and the server's Date was ${serverDate}` : ''
      }; Alibaba Cloud accepts only timestamps within ${timestampToleranceMinutes} minutes of its own time, so set this machine's clock right (NTP)`,
    });
  }
}

function groupIds(groups: readonly JobGroup[]): string[] {
  return groups.map((group) => group.id);
}

/**
 * An Alibaba Cloud CityVisual provider instance: one account's instance in one region. Options are
 * checked here (every problem in one InvalidInputError, `instanceId` included); credentials come
 * from `options.credentials` or the environment.
 */
export function aliyunCityVisual(options: AliyunCityVisualOptions): CityVisualAdapter {
  return new CityVisualAdapter(parseProviderOptions(providerId, OptionsSchema, options));
}
