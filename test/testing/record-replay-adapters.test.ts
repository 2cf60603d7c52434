import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client.js';
import type { Job } from '../../src/model/job.js';
import { recordFixtures } from '../../src/testing/record.js';
import { replayFixtures } from '../../src/testing/replay.js';
import { startSimulator } from '../../src/testing/simulator/index.js';
import { targets } from '../conformance/targets.js';

async function ids(iterable: AsyncIterable<Job>): Promise<string[]> {
  const out: string[] = [];
  for await (const job of iterable) out.push(job.id);
  return out;
}

describe.each(targets.map((target) => [target.providerId, target] as const))(
  'record and replay: %s',
  (_name, target) => {
    const directories: string[] = [];
    afterEach(() => {
      for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
    });

    it('records a listing with no credential in any file, then replays it offline with other credentials', async () => {
      const directory = mkdtempSync(join(tmpdir(), `cloudjobs-${target.providerId}-`));
      directories.push(directory);
      const sim = await startSimulator({ seed: 4, counts: target.counts(target.smallPageSize * 3) });
      const options = sim.providerOptions(target.providerId);
      // Credentials only: a project id is scope, and rightly part of a recorded path.
      const secrets = Object.entries(sim.environment(target.providerId))
        .filter(([name]) => !name.endsWith('PROJECT_ID'))
        .map(([, value]) => value);
      const lines: string[] = [];
      const recorder = recordFixtures({ directory, dispatcher: new Agent() });
      const live = target.create({
        ...options,
        dispatcher: recorder,
        rateLimit: 100,
        pageSize: target.smallPageSize,
        logger: (line: string) => lines.push(line),
      });
      const listed = await ids(createClient({ providers: [live] }).jobs());
      await sim.stop();
      expect(listed).toEqual(target.expectedJobIds(sim));

      const files = readdirSync(directory);
      expect(files.length).toBeGreaterThan(1);
      for (const file of files) {
        const text = readFileSync(join(directory, file), 'utf8');
        for (const secret of secrets) expect(text, `${file} holds a credential`).not.toContain(secret);
        expect(text).not.toMatch(/Signature=[A-Za-z0-9%+/=]{8}/);
        expect(text).not.toMatch(/Credential=|Access=/);
      }
      for (const line of lines) for (const secret of secrets) expect(line).not.toContain(secret);

      // The simulator is gone: the replay alone answers, whatever the credentials.
      const replay = replayFixtures(directory);
      const { credentials: _credentials, ...scope } = options;
      const offline = target.create({
        ...scope,
        env: Object.fromEntries(
          Object.keys(sim.environment(target.providerId)).map((name) => [
            name,
            `other-${name.toLowerCase()}-value`,
          ]),
        ),
        dispatcher: replay,
        rateLimit: 100,
        pageSize: target.smallPageSize,
      });
      expect(await ids(createClient({ providers: [offline] }).jobs())).toEqual(listed);
      await replay.close();
    });
  },
);
