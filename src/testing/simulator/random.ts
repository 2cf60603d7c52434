/**
 * A small seeded PRNG (mulberry32): the simulator's data and faults must come out the same for the
 * same seed on every machine, which Math.random cannot promise.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Lowercase letters and digits, as cloud ids use. */
  alphanumeric(length: number): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let index = 0; index < length; index++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** A derived generator, so that one consumer's draws do not shift another's. */
  fork(salt: number): Random {
    return new Random((Math.imul(this.integer(0, 0x7fffffff), 2654435761) ^ salt) >>> 0);
  }
}
