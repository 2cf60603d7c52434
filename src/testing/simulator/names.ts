import type { Random } from './random.js';

// Names mix ASCII and Chinese, upper and lower case, so filters and sorting meet real data.
const firstWords = [
  'etl',
  'ETL',
  'train',
  'Train',
  'report',
  'backfill',
  'render',
  '视频',
  '数据',
  'nightly',
  'Resize',
  'ümlaut',
];
const secondWords = ['daily', 'job', 'batch', '任务', 'sync', 'export', 'Ingest', 'model', '清洗', 'cleanup'];

export function jobName(random: Random, index: number): string {
  return `${random.pick(firstWords)}-${random.pick(secondWords)}-${index}`;
}

export const tagKeys = ['env', 'team', 'cost-center', '项目'];
export const tagValues = ['prod', 'dev', 'staging', 'data', 'ml', '研发'];

/** Spread creation times over the past days, newest first, from a fixed instant so data is reproducible. */
export function creationTimes(random: Random, count: number, end = Date.UTC(2026, 9, 1, 12, 0, 0)): number[] {
  const times: number[] = [];
  let at = end;
  for (let index = 0; index < count; index++) {
    times.push(at);
    at -= random.integer(1, 3600) * 1000;
  }
  return times;
}

export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
