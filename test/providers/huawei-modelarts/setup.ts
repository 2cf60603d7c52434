import { MockAgent } from 'undici';
import type { Job } from '../../../src/model/job.js';
import {
  type HuaweiModelArtsOptions,
  huaweiModelArts,
} from '../../../src/providers/huawei-modelarts/index.js';

export const region = 'cn-north-4';
export const origin = `https://modelarts.${region}.myhuaweicloud.com`;
export const projectId = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
export const listPath = `/v1/${projectId}/visualization-jobs`;
// Made up for the tests; long enough to be registered as secrets.
export const akSk = { ak: 'HWTESTAKEXAMPLE00001', sk: 'HwTestSecretKeyExample0000000000000000001' };
export const token = 'MIIHWTESTTOKENEXAMPLE-abcdefghijklmnopqrstuvwxyz0123456789';

export function mockAgent(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  return agent;
}

/** An adapter that reaches `agent`, with fast retries and no rate-limit waits. */
export function testAdapter(agent: MockAgent, options: Partial<HuaweiModelArtsOptions> = {}) {
  return huaweiModelArts({
    region,
    projectId,
    credentials: akSk,
    dispatcher: agent,
    rateLimit: 10_000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    env: {},
    ...options,
  });
}

export async function collect(iterable: AsyncIterable<Job>): Promise<Job[]> {
  const out: Job[] = [];
  for await (const job of iterable) out.push(job);
  return out;
}

export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}
