import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client.js';
import { httpTestAdapter } from '../support/http-adapter.js';

const origin = 'https://jobs.example.test';

describe('retries happen per page', () => {
  let agent: MockAgent;
  afterEach(async () => agent.close());

  it('a page that fails once is fetched again; pages already yielded are not', async () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get(origin);
    const requested: string[] = [];
    const page = (number: number) => (path: string) =>
      new URL(path, origin).searchParams.get('Page') === String(number);
    const reply = (ids: string[]) => (options: { path: string }) => {
      requested.push(`page ${new URL(options.path, origin).searchParams.get('Page')}`);
      return JSON.stringify({ ids, total: 5 });
    };
    pool.intercept({ path: page(1) }).reply(200, reply(['a', 'b']));
    pool.intercept({ path: page(2) }).reply(503, () => {
      requested.push('page 2 (503)');
      return 'busy';
    });
    pool.intercept({ path: page(2) }).reply(200, reply(['c', 'd']));
    pool.intercept({ path: page(3) }).reply(200, reply(['e']));
    const ids: string[] = [];
    const client = createClient({
      providers: [httpTestAdapter({ origin, dispatcher: agent })],
      pageOverlap: 0,
    });
    for await (const job of client.jobs()) ids.push(job.id);
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(requested.filter((entry) => entry === 'page 1')).toHaveLength(1);
    expect(requested.filter((entry) => entry.startsWith('page 2'))).toEqual(['page 2 (503)', 'page 2']);
  });
});
