/**
 * Small helpers shared by the benchmarks: environment knobs, medians, and the lines that print a
 * ratio next to its target.
 */

/** A number from the environment, else the default. */
export function knob(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, not "${text}"`);
  return value;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

export const mib = (bytes) => bytes / 2 ** 20;

/** Every ratio checked in this run, for the summary at the end. */
export const results = [];

/**
 * Records one measured ratio against its target (`ratio <= target` passes) and prints it. `info`
 * figures have no target: printed for the documentation, not judged.
 */
export function report(section, label, ratio, target, detail = '') {
  const pass = target === null ? null : ratio <= target;
  results.push({ section, label, ratio, target, pass, detail });
  const verdict = pass === null ? '    ' : pass ? 'ok  ' : 'MISS';
  const goal = target === null ? '(info)' : `target <= ${target}`;
  console.log(
    `  ${verdict} ${label.padEnd(58)} ${ratio.toFixed(2).padStart(6)}  ${goal}${detail ? `  ${detail}` : ''}`,
  );
}

export function heading(text) {
  console.log(`\n== ${text}`);
}

export function note(text) {
  console.log(`     ${text}`);
}
