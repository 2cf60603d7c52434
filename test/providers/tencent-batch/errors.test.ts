import { describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client.js';
import { type ErrorKind, PartialFailureError, ProviderApiError } from '../../../src/errors.js';
import {
  collect,
  credentials,
  failure,
  fakeTencent,
  fixture,
  makeView,
  type Reply,
  signatureProblem,
  testAdapter,
} from './fake-tencent.js';

const signal = new AbortController().signal;
const firstPage = { index: 0, size: 100, offset: 0, token: null };

async function apiError(respond: (index: number) => Reply | undefined, views = [makeView()]) {
  const fake = fakeTencent({ views, respond: (_request, index) => respond(index) });
  const error = await failure(testAdapter(fake).describeJobs({}, firstPage, { signal }));
  expect(error).toBeInstanceOf(ProviderApiError);
  return { error: error as ProviderApiError, fake };
}

const always = (reply: Reply) => () => reply;

describe('errors in an HTTP 200 body (Response.Error)', () => {
  const cases: [file: string, code: string, kind: ErrorKind, attempts: number][] = [
    ['error-signature-failure.json', 'AuthFailure.SignatureFailure', 'auth', 1],
    ['error-secret-id-not-found.json', 'AuthFailure.SecretIdNotFound', 'auth', 1],
    ['error-request-limit-exceeded.json', 'RequestLimitExceeded', 'throttled', 3],
    ['error-job-id-malformed.json', 'InvalidParameter.JobIdMalformed', 'invalid_request', 1],
    ['error-invalid-filter.json', 'InvalidFilter', 'invalid_request', 1],
    ['error-filter-values-limit-exceeded.json', 'InvalidParameterValue.LimitExceeded', 'invalid_request', 1],
    ['error-invalid-zone.json', 'InvalidZone.MismatchRegion', 'invalid_request', 1],
    ['error-unknown-parameter.json', 'UnknownParameter', 'invalid_request', 1],
    ['error-resource-not-found.json', 'ResourceNotFound', 'not_found', 1],
    ['error-internal-error.json', 'InternalError', 'server', 3],
    ['error-service-unavailable.json', 'ServiceUnavailable', 'server', 3],
  ];

  for (const [file, code, kind, attempts] of cases) {
    it(`${code} → ${kind}${attempts > 1 ? ', retried' : ', not retried'}`, async () => {
      const body = fixture(file);
      const documented = JSON.parse(body).Response;
      const { error, fake } = await apiError(always({ status: 200, body }));
      expect(error).toMatchObject({
        kind,
        code,
        cloudMessage: documented.Error.Message,
        requestId: documented.RequestId,
        httpStatus: 200,
        action: 'DescribeJobs',
        provider: 'tencent-batch',
        source: 'tencent-batch:ap-guangzhou',
        retryable: attempts > 1,
      });
      expect(error.message).toContain(code);
      expect(error.message).toContain(documented.RequestId);
      expect(fake.requests).toHaveLength(attempts);
    });
  }

  it('a sub-code counts as its family: RequestLimitExceeded.UinLimitExceeded is throttling, retried then served', async () => {
    const fake = fakeTencent({
      views: [makeView()],
      respond: (_request, index) =>
        index < 2
          ? {
              status: 200,
              body: '{"Response":{"Error":{"Code":"RequestLimitExceeded.UinLimitExceeded","Message":"slow down"},"RequestId":"r"}}',
            }
          : undefined,
    });
    const page = await testAdapter(fake).describeJobs({}, firstPage, { signal });
    expect(page.count).toBe(1);
    expect(fake.requests).toHaveLength(3);
    // Each retry is signed afresh and verifies.
    for (const request of fake.requests) expect(signatureProblem(request)).toBeNull();
  });

  it('a code no table knows is a non-retryable error that keeps the code verbatim', async () => {
    const { error, fake } = await apiError(
      always({
        status: 200,
        body: '{"Response":{"Error":{"Code":"FailedOperation.Something","Message":"m"}}}',
      }),
    );
    expect(error).toMatchObject({ code: 'FailedOperation.Something', retryable: false, requestId: null });
    expect(fake.requests).toHaveLength(1);
  });

  it('never carries a credential in the message, even when the cloud echoes one', async () => {
    const { error } = await apiError(
      always({
        status: 200,
        body: JSON.stringify({
          Response: {
            Error: {
              Code: 'AuthFailure.SignatureFailure',
              Message: `bad signature for ${credentials.secretId} with ${credentials.secretKey}`,
            },
            RequestId: 'r',
          },
        }),
      }),
    );
    expect(error.message).not.toContain(credentials.secretId);
    expect(error.message).not.toContain(credentials.secretKey);
    expect(error.cloudMessage).not.toContain(credentials.secretKey);
  });
});

describe('HTTP statuses other than 200', () => {
  it('a 5xx without a Tencent body is a retryable server error', async () => {
    const { error, fake } = await apiError(always({ status: 502, body: '<html>Bad Gateway</html>' }));
    expect(error).toMatchObject({ kind: 'server', code: 'HTTP502', httpStatus: 502, retryable: true });
    expect(error.message).toContain('Bad Gateway');
    expect(fake.requests).toHaveLength(3);
  });

  it('a 5xx that recovers is retried and the page is served', async () => {
    const fake = fakeTencent({
      views: [makeView(), makeView()],
      respond: (_request, index) => (index === 0 ? { status: 503, body: '' } : undefined),
    });
    const page = await testAdapter(fake).describeJobs({}, firstPage, { signal });
    expect(page.count).toBe(2);
    expect(fake.requests).toHaveLength(2);
  });

  it('a 500 with a Tencent body keeps the cloud code and request id', async () => {
    const { error } = await apiError(always({ status: 500, body: fixture('error-internal-error.json') }));
    expect(error).toMatchObject({ kind: 'server', code: 'InternalError', httpStatus: 500, retryable: true });
    expect(error.requestId).toBe(JSON.parse(fixture('error-internal-error.json')).Response.RequestId);
  });

  it('429 is throttling: retried after Retry-After, and a throttled error when it persists', async () => {
    const recovering = fakeTencent({
      views: [makeView()],
      respond: (_request, index) =>
        index === 0 ? { status: 429, body: 'slow down', headers: { 'retry-after': '0' } } : undefined,
    });
    expect((await testAdapter(recovering).describeJobs({}, firstPage, { signal })).count).toBe(1);
    expect(recovering.requests).toHaveLength(2);
    const { error, fake } = await apiError(always({ status: 429, body: 'slow down' }));
    expect(error).toMatchObject({ kind: 'throttled', code: 'HTTP429', retryable: true });
    expect(fake.requests).toHaveLength(3);
  });

  it('403 and 401 are auth, 404 not found, 400 invalid: not retried', async () => {
    const cases: [number, ErrorKind][] = [
      [403, 'auth'],
      [401, 'auth'],
      [404, 'not_found'],
      [400, 'invalid_request'],
    ];
    for (const [status, kind] of cases) {
      const { error, fake } = await apiError(always({ status, body: 'no' }));
      expect(error).toMatchObject({ kind, code: `HTTP${status}`, httpStatus: status, retryable: false });
      expect(fake.requests).toHaveLength(1);
    }
  });

  it('a network failure is retried by the transport', async () => {
    const fake = fakeTencent({
      views: [makeView()],
      networkError: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    });
    const adapter = testAdapter(fake);
    let attempts = 0;
    adapter.transport.observe(() => {
      attempts++;
    });
    const page = await adapter.describeJobs({}, firstPage, { signal });
    expect(page.count).toBe(1);
    expect(attempts).toBe(2);
  });
});

describe('AuthFailure.SignatureExpire (a skewed clock)', () => {
  const skewMs = 20 * 60_000;
  const serverNow = Date.UTC(2025, 2, 1, 12, 0, 0);
  const serverDate = new Date(serverNow).toUTCString();

  function skewedClock() {
    return { now: () => serverNow - skewMs, sleep: async () => undefined };
  }

  /** Refuses a timestamp more than five minutes from the server's time, like the cloud. */
  function checkingTime(options: { date?: boolean } = {}) {
    return (request: { headers: Record<string, string> }): Reply | undefined => {
      const sent = Number(request.headers['x-tc-timestamp']) * 1000;
      if (Math.abs(sent - serverNow) <= 300_000) return undefined;
      return {
        status: 200,
        body: fixture('error-signature-expire.json'),
        headers: options.date === false ? {} : { date: serverDate },
      };
    };
  }

  it('learns the offset from the Date header, signs again at once, and signs later requests right', async () => {
    const fake = fakeTencent({ views: [makeView()], respond: checkingTime() });
    const sleeps: number[] = [];
    const adapter = testAdapter(fake, {
      clock: { now: () => serverNow - skewMs, sleep: async (ms) => void sleeps.push(ms) },
    });
    const page = await adapter.describeJobs({}, firstPage, { signal });
    expect(page.count).toBe(1);
    expect(fake.requests).toHaveLength(2);
    expect(sleeps).toEqual([0]);
    const [expired, resigned] = fake.requests;
    expect(Number(expired?.headers['x-tc-timestamp'])).toBe((serverNow - skewMs) / 1000);
    expect(Number(resigned?.headers['x-tc-timestamp'])).toBe(serverNow / 1000);
    expect(signatureProblem(resigned!)).toBeNull();
    expect(adapter.clockOffset).toBe(skewMs);
    // The next page is signed with the learned offset from the start.
    await adapter.describeJobs({}, firstPage, { signal });
    expect(fake.requests).toHaveLength(3);
    expect(Number(fake.requests[2]?.headers['x-tc-timestamp'])).toBe(serverNow / 1000);
  });

  it('without a Date header, fails at once with an error saying the local clock is off', async () => {
    const fake = fakeTencent({ views: [makeView()], respond: checkingTime({ date: false }) });
    const error = (await failure(
      testAdapter(fake, { clock: skewedClock() }).describeJobs({}, firstPage, { signal }),
    )) as ProviderApiError;
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error).toMatchObject({ kind: 'auth', code: 'AuthFailure.SignatureExpire', retryable: false });
    expect(error.message).toMatch(/local clock is off/);
    expect(error.message).toContain('no Date header');
    expect(fake.requests).toHaveLength(1);
  });

  it('re-signs only once: a Date header that does not help ends in the clock error', async () => {
    const fake = fakeTencent({
      views: [makeView()],
      respond: () => ({
        status: 200,
        body: fixture('error-signature-expire.json'),
        headers: { date: serverDate },
      }),
    });
    const error = (await failure(
      testAdapter(fake, { clock: skewedClock() }).describeJobs({}, firstPage, { signal }),
    )) as ProviderApiError;
    expect(error).toMatchObject({ kind: 'auth', code: 'AuthFailure.SignatureExpire', retryable: false });
    expect(error.message).toMatch(/local clock is off/);
    expect(fake.requests).toHaveLength(2);
  });

  it('with a single attempt allowed, says the clock is off rather than promising a retry', async () => {
    const fake = fakeTencent({ views: [makeView()], respond: checkingTime() });
    const error = (await failure(
      testAdapter(fake, { clock: skewedClock(), retry: { maxAttempts: 1 } }).describeJobs({}, firstPage, {
        signal,
      }),
    )) as ProviderApiError;
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/local clock is off/);
  });

  it('a listing through createClient recovers from the skew transparently', async () => {
    const views = Array.from({ length: 5 }, () => makeView());
    const fake = fakeTencent({ views, respond: checkingTime() });
    const client = createClient({ providers: [testAdapter(fake, { clock: skewedClock(), pageSize: 2 })] });
    const jobs = await collect(client.jobs());
    expect(jobs.map((job) => job.id)).toEqual(views.map((view) => view.JobId));
  });
});

describe('a failing instance within a client', () => {
  it('becomes a PartialFailureError naming the instance, with the ProviderApiError inside', async () => {
    const fake = fakeTencent({
      respond: () => ({ status: 200, body: fixture('error-signature-failure.json') }),
    });
    const client = createClient({ providers: [testAdapter(fake)] });
    const error = await failure(collect(client.jobs()));
    expect(error).toBeInstanceOf(PartialFailureError);
    const [first] = (error as PartialFailureError).errors;
    expect(first?.source).toBe('tencent-batch:ap-guangzhou');
    expect(first?.error).toBeInstanceOf(ProviderApiError);
    expect(first?.error).toHaveProperty('code', 'AuthFailure.SignatureFailure');
  });
});
