/**
 * Worker-thread entry: runs a production forecast off the main thread so the server keeps
 * answering while models are fitted. Receives the rows and options, posts progress lines and the
 * result (or the error message).
 */
import { parentPort, workerData } from "node:worker_threads";
import type { EwpCountryYear } from "../../domain/ewp/predictors.ts";
import { runProductionForecast, type ForecastRunOptions } from "../../domain/forecast/forecast-run.ts";
import { getModelSpec } from "../../domain/forecast/model-registry.ts";

const { rows, modelId, options } = workerData as { rows: EwpCountryYear[]; modelId: string; options: Omit<ForecastRunOptions, "onProgress"> };
try {
  const result = runProductionForecast(rows, getModelSpec(modelId), { ...options, onProgress: (message) => parentPort!.postMessage({ type: "progress", message }) });
  parentPort!.postMessage({ type: "result", result });
} catch (error) {
  parentPort!.postMessage({ type: "error", message: (error as Error).message });
}
