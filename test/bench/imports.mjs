import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { heading, knob, median, note, report } from './measure.mjs';

/**
 * What loading the library costs a program, against what the clouds' own Node SDKs cost: each
 * variant is a fresh `node` process, timed from spawn to exit, and the extra time over `node -e 0`
 * is what the import adds. Variants run interleaved, several times, and the median counts.
 * `cloudjobs` resolves through the package's own `exports`, to the bundle users load.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));

// What a user of each cloud's own SDK loads: the Batch client of tencentcloud-sdk-nodejs (its
// per-product path, not every product), Alibaba's RPC client, Huawei's core (signer, HTTP client).
const sdks = {
  'tencentcloud-sdk-nodejs (Batch client)': 'tencentcloud-sdk-nodejs/tencentcloud/services/batch/index.js',
  '@alicloud/pop-core': '@alicloud/pop-core',
  '@huaweicloud/huaweicloud-sdk-core': '@huaweicloud/huaweicloud-sdk-core',
};

const importing = (...specifiers) => [
  '--input-type=module',
  '-e',
  specifiers.map((specifier) => `await import(${JSON.stringify(specifier)});`).join(''),
];

export async function importBenchmark() {
  const runs = knob('CLOUDJOBS_BENCH_IMPORT_RUNS', 11);
  heading(`import cost: a fresh node process per variant, median of ${runs} runs`);
  const variants = {
    'node -e 0': ['-e', '0'],
    "import('cloudjobs')": importing('cloudjobs'),
    // The same library as tsc compiled it, one file per module: what the bundle saves.
    "import('cloudjobs') unbundled (dist/index.js)": importing('./dist/index.js'),
    "import('zod') alone": importing('zod'),
    ...Object.fromEntries(Object.entries(sdks).map(([name, specifier]) => [name, importing(specifier)])),
    'the three SDKs together': importing(...Object.values(sdks)),
  };
  const times = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let run = 0; run < runs + 1; run++)
    for (const [name, args] of Object.entries(variants)) {
      const started = process.hrtime.bigint();
      const child = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      if (child.status !== 0) throw new Error(`${name} failed:\n${child.stderr}`);
      // The first round warms the file system cache and is not counted.
      if (run > 0) times[name].push(elapsed);
    }
  const bare = median(times['node -e 0']);
  const extra = (name) => median(times[name]) - bare;
  note(`node -e 0: ${bare.toFixed(0)} ms`);
  for (const name of Object.keys(variants).slice(1)) note(`${name}: +${extra(name).toFixed(0)} ms`);
  const ours = extra("import('cloudjobs')");
  const together = extra('the three SDKs together');
  const separately = Object.keys(sdks).reduce((sum, name) => sum + extra(name), 0);
  report('import', "import('cloudjobs') ÷ the three SDKs loaded together", ours / together, 0.5);
  report('import', "import('cloudjobs') ÷ the three SDKs' costs added up", ours / separately, 0.5);
  report(
    'import',
    "import('cloudjobs') unbundled ÷ the three SDKs loaded together",
    extra("import('cloudjobs') unbundled (dist/index.js)") / together,
    null,
  );
  report(
    'import',
    "import('zod') alone ÷ the three SDKs loaded together",
    extra("import('zod') alone") / together,
    null,
  );
}
