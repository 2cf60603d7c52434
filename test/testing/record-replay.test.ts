import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client.js';
import { recordFixtures } from '../../src/testing/record.js';
import { replayFixtures } from '../../src/testing/replay.js';
import { httpTestAdapter } from '../support/http-adapter.js';

const keyId = 'RECORDKEYID77777';
const secret = 'RECORDSECRETVALUE88888';
const jobIds = ['a', 'b', 'c', 'd', 'e'];

describe('recording and replay', () => {
  let server: Server;
  let origin: string;
  let directory: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'cloudjobs-recordings-'));
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://x');
      const page = Number(url.searchParams.get('Page'));
      const size = Number(url.searchParams.get('Size'));
      const ids = jobIds.slice((page - 1) * size, page * size);
      // Like a cloud echoing the key id in a diagnostic field, which must not reach the disk.
      const echo = `request by ${url.searchParams.get('AccessKeyId')} signed ${url.searchParams.get('Signature')}`;
      response.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'session=abc' });
      response.end(JSON.stringify({ ids, total: jobIds.length, echo }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(directory, { recursive: true, force: true });
  });

  it('records every exchange with no credential, signature or cookie in any file, then replays them offline', async () => {
    const written: string[] = [];
    const recorder = recordFixtures({
      directory,
      dispatcher: new Agent(),
      onRecord: (path) => written.push(path),
    });
    const live = httpTestAdapter({ origin, dispatcher: recorder, keyId, secret });
    const listed: string[] = [];
    for await (const job of createClient({ providers: [live] }).jobs()) listed.push(job.id);
    expect(listed).toEqual(jobIds);
    expect(written).toHaveLength(3);
    expect(readdirSync(directory)).toHaveLength(3);

    const forbidden = [
      keyId,
      secret,
      ...live.signatures,
      ...live.signatures.map(encodeURIComponent),
      'session=abc',
    ];
    for (const file of readdirSync(directory)) {
      const text = readFileSync(join(directory, file), 'utf8');
      for (const needle of forbidden) expect(text, `${file} contains ${needle}`).not.toContain(needle);
      expect(
        JSON.parse(text)
          .request.query.map(([name]: [string]) => name)
          .sort(),
      ).toEqual(['Action', 'Page', 'Size']);
    }

    // Replay: other credentials, other timestamps and nonces, no network.
    const replay = replayFixtures(directory);
    const offline = httpTestAdapter({
      origin,
      dispatcher: replay,
      keyId: 'OTHERKEY0000',
      secret: 'OTHERSECRET000',
    });
    const replayed: string[] = [];
    for await (const job of createClient({ providers: [offline] }).jobs()) replayed.push(job.id);
    expect(replayed).toEqual(jobIds);
    await replay.close();
  });

  it('a replay refuses a request nobody recorded instead of reaching the network', async () => {
    const replay = replayFixtures(directory);
    const offline = httpTestAdapter({ origin, dispatcher: replay, pageSize: 3 });
    const client = createClient({ providers: [offline] });
    await expect(client.listJobs()).resolves.toMatchObject({ items: [], errors: [expect.anything()] });
    await replay.close();
  });
});
