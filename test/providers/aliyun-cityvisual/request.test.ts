import { describe, expect, it } from 'vitest';
import { canonicalizedQueryString, percentEncode } from '../../../src/providers/aliyun-cityvisual/sign.js';
import {
  credentials,
  describeJobGroups,
  errorReply,
  fakeCityVisual,
  firstPage,
  fixture,
  instanceId,
  makeGroup,
  publicOrigin,
  region,
  securityToken,
  signal,
  signatureProblem,
  testAdapter,
} from './fake-cityvisual.js';

const fixedNow = Date.UTC(2025, 5, 30, 23, 59, 59, 500);
const fixedClock = { now: () => fixedNow, sleep: async () => undefined };
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The action's own parameters in a documented request example (`&Name=Value` lines). */
function documentedParameters(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fixture(file).split('\n')) {
    const match = /^[&?]?([A-Za-z.0-9]+)=(.*)$/.exec(line.replace(/^.*\?/, ''));
    if (match && !match[2]?.startsWith('<')) out[match[1] as string] = match[2] as string;
  }
  return out;
}

describe('DescribeJobGroups requests', () => {
  it('GETs https://cityvisual.<region>.aliyuncs.com/ with every common parameter and a signature that verifies', async () => {
    const fake = fakeCityVisual({ groups: [makeGroup()] });
    const page = await testAdapter(fake, { clock: fixedClock }).describeJobGroups({}, firstPage, { signal });
    expect(page.count).toBe(1);
    const [request] = fake.requests;
    expect(request?.method).toBe('GET');
    expect(request?.origin).toBe(publicOrigin);
    expect(request?.path).toBe('/');
    const { Signature, SignatureNonce, ...rest } = request?.parameters ?? {};
    expect(rest).toEqual({
      AccessKeyId: credentials.accessKeyId,
      Action: 'DescribeJobGroups',
      Format: 'JSON',
      InstanceId: instanceId,
      PageNumber: '1',
      PageSize: '100',
      RegionId: region,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      // Second precision, UTC.
      Timestamp: '2025-06-30T23:59:59Z',
      Version: '2018-10-30',
    });
    expect(SignatureNonce).toMatch(uuid);
    expect(Signature).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(signatureProblem(request!)).toBeNull();
    // The query sent is the canonical query itself, Signature last: what is signed is what is sent.
    const { Signature: _signature, ...signed } = request!.parameters;
    expect(request?.rawQuery).toBe(
      `${canonicalizedQueryString(signed)}&Signature=${percentEncode(Signature!)}`,
    );
    // Permanent keys: no SecurityToken.
    expect(request?.parameters).not.toHaveProperty('SecurityToken');
  });

  it('a signature made with another secret does not verify (the check is real)', async () => {
    const fake = fakeCityVisual({ groups: [] });
    await testAdapter(fake).describeJobGroups({}, firstPage, { signal });
    expect(signatureProblem(fake.requests[0]!, 'another-secret-0000000')).toBe('signature does not verify');
  });

  it('sends (and signs) SecurityToken for STS credentials', async () => {
    const fake = fakeCityVisual({ groups: [] });
    await testAdapter(fake, { credentials: { ...credentials, securityToken } }).describeJobGroups(
      {},
      firstPage,
      {
        signal,
      },
    );
    expect(fake.requests[0]?.parameters.SecurityToken).toBe(securityToken);
    expect(signatureProblem(fake.requests[0]!)).toBeNull();
  });

  it('asks for XML with format: xml', async () => {
    const fake = fakeCityVisual({ groups: [makeGroup()] });
    const page = await testAdapter(fake, { format: 'xml' }).describeJobGroups({}, firstPage, { signal });
    expect(fake.requests[0]?.parameters.Format).toBe('XML');
    expect(page.count).toBe(1);
  });

  it('pages with PageNumber = index + 1 and PageSize = size, and sends JobGroupId for a stream', async () => {
    const fake = fakeCityVisual({ groups: [makeGroup(), makeGroup()] });
    const adapter = testAdapter(fake);
    await adapter.describeJobGroups(
      { jobGroupId: 'daj28d89edh8' },
      { index: 2, size: 7, offset: 14, token: null },
      {
        signal,
      },
    );
    expect(fake.requests[0]?.parameters).toMatchObject({
      PageNumber: '3',
      PageSize: '7',
      JobGroupId: 'daj28d89edh8',
    });
  });

  it('the documented request example’s parameters are what is sent', async () => {
    const fake = fakeCityVisual({ groups: [] });
    await testAdapter(fake).describeJobGroups({}, { index: 0, size: 10, offset: 0, token: null }, { signal });
    const documented = documentedParameters('DescribeJobGroups.request.txt');
    expect(documented).toEqual({
      Action: 'DescribeJobGroups',
      InstanceId: 'cityvisual-Instance',
      PageNumber: '1',
      PageSize: '10',
    });
    expect(fake.requests[0]?.parameters).toMatchObject(documented);
  });

  it('encodes and signs values outside the unreserved set (space, *, ~, +, Chinese, emoji)', async () => {
    const id = 'a b*c~d+e/f视频😀';
    const fake = fakeCityVisual({ groups: [makeGroup({ JobGroupId: id })] });
    const page = await testAdapter(fake).describeJobGroups({ jobGroupId: id }, firstPage, { signal });
    expect(page.groups.map((group) => group.id)).toEqual([id]);
    const request = fake.requests[0]!;
    expect(request.parameters.JobGroupId).toBe(id);
    expect(request.rawQuery).toContain('JobGroupId=a%20b%2Ac~d%2Be%2Ff%E8%A7%86%E9%A2%91%F0%9F%98%80&');
    expect(signatureProblem(request)).toBeNull();
  });

  it('goes to the endpoint option and signs the same way', async () => {
    const fake = fakeCityVisual({ origin: 'http://127.0.0.1:8123', groups: [makeGroup()] });
    await testAdapter(fake, { endpoint: 'http://127.0.0.1:8123' }).describeJobGroups({}, firstPage, {
      signal,
    });
    expect(fake.requests[0]?.origin).toBe('http://127.0.0.1:8123');
    expect(fake.requests[0]?.path).toBe('/');
    expect(signatureProblem(fake.requests[0]!)).toBeNull();
  });

  it('signs every attempt afresh: a new SignatureNonce and the attempt’s own Timestamp', async () => {
    let now = fixedNow;
    const clock = {
      now: () => now,
      sleep: async (ms: number) => {
        now += Math.max(ms, 1_500);
      },
    };
    const groups = [makeGroup()];
    const fake = fakeCityVisual({
      groups,
      respond: (request, index) =>
        index < 2 ? errorReply('Throttling.User', 400) : describeJobGroups(groups, request),
    });
    const page = await testAdapter(fake, { clock }).describeJobGroups({}, firstPage, { signal });
    expect(page.count).toBe(1);
    expect(fake.requests).toHaveLength(3);
    const nonces = fake.requests.map((request) => request.parameters.SignatureNonce);
    const timestamps = fake.requests.map((request) => request.parameters.Timestamp);
    expect(new Set(nonces).size).toBe(3);
    expect(new Set(timestamps).size).toBe(3);
    for (const request of fake.requests) expect(signatureProblem(request)).toBeNull();
  });
});
