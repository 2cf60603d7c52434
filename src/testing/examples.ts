import { readFileSync } from 'node:fs';
import type { SimulatorData } from './simulator/index.js';

// fixtures/ sits two levels above this module in src/testing, in dist/testing and in the bundle
// (dist/bundle/, which scripts/bundle.mjs keeps flat for this reason).
const fixtures = new URL('../../fixtures/', import.meta.url);

function fixture(path: string): unknown {
  return JSON.parse(readFileSync(new URL(path, fixtures), 'utf8'));
}

/**
 * The clouds' own documented response examples (fixtures/, copied byte for byte from the API
 * documents) as simulator data: `startSimulator({ data: documentedExamples() })` serves exactly
 * the records the documents show, quirks included (numbers where strings are typical, `Name`
 * instead of `JobGroupName`, null end times).
 */
export function documentedExamples(): SimulatorData {
  const tencent = fixture('tencent-batch/DescribeJobs.json') as { Response: { JobSet: unknown[] } };
  const modelArts = fixture('huawei-modelarts/list-visualization-jobs.success.json') as { jobs: unknown[] };
  const cityVisual = fixture('aliyun-cityvisual/DescribeJobGroups.json') as {
    JobGroups: { JobGroup: unknown[] };
  };
  return {
    'aliyun-cityvisual': cityVisual.JobGroups.JobGroup as NonNullable<SimulatorData['aliyun-cityvisual']>,
    'tencent-batch': tencent.Response.JobSet as NonNullable<SimulatorData['tencent-batch']>,
    'huawei-modelarts': modelArts.jobs as NonNullable<SimulatorData['huawei-modelarts']>,
  };
}
