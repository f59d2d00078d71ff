// A scan worker: builds the engine once, then scans each batch of units it is sent (src/scan/unit.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { engineFromSpec, type EngineSpec } from '../engine/spec.js';
import { packResults } from './result-wire.js';
import { scanUnit, type WorkUnit } from './unit.js';

const engine = engineFromSpec(workerData as EngineSpec);
const port = parentPort!;

port.on('message', (batch: { id: number; units: WorkUnit[] }) => {
  port.postMessage({ id: batch.id, ...packResults(batch.units.map((u) => scanUnit(engine, u))) });
});
