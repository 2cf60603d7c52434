import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Adapter } from '../providers/adapter.js';
import { providerFactories } from '../providers/registry.js';
import { UsageError } from './arguments.js';

// Credentials are refused here on purpose: a config file gets committed, copied and printed.
const entrySchema = z.looseObject({ provider: z.string() }).refine((entry) => !('credentials' in entry), {
  message: 'credentials do not belong in a config file; set them in the environment (see README)',
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

/** Builds the adapters a config names; each factory validates its own options. */
export function adaptersFromConfig(
  entries: ProviderEntry[],
  env: Record<string, string | undefined>,
  logger?: (line: string) => void,
): Adapter[] {
  return entries.map(({ provider, ...options }, index) => {
    const factory = providerFactories[provider];
    if (!factory)
      throw new UsageError(
        `providers[${index}].provider: unknown provider "${provider}"; known: ${Object.keys(providerFactories).join(', ')}`,
      );
    return factory({ ...options, env, ...(logger ? { logger } : {}) });
  });
}
