import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { bundleSettings } from './bundle-settings.mjs';

/**
 * Bundles the compiled package (dist/, written by tsc) into dist/bundle/: one file per entry point
 * plus the chunks they share, with zod and date-fns inlined and tree-shaken.
 *
 * Why: most of what `import('cloudjobs')` costs a program is Node's ESM loader resolving, reading
 * and linking ~90 of our modules and ~60 of zod's, one file at a time. One bundle links once. The
 * entry points share chunks, so `cloudjobs` and `cloudjobs/testing` hand out the same classes
 * (an error thrown through one is `instanceof` the class exported by the other).
 *
 * undici and fast-xml-parser stay external: they are loaded lazily, only by a program that
 * actually sends a request or reads XML, and then from the user's own node_modules.
 *
 * Every file lands directly in dist/bundle/, two levels below the package root, as dist/testing/
 * is: the documented examples are found relative to the module that reads them.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = `${root}dist/bundle`;
rmSync(outDir, { recursive: true, force: true });

await build({
  cwd: root,
  input: {
    index: 'dist/index.js',
    testing: 'dist/testing/index.js',
    cli: 'dist/cli/index.js',
  },
  ...bundleSettings,
  output: {
    dir: outDir,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunk-[hash].js',
    sourcemap: true,
  },
});
