import type { ErrorKind } from '../../errors.js';

/**
 * How a CityVisual (or Alibaba gateway) error code is handled. The documented codes (the
 * CreateJobGroup and ModifyJobGroup tables, PROVIDER-FACTS §2.8) decide by code, whatever HTTP
 * status they come with (`MissingParameter` is documented with 403 but is a bad request, not a
 * refusal of access); codes nobody listed fall back to the HTTP status.
 */
export interface ErrorClass {
  kind: ErrorKind;
  /** Set where the kind's default (throttled, server, network, timeout are retried) does not fit. */
  retryable?: boolean;
  /** The gateway refused the request before acting on it, so even a write may be sent again. */
  beforeProcessing?: boolean;
  /** Milliseconds to wait before the retry, when the kind's backoff does not fit. */
  retryAfterMs?: number;
}

const exactCodes: Readonly<Record<string, ErrorClass>> = {
  // A nonce seen within the gateway's window: the request was refused unread, and the cure is the
  // new nonce every attempt gets, at once. Not the caller's mistake, so retried, writes included.
  SignatureNonceUsed: { kind: 'auth', retryable: true, beforeProcessing: true, retryAfterMs: 0 },
  SignatureDoesNotMatch: { kind: 'auth' },
  IncompleteSignature: { kind: 'auth' },
  'InvalidName.Duplicate': { kind: 'conflict' },
  MissingParameter: { kind: 'invalid_request' },
  InternalError: { kind: 'server' },
  ServiceUnavailable: { kind: 'server' },
};

// The part before the first dot decides for families of codes.
const codeFamilies: Readonly<Record<string, ErrorClass>> = {
  Throttling: { kind: 'throttled' },
  InvalidAccessKeyId: { kind: 'auth' },
  InvalidAccessKeySecret: { kind: 'auth' },
  InvalidSecurityToken: { kind: 'auth' },
  // The local clock (or the Timestamp format): see the adapter's message about the clock.
  InvalidTimeStamp: { kind: 'auth' },
  // RAM refused the action to this identity (`Forbidden.RAM`, `Forbidden.NoPermission`).
  Forbidden: { kind: 'auth' },
  InternalError: { kind: 'server' },
  ServiceUnavailable: { kind: 'server' },
};

export function classifyCode(code: string | null, httpStatus: number): ErrorClass {
  if (code !== null) {
    const exact = exactCodes[code];
    if (exact) return exact;
    const dot = code.indexOf('.');
    const family = codeFamilies[dot < 0 ? code : code.slice(0, dot)];
    if (family) return family;
    // `Throttling.User`, `Throttling.Api` … and any spelling that starts so.
    if (code.startsWith('Throttling')) return { kind: 'throttled' };
    // `InvalidAlgoLibId.NotFound`, `InvalidResourceProfileId.NotFound`, `InvalidJobGroupId.NotFound`,
    // `InvalidInstanceId.NotFound`, `InvalidAction.NotFound`.
    if (code.endsWith('.NotFound')) return { kind: 'not_found' };
    if (code.endsWith('.Duplicate') || code.endsWith('.AlreadyExists')) return { kind: 'conflict' };
    // `InvalidName.Malformed`, `InvalidStatus.ValueNotSupported`, `InvalidParameter.KeyNotSupported`,
    // `InvalidParameter`, `InvalidVersion`, `MissingInstanceId` …: the request as written is refused.
    if (code.startsWith('Invalid') || code.startsWith('Missing')) return { kind: 'invalid_request' };
  }
  return classifyStatus(httpStatus);
}

/** The kind of an HTTP status that came without a known code (a proxy, or a code nobody listed). */
export function classifyStatus(httpStatus: number): ErrorClass {
  if (httpStatus === 429) return { kind: 'throttled' };
  if (httpStatus === 401 || httpStatus === 403) return { kind: 'auth' };
  if (httpStatus === 404) return { kind: 'not_found' };
  if (httpStatus === 408) return { kind: 'timeout' };
  if (httpStatus === 409) return { kind: 'conflict' };
  if (httpStatus >= 500) return { kind: 'server' };
  // Another 4xx, or a 2xx that says it failed: sending it again would not change the answer.
  return { kind: 'invalid_request', retryable: false };
}
