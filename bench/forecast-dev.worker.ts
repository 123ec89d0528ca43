/**
 * Worker for bench/forecast-dev.ts: fits one candidate for the walk steps it is given and posts
 * each step's forecasts. workerData: { entry, rows, candidate, years }.
 */
import { parentPort, workerData } from "node:worker_threads";
import { walkStep } from "../src/domain/forecast/backtest.ts";
import { DEV_CANDIDATES } from "./forecast-dev-candidates.ts";

const job = workerData as { rows: Parameters<typeof walkStep>[0]; candidate: string; years: number[] };
const spec = DEV_CANDIDATES.find((c) => c.id === job.candidate)!;
for (const T of job.years) {
  const t0 = performance.now();
  const res = walkStep(job.rows, spec, T, { seed: 1 });
  parentPort!.postMessage({ T, res, ms: performance.now() - t0 });
}
