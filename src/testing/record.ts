import { mkdirSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { Agent, DecoratorHandler, type Dispatcher } from 'undici';
import { redact } from '../redact.js';
import {
  identityHeaderValues,
  identityQuery,
  keptResponseHeaders,
  type Recording,
  recordingFileName,
} from './recording.js';

export interface RecordOptions {
  /** Where recordings are written (created when missing). */
  directory: string;
  /** The dispatcher that reaches the cloud; default a new undici Agent. */
  dispatcher?: Dispatcher;
  /** Called with the path of every recording written. */
  onRecord?: (path: string) => void;
}

function bodyText(body: unknown): string | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  return null;
}

function headerRecord(headers: Dispatcher.DispatchOptions['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (Array.isArray(headers)) {
    for (let index = 0; index + 1 < headers.length; index += 2)
      out[String(headers[index]).toLowerCase()] = String(headers[index + 1]);
    return out;
  }
  const entries =
    typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function'
      ? [...(headers as Iterable<[string, string]>)]
      : Object.entries(headers as Record<string, string | string[] | undefined>);
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    out[String(name).toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

interface NewStyleHandler {
  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void;
  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void;
  onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void;
}
// undici's DecoratorHandler adapts both handler styles at run time; its published types predate
// the controller-based methods, so they are named here.
const PassThroughHandler = DecoratorHandler as unknown as new (
  handler: Dispatcher.DispatchHandler,
) => NewStyleHandler;

const secretQueryNames = new Set(['signature', 'accesskeyid', 'securitytoken', 'secretid', 'token']);
const secretHeaderNames = new Set([
  'authorization',
  'x-tc-token',
  'x-security-token',
  'x-auth-token',
  'x-acs-security-token',
]);

/** The credential values a request carried, whole and in parts (an Authorization header's fields). */
function secretsOf(url: URL, headers: Dispatcher.DispatchOptions['headers']): string[] {
  const values: string[] = [];
  for (const [name, value] of url.searchParams)
    if (secretQueryNames.has(name.toLowerCase())) values.push(value);
  for (const [name, value] of Object.entries(headerRecord(headers))) {
    if (!secretHeaderNames.has(name)) continue;
    values.push(value);
    for (const part of value.split(/[\s,]+/)) {
      const assigned = part.split('=').slice(1).join('=');
      // A credential scope (`AKID/2019-02-25/batch/tc3_request`) hides only its key id.
      if (assigned) values.push(assigned, assigned.split('/')[0] ?? '');
    }
  }
  return values.filter((value) => value.length >= 6);
}

/** Replaces every occurrence of each value, as sent and as it would look encoded or JSON-escaped. */
function scrub(text: string, values: string[]): string {
  let out = text;
  for (const value of values) {
    for (const form of new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]))
      out = out.split(form).join('***');
  }
  return out;
}

/**
 * A dispatcher that passes requests to the cloud and writes each completed exchange as a
 * recording for `replayFixtures`. What is written is only what identifies the request and the
 * response itself; signatures, key ids, tokens and timestamps are never written, and the whole
 * file is scrubbed of every credential the adapters registered before it touches the disk.
 */
export function recordFixtures(options: RecordOptions): Dispatcher {
  mkdirSync(options.directory, { recursive: true });
  const base = options.dispatcher ?? new Agent();
  return base.compose((dispatch) => (request, handler) => {
    const url = new URL(request.path, String(request.origin));
    const chunks: Buffer[] = [];
    let status = 0;
    let responseHeaders: Record<string, string> = {};
    const recorder = new (class extends PassThroughHandler {
      override onResponseStart(
        controller: Dispatcher.DispatchController,
        statusCode: number,
        headers: IncomingHttpHeaders,
        statusMessage?: string,
      ): void {
        status = statusCode;
        responseHeaders = {};
        for (const name of keptResponseHeaders) {
          const value = headers[name];
          if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        super.onResponseStart(controller, statusCode, headers, statusMessage);
      }
      override onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
        chunks.push(Buffer.from(chunk));
        super.onResponseData(controller, chunk);
      }
      override onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
        const recording: Recording = {
          cloudjobsRecording: 1,
          request: {
            method: request.method,
            origin: url.origin,
            path: url.pathname,
            query: identityQuery(url.searchParams),
            headers: identityHeaderValues(headerRecord(request.headers)),
            body: bodyText(request.body),
          },
          response: { status, headers: responseHeaders, body: Buffer.concat(chunks).toString('utf8') },
        };
        const path = join(options.directory, recordingFileName(recording));
        writeFileSync(
          path,
          `${scrub(redact(JSON.stringify(recording, null, 2)), secretsOf(url, request.headers))}\n`,
        );
        options.onRecord?.(path);
        super.onResponseEnd(controller, trailers);
      }
    })(handler);
    return dispatch(request, recorder);
  });
}
