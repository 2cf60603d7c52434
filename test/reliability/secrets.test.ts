import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { Agent, type Dispatcher, MockAgent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client.js';
import { InvalidInputError, PartialFailureError } from '../../src/errors.js';
import { recordFixtures } from '../../src/testing/record.js';
import {
  type SimulatedProviderId,
  type Simulator,
  startSimulator,
} from '../../src/testing/simulator/index.js';
import { countsFor, headerValues, listAll } from './support.js';
import { fixture, type ReliabilityTarget, reliabilityTargets as targets } from './targets.js';

/**
 * Credentials, signatures and tokens never appear in an error message, a log line or a recorded
 * fixture. Every listing here runs with the debug logger on, with credentials made up for the run
 * (so that nothing but the adapter itself can have registered them for redaction), through every
 * error class, and with clouds that echo the request's own Authorization header back in their
 * error messages. Everything that leaves the library as text is then searched for every secret the
 * requests carried.
 */

const secretHeaders = [
  'authorization',
  'x-tc-token',
  'x-security-token',
  'x-auth-token',
  'x-acs-security-token',
];

/** Every secret a request carried: whole header values, and the values inside an Authorization. */
class SecretLedger {
  readonly values = new Set<string>();
  requests = 0;
  add(...values: string[]) {
    for (const value of values) if (value.length >= 8) this.values.add(value);
  }
  recordRequest(request: Dispatcher.DispatchOptions) {
    this.requests++;
    // RPC-style clouds sign in the query string (or a form body): key id, signature, token.
    const query = new URL(request.path, 'http://request.invalid').searchParams;
    const form = typeof request.body === 'string' ? new URLSearchParams(request.body) : new URLSearchParams();
    for (const parameters of [query, form])
      for (const [name, value] of parameters)
        if (/^(signature|accesskeyid|securitytoken|secretid|token)$/i.test(name)) this.add(value);
    const headers = headerValues(request.headers);
    for (const name of secretHeaders) {
      const value = headers[name];
      if (!value) continue;
      this.add(value);
      for (const signature of value.matchAll(/Signature=([0-9a-fA-F]{16,})/g))
        this.add(signature[1] as string);
    }
  }
  /** Every occurrence of a secret (as sent, or URL-encoded) in the texts. */
  hits(texts: Iterable<string>): string[] {
    const found: string[] = [];
    for (const text of texts)
      for (const secret of this.values)
        for (const form of new Set([secret, encodeURIComponent(secret)]))
          if (text.includes(form)) found.push(`${secret.slice(0, 12)}… in: ${text.slice(0, 160)}`);
    return found;
  }
}

/** Everything an error shows as text: message, stack, and the whole object as Node prints it. */
function errorTexts(error: unknown): string[] {
  if (!(error instanceof Error)) return [String(error)];
  const texts = [error.message, String(error), error.stack ?? '', inspect(error, { depth: 10 })];
  if (error instanceof PartialFailureError)
    for (const { error: inner } of error.errors) texts.push(...errorTexts(inner));
  return texts;
}

function capturing(dispatcher: Dispatcher, ledger: SecretLedger): Dispatcher {
  return dispatcher.compose((dispatch) => (request, handler) => {
    ledger.recordRequest(request);
    return dispatch(request, handler);
  });
}

/** The error fixture with every message field replaced by `text`. */
function echoBody(target: ReliabilityTarget, text: string): { status: number; body: string } {
  const { file, status } = target.errors.find((error) => error.file.endsWith('.json')) as {
    file: string;
    status: number;
  };
  const replace = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(replace);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, /message|msg/i.test(key) ? text : replace(item)]),
    );
  };
  return { status, body: JSON.stringify(replace(JSON.parse(fixture(target, file)))) };
}

type Reply =
  | { kind: 'body'; status: number; body: string; delayMs?: number }
  | { kind: 'echo'; wrap: (echoed: string) => { status: number; body: string } }
  | { kind: 'network' };

function scenarios(target: ReliabilityTarget): [string, Reply][] {
  const example = fixture(target, target.examples.find((file) => file.endsWith('.json')) as string);
  return [
    ['a listing that succeeds', { kind: 'body', status: 200, body: example }],
    ...target.errors.map(({ file, status }): [string, Reply] => [
      `error ${file} (HTTP ${status})`,
      { kind: 'body', status, body: fixture(target, file) },
    ]),
    [
      'a truncated body (malformed)',
      { kind: 'body', status: 200, body: example.slice(0, example.length / 2) },
    ],
    ['no answer within the timeout', { kind: 'body', status: 200, body: example, delayMs: 400 }],
    ['a reset connection', { kind: 'network' }],
    [
      'a cloud error that echoes the Authorization header and tokens',
      { kind: 'echo', wrap: (echoed) => echoBody(target, echoed) },
    ],
    [
      'a gateway page that echoes the request headers',
      {
        kind: 'echo',
        wrap: (echoed) => ({ status: 502, body: `<html><body><pre>${echoed}</pre></body></html>` }),
      },
    ],
    [
      'a 200 that is not JSON and echoes the headers',
      { kind: 'echo', wrap: (echoed) => ({ status: 200, body: echoed }) },
    ],
  ];
}

function mockReplying(origin: string, reply: Reply): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const interceptor = agent.get(origin).intercept({ path: () => true, method: () => true });
  if (reply.kind === 'network')
    interceptor.replyWithError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })).persist();
  else if (reply.kind === 'echo')
    interceptor
      .reply((request) => {
        const headers = headerValues(request.headers as Dispatcher.DispatchOptions['headers']);
        const echoed = Object.entries(headers)
          .map(([name, value]) => `${name}: ${value}`)
          .join('\n');
        const { status, body } = reply.wrap(echoed);
        return { statusCode: status, data: body };
      })
      .persist();
  else {
    const scope = interceptor.reply(reply.status, reply.body, {
      headers: { 'content-type': 'application/json' },
    });
    if (reply.delayMs) scope.delay(reply.delayMs);
    scope.persist();
  }
  return agent;
}

let sim: Simulator;
beforeAll(async () => {
  // Only for each cloud's factory options (region and scope); its credentials are not used here.
  sim = await startSimulator({ seed: 3, counts: countsFor(targets, 1) });
});
afterAll(() => sim.stop());

describe.each(targets.map((target) => [target.conformance.providerId, target] as const))(
  'secrets: %s',
  (_name, target) => {
    const id = target.conformance.providerId as SimulatedProviderId;

    it('no secret in any error message, error object or debug log line, through every error class', async () => {
      const origin = 'https://cloud.example.com';
      let failures = 0;
      for (const [index, credentials] of target.credentialSets(randomBytes(6).toString('hex')).entries()) {
        const ledger = new SecretLedger();
        ledger.add(...Object.values(credentials));
        const texts: string[] = [];
        for (const [label, reply] of scenarios(target)) {
          const agent = mockReplying(origin, reply);
          const { credentials: _simulatorCredentials, ...scope } = sim.providerOptions(id);
          const adapter = target.conformance.create({
            ...scope,
            credentials,
            endpoint: origin,
            dispatcher: capturing(agent, ledger),
            logger: (line: string) => texts.push(line),
            rateLimit: 100_000,
            timeoutMs: 100,
            retry: { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 1 },
          });
          for (const failFast of [false, true]) {
            try {
              await listAll(createClient({ providers: [adapter], failFast }).jobs());
            } catch (error) {
              failures++;
              texts.push(...errorTexts(error));
            }
          }
          await agent.close();
          expect(texts.length, `${label}: something was logged or thrown`).toBeGreaterThan(0);
        }
        expect(ledger.requests).toBeGreaterThan(0);
        // Signed requests add a signature per attempt to the secrets looked for.
        expect(ledger.values.size).toBeGreaterThanOrEqual(Object.keys(credentials).length);
        expect(ledger.hits(texts), `credential set ${index + 1}`).toEqual([]);
      }
      expect(failures).toBeGreaterThan(0);
    });

    it('no secret in a recorded fixture, for a listing and for a refused one', async () => {
      const credentials = target.credentialSets(randomBytes(6).toString('hex'))[0] as Record<string, string>;
      const own = await startSimulator({
        seed: 4,
        counts: target.conformance.counts(12),
        credentials: { [id]: credentials },
      });
      const directory = mkdtempSync(join(tmpdir(), 'cloudjobs-secrets-'));
      const ledger = new SecretLedger();
      ledger.add(...Object.values(credentials));
      const agent = new Agent();
      try {
        const recorder = recordFixtures({ directory, dispatcher: capturing(agent, ledger) });
        const options = { ...own.providerOptions(id), dispatcher: recorder, pageSize: 5, rateLimit: 10_000 };
        const listed = await listAll(
          createClient({ providers: [target.conformance.create(options)] }).jobs(),
        );
        expect(listed.length).toBeGreaterThan(0);
        // A wrong secret key: the cloud refuses, and that answer is recorded too.
        const wrong = Object.fromEntries(
          Object.entries(credentials).map(([key, value]) => [
            key,
            /^(sk|secretKey|accessKeySecret)$/.test(key) ? `${value}-wrong` : value,
          ]),
        );
        const refused = await listAll(
          createClient({ providers: [target.conformance.create({ ...options, credentials: wrong })] }).jobs(),
        ).catch((error) => error);
        expect(refused).toBeInstanceOf(PartialFailureError);
        const files = readdirSync(directory);
        expect(files.length).toBeGreaterThan(1);
        const texts = files.map((file) => readFileSync(join(directory, file), 'utf8'));
        texts.push(...errorTexts(refused));
        expect(ledger.hits(texts)).toEqual([]);
      } finally {
        await agent.close();
        await own.stop();
        rmSync(directory, { recursive: true, force: true });
      }
    });

    it('plain http to a host that is not loopback is refused, unless allowInsecureHttp: true', () => {
      const options = sim.providerOptions(id);
      for (const endpoint of [
        'http://jobs.example.com',
        'http://10.0.0.8:8080',
        'http://127.0.0.1.example.com',
        'http://0.0.0.0:80',
      ]) {
        let refused: unknown;
        try {
          target.conformance.create({ ...options, endpoint });
        } catch (error) {
          refused = error;
        }
        expect(refused, endpoint).toBeInstanceOf(InvalidInputError);
        expect((refused as InvalidInputError).issues.map((issue) => issue.path)).toContain('endpoint');
        expect(() =>
          target.conformance.create({ ...options, endpoint, allowInsecureHttp: true }),
        ).not.toThrow();
      }
      for (const endpoint of [
        'http://127.0.0.1:8080',
        'http://localhost:9000',
        'http://[::1]:8080',
        'https://jobs.example.com',
      ])
        expect(() => target.conformance.create({ ...options, endpoint }), endpoint).not.toThrow();
    });
  },
);
