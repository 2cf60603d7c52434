import { Agent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client.js';
import type { SimulatedProviderId } from '../../src/testing/simulator/index.js';
import { startSimulator } from '../../src/testing/simulator/index.js';
import { Random } from '../../src/testing/simulator/random.js';
import { makeJob, memoryAdapter } from '../support/memory-adapter.js';
import { knob, suiteTimeout } from './knobs.js';
import { beforeEachRequest, byProvider, countsFor, listAll, readsNeeded } from './support.js';
import { type ReliabilityTarget, reliabilityTargets as targets } from './targets.js';

/**
 * Churn through the real adapters and the simulator: before every request an adapter sends, the
 * cloud's records change (jobs deleted anywhere, new jobs inserted anywhere in the native order).
 * Every job present for the whole scan must be listed exactly once; jobs created or deleted
 * meanwhile may or may not be, but never twice. The price is counted in requests.
 */

const seeds = knob('CLOUDJOBS_SOAK_CHURN_SEEDS', 4, 60);
const records = knob('CLOUDJOBS_SOAK_CHURN_RECORDS', 150, 600);
const pageSize = knob('CLOUDJOBS_SOAK_CHURN_PAGE_SIZE', 10, 25);
const agent = new Agent();
afterAll(() => agent.close());

interface CloudChurn {
  initial: Set<string>;
  deleted: Set<string>;
}

/** A scan of every cloud at once with churn before each request; what it listed, and what it cost. */
async function churnedScan(seed: number, pageOverlap: number | undefined) {
  const sim = await startSimulator({ seed, counts: countsFor(targets, records) });
  try {
    const state = new Map<SimulatedProviderId, CloudChurn>();
    let serial = 0;
    const providers = targets.map((target: ReliabilityTarget) => {
      const id = target.conformance.providerId;
      const data = sim.data as Record<SimulatedProviderId, unknown[]>;
      if (target.churn.prepare) data[id] = target.churn.prepare(data[id]);
      const churn: CloudChurn = { initial: new Set(target.churn.ids(data[id])), deleted: new Set() };
      state.set(id, churn);
      const random = new Random(seed * 31 + serial);
      const mutate = () => {
        const changes = random.integer(0, 3);
        for (let change = 0; change < changes; change++) {
          const records = data[id];
          if (random.chance(0.5) && records.length > 0) {
            const at = random.integer(0, records.length - 1);
            // A record may hold several jobs (a CityVisual group): all of them go.
            for (const removed of target.churn.ids([records[at]])) churn.deleted.add(removed);
            data[id] = [...records.slice(0, at), ...records.slice(at + 1)];
          } else data[id] = target.churn.insert(records, random, ++serial);
        }
      };
      return target.conformance.create({
        ...sim.providerOptions(id),
        pageSize,
        rateLimit: 10_000,
        dispatcher: beforeEachRequest(agent, mutate),
      });
    });
    const listed = await listAll(
      createClient({ providers, ...(pageOverlap === undefined ? {} : { pageOverlap }) }).jobs(),
    );
    const stats = sim.stats();
    return { listed, state, stats, sim };
  } finally {
    await sim.stop();
  }
}

function outcome(listed: Awaited<ReturnType<typeof churnedScan>>['listed'], state: Map<string, CloudChurn>) {
  const got = byProvider(listed);
  const report = new Map<string, { twice: number; missing: string[] }>();
  for (const [provider, churn] of state) {
    const ids = got.get(provider) ?? [];
    const seen = new Set(ids);
    const missing = [...churn.initial].filter((id) => !churn.deleted.has(id) && !seen.has(id));
    report.set(provider, { twice: ids.length - seen.size, missing });
  }
  return report;
}

describe('churn-safe paging against the simulator, every cloud at once', () => {
  it(
    `${seeds} seeds × ${records} records per cloud, changes before every request: every job present throughout, exactly once`,
    async () => {
      const requests = new Map<string, { churned: number; calm: number; plain: number }>();
      for (let seed = 1; seed <= seeds; seed++) {
        const calm = await readsNeeded(targets, { seed, counts: countsFor(targets, records) }, { pageSize });
        const { listed, state, stats } = await churnedScan(seed, undefined);
        for (const [provider, { twice, missing }] of outcome(listed, state)) {
          expect(twice, `seed ${seed} ${provider}: listed twice`).toBe(0);
          expect(missing, `seed ${seed} ${provider}: present throughout, not listed`).toEqual([]);
          const counted = requests.get(provider) ?? { churned: 0, calm: 0, plain: 0 };
          counted.churned += stats[provider as SimulatedProviderId].requests;
          counted.calm += calm[provider] as number;
          counted.plain += Math.ceil(records / pageSize);
          requests.set(provider, counted);
        }
      }
      // The price, in requests beyond one per page of the list as it started; for the docs.
      const percent = (more: number, base: number) => `+${((100 * (more - base)) / base).toFixed(1)}%`;
      for (const [provider, { churned, calm, plain }] of requests)
        console.info(
          `churn ${provider} (page size ${pageSize}): ${plain} pages; ${calm} requests with no churn (${percent(calm, plain)}, the overlap); ${churned} under churn (${percent(churned, plain)}; look-backs ${percent(churned, calm)} over the calm scan)`,
        );
    },
    suiteTimeout,
  );

  it(
    'without overlapping reads the same churn loses jobs (what the overlap is for)',
    async () => {
      let missing = 0;
      for (let seed = 1; seed <= Math.max(2, Math.ceil(seeds / 2)); seed++) {
        const { listed, state } = await churnedScan(seed, 0);
        for (const [, result] of outcome(listed, state)) missing += result.missing.length;
      }
      expect(missing).toBeGreaterThan(0);
    },
    suiteTimeout,
  );
});

describe('churn at the end of a list', () => {
  it('records deleted early in the list just before the last read: the records after it are still listed', async () => {
    // Offset reads of 5 overlapping by 1: [0,5), [4,9), [8,13). Two deletions at the front before
    // the third read move j9 to position 7, so the third read comes back empty; that is a shift
    // to look back for, not the end of the list.
    const jobs = Array.from({ length: 10 }, (_, index) => makeJob({ id: `j${index}` }));
    let deleted = false;
    const adapter = memoryAdapter({
      jobs,
      pageSize: 5,
      paging: 'offset',
      concurrency: 1,
      beforePage: (request) => {
        if (request.offset === 8 && !deleted) {
          adapter.jobs = adapter.jobs.slice(2);
          deleted = true;
        }
      },
    });
    const listed = (await listAll(createClient({ providers: [adapter] }).jobs())).map((job) => job.id);
    expect(deleted).toBe(true);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(expect.arrayContaining(['j2', 'j3', 'j4', 'j5', 'j6', 'j7', 'j8', 'j9']));
  });
});
