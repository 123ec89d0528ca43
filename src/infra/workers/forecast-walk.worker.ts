/**
 * Worker thread for {@link runWalk}: fits the walk steps it is given and posts their forecasts.
 * workerData: { entry, rows, modelId, years, seed, predictors }.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { EwpCountryYear } from "../../domain/ewp/predictors.ts";
import { walkStep } from "../../domain/forecast/backtest.ts";
import { getModelSpec } from "../../domain/forecast/model-registry.ts";

interface Job { rows: EwpCountryYear[]; modelId: string; years: number[]; seed: number; predictors?: string[] }
const job = workerData as Job;
const spec = getModelSpec(job.modelId);
for (const T of job.years) {
  const t0 = performance.now();
  const res = walkStep(job.rows, spec, T, { seed: job.seed, predictors: job.predictors });
  parentPort!.postMessage({ T, res, ms: performance.now() - t0 });
}
