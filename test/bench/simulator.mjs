import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** Starts the simulator in a worker thread; `stats()`, `reset()` and `stop()` talk to it. */
export async function startSimulatorThread(options) {
  const worker = new Worker(new URL('./simulator-worker.mjs', import.meta.url), { workerData: options });
  const next = async (type) => {
    for (;;) {
      const [message] = await once(worker, 'message');
      if (message.type === type) return message;
    }
  };
  const ready = await next('ready');
  return {
    url: ready.url,
    /** Factory options that reach the simulator, per provider id. */
    options: ready.options,
    /** Jobs each cloud lists, per provider id. */
    jobs: ready.jobs,
    async stats() {
      worker.postMessage('stats');
      return (await next('stats')).stats;
    },
    async reset() {
      worker.postMessage('reset');
      await next('reset');
    },
    async stop() {
      worker.postMessage('stop');
      await next('stopped');
      await worker.terminate();
    },
  };
}
