import { UnsupportedOperationError } from '../errors.js';
import type { Job } from '../model/job.js';
import type { JobGroup } from '../model/job-group.js';
import type { ParsedJobGroupQuery, ParsedJobQuery } from '../model/query.js';
import { Transport } from '../transport/transport.js';
import type { Adapter, AdapterCapabilities, Lister } from './adapter.js';
import type { CommonProviderOptions } from './options.js';

/**
 * What every adapter shares: its name, its transport, and a refusal for operations its cloud does
 * not have, so that asking for one throws instead of silently doing nothing.
 */
export abstract class BaseAdapter implements Adapter {
  readonly providerId: string;
  readonly name: string;
  readonly region: string;
  readonly transport: Transport;
  abstract readonly capabilities: AdapterCapabilities;
  abstract readonly jobLister: Lister<Job, ParsedJobQuery> | null;
  abstract readonly jobGroupLister: Lister<JobGroup, ParsedJobGroupQuery> | null;

  protected constructor(providerId: string, options: CommonProviderOptions, defaultRateLimit: number) {
    this.providerId = providerId;
    this.region = options.region;
    this.name = options.name ?? `${providerId}:${options.region}`;
    this.transport = new Transport({
      provider: providerId,
      source: this.name,
      dispatcher: options.dispatcher,
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      rateLimit: options.rateLimit ?? defaultRateLimit,
      burst: options.burst,
      clock: options.clock,
      random: options.random,
      logger: options.logger,
    });
  }

  /** Creates a job group; only providers with job groups implement it. */
  createJobGroup(_input: unknown): Promise<string> {
    return Promise.reject(this.unsupported('createJobGroup'));
  }

  /** Changes a job group; only providers with job groups implement it. */
  modifyJobGroup(_id: string, _input: unknown): Promise<void> {
    return Promise.reject(this.unsupported('modifyJobGroup'));
  }

  protected unsupported(operation: string): UnsupportedOperationError {
    return new UnsupportedOperationError(operation, `${this.providerId} has no such operation`, {
      provider: this.providerId,
      source: this.name,
    });
  }
}
