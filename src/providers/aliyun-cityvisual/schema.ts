import { z } from 'zod';

/**
 * The native shapes of CityVisual's answers (API 2018-10-30), unified into one internal form.
 *
 * The same listing arrives in several spellings, and every one of them must read the same:
 * - JSON or XML. XML values are all strings (nothing is type-guessed when parsing), so the
 *   fields the documents type as Integer accept a string of digits too, and become numbers here;
 *   fields typed String accept a number too (the documented JSON example has
 *   `"ComputeJobId": 101`), and become strings;
 * - a group's name as `JobGroupName` (the field table) or `Name` (both documented examples);
 * - `ComputeJobs` as a plain array of jobs (the JSON example), as repeated `<ComputeJobs>`
 *   elements holding one job each (the XML example), or wrapped as `ComputeJobs.ComputeJob[]`
 *   (Alibaba's usual list convention);
 * - a list wrapper as `{ Member: [...] }`, an empty XML element (''), null, or nothing.
 *
 * Objects are loose: fields CityVisual adds later pass validation and stay in `raw`. Only what
 * normalization reads is checked; the ids without which a record has no identity are required.
 * These schemas define what is accepted; `read.ts` reads the common case faster, never otherwise.
 */

type Loose = Record<string, unknown>;

export function isRecord(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNothing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * The members of a list: `{ [member]: [...] }` or `{ [member]: {...} }`, a plain array, or
 * nothing (an empty XML element, null, an empty wrapper). Anything else is returned as it is,
 * for the schema to report with its path.
 */
export function listMembers(value: unknown, member: string): unknown {
  if (isNothing(value)) return [];
  if (Array.isArray(value)) return value;
  if (!isRecord(value)) return value;
  const inner = value[member];
  if (Array.isArray(inner)) return inner;
  if (isRecord(inner)) return [inner];
  if (isNothing(inner) && Object.keys(value).length <= (inner === undefined ? 0 : 1)) return [];
  return value;
}

function isComputeJobWrapper(value: unknown): value is Loose {
  return isRecord(value) && 'ComputeJob' in value && !('ComputeJobId' in value);
}

/**
 * A group's compute jobs as one flat array of job records, whichever of the documented shapes
 * they came in. The records are the parsed objects themselves, so the same function gives the
 * `raw` of each job.
 */
export function computeJobElements(value: unknown): unknown {
  // One job not in a list at all: a record with the job's own id.
  if (isRecord(value) && 'ComputeJobId' in value) return [value];
  const members = listMembers(value, 'ComputeJob');
  if (!Array.isArray(members)) return members;
  let flat: unknown[] | null = null;
  for (let index = 0; index < members.length; index++) {
    const member = members[index];
    const wrapper = isComputeJobWrapper(member);
    if (flat === null) {
      if (!wrapper && member !== '') continue;
      flat = members.slice(0, index);
    }
    if (member === '') continue;
    if (!wrapper) {
      flat.push(member);
      continue;
    }
    const inner = listMembers(member.ComputeJob, 'ComputeJob');
    if (Array.isArray(inner)) flat.push(...inner);
    else flat.push(inner);
  }
  return flat ?? members;
}

/** The group records of a listing: `JobGroups.JobGroup[]` (or a plain array); absent stays absent. */
export function jobGroupElements(value: unknown): unknown {
  return value === undefined ? undefined : listMembers(value, 'JobGroup');
}

// Integer fields: a JSON number or an XML string of digits; an empty XML element is "not said".
const wholeNumber = z.union([
  z.number().int('expected a whole number').nonnegative('expected a whole number, 0 or more'),
  z
    .string()
    .regex(/^\d{0,15}$/, 'expected a whole number')
    .transform((digits) => (digits === '' ? null : Number(digits))),
]);
const optionalWholeNumber = wholeNumber.nullish();

// String fields: a string, or a number written as one (JSON examples send ids as numbers).
const text = z.union([z.string(), z.number()]).transform((value) => String(value));
const optionalText = text.nullish();
// An identity: present and not empty.
const identifier = z.union([z.string().min(1, 'must not be empty'), z.number()]).transform(String);
const paramValue = z.union([z.string(), z.number(), z.boolean()]).transform(String).nullish();

export interface NativeComputeJob {
  ComputeJobId: string;
  ComputeJobName: string | null;
  ComputeJobStatus: string | null;
  StartTime: string | null;
  EndTime: string | null;
  /** Seconds. */
  Duration: number | null;
}

export interface NativeJobGroupParam {
  Key: string;
  Value: string;
}

export interface NativeJobGroup {
  JobGroupId: string;
  /** `JobGroupName`, or `Name` where the answer spells it so. */
  JobGroupName: string | null;
  AlgoLibId: string | null;
  ResourceProfileId: string | null;
  PlanedJobCount: number | null;
  JobCount: number | null;
  StreamPerJob: number | null;
  Status: string | null;
  JobGroupParams: NativeJobGroupParam[];
  ComputeJobs: NativeComputeJob[];
}

export interface NativeJobGroupsPage {
  JobGroups: NativeJobGroup[];
  PageNumber: number | null;
  PageSize: number | null;
  TotalCount: number | null;
  RequestId: string | null;
}

export const ComputeJobSchema = z
  .looseObject({
    ComputeJobId: identifier,
    ComputeJobName: optionalText,
    ComputeJobStatus: optionalText,
    StartTime: z.string().nullish(),
    EndTime: z.string().nullish(),
    Duration: optionalWholeNumber,
  })
  .transform(
    (job): NativeComputeJob => ({
      ComputeJobId: job.ComputeJobId,
      ComputeJobName: job.ComputeJobName ?? null,
      ComputeJobStatus: job.ComputeJobStatus ?? null,
      StartTime: job.StartTime ?? null,
      EndTime: job.EndTime ?? null,
      Duration: job.Duration ?? null,
    }),
  );

export const JobGroupParamSchema = z
  .looseObject({ Key: text, Value: paramValue })
  .transform((param): NativeJobGroupParam => ({ Key: param.Key, Value: param.Value ?? '' }));

export const JobGroupSchema = z
  .looseObject({
    JobGroupId: identifier,
    JobGroupName: optionalText,
    Name: optionalText,
    AlgoLibId: optionalText,
    ResourceProfileId: optionalText,
    PlanedJobCount: optionalWholeNumber,
    JobCount: optionalWholeNumber,
    StreamPerJob: optionalWholeNumber,
    Status: optionalText,
    JobGroupParams: z.preprocess(
      (value) => listMembers(value, 'JobGroupParam'),
      z.array(JobGroupParamSchema),
    ),
    ComputeJobs: z.preprocess(computeJobElements, z.array(ComputeJobSchema)),
  })
  .transform(
    (group): NativeJobGroup => ({
      JobGroupId: group.JobGroupId,
      JobGroupName: group.JobGroupName ?? group.Name ?? null,
      AlgoLibId: group.AlgoLibId ?? null,
      ResourceProfileId: group.ResourceProfileId ?? null,
      PlanedJobCount: group.PlanedJobCount ?? null,
      JobCount: group.JobCount ?? null,
      StreamPerJob: group.StreamPerJob ?? null,
      Status: group.Status ?? null,
      JobGroupParams: group.JobGroupParams,
      ComputeJobs: group.ComputeJobs,
    }),
  );

/**
 * A DescribeJobGroups answer (the content of `<DescribeJobGroupsResponse>` in XML). `JobGroups`
 * must be there, empty or not: without it the answer is not a listing. The paging fields are
 * read when present.
 */
export const DescribeJobGroupsResponseSchema = z
  .looseObject({
    JobGroups: z.preprocess(jobGroupElements, z.array(JobGroupSchema)),
    PageNumber: optionalWholeNumber,
    PageSize: optionalWholeNumber,
    TotalCount: optionalWholeNumber,
    RequestId: optionalText,
  })
  .transform(
    (page): NativeJobGroupsPage => ({
      JobGroups: page.JobGroups,
      PageNumber: page.PageNumber ?? null,
      PageSize: page.PageSize ?? null,
      TotalCount: page.TotalCount ?? null,
      RequestId: page.RequestId ?? null,
    }),
  );

// An XML root with no children (`<ModifyJobGroupResponse/>`) is '' once parsed.
const asObject = (value: unknown) => (value === '' ? {} : value);

/** CreateJobGroup: the new group's id (`"4"` in JSON, `<JobGroupId>4</JobGroupId>` in XML). */
export const CreateJobGroupResponseSchema = z.preprocess(
  asObject,
  z.looseObject({ JobGroupId: identifier, RequestId: optionalText }),
);

/** ModifyJobGroup answers with a RequestId only. */
export const ModifyJobGroupResponseSchema = z.preprocess(
  asObject,
  z.looseObject({ RequestId: optionalText }),
);

/** `{ RequestId, HostId, Code, Message, Recommend? }`, JSON or the content of `<Error>`. */
export const ErrorBodySchema = z.preprocess(
  asObject,
  z.looseObject({
    Code: identifier,
    Message: optionalText,
    RequestId: optionalText,
    HostId: optionalText,
    Recommend: optionalText,
  }),
);
export type ErrorBody = z.output<typeof ErrorBodySchema>;
