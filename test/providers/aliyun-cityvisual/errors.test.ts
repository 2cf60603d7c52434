import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client.js';
import { type ErrorKind, PartialFailureError, ProviderApiError } from '../../../src/errors.js';
import { loadXmlParser } from '../../../src/providers/aliyun-cityvisual/xml.js';
import {
  collect,
  credentials,
  describeJobGroups,
  documentedErrors,
  errorReply,
  failure,
  fakeCityVisual,
  firstPage,
  fixture,
  makeGroup,
  type Reply,
  securityToken,
  signal,
  signatureProblem,
  testAdapter,
} from './fake-cityvisual.js';

beforeAll(async () => {
  await loadXmlParser();
});

async function apiError(respond: (index: number) => Reply | undefined, options = {}) {
  const fake = fakeCityVisual({ groups: [makeGroup()], respond: (_request, index) => respond(index) });
  const error = await failure(testAdapter(fake, options).describeJobGroups({}, firstPage, { signal }));
  expect(error).toBeInstanceOf(ProviderApiError);
  return { error: error as ProviderApiError, fake };
}

const always = (reply: Reply) => () => reply;

// Kind, and whether a read is retried (3 attempts with maxAttempts 3).
const expected: Record<string, [ErrorKind, boolean]> = {
  'InvalidName.Malformed': ['invalid_request', false],
  'InvalidName.Duplicate': ['conflict', false],
  'InvalidAlgoLibId.NotFound': ['not_found', false],
  'InvalidResourceProfileId.NotFound': ['not_found', false],
  'InvalidStatus.ValueNotSupported': ['invalid_request', false],
  'InvalidParameter.KeyNotSupported': ['invalid_request', false],
  MissingParameter: ['invalid_request', false],
  'InvalidJobGroupId.NotFound': ['not_found', false],
  Throttling: ['throttled', true],
  'Throttling.User': ['throttled', true],
  SignatureDoesNotMatch: ['auth', false],
  SignatureNonceUsed: ['auth', true],
  'InvalidAccessKeyId.NotFound': ['auth', false],
  IncompleteSignature: ['auth', false],
  'InvalidTimeStamp.Expired': ['auth', false],
  'InvalidTimeStamp.Format': ['auth', false],
  InternalError: ['server', true],
  ServiceUnavailable: ['server', true],
  'InvalidAction.NotFound': ['not_found', false],
};

describe('documented error bodies, JSON and XML, with their HTTP status', () => {
  it('every fixture has an expectation here', () => {
    expect(documentedErrors.map((entry) => entry.code).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const entry of documentedErrors) {
    const [kind, retried] = expected[entry.code] as [ErrorKind, boolean];
    for (const format of ['json', 'xml'] as const) {
      it(`${entry.code} (${format}, HTTP ${entry.httpStatus}) → ${kind}${retried ? ', retried' : ''}`, async () => {
        const body = fixture(entry[format]);
        const contentType = format === 'json' ? 'application/json;charset=utf-8' : 'text/xml;charset=utf-8';
        const documented = JSON.parse(fixture(entry.json)) as Record<string, string>;
        const { error, fake } = await apiError(
          always({ status: entry.httpStatus, body, headers: { 'content-type': contentType } }),
        );
        expect(error).toMatchObject({
          kind,
          code: entry.code,
          httpStatus: entry.httpStatus,
          requestId: documented.RequestId,
          hostId: documented.HostId,
          action: 'DescribeJobGroups',
          provider: 'aliyun-cityvisual',
          source: 'aliyun-cityvisual:cn-shanghai',
          retryable: retried,
        });
        expect(error.message).toContain(entry.code);
        expect(error.message).toContain(documented.RequestId);
        expect(fake.requests).toHaveLength(retried ? 3 : 1);
      });
    }
  }
});

describe('what the adapter adds to an error', () => {
  it('InvalidTimeStamp.*: the message says the local clock is off, with what was sent and the server’s Date', async () => {
    const now = Date.UTC(2024, 4, 1, 8, 0, 0);
    const { error } = await apiError(
      always({
        ...errorReply('InvalidTimeStamp.Expired', 400, 'Specified time stamp or date value is expired.'),
        headers: { 'content-type': 'application/json', date: 'Wed, 01 May 2024 08:31:00 GMT' },
      }),
      { clock: { now: () => now, sleep: async () => undefined } },
    );
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('Specified time stamp or date value is expired.');
    expect(error.message).toContain('the local clock is off');
    expect(error.message).toContain('Timestamp 2024-05-01T08:00:00Z');
    expect(error.message).toContain("the server's Date was Wed, 01 May 2024 08:31:00 GMT");
    const format = await apiError(always(errorReply('InvalidTimeStamp.Format', 400, 'not well formatted')));
    expect(format.error.message).toContain('the local clock is off');
    expect(format.error.message).not.toContain("server's Date");
  });

  it('SignatureNonceUsed is retried at once with a fresh nonce, and then succeeds', async () => {
    const groups = [makeGroup()];
    const fake = fakeCityVisual({
      groups,
      respond: (request, index) =>
        index === 0 ? errorReply('SignatureNonceUsed', 400) : describeJobGroups(groups, request),
    });
    const sleeps: number[] = [];
    const adapter = testAdapter(fake, {
      clock: { now: () => Date.now(), sleep: async (ms: number) => void sleeps.push(ms) },
    });
    const page = await adapter.describeJobGroups({}, firstPage, { signal });
    expect(page.count).toBe(1);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]?.parameters.SignatureNonce).not.toBe(fake.requests[1]?.parameters.SignatureNonce);
    expect(sleeps).toEqual([0]);
    for (const request of fake.requests) expect(signatureProblem(request)).toBeNull();
  });

  it('Throttling honours x-acs-retry-after (milliseconds), else backs off', async () => {
    const sleeps: number[] = [];
    const clock = { now: () => Date.now(), sleep: async (ms: number) => void sleeps.push(ms) };
    const throttled = { ...errorReply('Throttling.User', 400), headers: { 'x-acs-retry-after': '1200' } };
    const { error } = await apiError(always(throttled), {
      clock,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5_000 },
    });
    expect(error.retryAfterMs).toBe(1200);
    expect(sleeps).toEqual([1200, 1200]);
  });

  it('Alibaba’s echo of its string to sign never carries the AccessKeyId (or any credential)', async () => {
    const body = fixture('error-SignatureDoesNotMatch.json');
    // The fixture's echo names LTAIEXAMPLEACCESSKEYID; an adapter holding it registers it.
    const holding = { accessKeyId: 'LTAIEXAMPLEACCESSKEYID', accessKeySecret: credentials.accessKeySecret };
    const lines: string[] = [];
    const { error } = await apiError(always({ status: 400, body }), {
      credentials: { ...holding, securityToken },
      logger: (line: string) => lines.push(line),
    });
    expect(error.code).toBe('SignatureDoesNotMatch');
    expect(error.message).toContain('server string to sign is:GET&%2F&');
    for (const text of [error.message, error.cloudMessage, ...lines]) {
      expect(text).not.toContain('LTAIEXAMPLEACCESSKEYID');
      expect(text).not.toContain(credentials.accessKeySecret);
      expect(text).not.toContain(securityToken);
    }
    // Each log line is the request URL (with AccessKeyId, SecurityToken and Signature), scrubbed.
    expect(lines.some((line) => line.includes('AccessKeyId=***'))).toBe(true);
    expect(lines.some((line) => line.includes('Signature=***'))).toBe(true);
  });

  it('an echoed key id that was never registered is scrubbed by its name in the encoded string', async () => {
    const echo =
      'Specified signature is not matched with our calculation. server string to sign is:GET&%2F&AccessKeyId%3DLTAIUNREGISTEREDKEY999%26Action%3DDescribeJobGroups%26SecurityToken%3DCAISUNREGISTEREDTOKEN%26Version%3D2018-10-30';
    const { error } = await apiError(always(errorReply('SignatureDoesNotMatch', 400, echo, 'XML')));
    expect(error.message).not.toContain('LTAIUNREGISTEREDKEY999');
    expect(error.message).not.toContain('CAISUNREGISTEREDTOKEN');
    expect(error.message).toContain('AccessKeyId%3D***');
  });
});

describe('answers without a CityVisual error body', () => {
  it.each<[string, Reply, ErrorKind, boolean]>([
    [
      'a 502 HTML page',
      {
        status: 502,
        body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
        headers: { 'content-type': 'text/html' },
      },
      'server',
      true,
    ],
    ['a 503 with no body', { status: 503, body: '' }, 'server', true],
    ['a 500 that is not well-formed', { status: 500, body: '<html><hr></html' }, 'server', true],
    [
      'a 429 in plain text',
      { status: 429, body: 'Too Many Requests', headers: { 'content-type': 'text/plain' } },
      'throttled',
      true,
    ],
    ['a 403 from a proxy', { status: 403, body: '{"message":"denied"}' }, 'auth', false],
    ['a 404', { status: 404, body: 'not found' }, 'not_found', false],
    [
      'a 400 with JSON that has no Code',
      { status: 400, body: '{"RequestId":"R"}' },
      'invalid_request',
      false,
    ],
  ])('%s → %s', async (_what, reply, kind, retried) => {
    const { error, fake } = await apiError(always(reply));
    expect(error).toMatchObject({
      kind,
      code: `HTTP${reply.status}`,
      httpStatus: reply.status,
      retryable: retried,
    });
    expect(fake.requests).toHaveLength(retried ? 3 : 1);
  });

  it('an error code in an HTTP 200 body is an error too (JSON Code, XML <Error>)', async () => {
    const json = await apiError(always({ ...errorReply('InvalidJobGroupId.NotFound'), status: 200 }));
    expect(json.error).toMatchObject({
      kind: 'not_found',
      code: 'InvalidJobGroupId.NotFound',
      httpStatus: 200,
    });
    const xml = await apiError(always({ ...errorReply('Throttling', 400, 'slow down', 'XML'), status: 200 }));
    expect(xml.error).toMatchObject({ kind: 'throttled', code: 'Throttling', httpStatus: 200 });
  });

  it('a code nobody listed falls back to the HTTP status', async () => {
    const { error } = await apiError(always(errorReply('Forbidden.RAM', 403)));
    expect(error.kind).toBe('auth');
    const unknown = await apiError(always(errorReply('SomethingNew', 500)));
    expect(unknown.error).toMatchObject({ kind: 'server', code: 'SomethingNew', retryable: true });
    const odd = await apiError(always(errorReply('SomethingElse', 418)));
    expect(odd.error).toMatchObject({ kind: 'invalid_request', retryable: false });
  });

  it('a connection reset is retried for a read', async () => {
    const error = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const fake = fakeCityVisual({ groups: [makeGroup()], networkError: error });
    const page = await testAdapter(fake).describeJobGroups({}, firstPage, { signal });
    expect(page.count).toBe(1);
  });
});

describe('through the client', () => {
  it('a failing instance is a PartialFailureError naming it; failFast throws the error itself', async () => {
    const fake = fakeCityVisual({ respond: always(errorReply('InvalidAccessKeyId.NotFound', 404)) });
    const error = await failure(collect(createClient({ providers: [testAdapter(fake)] }).jobs()));
    expect(error).toBeInstanceOf(PartialFailureError);
    const [failed] = (error as PartialFailureError).errors;
    expect(failed).toMatchObject({ source: 'aliyun-cityvisual:cn-shanghai', provider: 'aliyun-cityvisual' });
    expect(failed?.error).toMatchObject({ kind: 'auth', code: 'InvalidAccessKeyId.NotFound' });
    const fast = await failure(
      collect(createClient({ providers: [testAdapter(fake)], failFast: true }).jobGroups()),
    );
    expect(fast).toMatchObject({
      kind: 'auth',
      code: 'InvalidAccessKeyId.NotFound',
      provider: 'aliyun-cityvisual',
    });
  });
});
