/**
 * Scrubbing of credentials from anything that leaves the library as text (error messages,
 * excerpts, log lines, recorded fixtures). Adapters register the credential values they hold; the
 * patterns below also catch signing material that was never registered (a cloud echoing a string to
 * sign, a header dump).
 */
const registered = new Set<string>();

// Shorter values would scrub ordinary words out of messages; real keys are far longer.
const minimumSecretLength = 6;

export function registerSecrets(...values: (string | null | undefined)[]): void {
  for (const value of values) if (value && value.length >= minimumSecretLength) registered.add(value);
}

const sensitiveNames = [
  'Signature',
  'AccessKeyId',
  'AccessKeySecret',
  'SecurityToken',
  'SecretId',
  'SecretKey',
  'Credential',
  'Access',
  'Token',
  'Authorization',
  'X-Auth-Token',
  'X-TC-Token',
  'X-Security-Token',
  'X-Subject-Token',
];
const namePattern = sensitiveNames.map((name) => name.replace(/[-]/g, '\\-')).join('|');
// name=value, name%3Dvalue (an encoded string to sign), "name":"value", name: value (a header line).
// In an encoded string to sign a name follows `%26` (an encoded `&`), with no word boundary.
const assignment = new RegExp(
  `(?:\\b|(?<=%26)|(?<=%2526))(${namePattern})(=|%3D|%253D|"\\s*:\\s*"|:\\s*)((?:TC3-HMAC-SHA256|SDK-HMAC-SHA256|ACS3-HMAC-SHA256)\\s+)?([^&\\s,;"'<>]+?)(?=%26|%2526|[&\\s,;"'<>]|$)`,
  'gi',
);

export const redactedMarker = '***';

export function redact(text: string): string {
  let out = text;
  for (const secret of registered) if (out.includes(secret)) out = out.split(secret).join(redactedMarker);
  return out.replace(
    assignment,
    (_match, name: string, separator: string, scheme: string | undefined) =>
      `${name}${separator}${scheme ?? ''}${redactedMarker}`,
  );
}
