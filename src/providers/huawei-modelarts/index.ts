import { z } from 'zod';
import { InvalidInputError, type Issue, issuesFromZod } from '../../errors.js';
import type { Job } from '../../model/job.js';
import type { ParsedJobQuery } from '../../model/query.js';
import { registerSecrets } from '../../redact.js';
import type {
  AdapterCapabilities,
  FetchContext,
  Lister,
  ListPlan,
  NativePage,
  PageRequest,
} from '../adapter.js';
import { BaseAdapter } from '../base.js';
import {
  type CommonProviderOptions,
  commonOptionsShape,
  missingCredentials,
  resolveEndpoint,
} from '../options.js';
import {
  buildListRequest,
  type HuaweiModelArtsCredentials,
  interpretList,
  listAction,
  listParameters,
  type ModelArtsStream,
  type RequestTarget,
} from './api.js';
import { normalizeJobs } from './normalize.js';
import { planJobs, pushdownCriteria } from './plan.js';

export type { HuaweiModelArtsCredentials, ModelArtsStream } from './api.js';

export const providerId = 'huawei-modelarts';

export interface HuaweiModelArtsOptions extends CommonProviderOptions {
  /** The project the jobs belong to; default `HUAWEICLOUD_SDK_PROJECT_ID`. */
  projectId?: string;
  /** Sent as `workspace_id`; the API's default is workspace "0". */
  workspaceId?: string;
  /** Default: `HUAWEICLOUD_SDK_AK` / `HUAWEICLOUD_SDK_SK` (and `HUAWEICLOUD_SDK_SECURITY_TOKEN`). */
  credentials?: HuaweiModelArtsCredentials;
  /**
   * `per_page`, 1–1000; default 100. The current documents allow up to 1000, older ones (and the
   * SDK reference) [1, 100], so 100 works on either and larger pages are for deployments known
   * to take them.
   */
  pageSize?: number;
}

/**
 * No limit is published for this API. Five requests a second pages the largest inventory a
 * project is likely to hold (about a thousand jobs: the documented sample has one job and 999 still
 * creatable) in about two seconds at the default page size, and stays far below the gateway's
 * usual per-user flow-control policies; when it throttles anyway (APIGW.0308), the request is
 * retried after Retry-After.
 */
export const defaultRateLimit = 5;
export const defaultPageSize = 100;
export const maximumPageSize = 1000;
const defaultConcurrency = 3;

const envNames = {
  accessKey: 'HUAWEICLOUD_SDK_AK',
  secretKey: 'HUAWEICLOUD_SDK_SK',
  securityToken: 'HUAWEICLOUD_SDK_SECURITY_TOKEN',
  projectId: 'HUAWEICLOUD_SDK_PROJECT_ID',
} as const;

// Credentials travel in header values (and the project id in one too): no spaces, no line breaks.
const secret = z.string().regex(/^\S+$/, 'must be non-empty, without spaces');
// Project ids are 32 hexadecimal digits; anything outside RFC 3986's unreserved set is a mistake.
const projectIdPattern = /^[A-Za-z0-9._~-]+$/;
const projectIdMessage =
  "a project id is letters, digits, '-', '_', '.' and '~' (32 hexadecimal digits, usually)";

const OptionsSchema = z.strictObject({
  ...commonOptionsShape,
  pageSize: z.number().int().min(1).max(maximumPageSize).optional(),
  projectId: z.string().regex(projectIdPattern, projectIdMessage).optional(),
  workspaceId: z.string().regex(/\S/, 'must not be blank').optional(),
  credentials: z
    .union([
      z.strictObject({ ak: secret, sk: secret, securityToken: secret.optional() }),
      z.strictObject({ token: secret }),
    ])
    .optional(),
});
type ParsedOptions = z.output<typeof OptionsSchema>;

function environmentOf(input: unknown): Record<string, string | undefined> {
  const env = (input as { env?: unknown } | null | undefined)?.env;
  return typeof env === 'object' && env !== null ? (env as Record<string, string | undefined>) : process.env;
}

function present(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

/** Options with the scope filled in from the environment; every problem in one InvalidInputError. */
function parseOptions(input: HuaweiModelArtsOptions): ParsedOptions & { projectId: string } {
  const result = OptionsSchema.safeParse(input ?? {});
  const issues: Issue[] = result.success ? [] : issuesFromZod(result.error);
  const env = environmentOf(input);
  const given = (input as { projectId?: unknown } | null | undefined)?.projectId;
  const fromEnv = present(env[envNames.projectId]);
  const projectId = given ?? fromEnv;
  if (projectId === undefined)
    issues.push({
      path: 'projectId',
      message: `a project id is required: pass projectId or set ${envNames.projectId}`,
    });
  else if (given === undefined && !projectIdPattern.test(projectId as string))
    issues.push({ path: 'projectId', message: `${envNames.projectId}: ${projectIdMessage}` });
  if (!result.success || issues.length > 0)
    throw new InvalidInputError(issues, { provider: providerId, what: `${providerId} options` });
  return { ...result.data, projectId: projectId as string };
}

/** Credentials from the options, else from the environment; null when neither has them. */
function resolveCredentials(
  options: ParsedOptions,
  env: Record<string, string | undefined>,
): HuaweiModelArtsCredentials | null {
  if (options.credentials) return options.credentials;
  const ak = present(env[envNames.accessKey]);
  const sk = present(env[envNames.secretKey]);
  if (!ak || !sk) return null;
  const securityToken = present(env[envNames.securityToken]);
  return securityToken ? { ak, sk, securityToken } : { ak, sk };
}

/** The endpoint's own path (a proxy's prefix) as unencoded segments; `/v1/…` follows it. */
function pathSegments(endpoint: URL): string[] {
  try {
    return endpoint.pathname
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => decodeURIComponent(segment));
  } catch {
    throw new InvalidInputError([{ path: 'endpoint', message: 'the path has a malformed %-escape' }], {
      provider: providerId,
      what: `${providerId} options`,
    });
  }
}

/** One ModelArts project in one region: its visualization jobs. */
export class ModelArtsAdapter extends BaseAdapter {
  declare readonly providerId: typeof providerId;
  readonly projectId: string;
  readonly workspaceId: string | null;
  readonly endpoint: URL;
  readonly capabilities: AdapterCapabilities = {
    pushdown: { jobs: pushdownCriteria, jobGroups: [] },
    operations: [],
  };
  readonly jobLister: Lister<Job, ParsedJobQuery, ModelArtsStream>;
  readonly jobGroupLister = null;
  readonly #credentials: HuaweiModelArtsCredentials | null;
  readonly #basePath: readonly string[];

  constructor(input: HuaweiModelArtsOptions) {
    const options = parseOptions(input);
    const endpoint = resolveEndpoint(
      providerId,
      `https://modelarts.${options.region}.myhuaweicloud.com`,
      options,
    );
    const basePath = pathSegments(endpoint);
    super(providerId, options, defaultRateLimit);
    this.endpoint = endpoint;
    this.#basePath = basePath;
    this.projectId = options.projectId;
    this.workspaceId = options.workspaceId ?? null;
    this.#credentials = resolveCredentials(options, options.env ?? process.env);
    if (this.#credentials)
      registerSecrets(
        ...('token' in this.#credentials
          ? [this.#credentials.token]
          : [this.#credentials.ak, this.#credentials.sk, this.#credentials.securityToken]),
      );
    this.jobLister = {
      paging: 'numbered',
      pageSize: options.pageSize ?? defaultPageSize,
      concurrency: options.concurrency ?? defaultConcurrency,
      plan: (query: ParsedJobQuery): ListPlan<ModelArtsStream> => planJobs(query),
      fetchPage: (stream, page, context) => this.fetchJobs(stream, page, context),
    };
  }

  /** Which kind of credentials requests carry: `aksk`, `temporary-aksk` or `token`; null when none. */
  get authentication(): 'aksk' | 'temporary-aksk' | 'token' | null {
    const credentials = this.#credentials;
    if (!credentials) return null;
    if ('token' in credentials) return 'token';
    return credentials.securityToken ? 'temporary-aksk' : 'aksk';
  }

  private async fetchJobs(
    stream: ModelArtsStream,
    page: PageRequest,
    context: FetchContext,
  ): Promise<NativePage<Job>> {
    const credentials = this.#credentials;
    if (!credentials)
      throw missingCredentials(
        providerId,
        this.name,
        `no credentials: pass credentials ({ ak, sk } or { token }) or set ${envNames.accessKey} and ${envNames.secretKey} (and ${envNames.securityToken} for temporary keys)`,
      );
    const parameters = listParameters(stream, page, this.workspaceId);
    const target: RequestTarget = {
      origin: this.endpoint.origin,
      host: this.endpoint.host,
      basePath: this.#basePath,
      projectId: this.projectId,
      credentials,
    };
    const origin = { provider: providerId, source: this.name, action: listAction };
    const { response, rawJobs } = await this.transport.exchange({
      action: listAction,
      idempotent: true,
      build: () => buildListRequest(target, parameters, this.transport.clock.now()),
      interpret: (reply) => interpretList(reply, origin),
      signal: context.signal,
    });
    const items = normalizeJobs(response.jobs, rawJobs, {
      provider: providerId,
      source: this.name,
      region: this.region,
    });
    return { items, count: response.jobs.length, total: response.job_total_count ?? null };
  }
}

/**
 * Huawei Cloud ModelArts visualization jobs (GET /v1/{project_id}/visualization-jobs) of one
 * project in one region. Options are checked at once (every problem in one InvalidInputError);
 * missing credentials fail the first listing, before any request is sent.
 */
export function huaweiModelArts(options: HuaweiModelArtsOptions): ModelArtsAdapter {
  return new ModelArtsAdapter(options);
}
