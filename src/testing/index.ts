export { documentedExamples } from './examples.js';
export { type RecordOptions, recordFixtures } from './record.js';
export { isRecording, type Recording } from './recording.js';
export { type ReplayOptions, replayFixtures } from './replay.js';
export {
  type CityVisualComputeJob,
  type CityVisualJobGroup,
  type CloudStats,
  type FaultKind,
  type FaultOptions,
  generateCityVisualGroups,
  generateModelArtsJobs,
  generateTencentJobs,
  type ModelArtsJobRecord,
  Random,
  type SimulatedProviderId,
  type SimulatedProviderOptions,
  type Simulator,
  type SimulatorData,
  type SimulatorOptions,
  simulatedProviders,
  simulatorCredentials,
  simulatorScope,
  startSimulator,
  type TencentJobRecord,
} from './simulator/index.js';
