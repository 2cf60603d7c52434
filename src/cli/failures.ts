import { CloudJobsError, InvalidQueryError, ProviderApiError, type ProviderError } from '../errors.js';

export const exitOk = 0;
export const exitFailure = 1;
export const exitPartial = 2;

/** One line, whatever the cloud put in its message. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/**
 * The line a failing provider instance gets on stderr: the instance, its provider id, and for a
 * cloud error its kind, code and request id (what a support ticket asks for).
 */
export function describeFailure(failure: ProviderError): string {
  const { source, provider, error } = failure;
  if (error instanceof ProviderApiError) {
    const facts = [
      `provider ${provider}`,
      `kind ${error.kind}`,
      `code ${error.code}`,
      `request ${error.requestId ?? '(none)'}`,
      ...(error.httpStatus ? [`HTTP ${error.httpStatus}`] : []),
    ];
    return oneLine(`${source} failed: ${facts.join(', ')}: ${error.cloudMessage}`);
  }
  return oneLine(`${source} failed: provider ${provider}, ${error.name}: ${error.message}`);
}

// Query keys back to the flags that set them, so an invalid query speaks the command line's language.
const flagOfQueryKey: Record<string, string> = {
  providers: '--provider',
  sources: '--provider',
  ids: '--id',
  name: '--name',
  nameContains: '--name-contains',
  status: '--status',
  zone: '--zone',
  groupId: '--group',
  tags: '--tag',
  createdAfter: '--created-after',
  createdBefore: '--created-before',
  sort: '--sort',
  limit: '--limit',
};

/** A failure of the whole command (not of one provider among several), as one line or a few. */
export function describeError(error: unknown): string {
  if (error instanceof InvalidQueryError)
    return `invalid query: ${error.issues
      .map((issue) => {
        const key = /^[A-Za-z]+/.exec(issue.path)?.[0] ?? '';
        return `${flagOfQueryKey[key] ?? issue.path}: ${issue.message}`;
      })
      .join('; ')}`;
  if (error instanceof ProviderApiError && error.source)
    return describeFailure({ source: error.source, provider: error.provider ?? '', error });
  if (error instanceof CloudJobsError) {
    const where = error.source ? `${error.source}: ` : '';
    return oneLine(`${where}${error.message}`);
  }
  return oneLine(error instanceof Error ? error.message : String(error));
}
