import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as sourceIndex from '../../src/index.js';
import * as sourceTesting from '../../src/testing/index.js';
import { ensureBuilt, root } from '../cli/support.js';

/**
 * What users load is the bundle the package's `exports` name, not the modules the other tests
 * import from src/. These tests load it the way a program does and check that it is the same
 * library: the same names, working listings against the simulator, one set of classes shared by
 * both entry points.
 */

type PackageJson = {
  main: string;
  bin: Record<string, string>;
  exports: Record<string, { types: string; import: string } | string>;
};
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;

function entry(subpath: '.' | './testing'): string {
  const target = packageJson.exports[subpath];
  if (typeof target !== 'object') throw new Error(`no conditional export for ${subpath}`);
  return target.import;
}

const load = (relative: string) => import(pathToFileURL(join(root, relative)).href);

let index: typeof sourceIndex;
let testing: typeof sourceTesting;

beforeAll(async () => {
  await ensureBuilt();
  index = await load(entry('.'));
  testing = await load(entry('./testing'));
}, 120_000);

describe('the published entry points', () => {
  it('are the bundle, and main and bin point into it', () => {
    expect(entry('.')).toBe('./dist/bundle/index.js');
    expect(entry('./testing')).toBe('./dist/bundle/testing.js');
    expect(packageJson.main).toBe(entry('.'));
    expect(packageJson.bin.cloudjobs).toBe('./dist/bundle/cli.js');
  });

  it('export exactly the names the sources export', () => {
    expect(Object.keys(index).sort()).toEqual(Object.keys(sourceIndex).sort());
    expect(Object.keys(testing).sort()).toEqual(Object.keys(sourceTesting).sort());
  });

  it('keep their class names, which error messages and `name` rely on', () => {
    const error = new index.InvalidQueryError([{ path: 'limit', message: 'must be positive' }]);
    expect(error.name).toBe('InvalidQueryError');
    expect(error).toBeInstanceOf(index.CloudJobsError);
    expect(index.CityVisualAdapter.name).toBe('CityVisualAdapter');
  });

  it('list the simulator through the bundled client exactly as the sources do', async () => {
    const simulator = await testing.startSimulator({
      seed: 7,
      counts: {
        'tencent-batch': 130,
        'huawei-modelarts': 40,
        'aliyun-cityvisual': { groups: 5, jobsPerGroup: 3 },
      },
    });
    try {
      const providers = (library: typeof sourceIndex) => [
        library.tencentBatch(simulator.providerOptions('tencent-batch')),
        library.huaweiModelArts(simulator.providerOptions('huawei-modelarts')),
        library.aliyunCityVisual(simulator.providerOptions('aliyun-cityvisual')),
      ];
      const query = { sort: { by: 'createdAt', order: 'desc' } } as const;
      const listed = async (library: typeof sourceIndex) => {
        const keys: string[] = [];
        for await (const job of library.createClient({ providers: providers(library) }).jobs(query))
          keys.push(`${job.source}/${job.id}/${job.status}`);
        return keys;
      };
      const fromBundle = await listed(index);
      const { data } = simulator;
      const computeJobs = data['aliyun-cityvisual'].reduce((sum, group) => sum + group.ComputeJobs.length, 0);
      expect(fromBundle).toHaveLength(
        data['tencent-batch'].length + data['huawei-modelarts'].length + computeJobs,
      );
      expect(new Set(fromBundle).size).toBe(fromBundle.length);
      expect(fromBundle).toEqual(await listed(sourceIndex));

      const groups = await index.createClient({ providers: providers(index) }).listJobGroups({ pageSize: 2 });
      expect(groups.items).toHaveLength(2);
      expect(index.JobGroupSchema.safeParse(groups.items[0]).success).toBe(true);
    } finally {
      await simulator.stop();
    }
  });

  it('hold every module once, so both entry points share classes and state', () => {
    // Were a module copied into two chunks, an error thrown through `cloudjobs/testing` code would
    // fail `instanceof` against the class `cloudjobs` exports, and the simulator's credentials
    // would be registered for redaction in a registry the client never reads.
    const directory = join(root, 'dist', 'bundle');
    const holders = new Map<string, string[]>();
    for (const file of readdirSync(directory).filter((name) => name.endsWith('.js.map'))) {
      const map = JSON.parse(readFileSync(join(directory, file), 'utf8')) as { sources: string[] };
      for (const source of map.sources) holders.set(source, [...(holders.get(source) ?? []), file]);
    }
    expect(holders.size).toBeGreaterThan(50);
    expect([...holders].filter(([, files]) => files.length > 1)).toEqual([]);
    for (const module of ['../errors.js', '../redact.js', '../client.js'])
      expect(holders.get(module), module).toHaveLength(1);
  });

  it("hand out schemas that compose with the program's own zod", () => {
    // The bundle carries its own copy of zod; users build on its schemas with theirs.
    const wrapped = z.object({ job: index.JobSchema, seenAt: z.string() });
    const failed = wrapped.safeParse({ job: { id: 1 }, seenAt: 2 });
    expect(failed.success).toBe(false);
    expect(failed.error).toBeInstanceOf(z.ZodError);
    expect(failed.error?.issues.map((issue) => issue.path.join('.'))).toContain('job.id');
    const owned = index.JobSchema.extend({ owner: z.string() });
    expect(Object.keys(owned.shape)).toEqual([...index.jobFields, 'owner']);
    expect(z.toJSONSchema(z.object({ status: index.JobStatusSchema })).properties?.status).toEqual({
      type: 'string',
      enum: [...index.jobStatuses],
    });
  });

  it('find the documented examples from the bundled module', () => {
    // The bundle sits at another depth in dist/ than the compiled module it was built from.
    expect(testing.documentedExamples()).toEqual(sourceTesting.documentedExamples());
  });
});
