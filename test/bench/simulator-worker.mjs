import { parentPort, workerData } from 'node:worker_threads';
import { simulatedProviders, startSimulator } from '../../dist/testing/index.js';

// The simulator in its own thread, so that its work (signature checks, sorting, serializing pages)
// does not run on the event loop of the client being measured.
const sim = await startSimulator(workerData);
parentPort.postMessage({
  type: 'ready',
  url: sim.url,
  options: Object.fromEntries(simulatedProviders.map((id) => [id, sim.providerOptions(id)])),
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
