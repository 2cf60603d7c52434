import { describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client.js';
import { contentType } from '../../../src/providers/tencent-batch/api.js';
import {
  collect,
  credentials,
  fakeTencent,
  makeView,
  publicOrigin,
  region,
  signatureProblem,
  testAdapter,
  token,
} from './fake-tencent.js';

const signal = new AbortController().signal;
const firstPage = { index: 0, size: 100, offset: 0, token: null };

describe('DescribeJobs requests', () => {
  const fixedNow = Date.UTC(2025, 5, 30, 23, 59, 59, 500);

  it('POSTs JSON to https://batch.tencentcloudapi.com/ with the X-TC-* headers and a signature that verifies', async () => {
    const fake = fakeTencent({ views: [makeView()] });
    const adapter = testAdapter(fake, {
      clock: { now: () => fixedNow, sleep: async () => undefined },
    });
    const page = await adapter.describeJobs({}, firstPage, { signal });
    expect(page.count).toBe(1);
    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    expect(request?.origin).toBe(publicOrigin);
    expect(request?.path).toBe('/');
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      host: 'batch.tencentcloudapi.com',
      'x-tc-action': 'DescribeJobs',
      'x-tc-version': '2017-03-12',
      'x-tc-region': region,
      'x-tc-timestamp': String(Math.floor(fixedNow / 1000)),
    });
    expect(request?.headers.authorization).toMatch(
      new RegExp(
        `^TC3-HMAC-SHA256 Credential=${credentials.secretId}/2025-06-30/batch/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$`,
      ),
    );
    expect(signatureProblem(request!)).toBeNull();
    // Permanent keys: no token header; no language unless asked.
    expect(request?.headers).not.toHaveProperty('x-tc-token');
    expect(request?.headers).not.toHaveProperty('x-tc-language');
    // The body signed is the body sent, byte for byte.
    expect(request?.body).toBe('{"Offset":0,"Limit":100}');
    expect(contentType).toBe('application/json');
  });

  it('a signature made with another secret does not verify (the check is real)', async () => {
    const fake = fakeTencent({ views: [makeView()] });
    await testAdapter(fake).describeJobs({}, firstPage, { signal });
    expect(signatureProblem(fake.requests[0]!, 'another-secret-key-000000')).toBe(
      'signature does not verify',
    );
  });

  it('sends X-TC-Token for temporary credentials, and X-TC-Language when asked', async () => {
    const fake = fakeTencent({ views: [] });
    const adapter = testAdapter(fake, { credentials: { ...credentials, token }, language: 'en-US' });
    await adapter.describeJobs({}, firstPage, { signal });
    expect(fake.requests[0]?.headers['x-tc-token']).toBe(token);
    expect(fake.requests[0]?.headers['x-tc-language']).toBe('en-US');
    expect(signatureProblem(fake.requests[0]!)).toBeNull();
  });

  it('goes to batch.<region>.tencentcloudapi.com with regionalEndpoint and signs that host', async () => {
    const fake = fakeTencent({ origin: `https://batch.${region}.tencentcloudapi.com`, views: [] });
    await testAdapter(fake, { regionalEndpoint: true }).describeJobs({}, firstPage, { signal });
    expect(fake.requests[0]?.headers.host).toBe('batch.ap-guangzhou.tencentcloudapi.com');
    expect(signatureProblem(fake.requests[0]!)).toBeNull();
  });

  it('goes to the endpoint option and signs its host with the port, the scope still naming batch', async () => {
    const fake = fakeTencent({ origin: 'http://127.0.0.1:8123', views: [] });
    const adapter = testAdapter(fake, { endpoint: 'http://127.0.0.1:8123' });
    expect(adapter.endpoint.href).toBe('http://127.0.0.1:8123/');
    await adapter.describeJobs({}, firstPage, { signal });
    expect(fake.requests[0]?.headers.host).toBe('127.0.0.1:8123');
    expect(fake.requests[0]?.headers.authorization).toContain('/batch/tc3_request,');
    expect(signatureProblem(fake.requests[0]!)).toBeNull();
  });

  it('signs every attempt afresh: a retry carries a new timestamp and signature', async () => {
    let now = Date.UTC(2025, 0, 1);
    const fake = fakeTencent({
      views: [makeView()],
      respond: (_request, index) =>
        index === 0
          ? {
              status: 200,
              body: '{"Response":{"Error":{"Code":"InternalError","Message":"x"},"RequestId":"r"}}',
            }
          : undefined,
    });
    const adapter = testAdapter(fake, {
      clock: {
        now: () => now,
        sleep: async (ms) => {
          now += ms + 2000;
        },
      },
    });
    await adapter.describeJobs({}, firstPage, { signal });
    expect(fake.requests).toHaveLength(2);
    const [first, second] = fake.requests;
    expect(second?.headers['x-tc-timestamp']).not.toBe(first?.headers['x-tc-timestamp']);
    expect(second?.headers.authorization).not.toBe(first?.headers.authorization);
    expect(signatureProblem(second!)).toBeNull();
  });

  it('pages with Offset/Limit through createClient, in the native order, with the total learned first', async () => {
    const views = Array.from({ length: 250 }, () => makeView());
    const fake = fakeTencent({ views });
    const adapter = testAdapter(fake, { pageSize: 100 });
    const client = createClient({ providers: [adapter], pageOverlap: 0 });
    const jobs = await collect(client.jobs());
    expect(jobs.map((job) => job.id)).toEqual(views.map((view) => view.JobId));
    const pages = fake.requests.map((request) => request.parameters);
    expect(pages).toHaveLength(3);
    expect(pages[0]).toEqual({ Offset: 0, Limit: 100 });
    expect(pages.slice(1)).toEqual(
      expect.arrayContaining([
        { Offset: 100, Limit: 100 },
        { Offset: 200, Limit: 100 },
      ]),
    );
    for (const request of fake.requests) expect(signatureProblem(request)).toBeNull();
  });

  it('uses a smaller Limit when pageSize says so, and listJobs pages follow one another', async () => {
    const views = Array.from({ length: 23 }, () => makeView());
    const fake = fakeTencent({ views });
    const client = createClient({ providers: [testAdapter(fake, { pageSize: 10 })], pageOverlap: 0 });
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await client.listJobs({ pageSize: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((job) => job.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(views.map((view) => view.JobId));
    expect(new Set(fake.requests.map((request) => request.parameters.Limit))).toEqual(new Set([10]));
  });
});
