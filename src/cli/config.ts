import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CloudJobsError, InvalidInputError } from '../errors.js';
import type { Adapter } from '../providers/adapter.js';
import { providerFactories } from '../providers/registry.js';
import { UsageError } from './arguments.js';

const variableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected the name of an environment variable');

// Credentials are refused here on purpose: a config file gets committed, copied and printed.
const entrySchema = z
  .looseObject({
    provider: z.string(),
    // The variables the cloud reads → the variables this instance reads them from: names, never values.
    environment: z.record(variableName, variableName).optional(),
  })
  .refine((entry) => !('credentials' in entry), {
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
 * The environment an entry with `environment` sees: only the variables it maps, under the names
 * its cloud reads. Nothing else of the process environment, so a session token or project id set
 * for another account cannot be mixed with this account's keys.
 */
function mappedEnvironment(
  mapping: Record<string, string>,
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const mapped: Record<string, string | undefined> = {};
  for (const [cloudName, source] of Object.entries(mapping)) mapped[cloudName] = env[source];
  return mapped;
}

/**
 * Builds the adapters a config names; each factory validates its own options, and every entry's
 * problems are reported together, each under its place in the file. A mapped variable that is not
 * set is only warned about: the instance then fails on its own, as any instance without
 * credentials does, and the others are listed.
 */
export function adaptersFromConfig(
  path: string,
  entries: ProviderEntry[],
  env: Record<string, string | undefined>,
  output: { logger?: ((line: string) => void) | undefined; warn: (line: string) => void },
): Adapter[] {
  const { logger, warn } = output;
  const adapters: Adapter[] = [];
  const problems: string[] = [];
  entries.forEach(({ provider, environment, ...options }, index) => {
    const factory = providerFactories[provider];
    if (!factory) {
      problems.push(
        `providers[${index}].provider: unknown provider "${provider}"; known: ${Object.keys(providerFactories).join(', ')}`,
      );
      return;
    }
    if (environment)
      // The mapped name is not echoed: a value put there by mistake may be a secret.
      for (const [cloudName, source] of Object.entries(environment))
        if (!env[source])
          warn(
            `--config ${path}: providers[${index}].environment.${cloudName} (${provider}): the variable it names is not set`,
          );
    try {
      const instanceEnv = environment ? mappedEnvironment(environment, env) : env;
      adapters.push(factory({ ...options, env: instanceEnv, ...(logger ? { logger } : {}) }));
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
