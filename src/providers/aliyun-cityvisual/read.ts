import {
  computeJobElements,
  isRecord,
  jobGroupElements,
  listMembers,
  type NativeComputeJob,
  type NativeJobGroup,
  type NativeJobGroupParam,
  type NativeJobGroupsPage,
} from './schema.js';

/*
 * A hand-written reader of a DescribeJobGroups answer that gives exactly what
 * DescribeJobGroupsResponseSchema gives, for answers that schema accepts, without zod's per-field
 * machinery: a page is read for every hundred groups listed, and zod's parse of it costs about twice
 * JSON.parse of the same bytes. It accepts a subset of what the schema accepts; anything it does not
 * recognise returns null, and the schema then reads the answer (or names the field paths that are
 * wrong). So the schema stays the definition, and tests check that this reader never accepts what
 * the schema refuses and never reads anything differently.
 */

// Sentinel for "not what the schema would accept": cheaper than exceptions on the fast path.
const refused = Symbol('refused');
type Refused = typeof refused;

const digits = /^\d{0,15}$/;

function wholeNumber(value: unknown): number | null | Refused {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : refused;
  if (typeof value === 'string' && digits.test(value)) return value === '' ? null : Number(value);
  return refused;
}

function text(value: unknown): string | null | Refused {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return refused;
}

function identifier(value: unknown): string | Refused {
  if (typeof value === 'string') return value === '' ? refused : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return refused;
}

function timestampText(value: unknown): string | null | Refused {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : refused;
}

function readJob(value: unknown): NativeComputeJob | Refused {
  if (!isRecord(value)) return refused;
  const id = identifier(value.ComputeJobId);
  const name = text(value.ComputeJobName);
  const status = text(value.ComputeJobStatus);
  const start = timestampText(value.StartTime);
  const end = timestampText(value.EndTime);
  const duration = wholeNumber(value.Duration);
  if (id === refused || name === refused || status === refused) return refused;
  if (start === refused || end === refused || duration === refused) return refused;
  return {
    ComputeJobId: id,
    ComputeJobName: name,
    ComputeJobStatus: status,
    StartTime: start,
    EndTime: end,
    Duration: duration,
  };
}

function readParams(value: unknown): NativeJobGroupParam[] | Refused {
  const members = listMembers(value, 'JobGroupParam');
  if (!Array.isArray(members)) return refused;
  const params = new Array<NativeJobGroupParam>(members.length);
  for (let index = 0; index < members.length; index++) {
    const member = members[index];
    if (!isRecord(member)) return refused;
    const key = text(member.Key);
    const raw = member.Value;
    if (key === null || key === refused) return refused;
    let paramValue: string;
    if (raw === undefined || raw === null) paramValue = '';
    else if (typeof raw === 'string') paramValue = raw;
    else if ((typeof raw === 'number' && Number.isFinite(raw)) || typeof raw === 'boolean')
      paramValue = String(raw);
    else return refused;
    params[index] = { Key: key, Value: paramValue };
  }
  return params;
}

export interface FastPage {
  page: NativeJobGroupsPage;
  /** The group records as parsed, one per group. */
  rawGroups: unknown[];
  /** The job records as parsed, per group. */
  rawJobs: unknown[][];
}

function readGroup(value: unknown, rawJobs: unknown[][]): NativeJobGroup | Refused {
  if (!isRecord(value)) return refused;
  const id = identifier(value.JobGroupId);
  const groupName = text(value.JobGroupName);
  const name = text(value.Name);
  const algorithmLibrary = text(value.AlgoLibId);
  const resourceProfile = text(value.ResourceProfileId);
  const planned = wholeNumber(value.PlanedJobCount);
  const count = wholeNumber(value.JobCount);
  const streams = wholeNumber(value.StreamPerJob);
  const status = text(value.Status);
  if (id === refused || groupName === refused || name === refused || status === refused) return refused;
  if (algorithmLibrary === refused || resourceProfile === refused) return refused;
  if (planned === refused || count === refused || streams === refused) return refused;
  const params = readParams(value.JobGroupParams);
  if (params === refused) return refused;
  const elements = computeJobElements(value.ComputeJobs);
  if (!Array.isArray(elements)) return refused;
  const jobs = new Array<NativeComputeJob>(elements.length);
  for (let index = 0; index < elements.length; index++) {
    const job = readJob(elements[index]);
    if (job === refused) return refused;
    jobs[index] = job;
  }
  rawJobs.push(elements);
  return {
    JobGroupId: id,
    JobGroupName: groupName ?? name,
    AlgoLibId: algorithmLibrary,
    ResourceProfileId: resourceProfile,
    PlanedJobCount: planned,
    JobCount: count,
    StreamPerJob: streams,
    Status: status,
    JobGroupParams: params,
    ComputeJobs: jobs,
  };
}

/** The answer read without zod, or null when the schema has to read it. */
export function readJobGroupsFast(content: unknown): FastPage | null {
  if (!isRecord(content)) return null;
  const elements = jobGroupElements(content.JobGroups);
  if (!Array.isArray(elements)) return null;
  const pageNumber = wholeNumber(content.PageNumber);
  const pageSize = wholeNumber(content.PageSize);
  const total = wholeNumber(content.TotalCount);
  const requestId = text(content.RequestId);
  if (pageNumber === refused || pageSize === refused || total === refused || requestId === refused)
    return null;
  const groups = new Array<NativeJobGroup>(elements.length);
  const rawJobs: unknown[][] = [];
  for (let index = 0; index < elements.length; index++) {
    const group = readGroup(elements[index], rawJobs);
    if (group === refused) return null;
    groups[index] = group;
  }
  return {
    page: {
      JobGroups: groups,
      PageNumber: pageNumber,
      PageSize: pageSize,
      TotalCount: total,
      RequestId: requestId,
    },
    rawGroups: elements,
    rawJobs,
  };
}
