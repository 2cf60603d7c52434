import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// The simulator checks signatures with its own small implementation of each cloud's algorithm,
// written apart from the adapters' signers, so that the two can disagree when one of them is wrong.

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function hmac(algorithm: 'sha1' | 'sha256', key: string | Buffer, text: string): Buffer {
  return createHmac(algorithm, key).update(text, 'utf8').digest();
}

/** Constant-time comparison of two signatures as text. */
export function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** RFC 3986 percent-encoding: unreserved characters kept, every other UTF-8 byte as %XX. */
export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function requestId(random: () => number): string {
  const hex = () =>
    Math.floor(random() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-a${hex().slice(1)}-${hex()}${hex()}${hex()}`;
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
