import { parentPort, workerData } from 'node:worker_threads';
import { simulatedProviders, startSimulator } from '../../dist/testing/index.js';

// The simulator in its own thread, so that its work (signature checks, sorting, serializing pages)
// does not run on the event loop of the client being measured.
const sim = await startSimulator(workerData);
// Jobs each cloud will list: a record is a job, or a job group holding its compute jobs.
const jobsIn = (records) =>
  records.reduce(
    (sum, record) => sum + (Array.isArray(record.ComputeJobs) ? record.ComputeJobs.length : 1),
    0,
  );
parentPort.postMessage({
  type: 'ready',
  url: sim.url,
  options: Object.fromEntries(simulatedProviders.map((id) => [id, sim.providerOptions(id)])),
  jobs: Object.fromEntries(simulatedProviders.map((id) => [id, jobsIn(sim.data[id])])),
});
parentPort.on('message', async (message) => {
  if (message === 'stats') parentPort.postMessage({ type: 'stats', stats: sim.stats() });
  else if (message === 'reset') {
    sim.resetStats();
    parentPort.postMessage({ type: 'reset' });
  } else if (message === 'stop') {
    await sim.stop();
    parentPort.postMessage({ type: 'stopped' });
    parentPort.close();
  }
});
