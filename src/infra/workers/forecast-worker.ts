import { Worker } from "node:worker_threads";
import type { EwpCountryYear } from "../../domain/ewp/predictors.ts";
import type { ForecastRunOptions, ForecastRunResult } from "../../domain/forecast/forecast-run.ts";

/**
 * Runs `runProductionForecast` in a worker thread (the TypeScript sources are loaded through tsx,
 * as in the main process). Progress lines are forwarded to `options.onProgress`; `signal` cancels.
 * @throws {Error} with the worker's message when the forecast fails
 */
export function forecastInWorker(rows: EwpCountryYear[], modelId: string, options: ForecastRunOptions = {}, signal?: AbortSignal): Promise<ForecastRunResult> {
  const { onProgress, ...rest } = options;
  const worker = new Worker(new URL("./tsx-worker-boot.mjs", import.meta.url), {
    workerData: { entry: new URL("./forecast.worker.ts", import.meta.url).href, rows, modelId, options: rest },
  });
  return new Promise((resolve, reject) => {
    // Shutting down stops the fit at once instead of waiting minutes for it.
    signal?.addEventListener("abort", () => {
      void worker.terminate();
      reject(new Error("forecast cancelled"));
    }, { once: true });
    worker.on("message", (m: { type: "progress"; message: string } | { type: "result"; result: ForecastRunResult } | { type: "error"; message: string }) => {
      if (m.type === "progress") onProgress?.(m.message);
      else if (m.type === "result") resolve(m.result);
      else reject(new Error(m.message));
    });
    worker.on("error", reject);
    worker.on("exit", (code) => code !== 0 && reject(new Error(`forecast worker exited with code ${code}`)));
  });
}
