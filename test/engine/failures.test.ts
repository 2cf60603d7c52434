import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client.js';
import {
  CloudJobsError,
  InvalidInputError,
  InvalidQueryError,
  PartialFailureError,
  ProviderApiError,
  UnsupportedOperationError,
} from '../../src/errors.js';
import type { Job } from '../../src/model/job.js';
import { makeJob, memoryAdapter } from '../support/memory-adapter.js';

const jobsNamed = (count: number, prefix: string) =>
  Array.from({ length: count }, (_, index) => makeJob({ id: `${prefix}${index}` }));

const serverError = () =>
  new ProviderApiError({
    kind: 'server',
    code: 'InternalError',
    message: 'boom',
    action: 'List',
    requestId: 'r-1',
  });

async function drain(iterable: AsyncIterable<Job>): Promise<{ ids: string[]; error: unknown }> {
  const ids: string[] = [];
  try {
    for await (const job of iterable) ids.push(job.id);
    return { ids, error: null };
  } catch (error) {
    return { ids, error };
  }
}

function threeInstances() {
  const first = memoryAdapter({ providerId: 'alpha', name: 'a', jobs: jobsNamed(15, 'a'), pageSize: 10 });
  const broken = memoryAdapter({
    providerId: 'beta',
    name: 'b',
    jobs: jobsNamed(15, 'b'),
    pageSize: 10,
    concurrency: 1,
    beforePage: (request) => {
      if (request.index === 1) throw serverError();
    },
  });
  const third = memoryAdapter({ providerId: 'gamma', name: 'c', jobs: jobsNamed(5, 'c'), pageSize: 10 });
  return [first, broken, third] as const;
}

describe('a failing instance does not hide the others', () => {
  it('jobs() yields every healthy item, then throws one PartialFailureError in provider order', async () => {
    const { ids, error } = await drain(createClient({ providers: threeInstances() }).jobs());
    expect(ids).toEqual([
      ...jobsNamed(15, 'a').map((job) => job.id),
      ...jobsNamed(10, 'b').map((job) => job.id),
      ...jobsNamed(5, 'c').map((job) => job.id),
    ]);
    expect(error).toBeInstanceOf(PartialFailureError);
    const failure = error as PartialFailureError;
    expect(failure.errors).toHaveLength(1);
    expect(failure.errors[0]).toMatchObject({ source: 'b', provider: 'beta' });
    expect(failure.errors[0]?.error).toBeInstanceOf(ProviderApiError);
    expect(failure.errors[0]?.error).toMatchObject({ code: 'InternalError', source: 'b', provider: 'beta' });
  });

  it('sorted listings collect failures in provider order too', async () => {
    const { ids, error } = await drain(
      createClient({ providers: threeInstances() }).jobs({ sort: { by: 'id' } }),
    );
    expect(ids).toHaveLength(15 + 5 + 10);
    expect((error as PartialFailureError).errors.map((failure) => failure.source)).toEqual(['b']);
  });

  it('listJobs reports the same failures in `errors` and still pages the healthy instances', async () => {
    const client = createClient({ providers: threeInstances() });
    const seen: string[] = [];
    const errors: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await client.listJobs({ pageSize: 7, cursor });
      seen.push(...page.items.map((job) => job.id));
      errors.push(...page.errors.map((failure) => `${failure.source}:${failure.error.constructor.name}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(30);
    expect(errors).toEqual(['b:ProviderApiError']);
  });

  it('failFast throws the first failure itself, with provider and source set', async () => {
    const { error } = await drain(createClient({ providers: threeInstances(), failFast: true }).jobs());
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error).toMatchObject({ provider: 'beta', source: 'b', code: 'InternalError' });

    const sorted = await drain(
      createClient({ providers: threeInstances(), failFast: true }).jobs({ sort: { by: 'name' } }),
    );
    expect(sorted.ids).toEqual([]);
    expect(sorted.error).toMatchObject({ provider: 'beta', source: 'b' });
  });

  it('failFast notices a later instance failing before its turn', async () => {
    const slow = memoryAdapter({
      providerId: 'alpha',
      name: 'slow',
      jobs: jobsNamed(50, 's'),
      pageSize: 5,
      concurrency: 1,
      beforePage: () => new Promise((resolve) => setTimeout(resolve, 20)),
    });
    const failing = memoryAdapter({
      providerId: 'beta',
      name: 'failing',
      jobs: jobsNamed(5, 'f'),
      beforePage: () => {
        throw serverError();
      },
    });
    const started = Date.now();
    const { ids, error } = await drain(createClient({ providers: [slow, failing], failFast: true }).jobs());
    expect(error).toMatchObject({ source: 'failing' });
    // Ten pages at 20 ms would take 200 ms; failing fast stops well before the slow listing ends.
    expect(ids.length).toBeLessThan(50);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('any thrown value becomes a CloudJobsError in the report', async () => {
    const weird = memoryAdapter({
      name: 'weird',
      beforePage: () => {
        throw new TypeError('adapter bug');
      },
    });
    const { error } = await drain(createClient({ providers: [weird] }).jobs());
    expect((error as PartialFailureError).errors[0]?.error).toBeInstanceOf(CloudJobsError);
    expect((error as PartialFailureError).errors[0]?.error.message).toContain('adapter bug');
  });
});

describe('abort', () => {
  it('an AbortSignal ends the listing with its reason and cancels the fetches in flight', async () => {
    const signals: AbortSignal[] = [];
    const adapter = memoryAdapter({ jobs: jobsNamed(100, 'j'), pageSize: 10, concurrency: 3 });
    const lister = adapter.jobLister as NonNullable<typeof adapter.jobLister>;
    const original = lister.fetchPage.bind(lister);
    (lister as { fetchPage: typeof lister.fetchPage }).fetchPage = async (stream, request, context) => {
      signals.push(context.signal);
      if (request.index > 0) await new Promise((resolve) => setTimeout(resolve, 10_000));
      return original(stream, request, context);
    };
    const controller = new AbortController();
    const client = createClient({ providers: [adapter] });
    const ids: string[] = [];
    const run = (async () => {
      for await (const job of client.jobs({}, { signal: controller.signal })) {
        ids.push(job.id);
        if (ids.length === 10) setTimeout(() => controller.abort(new Error('user stopped')), 5);
      }
    })();
    const started = Date.now();
    await expect(run).rejects.toThrow('user stopped');
    // The fetches above ignore their signal; the listing still ends at once.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(ids).toHaveLength(10);
    expect(signals.length).toBeGreaterThan(1);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });

  it('a client-wide signal already aborted refuses to start', async () => {
    const controller = new AbortController();
    controller.abort(new Error('closed'));
    const client = createClient({ providers: [memoryAdapter()], signal: controller.signal });
    await expect(drain(client.jobs()).then((result) => Promise.reject(result.error))).rejects.toThrow(
      'closed',
    );
    await expect(client.listJobs()).rejects.toThrow('closed');
  });
});

describe('input errors come before any request', () => {
  it('InvalidQueryError lists every problem of a query with several mistakes', () => {
    const adapter = memoryAdapter();
    const client = createClient({ providers: [adapter] });
    let caught: unknown;
    try {
      client.jobs({
        status: ['running', 'sleeping'],
        createdAfter: '2024-05-01',
        createdBefore: '2024-05-01T10:00:00',
        sort: { by: 'colour' },
        limit: 0,
        colour: 'red',
      } as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidQueryError);
    const paths = (caught as InvalidQueryError).issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining(['status[1]', 'createdAfter', 'createdBefore', 'sort.by', 'limit', '']),
    );
    expect((caught as InvalidQueryError).issues.length).toBeGreaterThanOrEqual(6);
    expect((caught as Error).message).toContain('colour');
    expect(adapter.pageRequests).toHaveLength(0);
  });

  it('accepts dates with an offset and Date objects, rejects invalid ones', async () => {
    const client = createClient({ providers: [memoryAdapter()] });
    expect(() => client.jobs({ createdAfter: '2024-05-01T10:00:00+08:00' })).not.toThrow();
    expect(() => client.jobs({ createdAfter: '2024-05-01T10:00:00.123456Z' })).not.toThrow();
    expect(() => client.jobs({ createdAfter: new Date('nope') })).toThrow(InvalidQueryError);
    expect(() => client.jobs({ createdAfter: '2024-13-01T10:00:00Z' })).toThrow(InvalidQueryError);
    await expect(client.listJobs({ pageSize: 0 })).rejects.toBeInstanceOf(InvalidQueryError);
  });

  it('a job-group query refuses job-only criteria', () => {
    const client = createClient({ providers: [memoryAdapter({ groups: [] })] });
    expect(() => client.jobGroups({ zone: 'a' } as never)).toThrow(InvalidQueryError);
    expect(() => client.jobGroups({ sort: { by: 'createdAt' } } as never)).toThrow(InvalidQueryError);
  });

  it('a tampered or foreign cursor is a clear InvalidInputError', async () => {
    const client = createClient({ providers: [memoryAdapter({ jobs: jobsNamed(30, 'j') })] });
    const page = await client.listJobs({ pageSize: 5 });
    const cursor = page.nextCursor as string;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    decoded.payload = decoded.payload.replace('"page":0', '"page":3');
    const tampered = Buffer.from(JSON.stringify(decoded)).toString('base64url');
    await expect(client.listJobs({ pageSize: 5, cursor: tampered })).rejects.toThrow(/altered/);
    await expect(client.listJobs({ pageSize: 5, cursor: 'not a cursor!' })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(client.listJobs({ pageSize: 5, cursor: `${cursor}x` })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(client.listJobs({ pageSize: 5, status: 'failed', cursor })).rejects.toThrow(/another query/);
    await expect(client.listJobGroups({ cursor })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('cursors stay small', async () => {
    const client = createClient({ providers: [memoryAdapter({ jobs: jobsNamed(300, 'j'), pageSize: 20 })] });
    const native = await client.listJobs({ pageSize: 50 });
    const sorted = await client.listJobs({ pageSize: 50, sort: { by: 'name', order: 'desc' } });
    expect(native.nextCursor?.length).toBeLessThan(400);
    expect(sorted.nextCursor?.length).toBeLessThan(400);
  });
});

describe('the client', () => {
  it('refuses duplicate instance names and things that are not adapters', () => {
    expect(() => createClient({ providers: [memoryAdapter(), memoryAdapter()] })).toThrow(/already used/);
    expect(() => createClient({ providers: [] })).toThrow(InvalidInputError);
    expect(() => createClient({ providers: [{}] as never })).toThrow(/not a provider instance/);
  });

  it('provider() finds an instance by name, or by a provider id that names exactly one', () => {
    const one = memoryAdapter({ providerId: 'alpha', name: 'alpha:1' });
    const two = memoryAdapter({ providerId: 'alpha', name: 'alpha:2' });
    const three = memoryAdapter({ providerId: 'beta', name: 'beta:1' });
    const client = createClient({ providers: [one, two, three] });
    expect(client.provider('alpha:2')).toBe(two);
    expect(client.provider('beta')).toBe(three);
    expect(() => client.provider('alpha')).toThrow(/alpha:1, alpha:2/);
    expect(() => client.provider('gamma')).toThrow(InvalidInputError);
  });

  it('job groups: instances without groups contribute none, unless the query names only them', async () => {
    const withGroups = memoryAdapter({
      providerId: 'grouped',
      groups: [
        {
          provider: 'grouped',
          source: 'grouped:local-1',
          id: 'g1',
          name: 'group one',
          status: 'running',
          nativeStatus: 'running',
          region: 'local-1',
          algorithmLibraryId: null,
          resourceProfileId: null,
          plannedJobCount: null,
          jobCount: null,
          streamsPerJob: null,
          params: {},
          jobs: [],
          raw: {},
        },
      ],
    });
    const without = memoryAdapter({ providerId: 'flat' });
    const client = createClient({ providers: [withGroups, without] });
    const names: (string | null)[] = [];
    for await (const group of client.jobGroups()) names.push(group.name);
    expect(names).toEqual(['group one']);
    expect(() => client.jobGroups({ providers: 'flat' })).toThrow(UnsupportedOperationError);
    const page = await client.listJobGroups({ nameContains: 'ONE' });
    expect(page.items.map((group) => group.id)).toEqual(['g1']);
  });

  it('explain() says what each instance pushes down', () => {
    const client = createClient({
      providers: [
        memoryAdapter({ name: 'pushy', pushdown: ['status', 'ids'] }),
        memoryAdapter({ name: 'plain' }),
      ],
    });
    expect(client.explain({ status: 'failed', nameContains: 'x' })).toEqual([
      { source: 'pushy', provider: 'memory', streams: 1, pushed: ['status'] },
      { source: 'plain', provider: 'memory', streams: 1, pushed: [] },
    ]);
    expect(client.explain({ ids: [] })[0]?.streams).toBe(0);
  });
});
