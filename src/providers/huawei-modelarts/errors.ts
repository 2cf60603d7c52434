import type { ErrorKind } from '../../errors.js';

/**
 * How a ModelArts or API Gateway error is handled. The codes are documented (ModelArts common
 * error codes, modelarts_03_0095; the gateway's APIGW table in the API Request Signing Guide); their
 * retryability is not, so it follows what each code says: an internal failure, a timeout or a lost
 * connection may pass, a bad parameter or a missing resource will not.
 */
const modelArtsKinds: Readonly<Record<string, ErrorKind>> = {
  // Internal: unknown cause, timeout, connection failed.
  'ModelArts.0010': 'server',
  'ModelArts.0012': 'server',
  'ModelArts.0013': 'server',
  // Invalid configuration; invalid workspace id (the documents also use it for any bad parameter).
  'ModelArts.0101': 'invalid_request',
  'ModelArts.0104': 'invalid_request',
  'ModelArts.0102': 'not_found',
  // Duplicate name.
  'ModelArts.0103': 'conflict',
  // Operation not allowed in the job's status; the number of resources would exceed the quota.
  'ModelArts.0105': 'invalid_request',
  'ModelArts.0106': 'invalid_request',
};

const throttlingCode = 'APIGW.0308';
// APIGW.03xx: IAM or app authentication and authorization (0301 bad credentials or signature,
// 0302 not authorized, 0303/0305 bad app credentials, 0307 token expired …); 04xx: the caller's
// IP address or app is denied. 0308, throttling, sits in the same block but is handled above.
const gatewayAccessDenied = /^APIGW\.0[34]\d\d$/;

export function errorKind(code: string | null, httpStatus: number): ErrorKind {
  if (code === throttlingCode || httpStatus === 429) return 'throttled';
  if (code !== null) {
    const known = modelArtsKinds[code];
    if (known) return known;
    if (gatewayAccessDenied.test(code)) return 'auth';
    if (code === 'APIGW.0101') return 'not_found';
  }
  return kindOfStatus(httpStatus);
}

/** For codes nobody listed (and bodies with none), the HTTP status decides. */
function kindOfStatus(httpStatus: number): ErrorKind {
  if (httpStatus === 401 || httpStatus === 403) return 'auth';
  if (httpStatus === 404) return 'not_found';
  if (httpStatus === 409) return 'conflict';
  if (httpStatus >= 500) return 'server';
  // A 2xx that says is_success: false with a code nobody documented, or another 4xx: sending the
  // same request again would not change the answer.
  return 'invalid_request';
}
