import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CloudJobsError, InvalidInputError } from '../errors.js';
import type { Adapter } from '../providers/adapter.js';
import { providerFactories } from '../providers/registry.js';
import { UsageError } from './arguments.js';

// Credentials are refused here on purpose: a config file gets committed, copied and printed.
const entrySchema = z.looseObject({ provider: z.string() }).refine((entry) => !('credentials' in entry), {
  message:
    'credentials do not belong in a config file; set them in the environment (TENCENTCLOUD_SECRET_ID, ALIBABA_CLOUD_ACCESS_KEY_ID, HUAWEICLOUD_SDK_AK, …)',
  path: ['credentials'],
});
const configSchema = z.strictObject({ providers: z.array(entrySchema).min(1) });

export type ProviderEntry = z.infer<typeof entrySchema>;

export function readConfig(path: string): ProviderEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --config ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--config ${path} is not JSON: ${(error as Error).message}`);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success)
    throw new UsageError(
      `--config ${path}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`).join('; ')}`,
    );
  return parsed.data.providers;
}

/**
 * Builds the adapters a config names; each factory validates its own options, and every entry's
 * problems are reported together, each under its place in the file.
 */
export function adaptersFromConfig(
  path: string,
  entries: ProviderEntry[],
  env: Record<string, string | undefined>,
  logger?: (line: string) => void,
): Adapter[] {
  const adapters: Adapter[] = [];
  const problems: string[] = [];
  entries.forEach(({ provider, ...options }, index) => {
    const factory = providerFactories[provider];
    if (!factory) {
      problems.push(
        `providers[${index}].provider: unknown provider "${provider}"; known: ${Object.keys(providerFactories).join(', ')}`,
      );
      return;
    }
    try {
      adapters.push(factory({ ...options, env, ...(logger ? { logger } : {}) }));
    } catch (error) {
      if (!(error instanceof CloudJobsError)) throw error;
      const issues =
        error instanceof InvalidInputError ? error.issues : [{ path: '', message: error.message }];
      for (const issue of issues)
        problems.push(
          `providers[${index}]${issue.path ? `.${issue.path}` : ''} (${provider}): ${issue.message}`,
        );
    }
  });
  if (problems.length > 0) throw new UsageError(`--config ${path}: ${problems.join('; ')}`);
  return adapters;
}
