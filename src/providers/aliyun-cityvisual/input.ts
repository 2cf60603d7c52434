import { z } from 'zod';
import { InvalidInputError, type Issue, issuesFromZod } from '../../errors.js';
import { isEncodable } from './sign.js';

/**
 * The inputs of CreateJobGroup and ModifyJobGroup in the library's own camelCase, checked before
 * any request (every problem in one InvalidInputError), and their native parameters.
 */

/** Java's Integer, the type the documents give every count. */
const largestInteger = 2_147_483_647;

const count = z
  .number('expected a whole number')
  .int('expected a whole number')
  .min(1, 'must be at least 1')
  .max(largestInteger, `must be at most ${largestInteger}`);

/**
 * An id sent as a query parameter: not blank, and valid Unicode (a lone surrogate has no UTF-8
 * form to percent-encode).
 */
export const identifier = z
  .string('expected a string')
  .regex(/\S/, 'must not be blank')
  .refine(isEncodable, 'contains an unpaired surrogate (not valid Unicode)');

// The ModifyJobGroup document: 2–128 English or Chinese characters, starting with a letter or a
// Chinese character, not with http:// or https://, digits, ':', '_' and '-' allowed. "Chinese
// character" is read as Alibaba's console rules write it, the CJK Unified Ideographs block
// U+4E00–U+9FA5.
const nameStart = /^[A-Za-z\u4e00-\u9fa5]/;
const nameCharacter = /[A-Za-z0-9\u4e00-\u9fa5:_-]/;
const minimumNameLength = 2;
const maximumNameLength = 128;

function describeCharacter(char: string): string {
  if (char === ' ') return 'space';
  const codePoint = char.codePointAt(0) as number;
  return codePoint < 0x20 || codePoint === 0x7f || /\s/.test(char)
    ? `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`
    : `'${char}'`;
}

/** Every rule the name breaks, one message each. */
export function nameProblems(name: string): string[] {
  const problems: string[] = [];
  const characters = [...name];
  if (characters.length < minimumNameLength || characters.length > maximumNameLength)
    problems.push(
      `must be ${minimumNameLength} to ${maximumNameLength} characters long (it has ${characters.length})`,
    );
  if (/^https?:\/\//i.test(name)) problems.push('must not start with http:// or https://');
  if (characters.length > 0 && !nameStart.test(name))
    problems.push('must start with a letter or a Chinese character');
  const refused = new Set<string>();
  for (const char of characters) if (!nameCharacter.test(char)) refused.add(describeCharacter(char));
  if (refused.size > 0)
    problems.push(
      `may contain only letters, Chinese characters, digits, ':', '_' and '-', not ${[...refused].slice(0, 10).join(', ')}${refused.size > 10 ? ' …' : ''}`,
    );
  return problems;
}

const name = z.string('expected a string').superRefine((value, context) => {
  for (const message of nameProblems(value)) context.addIssue({ code: 'custom', message });
});

const OutputsSchema = z.strictObject({
  elasticsearch: z.boolean('expected true or false').optional(),
  rds: z.boolean('expected true or false').optional(),
  messageQueue: z.boolean('expected true or false').optional(),
  dataHub: z.boolean('expected true or false').optional(),
});

const scheduleStart = z.enum(['latest', 'oldest'], "expected 'latest' or 'oldest'");

export const CreateJobGroupInputSchema = z.strictObject({
  name,
  algorithmLibraryId: identifier,
  resourceProfileId: identifier,
  plannedJobCount: count,
  streamsPerJob: count,
  jobCount: count.optional(),
  /** Where the group's results go (ES_ENABLE, RDS_ENABLE, OUT_MQ_ENABLE, DATAHUB_ENABLE). */
  outputs: OutputsSchema.optional(),
  /** Where scheduling starts in the streams (SCHEDULE_FLOW_START_TIME). */
  scheduleStart: scheduleStart.optional(),
});

export const ModifyJobGroupInputSchema = CreateJobGroupInputSchema.extend({
  plannedJobCount: count.optional(),
  streamsPerJob: count.optional(),
  status: z.enum(['running', 'stopped'], "expected 'running' or 'stopped'").optional(),
});

export type CreateJobGroupInput = z.input<typeof CreateJobGroupInputSchema>;
export type ModifyJobGroupInput = z.input<typeof ModifyJobGroupInputSchema>;
type ParsedCreate = z.output<typeof CreateJobGroupInputSchema>;
type ParsedModify = z.output<typeof ModifyJobGroupInputSchema>;

/** Validates CreateJobGroup's input; every problem in one InvalidInputError. */
export function parseCreateInput(input: unknown, origin: { provider: string; source: string }): ParsedCreate {
  const result = CreateJobGroupInputSchema.safeParse(input);
  if (!result.success)
    throw new InvalidInputError(issuesFromZod(result.error), { ...origin, what: 'createJobGroup input' });
  return result.data;
}

/** Validates ModifyJobGroup's id and input together; every problem in one InvalidInputError. */
export function parseModifyInput(
  id: unknown,
  input: unknown,
  origin: { provider: string; source: string },
): { id: string; input: ParsedModify } {
  const issues: Issue[] = [];
  const idResult = identifier.safeParse(id);
  if (!idResult.success) issues.push(...issuesFromZod(idResult.error, ['id']));
  const result = ModifyJobGroupInputSchema.safeParse(input);
  if (!result.success) issues.push(...issuesFromZod(result.error));
  if (!idResult.success || !result.success)
    throw new InvalidInputError(issues, { ...origin, what: 'modifyJobGroup input' });
  return { id: idResult.data, input: result.data };
}

const trueOrFalse = (value: boolean) => (value ? 'True' : 'False');

/** `JobGroupParams.N.Key` / `.Value`, N from 1, in the documents' order of keys. */
function jobGroupParams(input: ParsedCreate | ParsedModify): Record<string, string> {
  const entries: [string, string][] = [];
  const outputs = input.outputs ?? {};
  if (outputs.elasticsearch !== undefined) entries.push(['ES_ENABLE', trueOrFalse(outputs.elasticsearch)]);
  if (outputs.rds !== undefined) entries.push(['RDS_ENABLE', trueOrFalse(outputs.rds)]);
  if (outputs.messageQueue !== undefined) entries.push(['OUT_MQ_ENABLE', trueOrFalse(outputs.messageQueue)]);
  if (outputs.dataHub !== undefined) entries.push(['DATAHUB_ENABLE', trueOrFalse(outputs.dataHub)]);
  if (input.scheduleStart !== undefined)
    entries.push(['SCHEDULE_FLOW_START_TIME', input.scheduleStart === 'latest' ? 'Latest' : 'Oldest']);
  const out: Record<string, string> = {};
  entries.forEach(([key, value], index) => {
    out[`JobGroupParams.${index + 1}.Key`] = key;
    out[`JobGroupParams.${index + 1}.Value`] = value;
  });
  return out;
}

function optionalCount(name: string, value: number | undefined): Record<string, string> {
  return value === undefined ? {} : { [name]: String(value) };
}

/** CreateJobGroup's own parameters (the common ones are added when signing). */
export function createJobGroupParameters(input: ParsedCreate, instanceId: string): Record<string, string> {
  return {
    InstanceId: instanceId,
    JobGroupName: input.name,
    AlgoLibId: input.algorithmLibraryId,
    ResourceProfileId: input.resourceProfileId,
    PlanedJobCount: String(input.plannedJobCount),
    StreamPerJob: String(input.streamsPerJob),
    ...optionalCount('JobCount', input.jobCount),
    ...jobGroupParams(input),
  };
}

/**
 * ModifyJobGroup's own parameters. The document lists no InstanceId for it (the group id names
 * the group), so none is sent.
 */
export function modifyJobGroupParameters(id: string, input: ParsedModify): Record<string, string> {
  return {
    JobGroupId: id,
    JobGroupName: input.name,
    AlgoLibId: input.algorithmLibraryId,
    ResourceProfileId: input.resourceProfileId,
    ...optionalCount('PlanedJobCount', input.plannedJobCount),
    ...optionalCount('StreamPerJob', input.streamsPerJob),
    ...optionalCount('JobCount', input.jobCount),
    ...(input.status === undefined ? {} : { Status: input.status === 'running' ? 'Running' : 'Stopped' }),
    ...jobGroupParams(input),
  };
}
