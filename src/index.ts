export {
  type CallOptions,
  type ClientOptions,
  type CloudJobsClient,
  createClient,
  type ExplainedSource,
  type IterateOptions,
  type ListPage,
  type ProviderFor,
  type SourcePageEvent,
} from './client.js';
export {
  CloudJobsError,
  type ErrorKind,
  InvalidInputError,
  InvalidQueryError,
  type Issue,
  MalformedResponseError,
  PartialFailureError,
  ProviderApiError,
  type ProviderError,
  UnsupportedOperationError,
} from './errors.js';
export { type Job, JobSchema, jobFields, type TaskCounts, TaskCountsSchema } from './model/job.js';
export { type JobGroup, JobGroupSchema, jobGroupFields } from './model/job-group.js';
export { type ProviderId, ProviderIdSchema } from './model/provider.js';
export {
  type JobGroupQuery,
  JobGroupQuerySchema,
  type JobQuery,
  JobQuerySchema,
  type ListJobGroupsRequest,
  type ListJobsRequest,
  type ParsedJobGroupQuery,
  type ParsedJobQuery,
} from './model/query.js';
export { type JobStatus, JobStatusSchema, jobStatuses } from './model/status.js';
export type {
  Adapter,
  AdapterCapabilities,
  FetchContext,
  Lister,
  ListPlan,
  NativePage,
  PageRequest,
} from './providers/adapter.js';
export {
  type AliyunCityVisualCredentials,
  type AliyunCityVisualOptions,
  aliyunCityVisual,
  CityVisualAdapter,
  type CityVisualWriteOptions,
  type CreateJobGroupInput,
  type ModifyJobGroupInput,
} from './providers/aliyun-cityvisual/index.js';
export {
  type HuaweiModelArtsCredentials,
  type HuaweiModelArtsOptions,
  huaweiModelArts,
  ModelArtsAdapter,
} from './providers/huawei-modelarts/index.js';
export type { CommonProviderOptions } from './providers/options.js';
export {
  TencentBatchAdapter,
  type TencentBatchCredentials,
  type TencentBatchOptions,
  tencentBatch,
} from './providers/tencent-batch/index.js';
export type { AttemptEvent, Clock, RetryOptions } from './transport/index.js';
