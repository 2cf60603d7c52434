import { z } from 'zod';
import { ProviderApiError } from '../../errors.js';
import type { Job } from '../../model/job.js';
import type { ParsedJobQuery } from '../../model/query.js';
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
  buildRequest,
  type DescribeJobsStream,
  describeJobsAction,
  describeJobsBody,
  type InterpretContext,
  interpretDescribeJobs,
  type RequestTarget,
  type TencentBatchCredentials,
  tencentError,
} from './api.js';
import { planDescribeJobs } from './plan.js';

export type { DescribeJobsFilter, DescribeJobsStream, TencentBatchCredentials } from './api.js';

export const providerId = 'tencent-batch';

/**
 * The international document's figure for DescribeJobs (599/30557: "a maximum of 2 requests per
 * second"); the Chinese one says 10/s. The lower one is safe on either site; raise it with
 * `rateLimit` where the higher applies.
 */
export const defaultRateLimit = 2;
/** `Limit` is at most 100 (SDK model text, legacy doc); the largest page means the fewest requests. */
export const maximumPageSize = 100;
export const defaultPageSize = maximumPageSize;
/** Pages in flight at once; with 2 requests a second more would only wait in the rate limiter. */
export const defaultConcurrency = 2;
/** The host of the official SDK and of the Chinese documents. */
export const publicHost = 'batch.tencentcloudapi.com';

export function regionalHost(region: string): string {
  return `batch.${region}.tencentcloudapi.com`;
}

export const environmentVariables = {
  secretId: 'TENCENTCLOUD_SECRET_ID',
  secretKey: 'TENCENTCLOUD_SECRET_KEY',
  token: 'TENCENTCLOUD_SESSION_TOKEN',
} as const;

export interface TencentBatchOptions extends CommonProviderOptions {
  /** Default: `TENCENTCLOUD_SECRET_ID` / `TENCENTCLOUD_SECRET_KEY` (and `TENCENTCLOUD_SESSION_TOKEN`). */
  credentials?: TencentBatchCredentials;
  /** Send to `batch.<region>.tencentcloudapi.com` instead of `batch.tencentcloudapi.com`. */
  regionalEndpoint?: boolean;
  /** The language of the cloud's error messages (X-TC-Language). */
  language?: 'zh-CN' | 'en-US';
  /** `Limit`, 1–100; default 100. */
  pageSize?: number;
}

const nonBlank = z.string().regex(/\S/, 'must not be blank');

const OptionsSchema = z.strictObject({
  ...commonOptionsShape,
  // It becomes part of a host name (regionalEndpoint) and of zone names: `ap-guangzhou`.
  region: z
    .string('region is required')
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a Tencent Cloud region such as ap-guangzhou'),
  pageSize: z.number().int().min(1).max(maximumPageSize).optional(),
  credentials: z
    .strictObject({ secretId: nonBlank, secretKey: nonBlank, token: nonBlank.optional() })
    .optional(),
  regionalEndpoint: z.boolean().optional(),
  language: z.enum(['zh-CN', 'en-US']).optional(),
});
type ParsedOptions = z.output<typeof OptionsSchema>;

type CredentialSource = { credentials: TencentBatchCredentials } | { missing: string[] };

/**
 * Credentials are read once, when the adapter is made, so a listing cannot pick up a half-changed
 * environment. What is missing is reported by the first listing (before any request), not here:
 * a client may hold an adapter it never lists from.
 */
function credentialSource(options: ParsedOptions): CredentialSource {
  if (options.credentials) return { credentials: options.credentials };
  const env = options.env ?? process.env;
  const read = (name: string) => {
    const value = env[name];
    return value && value.trim() !== '' ? value : undefined;
  };
  const secretId = read(environmentVariables.secretId);
  const secretKey = read(environmentVariables.secretKey);
  if (secretId && secretKey)
    return { credentials: { secretId, secretKey, token: read(environmentVariables.token) } };
  return {
    missing: [
      ...(secretId ? [] : [environmentVariables.secretId]),
      ...(secretKey ? [] : [environmentVariables.secretKey]),
    ],
  };
}

const signatureExpired = 'AuthFailure.SignatureExpire';

/** One Tencent Cloud account in one region, listing Batch jobs with DescribeJobs. */
export class TencentBatchAdapter extends BaseAdapter {
  declare readonly providerId: typeof providerId;
  readonly capabilities: AdapterCapabilities = {
    pushdown: { jobs: ['ids', 'name', 'status', 'zone', 'tags', 'groupId'], jobGroups: [] },
    operations: [],
  };
  readonly jobLister: Lister<Job, ParsedJobQuery, DescribeJobsStream>;
  /** Batch has no job groups. */
  readonly jobGroupLister = null;
  /** Where requests go. */
  readonly endpoint: URL;
  private readonly target: RequestTarget;
  private readonly credentials: CredentialSource;
  /**
   * Server time minus local time, learned from the Date header of an `AuthFailure.SignatureExpire`;
   * added to every later X-TC-Timestamp of this adapter.
   */
  private clockOffsetMs = 0;

  constructor(options: ParsedOptions) {
    super(providerId, options, defaultRateLimit);
    const host = options.regionalEndpoint ? regionalHost(options.region) : publicHost;
    this.endpoint = resolveEndpoint(providerId, `https://${host}/`, options);
    this.target = { url: this.endpoint, region: options.region, language: options.language };
    this.credentials = credentialSource(options);
    if ('credentials' in this.credentials) {
      const { secretId, secretKey, token } = this.credentials.credentials;
      registerSecrets(secretId, secretKey, token);
    }
    const pageSize = options.pageSize ?? defaultPageSize;
    const region = options.region;
    this.jobLister = {
      paging: 'offset',
      pageSize,
      concurrency: options.concurrency ?? defaultConcurrency,
      plan: (query) => planDescribeJobs(query, region),
      fetchPage: (stream, page, context) => this.describeJobs(stream, page, context),
    };
  }

  /** The offset learned from the server's clock, in milliseconds (0 until one is learned). */
  get clockOffset(): number {
    return this.clockOffsetMs;
  }

  /** One page of one stream: Offset/Limit take any position, which lets reads overlap exactly. */
  async describeJobs(
    stream: DescribeJobsStream,
    page: PageRequest,
    context: FetchContext,
  ): Promise<NativePage<Job>> {
    if (!('credentials' in this.credentials))
      throw missingCredentials(
        providerId,
        this.name,
        `no credentials: ${this.credentials.missing.join(' and ')} ${
          this.credentials.missing.length === 1 ? 'is' : 'are'
        } not set; set ${environmentVariables.secretId} and ${environmentVariables.secretKey} (and ${
          environmentVariables.token
        } for temporary credentials), or pass credentials: { secretId, secretKey, token? }`,
      );
    const credentials = this.credentials.credentials;
    const body = describeJobsBody(stream, page.offset, page.size);
    const interpretContext: InterpretContext = {
      provider: providerId,
      source: this.name,
      region: this.region,
      action: describeJobsAction,
      body: '',
    };
    let resigned = false;
    let sentTimestamp = 0;
    let lastAttempt = 1;
    const result = await this.transport.exchange({
      action: describeJobsAction,
      idempotent: true,
      build: (attempt) => {
        lastAttempt = attempt;
        // Signed afresh for every attempt: a retry gets a new timestamp (and any learned offset).
        sentTimestamp = Math.floor((this.transport.clock.now() + this.clockOffsetMs) / 1000);
        return buildRequest({
          target: this.target,
          credentials,
          action: describeJobsAction,
          body,
          timestampSeconds: sentTimestamp,
        });
      },
      interpret: (response) => {
        try {
          return interpretDescribeJobs(response, { ...interpretContext, body: response.body });
        } catch (error) {
          if (!(error instanceof ProviderApiError) || error.code !== signatureExpired) throw error;
          // Once per request, and only when the transport has an attempt left to send it with.
          const retry = !resigned && lastAttempt < this.transport.retry.maxAttempts;
          resigned = true;
          throw this.clockError(error, response, sentTimestamp, retry);
        }
      },
      signal: context.signal,
    });
    return { items: result.jobs, count: result.count, total: result.total };
  }

  /**
   * `AuthFailure.SignatureExpire`: X-TC-Timestamp was more than five minutes from the server's
   * time. When the response's Date header tells that time, the offset is learned and the request is
   * signed again at once (once per request, so a wrong Date cannot loop); otherwise, or if it fails
   * again, the error says plainly that the local clock is off.
   */
  private clockError(
    error: ProviderApiError,
    response: HttpResponse,
    sentTimestamp: number,
    retry: boolean,
  ): ProviderApiError {
    const details = {
      code: error.code,
      message: error.cloudMessage,
      requestId: error.requestId,
      httpStatus: response.status,
    };
    const origin = { provider: providerId, source: this.name, action: error.action };
    const serverTime = response.headers.date ? Date.parse(response.headers.date) : Number.NaN;
    const sent = new Date(sentTimestamp * 1000).toISOString();
    if (Number.isNaN(serverTime))
      return tencentError(details, origin, {
        retryable: false,
        message: `${error.cloudMessage} — the local clock is off: the request was signed at ${sent} and Tencent Cloud accepts only timestamps within 5 minutes of its own time; the response had no Date header to learn that time from, so set this machine's clock right (NTP)`,
      });
    if (retry) {
      this.clockOffsetMs = serverTime - this.transport.clock.now();
      return tencentError(details, origin, {
        retryable: true,
        retryAfterMs: 0,
        beforeProcessing: true,
        message: `${error.cloudMessage} — the local clock is off by about ${Math.round(
          this.clockOffsetMs / 1000,
        )} s from the server's (Date: ${response.headers.date}); signing again with the server's time`,
      });
    }
    return tencentError(details, origin, {
      retryable: false,
      message: `${error.cloudMessage} — the local clock is off: the request was signed at ${sent}, even after correcting by the server's Date (${response.headers.date}); set this machine's clock right (NTP)`,
    });
  }
}

/**
 * A Tencent Cloud Batch provider instance: one account in one region. Options are checked here
 * (every problem in one InvalidInputError); credentials come from `options.credentials` or the
 * environment.
 */
export function tencentBatch(options: TencentBatchOptions): TencentBatchAdapter {
  return new TencentBatchAdapter(parseProviderOptions(providerId, OptionsSchema, options));
}
