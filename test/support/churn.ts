import type { Job } from '../../src/model/job.js';
import type { Random } from '../../src/testing/simulator/random.js';
import { makeJob } from './memory-adapter.js';

/**
 * Random churn of a list between page fetches: new jobs inserted anywhere, existing ones deleted.
 * Returns what a scan must deliver: the jobs present from start to end must each come exactly once.
 */
export class Churn {
  readonly initial: Set<string>;
  readonly deleted = new Set<string>();
  private created = 0;

  constructor(
    jobs: Job[],
    private readonly random: Random,
    private readonly maxChangesPerFetch: number,
  ) {
    this.initial = new Set(jobs.map((job) => job.id));
  }

  /** One fetch's worth of changes, applied to `jobs` in place order. */
  apply(jobs: Job[]): Job[] {
    const out = [...jobs];
    const changes = this.random.integer(0, this.maxChangesPerFetch);
    for (let change = 0; change < changes; change++) {
      if (this.random.chance(0.5) && out.length > 0) {
        const [removed] = out.splice(this.random.integer(0, out.length - 1), 1);
        if (removed) this.deleted.add(removed.id);
      } else {
        out.splice(this.random.integer(0, out.length), 0, makeJob({ id: `new-${++this.created}` }));
      }
    }
    return out;
  }

  /** The jobs that existed for the whole scan. */
  stable(): string[] {
    return [...this.initial].filter((id) => !this.deleted.has(id));
  }
}
