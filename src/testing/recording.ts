import { createHash } from 'node:crypto';

/**
 * The format of a recorded exchange, and the identity by which a replay matches a live request to
 * a recording: everything that says what was asked, nothing that changes from one signing to the
 * next (timestamps, nonces, signatures, key ids, tokens).
 */
export interface Recording {
  cloudjobsRecording: 1;
  request: {
    method: string;
    origin: string;
    path: string;
    /** Query parameters that identify the request, sorted; volatile and secret ones are not kept. */
    query: [string, string][];
    /** Headers that identify the request (the action of header-routed APIs). */
    headers: Record<string, string>;
    body: string | null;
  };
  response: {
    status: number;
    headers: Record<string, string>;
    body: string;
  };
}

// Signing material and per-attempt values: never part of an identity, never written to disk.
const volatileQuery = new Set(
  [
    'Timestamp',
    'TimeStamp',
    'SignatureNonce',
    'Signature',
    'SignatureMethod',
    'SignatureVersion',
    'AccessKeyId',
    'SecurityToken',
    'SecretId',
    'Nonce',
    'Token',
  ].map((name) => name.toLowerCase()),
);

/** Headers that name what is asked (Tencent routes by header). */
export const identityHeaders = ['x-tc-action', 'x-tc-version', 'x-tc-region'];

/** Response headers worth keeping; the rest (cookies, request tracing) is left out. */
export const keptResponseHeaders = ['content-type', 'retry-after', 'x-acs-request-id', 'x-request-id'];

export function identityQuery(search: URLSearchParams): [string, string][] {
  return [...search.entries()]
    .filter(([name]) => !volatileQuery.has(name.toLowerCase()))
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
}

export function identityHeaderValues(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of identityHeaders) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** JSON bodies compare by content, not by key order or spacing. */
export function canonicalBody(body: string | null): string | null {
  if (body === null || body === '') return null;
  try {
    return JSON.stringify(sortKeys(JSON.parse(body)));
  } catch {
    return body;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  return value;
}

export function identityKey(
  request: Pick<Recording['request'], 'method' | 'path' | 'query' | 'headers' | 'body'>,
): string {
  return JSON.stringify([
    request.method.toUpperCase(),
    request.path,
    request.query,
    Object.entries(request.headers)
      .map(([name, value]) => [name.toLowerCase(), value.toLowerCase()])
      .sort(),
    canonicalBody(request.body),
  ]);
}

/** A file name that says what was asked and stays stable across recordings of the same request. */
export function recordingFileName(recording: Recording): string {
  const action =
    recording.request.headers['x-tc-action'] ??
    recording.request.query.find(([name]) => name === 'Action')?.[1] ??
    recording.request.path.split('/').filter(Boolean).at(-1) ??
    'request';
  const digest = createHash('sha256').update(identityKey(recording.request)).digest('hex').slice(0, 12);
  return `${action.replace(/[^A-Za-z0-9_-]/g, '_')}-${digest}.json`;
}

export function isRecording(value: unknown): value is Recording {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Recording).cloudjobsRecording === 1 &&
    typeof (value as Recording).request?.path === 'string' &&
    typeof (value as Recording).response?.status === 'number'
  );
}
