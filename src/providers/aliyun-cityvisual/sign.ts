import { createHmac, randomUUID } from 'node:crypto';

/**
 * Alibaba Cloud RPC signature v1 (PROVIDER-FACTS §2.5): HMAC-SHA1 over a canonical query string,
 * keyed with the AccessKeySecret followed by "&", sent as the `Signature` query parameter.
 */

export const signatureMethod = 'HMAC-SHA1';
export const signatureVersion = '1.0';

// encodeURIComponent leaves these five unescaped; RFC 3986 (and Alibaba's gateway) do not.
const reservedByRfc3986 = /[!'()*]/g;
const escapeReserved = (char: string) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`;

/**
 * RFC 3986 percent-encoding of the UTF-8 bytes: `A–Z a–z 0–9 - _ . ~` kept, every other byte as
 * `%XY` in upper-case hex, so a space is `%20` (never `+`), `*` is `%2A` and `~` stays literal.
 * A string with a lone surrogate has no UTF-8 form; callers validate text before it gets here.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(reservedByRfc3986, escapeReserved);
}

const unpairedSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** False for a string with an unpaired surrogate, which has no UTF-8 form to percent-encode. */
export function isEncodable(value: string): boolean {
  return !unpairedSurrogate.test(value);
}

/**
 * `name=value` pairs, each side percent-encoded, sorted by name and joined with `&`. Names are
 * compared after encoding, as plain code units: they are ASCII, so this is code-point order, and
 * it is case-sensitive (`Timestamp` sorts after `SignatureVersion`).
 */
export function canonicalizedQueryString(parameters: Readonly<Record<string, string>>): string {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(parameters))
    if (name !== 'Signature') pairs.push([percentEncode(name), percentEncode(value)]);
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let out = '';
  for (const [name, value] of pairs) out += `${out ? '&' : ''}${name}=${value}`;
  return out;
}

/** `METHOD&%2F&` + the canonical query string percent-encoded once more. */
export function stringToSign(method: string, canonicalized: string): string {
  return `${method}&${percentEncode('/')}&${percentEncode(canonicalized)}`;
}

/** Base64 HMAC-SHA1 of the string to sign; the key is the secret with a trailing `&`. */
export function hmacSignature(toSign: string, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(toSign, 'utf8').digest('base64');
}

export interface SignedQuery {
  canonicalized: string;
  stringToSign: string;
  signature: string;
  /** The query string to send: the canonical pairs, then `Signature`, percent-encoded. */
  query: string;
}

/** Signs a complete set of request parameters (common and action-specific, without Signature). */
export function signParameters(spec: {
  method: 'GET' | 'POST';
  parameters: Readonly<Record<string, string>>;
  accessKeySecret: string;
}): SignedQuery {
  const canonicalized = canonicalizedQueryString(spec.parameters);
  const toSign = stringToSign(spec.method, canonicalized);
  const signature = hmacSignature(toSign, spec.accessKeySecret);
  return {
    canonicalized,
    stringToSign: toSign,
    signature,
    query: `${canonicalized}&Signature=${percentEncode(signature)}`,
  };
}

/** ISO 8601 UTC to the second, as the gateway wants it: `2016-02-23T12:46:24Z`. */
export function rpcTimestamp(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}

/** A fresh SignatureNonce: a random UUID, as the documents recommend. */
export function signatureNonce(): string {
  return randomUUID();
}
