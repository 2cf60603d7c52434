import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client.js';
import { ProviderApiError } from '../../../src/errors.js';
import { FakeClock } from '../../support/fake-clock.js';
import { fakeModelArts, makeNativeJobs, signatureProblem } from './fake-modelarts.js';
import {
  akSk,
  collect,
  failure,
  listPath,
  mockAgent,
  origin,
  projectId,
  testAdapter,
  token,
} from './setup.js';

const agents: ReturnType<typeof mockAgent>[] = [];
function agent() {
  const created = mockAgent();
  agents.push(created);
  return created;
}
afterEach(async () => {
  for (const created of agents.splice(0)) await created.close();
});

describe('huawei-modelarts requests', () => {
  it('sends a signed GET /v1/{project_id}/visualization-jobs that verifies', async () => {
    const mock = agent();
    const cloud = fakeModelArts({
      agent: mock,
      origin,
      projectId,
      jobs: makeNativeJobs(3),
      credentials: akSk,
    });
    const clock = new FakeClock(Date.UTC(2024, 4, 1, 12, 30, 45, 120));
    const adapter = testAdapter(mock, { clock });
    const jobs = await collect(createClient({ providers: [adapter] }).jobs());
    expect(jobs.map((job) => job.id)).toEqual(['1', '2', '3']);
    expect(cloud.requests).toHaveLength(1);
    const [request] = cloud.requests;
    if (!request) throw new Error('no request');
    expect(request.method).toBe('GET');
    expect(`${request.url.origin}${request.url.pathname}${request.url.search}`).toBe(
      `${origin}${listPath}?page=1&per_page=100`,
    );
    expect(request.headers.host).toBe('modelarts.cn-north-4.myhuaweicloud.com');
    expect(request.headers['x-sdk-date']).toBe('20240501T123045Z');
    expect(request.headers['x-project-id']).toBe(projectId);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-auth-token']).toBeUndefined();
    expect(request.headers['x-security-token']).toBeUndefined();
    expect(request.headers.authorization).toMatch(
      /^SDK-HMAC-SHA256 Access=HWTESTAKEXAMPLE00001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/,
    );
    expect(signatureProblem(request, akSk.ak, akSk.sk)).toBeNull();
    // The check is real: another key does not verify.
    expect(signatureProblem(request, akSk.ak, `${akSk.sk}x`)).toBe('signature does not verify');
  });

  it('sends and signs X-Security-Token for temporary AK/SK', async () => {
    const mock = agent();
    const temporary = { ...akSk, securityToken: 'HWTEMPORARYSECURITYTOKEN-0123456789' };
    const cloud = fakeModelArts({
      agent: mock,
      origin,
      projectId,
      jobs: makeNativeJobs(1),
      credentials: temporary,
    });
    const adapter = testAdapter(mock, { credentials: temporary });
    expect(adapter.authentication).toBe('temporary-aksk');
    await collect(createClient({ providers: [adapter] }).jobs());
    const [request] = cloud.requests;
    if (!request) throw new Error('no request');
    expect(request.headers['x-security-token']).toBe(temporary.securityToken);
    expect(request.headers.authorization).toContain(
      'SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token,',
    );
    expect(signatureProblem(request, temporary.ak, temporary.sk)).toBeNull();
  });

  it('sends an IAM token as X-Auth-Token, with no signature', async () => {
    const mock = agent();
    const cloud = fakeModelArts({
      agent: mock,
      origin,
      projectId,
      jobs: makeNativeJobs(2),
      credentials: { token },
    });
    const adapter = testAdapter(mock, { credentials: { token } });
    expect(adapter.authentication).toBe('token');
    const jobs = await collect(createClient({ providers: [adapter] }).jobs());
    expect(jobs).toHaveLength(2);
    const [request] = cloud.requests;
    if (!request) throw new Error('no request');
    expect(request.headers['x-auth-token']).toBe(token);
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers['x-sdk-date']).toBeUndefined();
    expect(`${request.url.pathname}${request.url.search}`).toBe(`${listPath}?page=1&per_page=100`);
  });

  it('takes AK/SK and the security token from the environment', async () => {
    const mock = agent();
    const cloud = fakeModelArts({
      agent: mock,
      origin,
      projectId,
      jobs: makeNativeJobs(1),
      credentials: { ...akSk, securityToken: 'HWENVSECURITYTOKEN-0001' },
    });
    const adapter = testAdapter(mock, {
      credentials: undefined,
      env: {
        HUAWEICLOUD_SDK_AK: akSk.ak,
        HUAWEICLOUD_SDK_SK: akSk.sk,
        HUAWEICLOUD_SDK_SECURITY_TOKEN: 'HWENVSECURITYTOKEN-0001',
      },
    });
    expect(await collect(createClient({ providers: [adapter] }).jobs())).toHaveLength(1);
    expect(cloud.requests[0]?.headers['x-security-token']).toBe('HWENVSECURITYTOKEN-0001');
  });

  it('signs the Host actually sent when the endpoint is replaced (port and path prefix kept)', async () => {
    const mock = agent();
    const local = 'http://127.0.0.1:8080';
    const cloud = fakeModelArts({
      agent: mock,
      origin: local,
      projectId,
      jobs: makeNativeJobs(1),
      credentials: akSk,
    });
    const adapter = testAdapter(mock, { endpoint: `${local}/gateway/`, workspaceId: 'ws 1/α' });
    await collect(createClient({ providers: [adapter] }).jobs());
    const [request] = cloud.requests;
    if (!request) throw new Error('no request');
    expect(request.headers.host).toBe('127.0.0.1:8080');
    expect(request.url.pathname).toBe(`/gateway${listPath}`);
    expect(request.url.search).toBe('?page=1&per_page=100&workspace_id=ws%201%2F%CE%B1');
    expect(request.url.searchParams.get('workspace_id')).toBe('ws 1/α');
    expect(signatureProblem(request, akSk.ak, akSk.sk)).toBeNull();
  });

  it('pages with page (1-based) and per_page until the total is reached', async () => {
    const mock = agent();
    const cloud = fakeModelArts({
      agent: mock,
      origin,
      projectId,
      jobs: makeNativeJobs(250),
      credentials: akSk,
    });
    const jobs = await collect(createClient({ providers: [testAdapter(mock)], pageOverlap: 0 }).jobs());
    expect(jobs.map((job) => Number(job.id))).toEqual(Array.from({ length: 250 }, (_, index) => index + 1));
    const pages = cloud.requests.map((request) => [
      request.url.searchParams.get('page'),
      request.url.searchParams.get('per_page'),
    ]);
    expect(pages).toEqual([
      ['1', '100'],
      ['2', '100'],
      ['3', '100'],
    ]);
    for (const request of cloud.requests) expect(signatureProblem(request, akSk.ak, akSk.sk)).toBeNull();
  });

  it('uses the pageSize option as per_page, up to 1000', async () => {
    const mock = agent();
    const cloud = fakeModelArts({
      agent: mock,
      origin,
      projectId,
      jobs: makeNativeJobs(1200),
      credentials: akSk,
    });
    const jobs = await collect(
      createClient({ providers: [testAdapter(mock, { pageSize: 1000 })], pageOverlap: 0 }).jobs(),
    );
    expect(jobs).toHaveLength(1200);
    expect(cloud.requests.map((request) => request.url.search)).toEqual([
      '?page=1&per_page=1000',
      '?page=2&per_page=1000',
    ]);
  });

  it('stops on an empty page when the total is missing', async () => {
    const mock = agent();
    const all = makeNativeJobs(5);
    const cloud = fakeModelArts({
      agent: mock,
      origin,
      projectId,
      jobs: all,
      respond: (request) => {
        const page = Number(request.url.searchParams.get('page'));
        const size = Number(request.url.searchParams.get('per_page'));
        return {
          status: 200,
          body: JSON.stringify({ is_success: true, jobs: all.slice((page - 1) * size, page * size) }),
        };
      },
    });
    const jobs = await collect(createClient({ providers: [testAdapter(mock, { pageSize: 2 })] }).jobs());
    expect(jobs.map((job) => job.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(cloud.requests.map((request) => request.url.searchParams.get('page'))).toEqual(['1', '2', '3']);
  });

  it('signs every attempt afresh with a new X-Sdk-Date', async () => {
    const mock = agent();
    const clock = new FakeClock(Date.UTC(2024, 4, 1, 12, 0, 0));
    const cloud = fakeModelArts({
      agent: mock,
      origin,
      projectId,
      jobs: makeNativeJobs(1),
      credentials: akSk,
      respond: (_request, index) =>
        index === 0
          ? {
              status: 429,
              body: '{"error_code":"APIGW.0308","error_msg":"The throttling threshold has been reached"}',
              headers: { 'retry-after': '2' },
            }
          : undefined,
    });
    const adapter = testAdapter(mock, {
      clock,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 10_000 },
    });
    const listing = collect(createClient({ providers: [adapter] }).jobs());
    while (cloud.requests.length < 1) await clock.advance(0);
    await clock.advance(2000);
    const jobs = await listing;
    expect(jobs).toHaveLength(1);
    expect(clock.sleeps).toContain(2000);
    expect(cloud.requests.map((request) => request.headers['x-sdk-date'])).toEqual([
      '20240501T120000Z',
      '20240501T120002Z',
    ]);
    expect(cloud.requests[0]?.headers.authorization).not.toBe(cloud.requests[1]?.headers.authorization);
    for (const request of cloud.requests) expect(signatureProblem(request, akSk.ak, akSk.sk)).toBeNull();
  });

  it('never lets a credential into an error message or a log line', async () => {
    const mock = agent();
    const lines: string[] = [];
    fakeModelArts({
      agent: mock,
      origin,
      projectId,
      jobs: [],
      respond: (request) => ({
        status: 401,
        body: JSON.stringify({
          error_code: 'APIGW.0301',
          error_msg: `Incorrect IAM authentication information: ${request.headers.authorization} with ${akSk.sk}`,
        }),
      }),
    });
    const adapter = testAdapter(mock, { logger: (line) => lines.push(line) });
    const error = await failure(collect(createClient({ providers: [adapter], failFast: true }).jobs()));
    expect(error).toBeInstanceOf(ProviderApiError);
    const text = `${(error as Error).message}\n${lines.join('\n')}`;
    expect(text).toContain('APIGW.0301');
    expect(text).not.toContain(akSk.sk);
    expect(text).not.toMatch(/Signature=[0-9a-f]{64}/);
  });
});
