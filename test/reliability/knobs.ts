/**
 * Sizes of the reliability suites: small in `npm test`, large under `npm run soak` (which sets
 * CLOUDJOBS_SOAK=1), and each can be set on its own.
 */
export const soak = process.env.CLOUDJOBS_SOAK === '1';

export function knob(name: string, quick: number, soaked: number): number {
  const text = process.env[name];
  if (text !== undefined && text.trim() !== '') {
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number, not "${text}"`);
    return value;
  }
  return soak ? soaked : quick;
}

/** Long enough for a soak run; vitest's default would cut it short. */
export const suiteTimeout = soak ? 60 * 60_000 : 60_000;
