import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  authorizationHeader,
  canonicalizeHeaders,
  canonicalRequest,
  credentialScope,
  sha256Hex,
  sign,
  signature,
  stringToSign,
  utcDate,
} from '../../../src/providers/tencent-batch/sign.js';

// PROVIDER-FACTS §1.8: Tencent's published worked example (CVM DescribeInstances), three revisions.
const payload = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
const timestampSeconds = 1551113065;
const headers = { 'Content-Type': 'application/json; charset=utf-8', Host: 'cvm.tencentcloudapi.com' };
const exampleKeys = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
};
const maskedKeys = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3*******',
};

const revisionACanonical = [
  'POST',
  '/',
  '',
  'content-type:application/json; charset=utf-8',
  'host:cvm.tencentcloudapi.com',
  '',
  'content-type;host',
  '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
].join('\n');

const revisionAStringToSign = [
  'TC3-HMAC-SHA256',
  '1551113065',
  '2019-02-25/cvm/tc3_request',
  '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
].join('\n');

describe('TC3-HMAC-SHA256: the published worked example', () => {
  it('hashes the payload as published', () => {
    expect(sha256Hex(payload)).toBe('35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064');
  });

  it('revision A (EXAMPLE keys): canonical request, string to sign, signature, Authorization byte for byte', () => {
    const result = sign({
      method: 'POST',
      headers,
      payload,
      timestampSeconds,
      service: 'cvm',
      ...exampleKeys,
    });
    expect(result.canonicalRequest).toBe(revisionACanonical);
    expect(sha256Hex(result.canonicalRequest)).toBe(
      '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    );
    expect(result.credentialScope).toBe('2019-02-25/cvm/tc3_request');
    expect(result.stringToSign).toBe(revisionAStringToSign);
    expect(result.signedHeaders).toBe('content-type;host');
    expect(result.signature).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
    expect(result.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('revision B (masked keys, asterisks literal): same canonical request and string to sign, its own signature', () => {
    const result = sign({
      method: 'POST',
      headers,
      payload,
      timestampSeconds,
      service: 'cvm',
      ...maskedKeys,
    });
    expect(result.canonicalRequest).toBe(revisionACanonical);
    expect(result.stringToSign).toBe(revisionAStringToSign);
    expect(result.signature).toBe('2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c');
    expect(result.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c',
    );
  });

  it('revision C (x-tc-action signed too, its value lowercased)', () => {
    const withAction = { ...headers, 'X-TC-Action': 'DescribeInstances' };
    const result = sign({
      method: 'POST',
      headers: withAction,
      payload,
      timestampSeconds,
      service: 'cvm',
      ...maskedKeys,
    });
    expect(result.canonicalRequest).toBe(
      [
        'POST',
        '/',
        '',
        'content-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\nx-tc-action:describeinstances\n',
        'content-type;host;x-tc-action',
        '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
      ].join('\n'),
    );
    expect(sha256Hex(result.canonicalRequest)).toBe(
      '7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84',
    );
    expect(result.signature).toBe('be4f67d323c78ab9acb7395e43c0dbcf822a9cfac32fea2449a7bc7726b770a3');
    // The fact sheet's own cross-check: the EXAMPLE keys with revision C's header set.
    const exampleC = sign({
      method: 'POST',
      headers: withAction,
      payload,
      timestampSeconds,
      service: 'cvm',
      ...exampleKeys,
    });
    expect(exampleC.signature).toBe('644be983de9a8a3f00db8eadaba61467c3b429e2215758ba897b738ca469fd26');
  });

  it('the step functions compose to the same values', () => {
    const canonical = canonicalRequest({ method: 'post', headers, payload });
    expect(canonical).toBe(revisionACanonical);
    const scope = credentialScope(timestampSeconds, 'cvm');
    const toSign = stringToSign(timestampSeconds, scope, canonical);
    expect(toSign).toBe(revisionAStringToSign);
    const value = signature(exampleKeys.secretKey, utcDate(timestampSeconds), 'cvm', toSign);
    expect(value).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
    expect(
      authorizationHeader({
        secretId: exampleKeys.secretId,
        scope,
        signedHeaders: 'content-type;host',
        signature: value,
      }),
    ).toContain('SignedHeaders=content-type;host, Signature=72e494ea');
  });
});

describe('TC3-HMAC-SHA256 details', () => {
  it('takes the date of the credential scope in UTC, also just after midnight UTC', () => {
    // 2024-03-01T00:00:30Z is still 29 February in UTC−01:00 and already 1 March in UTC+08:00.
    expect(utcDate(Date.UTC(2024, 2, 1, 0, 0, 30) / 1000)).toBe('2024-03-01');
    expect(utcDate(Date.UTC(2024, 1, 29, 23, 59, 59) / 1000)).toBe('2024-02-29');
  });

  it('lowercases and trims names and values and sorts the headers by name', () => {
    expect(
      canonicalizeHeaders({ Host: ' Batch.TencentCloudAPI.com ', 'Content-Type': 'Application/JSON' }),
    ).toEqual({
      canonicalHeaders: 'content-type:application/json\nhost:batch.tencentcloudapi.com\n',
      signedHeaders: 'content-type;host',
    });
  });

  it('agrees with the official Node SDK signer for a Batch request', () => {
    const require = createRequire(import.meta.url);
    // The compiled SDK's signer; a development dependency, used here as an independent check. It
    // signs the host name without a port and serializes the payload itself, so the request here
    // has no port and a body that JSON.stringify writes the same way.
    const { default: Sign } = require('tencentcloud-sdk-nodejs/tencentcloud/common/sign.js');
    const parameters = { Filters: [{ Name: 'job-state', Values: ['RUNNING'] }], Offset: 0, Limit: 100 };
    const ours = sign({
      method: 'POST',
      headers: { 'content-type': 'application/json', host: 'batch.tencentcloudapi.com' },
      payload: JSON.stringify(parameters),
      timestampSeconds: 1700000000,
      service: 'batch',
      secretId: 'AKIDtest',
      secretKey: 'secret-key-for-test',
    });
    const theirs = Sign.sign3({
      method: 'POST',
      url: 'https://batch.tencentcloudapi.com/',
      payload: parameters,
      timestamp: 1700000000,
      service: 'batch',
      secretId: 'AKIDtest',
      secretKey: 'secret-key-for-test',
      multipart: false,
      boundary: '',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(ours.authorization).toBe(theirs);
  });
});
