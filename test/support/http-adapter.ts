import { createHmac } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { ProviderApiError } from '../../src/errors.js';
import type { Job } from '../../src/model/job.js';
import type { Adapter, Lister } from '../../src/providers/adapter.js';
import { registerSecrets } from '../../src/redact.js';
import type { HttpResponse } from '../../src/transport/http.js';
import { Transport } from '../../src/transport/transport.js';
import { makeJob } from './memory-adapter.js';

export interface HttpTestAdapterOptions {
  origin: string;
  dispatcher?: Dispatcher;
  keyId?: string;
  secret?: string;
  pageSize?: number;
}

/**
 * A minimal RPC-style adapter over real HTTP through the real transport: query-string signing with
 * a key id, a timestamp and a nonce, like the clouds it stands in for. Used to test transport-level
 * machinery (retries per page, recording and replay) without depending on one cloud's adapter.
 */
export function httpTestAdapter(options: HttpTestAdapterOptions): Adapter & { signatures: string[] } {
  const keyId = options.keyId ?? 'TESTKEYID000001';
  const secret = options.secret ?? 'TESTSECRET0000000001';
  registerSecrets(keyId, secret);
  const signatures: string[] = [];
  const transport = new Transport({
    provider: 'http-test',
    source: 'http-test:one',
    dispatcher: options.dispatcher,
    rateLimit: 1000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
  });
  const interpret = (response: HttpResponse) => {
    if (response.status !== 200)
      throw new ProviderApiError({
        kind: 'server',
        code: 'Unavailable',
        message: response.body,
        action: 'List',
      });
    return JSON.parse(response.body) as { ids: string[]; total: number };
  };
  const pageSize = options.pageSize ?? 2;
  const jobLister: Lister<Job, unknown, null> = {
    paging: 'numbered',
    pageSize,
    concurrency: 2,
    plan: () => ({ streams: [null], pushed: [] }),
    async fetchPage(_stream, page, context) {
      const body = await transport.exchange({
        action: 'List',
        idempotent: true,
        build: () => {
          const query = new URLSearchParams({
            Action: 'List',
            AccessKeyId: keyId,
            Page: String(page.index + 1),
            Size: String(pageSize),
            Timestamp: new Date().toISOString(),
            SignatureNonce: Math.random().toString(36).slice(2),
          });
          const signature = createHmac('sha1', secret).update(query.toString()).digest('base64');
          signatures.push(signature);
          query.set('Signature', signature);
          return { method: 'GET', url: `${options.origin}/?${query}`, headers: {} };
        },
        interpret,
        signal: context.signal,
      });
      return { items: body.ids.map((id) => makeJob({ id })), count: body.ids.length, total: body.total };
    },
  };
  return {
    providerId: 'http-test',
    name: 'http-test:one',
    region: 'r',
    capabilities: { pushdown: { jobs: [], jobGroups: [] }, operations: [] },
    jobLister: jobLister as Adapter['jobLister'],
    jobGroupLister: null,
    transport,
    signatures,
  };
}
