import { describe, expect, it } from 'vitest';
import {
  canonicalizedQueryString,
  hmacSignature,
  isEncodable,
  percentEncode,
  rpcTimestamp,
  signatureNonce,
  signParameters,
  stringToSign,
} from '../../../src/providers/aliyun-cityvisual/sign.js';

// PROVIDER-FACTS §2.6: ECS DescribeRegions, AccessKeySecret `testsecret`.
const workedExample = {
  AccessKeyId: 'testid',
  Action: 'DescribeRegions',
  Format: 'XML',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
  SignatureVersion: '1.0',
  Timestamp: '2016-02-23T12:46:24Z',
  Version: '2014-05-26',
};
const publishedStringToSign =
  'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26';

describe('RPC signature v1: the published worked examples, byte for byte', () => {
  it('current form: string to sign and OLeaidS1JvxuMvnyHOwuJ+uX5qY=', () => {
    const signed = signParameters({
      method: 'GET',
      parameters: workedExample,
      accessKeySecret: 'testsecret',
    });
    expect(signed.canonicalized).toBe(
      'AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26',
    );
    expect(signed.stringToSign).toBe(publishedStringToSign);
    expect(signed.signature).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
    // In the URL: `+` → %2B, `=` → %3D.
    expect(signed.query.endsWith('&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D')).toBe(true);
    expect(signed.query).toBe(`${signed.canonicalized}&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D`);
  });

  it('older form (TimeStamp with a capital S): string to sign and CT9X0VtwR86fNWSnsc6v8YGOjuE=', () => {
    const { Timestamp, ...rest } = workedExample;
    const parameters = { ...rest, TimeStamp: Timestamp };
    const signed = signParameters({ method: 'GET', parameters, accessKeySecret: 'testsecret' });
    expect(signed.stringToSign).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26TimeStamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
    expect(signed.signature).toBe('CT9X0VtwR86fNWSnsc6v8YGOjuE=');
    expect(signed.query.endsWith('&Signature=CT9X0VtwR86fNWSnsc6v8YGOjuE%3D')).toBe(true);
  });

  it('the key is the secret followed by "&" (without it the signature differs)', () => {
    expect(hmacSignature(publishedStringToSign, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
    expect(hmacSignature(publishedStringToSign, 'testsecret&')).not.toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('parameter order does not matter: names are sorted, case-sensitively', () => {
    const reversed = Object.fromEntries(Object.entries(workedExample).reverse());
    expect(canonicalizedQueryString(reversed)).toBe(canonicalizedQueryString(workedExample));
    // Upper case sorts before lower case: `Timestamp` after `SignatureVersion`, `Zeta` before `alpha`.
    expect(canonicalizedQueryString({ alpha: '1', Zeta: '2', SignatureVersion: '3', Timestamp: '4' })).toBe(
      'SignatureVersion=3&Timestamp=4&Zeta=2&alpha=1',
    );
    // A Signature parameter is never part of what is signed.
    expect(canonicalizedQueryString({ ...workedExample, Signature: 'x' })).toBe(
      canonicalizedQueryString(workedExample),
    );
  });

  it('the string to sign encodes the canonical string a second time', () => {
    expect(stringToSign('GET', 'A=1&B=a%3Ab')).toBe('GET&%2F&A%3D1%26B%3Da%253Ab');
    expect(stringToSign('POST', '')).toBe('POST&%2F&');
  });
});

describe('percent-encoding (PROVIDER-FACTS §2.5)', () => {
  it.each([
    ['AZaz09-_.~', 'AZaz09-_.~'],
    [' ', '%20'],
    ['*', '%2A'],
    ['~', '~'],
    ['+', '%2B'],
    ['/', '%2F'],
    ['=', '%3D'],
    ['&', '%26'],
    [':', '%3A'],
    ["!'()", '%21%27%28%29'],
    ['%', '%25'],
    ['视频任务', '%E8%A7%86%E9%A2%91%E4%BB%BB%E5%8A%A1'],
    ['😀', '%F0%9F%98%80'],
    ['a b*c~d', 'a%20b%2Ac~d'],
  ])('%j → %s', (input, encoded) => {
    expect(percentEncode(input)).toBe(encoded);
  });

  it('every byte outside the unreserved set is %XY with upper-case hex', () => {
    for (let code = 0; code < 128; code++) {
      const char = String.fromCharCode(code);
      const expected = /[A-Za-z0-9\-_.~]/.test(char)
        ? char
        : `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
      expect(percentEncode(char)).toBe(expected);
    }
  });

  it('a lone surrogate is not encodable (and is refused before signing)', () => {
    expect(isEncodable('ok 视频 😀')).toBe(true);
    expect(isEncodable('\uD800')).toBe(false);
    expect(isEncodable('a\uDC00b')).toBe(false);
    expect(isEncodable('\uD83D\uDE00')).toBe(true);
  });
});

describe('Timestamp and SignatureNonce', () => {
  it('Timestamp is UTC to the second, without milliseconds', () => {
    expect(rpcTimestamp(Date.UTC(2016, 1, 23, 12, 46, 24, 999))).toBe('2016-02-23T12:46:24Z');
    expect(rpcTimestamp(Date.UTC(2025, 11, 31, 23, 59, 59, 0))).toBe('2025-12-31T23:59:59Z');
  });

  it('every nonce is a fresh UUID', () => {
    const nonces = new Set(Array.from({ length: 200 }, () => signatureNonce()));
    expect(nonces.size).toBe(200);
    for (const nonce of nonces)
      expect(nonce).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
