import { describe, expect, it } from 'vitest';
import { CloudJobsError, MalformedResponseError, ProviderApiError } from '../../src/errors.js';
import { redact, registerSecrets } from '../../src/redact.js';

describe('redaction', () => {
  it('scrubs registered credential values anywhere', () => {
    registerSecrets('AKIDsecretsecret42', 'short', undefined);
    expect(redact('key AKIDsecretsecret42 used')).toBe('key *** used');
    // Values too short to be keys are not registered (they would scrub ordinary words).
    expect(redact('a short message')).toBe('a short message');
  });

  it('scrubs signing material by name, plain or percent-encoded, in queries, headers and JSON', () => {
    expect(redact('GET /?AccessKeyId=abc123&Action=List&Signature=x%2By%3D')).toBe(
      'GET /?AccessKeyId=***&Action=List&Signature=***',
    );
    expect(redact('GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribe')).toBe(
      'GET&%2F&AccessKeyId%3D***%26Action%3DDescribe',
    );
    // A name after an encoded `&` (%26) in an echoed string to sign, where no word boundary is.
    expect(redact('GET&%2F&Action%3DDescribe%26SecurityToken%3DCAIStoken%26Version%3D1')).toBe(
      'GET&%2F&Action%3DDescribe%26SecurityToken%3D***%26Version%3D1',
    );
    expect(
      redact('Authorization: TC3-HMAC-SHA256 Credential=AKID/2019-02-25/cvm/tc3_request, Signature=abc'),
    ).not.toMatch(/AKID|abc$/);
    expect(redact('{"X-Auth-Token":"MIIZ.token.value"}')).toBe('{"X-Auth-Token":"***"}');
    expect(redact('SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=host, Signature=7be6')).toBe(
      'SDK-HMAC-SHA256 Access=***, SignedHeaders=host, Signature=***',
    );
  });

  it('every error message passes through it', () => {
    registerSecrets('SECRETINMESSAGE99');
    expect(new CloudJobsError('oops SECRETINMESSAGE99').message).toBe('oops ***');
    const api = new ProviderApiError({
      kind: 'auth',
      code: 'SignatureDoesNotMatch',
      message: 'server string to sign is: GET&%2F&AccessKeyId%3DSECRETINMESSAGE99%26',
      action: 'List',
    });
    expect(api.message).not.toContain('SECRETINMESSAGE99');
    expect(api.cloudMessage).not.toContain('SECRETINMESSAGE99');
    const malformed = new MalformedResponseError({
      action: 'List',
      issues: [{ path: 'a.b', message: 'bad' }],
      body: '{"token":"x","echo":"SECRETINMESSAGE99"}',
    });
    expect(malformed.excerpt).not.toContain('SECRETINMESSAGE99');
    expect(malformed.message).toContain('a.b');
  });

  it('ProviderApiError derives retryable and beforeProcessing from the kind unless told', () => {
    const throttled = new ProviderApiError({ kind: 'throttled', code: 'T', message: 'm', action: 'a' });
    expect(throttled).toMatchObject({ retryable: true, beforeProcessing: true });
    const auth = new ProviderApiError({ kind: 'auth', code: 'A', message: 'm', action: 'a' });
    expect(auth).toMatchObject({ retryable: false, beforeProcessing: false });
    const server = new ProviderApiError({
      kind: 'server',
      code: 'S',
      message: 'm',
      action: 'a',
      retryable: false,
    });
    expect(server.retryable).toBe(false);
  });
});
