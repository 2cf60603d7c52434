import { describe, expect, it } from 'vitest';
import {
  canonicalQueryString,
  canonicalUri,
  rfc3986,
  sdkDate,
  sha256Hex,
  signRequest,
} from '../../../src/providers/huawei-modelarts/sign.js';

// PROVIDER-FACTS §3.3, the API Request Signing Guide's worked example.
const example = {
  method: 'GET',
  pathSegments: ['v1', '77b6a44cba5143ab91d13ab9a8ff44fd', 'vpcs'],
  query: [
    ['limit', '2'],
    ['marker', '13551d6b-755d-4757-b956-536f674975c0'],
  ] as [string, string][],
  headers: {
    'Content-Type': 'application/json',
    Host: 'service.region.example.com',
    'X-Sdk-Date': '20191115T033655Z',
  },
  body: '',
  accessKey: 'QTWAOYTTINDUT2QVKYUC',
  secretKey: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc',
};

describe('SDK-HMAC-SHA256 signing', () => {
  it('reproduces the published worked example byte for byte', () => {
    const signed = signRequest(example);
    expect(signed.canonicalRequest).toBe(
      [
        'GET',
        '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/',
        'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
        'content-type:application/json',
        'host:service.region.example.com',
        'x-sdk-date:20191115T033655Z',
        '',
        'content-type;host;x-sdk-date',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
    );
    expect(sha256Hex(signed.canonicalRequest)).toBe(
      'b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a',
    );
    expect(signed.stringToSign).toBe(
      'SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a',
    );
    expect(signed.signature).toBe('7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe');
    expect(signed.signedHeaders).toBe('content-type;host;x-sdk-date');
    expect(signed.authorization).toBe(
      'SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
    );
  });

  it('signs the same whatever order and letter case the headers and parameters come in', () => {
    const shuffled = signRequest({
      ...example,
      query: [...example.query].reverse(),
      headers: {
        'x-sdk-date': '20191115T033655Z',
        HOST: ' service.region.example.com ',
        'content-type': 'application/json',
      },
    });
    expect(shuffled.signature).toBe('7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe');
  });

  it('formats X-Sdk-Date as YYYYMMDDTHHMMSSZ in UTC', () => {
    expect(sdkDate(Date.UTC(2019, 10, 15, 3, 36, 55, 999))).toBe('20191115T033655Z');
    expect(sdkDate(Date.UTC(2024, 0, 1, 0, 0, 0))).toBe('20240101T000000Z');
  });

  it('encodes the query per RFC 3986 and sorts it by name, then value', () => {
    expect(
      canonicalQueryString([
        ['sortBy', 'create_time'],
        ['search_content', "a b*~'(x)!é/视"],
        ['per_page', '100'],
        ['page', '1'],
        ['order', 'desc'],
        ['a', '2'],
        ['a', '10'],
        ['empty', ''],
      ]),
    ).toBe(
      'a=10&a=2&empty=&order=desc&page=1&per_page=100&search_content=a%20b%2A~%27%28x%29%21%C3%A9%2F%E8%A7%86&sortBy=create_time',
    );
    expect(rfc3986('A-Z_a.z~0')).toBe('A-Z_a.z~0');
  });

  it('always ends the canonical URI with a slash and encodes each segment', () => {
    expect(canonicalUri(['v1', 'p', 'visualization-jobs'])).toBe('/v1/p/visualization-jobs/');
    expect(canonicalUri(['v1', 'a b', 'x/y'])).toBe('/v1/a%20b/x%2Fy/');
  });

  it('refuses to sign without X-Sdk-Date or Host', () => {
    expect(() => signRequest({ ...example, headers: { Host: 'h' } })).toThrow(/X-Sdk-Date/);
    expect(() => signRequest({ ...example, headers: { 'X-Sdk-Date': '20191115T033655Z' } })).toThrow(/Host/);
  });
});
