import { createHash, createHmac } from 'node:crypto';

/**
 * Huawei Cloud API Gateway AK/SK signing, SDK-HMAC-SHA256 (API Request Signing Guide,
 * api-sign-algorithm-002 … -005). The signature covers the method, the path, the query and every
 * header listed in SignedHeaders, so the request must be sent exactly as it was signed: the query
 * string sent is the canonical one, and the Host header sent is the one signed.
 */

export const signingAlgorithm = 'SDK-HMAC-SHA256';

const emptyBodyHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** RFC 3986 percent-encoding: everything but `A-Z a-z 0-9 - _ . ~`, UTF-8, upper-case hex. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `YYYYMMDDTHHMMSSZ` in UTC, the X-Sdk-Date format. */
export function sdkDate(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Name/value pairs (unencoded) as the canonical query: encoded, sorted by name then value. */
export function canonicalQueryString(parameters: readonly (readonly [string, string])[]): string {
  const encoded = parameters.map(([name, value]) => [rfc3986(name), rfc3986(value)] as const);
  encoded.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return encoded.map(([name, value]) => `${name}=${value}`).join('&');
}

/**
 * The path segments (unencoded) as the canonical URI: each segment encoded, and always a trailing
 * `/`, which the gateway requires for signing whether or not the request path has one.
 */
export function canonicalUri(segments: readonly string[]): string {
  const path = `/${segments.map(rfc3986).join('/')}`;
  return path.endsWith('/') ? path : `${path}/`;
}

export interface SignatureInput {
  method: string;
  /** Path segments, unencoded: `['v1', projectId, 'visualization-jobs']`. */
  pathSegments: readonly string[];
  /** Query parameters, unencoded. */
  query: readonly (readonly [string, string])[];
  /** Every header sent, X-Sdk-Date and Host included; all of them are signed. */
  headers: Readonly<Record<string, string>>;
  body: string;
  accessKey: string;
  secretKey: string;
}

export interface Signature {
  canonicalRequest: string;
  stringToSign: string;
  signedHeaders: string;
  signature: string;
  authorization: string;
}

export function sha256Hex(text: string): string {
  return text === '' ? emptyBodyHash : createHash('sha256').update(text, 'utf8').digest('hex');
}

export function signRequest(input: SignatureInput): Signature {
  const headers = Object.entries(input.headers)
    .map(([name, value]) => [name.toLowerCase(), value.trim()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const date = headers.find(([name]) => name === 'x-sdk-date')?.[1];
  if (!date) throw new Error('an X-Sdk-Date header is required for signing');
  if (!headers.some(([name]) => name === 'host')) throw new Error('a Host header is required for signing');
  const signedHeaders = headers.map(([name]) => name).join(';');
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri(input.pathSegments),
    canonicalQueryString(input.query),
    headers.map(([name, value]) => `${name}:${value}\n`).join(''),
    signedHeaders,
    sha256Hex(input.body),
  ].join('\n');
  const stringToSign = `${signingAlgorithm}\n${date}\n${sha256Hex(canonicalRequest)}`;
  const signature = createHmac('sha256', input.secretKey).update(stringToSign, 'utf8').digest('hex');
  return {
    canonicalRequest,
    stringToSign,
    signedHeaders,
    signature,
    authorization: `${signingAlgorithm} Access=${input.accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}
