import { createHash, createHmac } from 'node:crypto';

/**
 * TC3-HMAC-SHA256, Tencent Cloud API 3.0's request signature, as pure functions of their inputs so
 * that each step can be checked against the published worked examples on its own.
 */

export const signatureAlgorithm = 'TC3-HMAC-SHA256';

export interface CanonicalRequestInput {
  method: string;
  /** Always `/` for API 3.0. */
  canonicalUri?: string;
  /** Empty for POST; the RFC 3986 encoded query string for GET. */
  canonicalQueryString?: string;
  /** Exactly the headers to sign, with the values sent. Names in any case. */
  headers: Readonly<Record<string, string>>;
  /** The body as sent (empty for GET). */
  payload: string;
}

export interface SignedHeaders {
  /** `key:value\n` per header, keys and values lowercased and trimmed, sorted by key. */
  canonicalHeaders: string;
  /** Lowercase keys joined with `;`, sorted: `content-type;host`. */
  signedHeaders: string;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function hmacSha256(key: string | Buffer, message: string): Buffer {
  return createHmac('sha256', key).update(message, 'utf8').digest();
}

/**
 * Tencent lowercases the values too (unlike AWS SigV4): a signed `X-TC-Action: DescribeJobs`
 * contributes `x-tc-action:describejobs`.
 */
export function canonicalizeHeaders(headers: Readonly<Record<string, string>>): SignedHeaders {
  const entries = Object.entries(headers).map(
    ([name, value]) => [name.trim().toLowerCase(), value.trim().toLowerCase()] as const,
  );
  // Plain code-unit comparison: the ASCII order the algorithm asks for, whatever the locale.
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let canonicalHeaders = '';
  for (const [name, value] of entries) canonicalHeaders += `${name}:${value}\n`;
  return { canonicalHeaders, signedHeaders: entries.map(([name]) => name).join(';') };
}

export function canonicalRequest(
  input: CanonicalRequestInput,
  headers: SignedHeaders = canonicalizeHeaders(input.headers),
): string {
  const { canonicalHeaders, signedHeaders } = headers;
  return [
    input.method.toUpperCase(),
    input.canonicalUri ?? '/',
    input.canonicalQueryString ?? '',
    canonicalHeaders,
    signedHeaders,
    sha256Hex(input.payload),
  ].join('\n');
}

/**
 * `YYYY-MM-DD` of a Unix timestamp in UTC. Local time would put requests sent around midnight in
 * the wrong day, which the cloud rejects.
 */
export function utcDate(timestampSeconds: number): string {
  return new Date(timestampSeconds * 1000).toISOString().slice(0, 10);
}

export function credentialScope(timestampSeconds: number, service: string): string {
  return `${utcDate(timestampSeconds)}/${service}/tc3_request`;
}

export function stringToSign(timestampSeconds: number, scope: string, canonical: string): string {
  return [signatureAlgorithm, String(timestampSeconds), scope, sha256Hex(canonical)].join('\n');
}

/** The key derived from the secret: `TC3`+SecretKey → date → service → `tc3_request`. */
export function signingKey(secretKey: string, date: string, service: string): Buffer {
  const secretDate = hmacSha256(`TC3${secretKey}`, date);
  const secretService = hmacSha256(secretDate, service);
  return hmacSha256(secretService, 'tc3_request');
}

export function signature(secretKey: string, date: string, service: string, toSign: string): string {
  return hmacSha256(signingKey(secretKey, date, service), toSign).toString('hex');
}

export function authorizationHeader(parts: {
  secretId: string;
  scope: string;
  signedHeaders: string;
  signature: string;
}): string {
  return `${signatureAlgorithm} Credential=${parts.secretId}/${parts.scope}, SignedHeaders=${parts.signedHeaders}, Signature=${parts.signature}`;
}

export interface SignInput extends CanonicalRequestInput {
  timestampSeconds: number;
  /** The credential scope's service: `batch` for Batch, whatever host the request goes to. */
  service: string;
  secretId: string;
  secretKey: string;
}

export interface SignResult {
  canonicalRequest: string;
  stringToSign: string;
  credentialScope: string;
  signedHeaders: string;
  signature: string;
  authorization: string;
}

/** Every intermediate value of one signature, so tests can compare each with the published one. */
export function sign(input: SignInput): SignResult {
  const headers = canonicalizeHeaders(input.headers);
  const canonical = canonicalRequest(input, headers);
  const scope = credentialScope(input.timestampSeconds, input.service);
  const toSign = stringToSign(input.timestampSeconds, scope, canonical);
  const value = signature(input.secretKey, utcDate(input.timestampSeconds), input.service, toSign);
  const { signedHeaders } = headers;
  return {
    canonicalRequest: canonical,
    stringToSign: toSign,
    credentialScope: scope,
    signedHeaders,
    signature: value,
    authorization: authorizationHeader({
      secretId: input.secretId,
      scope,
      signedHeaders,
      signature: value,
    }),
  };
}
