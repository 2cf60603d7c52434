import { z } from 'zod';

/**
 * A provider id names a cloud product API (`acme-batch`, say), not an account or region. The model
 * only fixes its spelling, so that adding a provider never touches the model.
 */
export const ProviderIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'a provider id is lowercase words joined by "-"');
export type ProviderId = z.infer<typeof ProviderIdSchema>;
