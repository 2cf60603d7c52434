import type { Dispatcher } from 'undici';
import { ProviderApiError } from '../errors.js';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

export interface SendOptions {
  dispatcher?: Dispatcher | undefined;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** For errors: which provider, instance and action this request was for. */
  origin: { provider: string; source: string; action: string };
}

type UndiciRequest = typeof import('undici').request;
let undiciRequest: Promise<UndiciRequest> | undefined;

// undici is loaded on the first request, not at import: listing code that never sends (the
// planner, the CLI's --help) should not pay for it.
function loadRequest(): Promise<UndiciRequest> {
  undiciRequest ??= import('undici').then((module) => module.request);
  return undiciRequest;
}

// Connection-level failures that a retry may cure. A mock that matched nothing is a test set-up
// mistake, not a flaky network, so it is not among them.
const transientNetworkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

export class RequestTimeout extends Error {
  override name = 'RequestTimeout';
}

/** One HTTP exchange, bounded by `timeoutMs` for headers and body together. */
export async function sendHttp(request: HttpRequest, options: SendOptions): Promise<HttpResponse> {
  const send = await loadRequest();
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new RequestTimeout(`no complete response within ${options.timeoutMs} ms`)),
    options.timeoutMs,
  );
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
  try {
    const response = await send(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    const body = await response.body.text();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { status: response.statusCode, headers, body };
  } catch (error) {
    // The caller's own abort is not a cloud error: it propagates as the caller's reason.
    if (options.signal?.aborted) throw options.signal.reason;
    throw classifyNetworkError(error, timeout.signal.aborted, options);
  } finally {
    clearTimeout(timer);
  }
}

function errorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function classifyNetworkError(error: unknown, timedOut: boolean, options: SendOptions): ProviderApiError {
  const { provider, source, action } = options.origin;
  const code = errorCode(error);
  if (timedOut || (code && timeoutCodes.has(code))) {
    return new ProviderApiError({
      kind: 'timeout',
      code: code ?? 'Timeout',
      message: `no complete response within ${options.timeoutMs} ms`,
      action,
      provider,
      source,
      retryable: true,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderApiError({
    kind: 'network',
    code: code ?? 'NetworkError',
    message,
    action,
    provider,
    source,
    retryable: code !== null && transientNetworkCodes.has(code),
    beforeProcessing: code === 'ECONNREFUSED',
    cause: error,
  });
}
