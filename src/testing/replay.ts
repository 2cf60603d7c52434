import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MockAgent } from 'undici';
import {
  canonicalBody,
  identityHeaderValues,
  identityQuery,
  isRecording,
  type Recording,
} from './recording.js';

export interface ReplayOptions {
  /** Serve every recording on this origin instead of the one it was recorded from. */
  origin?: string;
}

function recordingsIn(directory: string): Recording[] {
  const found: Recording[] = [];
  for (const entry of readdirSync(directory).sort()) {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) {
      found.push(...recordingsIn(path));
      continue;
    }
    if (!entry.endsWith('.json')) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      continue;
    }
    if (isRecording(parsed)) found.push(parsed);
  }
  return found;
}

function headerRecord(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers || typeof headers !== 'object') return out;
  const entries = Array.isArray(headers)
    ? pairs(headers)
    : Object.entries(headers as Record<string, unknown>);
  for (const [name, value] of entries)
    out[String(name).toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  return out;
}

function pairs(flat: unknown[]): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (let index = 0; index + 1 < flat.length; index += 2) out.push([String(flat[index]), flat[index + 1]]);
  return out;
}

/**
 * A MockAgent (network connections refused) that answers an adapter from recorded exchanges. A live
 * request matches a recording when method, path, identifying query parameters and headers, and
 * body agree; timestamps, nonces, signatures and credentials are ignored, so a replay works with
 * any credentials at any time. Recordings with the same identity are served in order, the last
 * one for ever after.
 */
export function replayFixtures(directory: string, options: ReplayOptions = {}): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const recordings = recordingsIn(directory);
  const sameIdentityCount = new Map<string, number>();
  const identity = (recording: Recording) =>
    JSON.stringify([
      recording.request.method,
      recording.request.path,
      recording.request.query,
      recording.request.headers,
      canonicalBody(recording.request.body),
    ]);
  for (const recording of recordings) {
    const key = identity(recording);
    sameIdentityCount.set(key, (sameIdentityCount.get(key) ?? 0) + 1);
  }
  const served = new Map<string, number>();
  for (const recording of recordings) {
    const key = identity(recording);
    const position = (served.get(key) ?? 0) + 1;
    served.set(key, position);
    const wanted = recording.request;
    const interceptor = agent.get(options.origin ?? wanted.origin).intercept({
      method: wanted.method,
      path: (path: string) => {
        const url = new URL(path, 'http://replay.invalid');
        return (
          url.pathname === wanted.path &&
          JSON.stringify(identityQuery(url.searchParams)) === JSON.stringify(wanted.query)
        );
      },
      headers: (headers: Record<string, string>) =>
        JSON.stringify(identityHeaderValues(headerRecord(headers))) === JSON.stringify(wanted.headers),
      body: (body: string) => canonicalBody(body ?? null) === canonicalBody(wanted.body),
    });
    const scope = interceptor.reply(recording.response.status, recording.response.body, {
      headers: recording.response.headers,
    });
    if (position === sameIdentityCount.get(key)) scope.persist();
  }
  return agent;
}
