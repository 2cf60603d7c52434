import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client.js';
import { makeJob, memoryAdapter } from '../support/memory-adapter.js';

describe('smoke', () => {
  it('lists all jobs across pages in order', async () => {
    const jobs = Array.from({ length: 35 }, (_, index) => makeJob({ id: `j${index}` }));
    const adapter = memoryAdapter({ jobs });
    const client = createClient({ providers: [adapter] });
    const out = [];
    for await (const job of client.jobs()) out.push(job.id);
    expect(out).toEqual(jobs.map((job) => job.id));
    expect(adapter.pageRequests.map((request) => request.index)).toEqual([0, 1, 2, 3]);
  });
});
