/**
 * How the library is bundled: shared by the package's own bundle (scripts/bundle.mjs) and the
 * benchmarks that must measure code bundled the same way.
 */
export const bundleSettings = {
  platform: 'node',
  // undici and the XML parser stay external: loaded lazily, from the user's own node_modules.
  external: [/^node:/, /^undici(\/|$)/, /^fast-xml-parser(\/|$)/],
  logLevel: 'warn',
};
