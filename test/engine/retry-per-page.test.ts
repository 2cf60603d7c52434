import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client.js';
import { ProviderApiError } from '../../src/errors.js';
import type { Job } from '../../src/model/job.js';
import type { Adapter, Lister } from '../../src/providers/adapter.js';
import type { HttpResponse } from '../../src/transport/http.js';
import { Transport } from '../../src/transport/transport.js';
import { makeJob } from '../support/memory-adapter.js';

const origin = 'https://jobs.example.test';

/** An adapter that lists over HTTP through the real transport, with pages served by a MockAgent. */
function httpAdapter(agent: MockAgent): Adapter {
  const transport = new Transport({
    provider: 'http-test',
    source: 'http-test:one',
    dispatcher: agent,
    rateLimit: 1000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
  });
  const interpret = (response: HttpResponse) => {
    if (response.status !== 200)
      throw new ProviderApiError({
        kind: 'server',
        code: 'Unavailable',
        message: 'try later',
        action: 'List',
      });
    return JSON.parse(response.body) as { ids: string[]; total: number };
  };
  const jobLister: Lister<Job, unknown, null> = {
    paging: 'numbered',
    pageSize: 2,
    concurrency: 2,
    plan: () => ({ streams: [null], pushed: [] }),
    async fetchPage(_stream, page, context) {
      const body = await transport.exchange({
        action: 'List',
        idempotent: true,
        build: () => ({ method: 'GET', url: `${origin}/jobs?page=${page.index}`, headers: {} }),
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
  };
}

describe('retries happen per page', () => {
  let agent: MockAgent;
  afterEach(async () => agent.close());

  it('a page that fails once is fetched again; pages already yielded are not', async () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get(origin);
    const requested: string[] = [];
    const reply = (ids: string[]) => (options: { path: string }) => {
      requested.push(options.path);
      return JSON.stringify({ ids, total: 5 });
    };
    pool.intercept({ path: '/jobs?page=0' }).reply(200, reply(['a', 'b']));
    pool.intercept({ path: '/jobs?page=1' }).reply(503, () => {
      requested.push('/jobs?page=1 (503)');
      return 'busy';
    });
    pool.intercept({ path: '/jobs?page=1' }).reply(200, reply(['c', 'd']));
    pool.intercept({ path: '/jobs?page=2' }).reply(200, reply(['e']));
    const ids: string[] = [];
    for await (const job of createClient({ providers: [httpAdapter(agent)] }).jobs()) ids.push(job.id);
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(requested.filter((path) => path === '/jobs?page=0')).toHaveLength(1);
    expect(requested.filter((path) => path.startsWith('/jobs?page=1'))).toEqual([
      '/jobs?page=1 (503)',
      '/jobs?page=1',
    ]);
  });
});
