import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MockAgent } from 'undici';
import type { Job } from '../../../src/model/job.js';
import { type TencentBatchOptions, tencentBatch } from '../../../src/providers/tencent-batch/index.js';

export const region = 'ap-guangzhou';
export const publicOrigin = 'https://batch.tencentcloudapi.com';
// Made up for the tests; long enough to be registered as secrets.
export const credentials = {
  secretId: 'AKIDTESTBATCHEXAMPLE000000000001',
  secretKey: 'TestBatchSecretKeyExample0000001',
};
export const token = 'TESTSESSIONTOKENEXAMPLE-0123456789abcdef';

export function fixture(name: string): string {
  return readFileSync(new URL(`../../../fixtures/tencent-batch/${name}`, import.meta.url), 'utf8');
}

/** A JobView as DescribeJobs returns it (the documented example's shape). */
export interface View {
  JobId: string;
  JobName: string;
  JobState: string;
  Priority: number;
  Placement: { Zone: string };
  CreateTime: string;
  EndTime: string | null;
  TaskMetrics: Record<string, number>;
  Tags: { Key: string; Value: string }[];
}

let serial = 0;
export function jobId(n: number): string {
  return `job-${n.toString(36).padStart(8, '0')}`;
}

export function makeView(overrides: Partial<View> = {}): View {
  serial++;
  return {
    JobId: jobId(serial),
    JobName: `job ${serial}`,
    JobState: 'RUNNING',
    Priority: 1,
    Placement: { Zone: 'ap-guangzhou-4' },
    CreateTime: new Date(Date.UTC(2024, 0, 1) + serial * 60_000).toISOString().replace('.000Z', 'Z'),
    EndTime: null,
    TaskMetrics: {
      SubmittedCount: 0,
      PendingCount: 0,
      RunnableCount: 0,
      StartingCount: 0,
      RunningCount: 1,
      SucceedCount: 0,
      FailedInterruptedCount: 0,
      FailedCount: 0,
    },
    Tags: [],
    ...overrides,
  };
}

export interface CapturedRequest {
  method: string;
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  parameters: Record<string, unknown>;
}

export interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
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

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

/**
 * Verifies a captured request's TC3-HMAC-SHA256 signature from scratch (written apart from the
 * adapter's signer): the signed headers as sent, the body as sent, the scope's date from
 * X-TC-Timestamp in UTC, and the service `batch`. Returns what is wrong, or null.
 */
export function signatureProblem(request: CapturedRequest, secretKey = credentials.secretKey): string | null {
  const match =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/batch\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
      request.headers.authorization ?? '',
    );
  if (!match) return `malformed Authorization: ${request.headers.authorization}`;
  const [, , date, signedList, given] = match as unknown as [string, string, string, string, string];
  const timestamp = request.headers['x-tc-timestamp'] ?? '';
  if (new Date(Number(timestamp) * 1000).toISOString().slice(0, 10) !== date) return 'scope date is not UTC';
  const names = signedList.split(';');
  if (!names.includes('host') || !names.includes('content-type'))
    return 'host and content-type must be signed';
  const canonicalHeaders = names.map(
    (name) => `${name}:${(request.headers[name] ?? '').trim().toLowerCase()}\n`,
  );
  const canonical = ['POST', '/', '', canonicalHeaders.join(''), signedList, sha256(request.body)].join('\n');
  const toSign = ['TC3-HMAC-SHA256', timestamp, `${date}/batch/tc3_request`, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date), 'batch'), 'tc3_request');
  const expected = hmac(key, toSign).toString('hex');
  return expected === given ? null : 'signature does not verify';
}

export function envelope(
  response: Record<string, unknown>,
  requestId = 'c0ffee00-0000-4000-8000-000000000000',
) {
  return JSON.stringify({ Response: { ...response, RequestId: requestId } });
}

export function errorReply(code: string, message = 'refused', status = 200): Reply {
  return { status, body: envelope({ Error: { Code: code, Message: message } }) };
}

/**
 * How the fake matches filter values. `exact` is the plain reading of the documents; `loose`
 * matches job-name as a case-insensitive substring and tag values without regard to case, a cloud
 * broader than documented under which pushdown must still be correct.
 */
export type Matching = 'exact' | 'loose';

function matchesFilter(view: View, filter: { Name: string; Values: string[] }, matching: Matching): boolean {
  const values = filter.Values;
  const lower = values.map((value) => value.toLowerCase());
  switch (filter.Name) {
    case 'job-id':
      return values.includes(view.JobId);
    case 'job-name':
      return matching === 'exact'
        ? values.includes(view.JobName)
        : lower.some((value) => view.JobName.toLowerCase().includes(value));
    case 'job-state':
      return values.includes(view.JobState);
    case 'zone':
      return values.includes(view.Placement.Zone);
    case 'tag-key':
      return view.Tags.some((tag) => values.includes(tag.Key));
    default: {
      if (!filter.Name.startsWith('tag:')) throw new Error(`unexpected filter ${filter.Name}`);
      const key = filter.Name.slice(4);
      return view.Tags.some(
        (tag) =>
          tag.Key === key &&
          (matching === 'exact' ? values.includes(tag.Value) : lower.includes(tag.Value.toLowerCase())),
      );
    }
  }
}

/** DescribeJobs over `views` the way the documents describe it; refuses what the cloud refuses. */
export function describeJobs(
  views: readonly View[],
  request: CapturedRequest,
  matching: Matching = 'exact',
): Reply {
  const {
    JobIds,
    Filters,
    Offset = 0,
    Limit = 20,
  } = request.parameters as {
    JobIds?: string[];
    Filters?: { Name: string; Values: string[] }[];
    Offset?: number;
    Limit?: number;
  };
  if (JobIds && Filters) return errorReply('InvalidParameter.InvalidParameterCombination');
  if (Limit > 100 || Limit < 0) return errorReply('InvalidParameterValue', 'Limit');
  if ((JobIds?.length ?? 0) > 100) return errorReply('InvalidParameterValue', 'JobIds');
  if ((Filters?.length ?? 0) > 10) return errorReply('InvalidParameterValue.LimitExceeded', 'Filters');
  for (const id of [...(JobIds ?? []), ...(Filters?.find((f) => f.Name === 'job-id')?.Values ?? [])])
    if (!/^job-[a-z0-9]{8}$/.test(id)) return errorReply('InvalidParameter.JobIdMalformed');
  for (const filter of Filters ?? []) {
    if (filter.Values.length > 100 || filter.Values.length === 0)
      return errorReply('InvalidParameterValue.LimitExceeded');
    if (filter.Name === 'zone' && filter.Values.some((zone) => !zone.startsWith(`${region}-`)))
      return errorReply('InvalidZone.MismatchRegion');
  }
  let matched = views.filter((view) => !JobIds || JobIds.includes(view.JobId));
  if (Filters)
    matched = matched.filter((view) => Filters.every((filter) => matchesFilter(view, filter, matching)));
  return {
    status: 200,
    body: envelope({ TotalCount: matched.length, JobSet: matched.slice(Offset, Offset + Limit) }),
    headers: { 'content-type': 'application/json' },
  };
}

export interface FakeTencent {
  agent: MockAgent;
  requests: CapturedRequest[];
  views: View[];
}

/**
 * A MockAgent that answers DescribeJobs at `origin` from `views` (or with `respond`'s reply), after
 * checking the signature: a request that does not verify gets AuthFailure.SignatureFailure.
 */
export function fakeTencent(
  options: {
    views?: View[];
    origin?: string;
    respond?: (request: CapturedRequest, index: number) => Reply | undefined;
    matching?: Matching;
    /** The first request fails with this connection-level error instead. */
    networkError?: Error;
  } = {},
): FakeTencent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const origin = options.origin ?? publicOrigin;
  const requests: CapturedRequest[] = [];
  const views = options.views ?? [];
  if (options.networkError)
    agent.get(origin).intercept({ path: '/', method: 'POST' }).replyWithError(options.networkError);
  agent
    .get(origin)
    .intercept({ path: () => true, method: () => true })
    .reply((call) => {
      const body = typeof call.body === 'string' ? call.body : '';
      const request: CapturedRequest = {
        method: call.method,
        origin,
        path: call.path,
        headers: lowerCaseHeaders(call.headers),
        body,
        parameters: body ? (JSON.parse(body) as Record<string, unknown>) : {},
      };
      requests.push(request);
      const reply =
        options.respond?.(request, requests.length - 1) ??
        (signatureProblem(request) === null
          ? describeJobs(views, request, options.matching)
          : errorReply('AuthFailure.SignatureFailure', 'The provided credentials could not be validated.'));
      return {
        statusCode: reply.status,
        data: reply.body,
        responseOptions: { headers: reply.headers ?? {} },
      };
    })
    .persist();
  return { agent, requests, views };
}

/** An adapter reaching `fake`, with fast retries and no rate-limit waits. */
export function testAdapter(fake: FakeTencent, options: Partial<TencentBatchOptions> = {}) {
  return tencentBatch({
    region,
    credentials,
    dispatcher: fake.agent,
    rateLimit: 10_000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    env: {},
    ...options,
  });
}

export async function collect(iterable: AsyncIterable<Job>): Promise<Job[]> {
  const out: Job[] = [];
  for await (const job of iterable) out.push(job);
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
