import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudModule, CloudStats, FaultKind, SimulatorRequest, SimulatorResponse } from './cloud.js';
import { Random } from './random.js';

export interface FaultOptions {
  /** Share of requests (0–1) answered with a fault instead of their result. */
  rate: number;
  /** Which faults to draw from; default the four that a retry can cure (not `malformed`). */
  kinds?: FaultKind[];
  /** How long a stalled response is held before it is sent; default 30 s. */
  stallMs?: number;
  /** Seed of the fault draws; default the simulator's seed. */
  seed?: number;
}

export interface ServerOptions {
  modules: CloudModule[];
  host: string;
  port: number;
  /** Added before every answer: a number, or a range drawn per request. */
  latencyMs?: number | { min: number; max: number } | undefined;
  /** Requests per second per cloud (by provider id); exceeding it gets the cloud's throttling answer. */
  rateLimit?: Record<string, number> | undefined;
  faults?: FaultOptions | undefined;
  seed: number;
  now: () => number;
}

const allFaults: FaultKind[] = ['server-error', 'unavailable', 'reset', 'stall'];

function emptyStats(): CloudStats {
  return {
    requests: 0,
    served: 0,
    rejected: 0,
    throttled: 0,
    invalid: 0,
    faults: { 'server-error': 0, unavailable: 0, reset: 0, stall: 0, malformed: 0 },
  };
}

/** A token bucket on the simulator's clock: what a cloud's gateway does per account and API. */
class Bucket {
  private tokens: number;
  private updatedAt: number;
  constructor(
    private readonly rate: number,
    private readonly now: () => number,
  ) {
    this.tokens = Math.max(1, rate);
    this.updatedAt = now();
  }
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(Math.max(1, this.rate), this.tokens + ((now - this.updatedAt) / 1000) * this.rate);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class SimulatorServer {
  private readonly server: Server;
  private readonly stats = new Map<string, CloudStats>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly faultRandom: Random;
  private readonly latencyRandom: Random;
  private readonly pendingTimers = new Set<NodeJS.Timeout>();
  private closed = false;
  url = '';

  constructor(private readonly options: ServerOptions) {
    for (const module of options.modules) {
      this.stats.set(module.id, emptyStats());
      const rate = options.rateLimit?.[module.id];
      if (rate !== undefined) this.buckets.set(module.id, new Bucket(rate, options.now));
    }
    this.faultRandom = new Random(options.faults?.seed ?? options.seed ^ 0x5eed);
    this.latencyRandom = new Random(options.seed ^ 0x1a7e);
    this.server = createServer((request, response) => {
      this.serve(request, response).catch((error: unknown) => {
        if (!response.headersSent) {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(`simulator error: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `http://${host}:${address.port}`;
    return this.url;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.pendingTimers) clearTimeout(timer);
    this.pendingTimers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  statistics(): Record<string, CloudStats> {
    return Object.fromEntries([...this.stats].map(([id, stats]) => [id, structuredClone(stats)]));
  }

  resetStatistics(): void {
    for (const id of this.stats.keys()) this.stats.set(id, emptyStats());
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pendingTimers.delete(timer);
        resolve();
      }, ms);
      this.pendingTimers.add(timer);
    });
  }

  private latency(): number {
    const latency = this.options.latencyMs;
    if (latency === undefined) return 0;
    if (typeof latency === 'number') return latency;
    return latency.min + this.latencyRandom.next() * (latency.max - latency.min);
  }

  private drawFault(): FaultKind | null {
    const faults = this.options.faults;
    if (!faults || faults.rate <= 0) return null;
    if (!this.faultRandom.chance(faults.rate)) return null;
    return this.faultRandom.pick(faults.kinds?.length ? faults.kinds : allFaults);
  }

  private async serve(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const request: SimulatorRequest = {
      method: incoming.method ?? 'GET',
      url: new URL(incoming.url ?? '/', 'http://simulator.invalid'),
      headers: incoming.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      receivedAt: this.options.now(),
    };
    const module = this.options.modules.find((candidate) => candidate.claims(request));
    if (!module) {
      this.send(outgoing, {
        status: 404,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'no simulated cloud answers this request' }),
      });
      return;
    }
    const stats = this.stats.get(module.id) as CloudStats;
    stats.requests++;
    const delay = this.latency();
    if (delay > 0) await this.wait(delay);
    if (this.closed) return;

    const fault = this.drawFault();
    if (fault) {
      stats.faults[fault]++;
      if (fault === 'reset') {
        incoming.socket.destroy();
        return;
      }
      if (fault === 'stall') {
        await this.wait(this.options.faults?.stallMs ?? 30_000);
        if (this.closed || outgoing.destroyed) return;
        this.send(outgoing, module.serverError(request, 503));
        return;
      }
      if (fault === 'malformed') {
        const real = await module.handle(request, { now: this.options.now });
        this.send(outgoing, {
          ...real,
          status: 200,
          body: real.body.slice(0, Math.floor(real.body.length / 2)),
        });
        return;
      }
      this.send(outgoing, module.serverError(request, fault === 'server-error' ? 500 : 503));
      return;
    }

    const bucket = this.buckets.get(module.id);
    if (bucket && !bucket.take()) {
      stats.throttled++;
      this.send(outgoing, module.throttled(request));
      return;
    }

    const response = await module.handle(request, { now: this.options.now });
    const outcome = response.outcome ?? (response.status < 300 ? 'served' : 'invalid');
    stats[outcome]++;
    this.send(outgoing, response);
  }

  private send(outgoing: ServerResponse, response: SimulatorResponse): void {
    if (outgoing.destroyed) return;
    outgoing.writeHead(response.status, {
      'content-length': Buffer.byteLength(response.body),
      // The simulator's clock, which tests may set apart from the machine's (clock skew).
      date: new Date(this.options.now()).toUTCString(),
      ...response.headers,
    });
    outgoing.end(response.body);
  }
}
