/**
 * Runs a walk-forward backtest, optionally spread over worker threads (one fit per last training
 * year T; each fit depends only on the table, T and the seed, so the result is identical to the
 * sequential {@link walkForward} in the domain).
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { EwpCountryYear } from "../../domain/ewp/predictors.ts";
import { assembleBacktest, walkForward, walkTrainYears, type BacktestResult, type Forecast } from "../../domain/forecast/backtest.ts";
import { getModelSpec } from "../../domain/forecast/model-registry.ts";

/** Options of {@link runWalk}. */
export interface RunWalkOptions {
  modelId: string;
  seed?: number;
  /** Worker threads; 1 runs in this thread. Default: available cores. */
  threads?: number;
  firstTrainYear?: number;
  lastTrainYear?: number;
  /** Predictor columns (default the 39 EWP predictors). */
  predictors?: readonly string[];
  onProgress?: (message: string) => void;
  /** Cancels the walk (workers are terminated, the promise rejects). */
  signal?: AbortSignal;
}

/**
 * Runs the walk.
 * @param rows the EWP table
 * @param o options
 * @returns the backtest result (elapsedMs is wall time)
 * @throws {RangeError} for an unknown model or an empty training range; a worker's error is rethrown
 */
export async function runWalk(rows: EwpCountryYear[], o: RunWalkOptions): Promise<BacktestResult> {
  const spec = getModelSpec(o.modelId);
  const seed = o.seed ?? 1;
  const years = walkTrainYears(rows, o);
  // Cancellation needs workers (a walk in this thread cannot be interrupted).
  const threads = Math.max(o.signal ? 2 : 1, Math.min(o.threads ?? availableParallelism(), years.length));
  const t0 = performance.now();
  if (threads === 1) {
    const r = walkForward(rows, spec, { seed, predictors: o.predictors, firstTrainYear: o.firstTrainYear, lastTrainYear: o.lastTrainYear, onProgress: o.onProgress });
    return { ...r, elapsedMs: performance.now() - t0 };
  }
  // Later years have more rows and cost more: deal them round-robin from the end.
  const buckets: number[][] = Array.from({ length: threads }, () => []);
  [...years].reverse().forEach((T, i) => buckets[i % threads].push(T));
  const forecasts: Forecast[] = [];
  const models: BacktestResult["models"] = [];
  const entry = new URL("./forecast-walk.worker.ts", import.meta.url).href;
  await Promise.all(buckets.map((bucket) => new Promise<void>((resolve, reject) => {
    const worker = new Worker(new URL("./tsx-worker-boot.mjs", import.meta.url), {
      workerData: { entry, rows, modelId: o.modelId, years: bucket, seed, predictors: o.predictors ? [...o.predictors] : undefined },
    });
    worker.on("message", (m: { T: number; ms: number; res: { forecasts: Forecast[]; nTrain: number; info: Record<string, unknown> } | null }) => {
      if (m.res) {
        forecasts.push(...m.res.forecasts);
        models.push({ trainTo: m.T, nTrain: m.res.nTrain, info: m.res.info });
        o.onProgress?.(`${o.modelId}: trained ≤ ${m.T} (${m.res.nTrain} rows), forecast ${m.res.forecasts.length} countries from ${m.T + 2} in ${m.ms.toFixed(0)} ms`);
      } else {
        o.onProgress?.(`${o.modelId}: T=${m.T} skipped (no usable training rows)`);
      }
    });
    o.signal?.addEventListener("abort", () => { void worker.terminate(); reject(new Error("backtest cancelled")); }, { once: true });
    worker.on("error", reject);
    worker.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`forecast worker exited with code ${code}`))));
  })));
  models.sort((a, b) => a.trainTo - b.trainTo);
  const out = assembleBacktest(rows, forecasts, years);
  return { rows: out, forecasts, elapsedMs: performance.now() - t0, modelId: o.modelId, models };
}
