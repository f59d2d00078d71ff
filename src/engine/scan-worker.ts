// A scan worker: scans each batch of files it is sent (src/engine/batch.ts) and posts back the result.
import { parentPort, workerData } from 'node:worker_threads';
import { scanBatch } from './batch.js';
import { engineFromSpec } from './spec.js';
import type { BatchRequest, WorkerInit } from './pool.js';

const init = workerData as WorkerInit;
const engine = engineFromSpec(init.spec);
const port = parentPort!;

port.on('message', (req: BatchRequest) => {
  port.postMessage(scanBatch(engine, req, init.maxFileSize));
});
