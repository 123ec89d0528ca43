/**
 * `tocsin forecast run` and `tocsin forecast evaluate`: forecasts and backtest scores computed on the
 * data in the store and stored there (the API serves them).
 */
import type { Command } from "commander";
import { createTocsin } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { MODEL_IDS } from "../../domain/forecast/model-registry.ts";
import { runBacktest, runForecast } from "../../services/forecast.service.ts";
import { runWalk } from "../../infra/workers/forecast-walk.ts";
import { io, openTocsin } from "./io.ts";

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new RangeError(`--${name} must be a whole number, got "${v}"`);
  return n;
}

/** Adds `run` and `evaluate` to the `forecast` command group. */
export function addForecastStoreCommands(forecast: Command): void {
  forecast
    .command("run")
    .description("fit on all usable years in the store and store forecasts for Y+1 and Y+1..Y+2, with drivers and intervals")
    .option("--base-year <year>", "last data year to forecast from (default: the latest complete year)")
    .option("--model <id>", `model: ${MODEL_IDS.join(" | ")}`, "default")
    .option("--resamples <n>", "bootstrap resamples for the intervals", "20")
    .option("--seed <n>", "seed for folds, subsamples and resamples", "1")
    .action(async (opts: { baseYear?: string; model: string; resamples: string; seed: string }) => {
      const tocsin = await openTocsin();
      try {
        const { run, countries } = await runForecast(tocsin.store, {
          modelId: opts.model, baseYear: int("base-year", opts.baseYear), resamples: int("resamples", opts.resamples), seed: int("seed", opts.seed),
          onProgress: (m) => io().stderr.write(`${m}\n`),
        });
        io().stdout.write(`${JSON.stringify({ runId: run.id, model: run.modelId, baseYear: run.baseYear, dataVersionId: run.dataVersionId, countries }, null, 2)}\n`);
      } finally {
        await tocsin.close();
      }
    });
  forecast
    .command("evaluate")
    .description("run the EWP-protocol walk-forward backtest on the stored data and store the scores (served at /api/models)")
    .option("--model <id>", `model: ${MODEL_IDS.join(" | ")}`, "default")
    .action(async (opts: { model: string }) => {
      const tocsin = await openTocsin();
      try {
        const { scores, wallMs } = await runBacktest(tocsin.store, opts.model, { onProgress: (m) => io().stderr.write(`${m}\n`) }, (rows, spec, o) =>
          runWalk(rows, { modelId: spec.id, firstTrainYear: o.firstTrainYear, lastTrainYear: o.lastTrainYear, onProgress: o.onProgress }),
        );
        io().stdout.write(`${JSON.stringify({ model: opts.model, wallMs: Math.round(wallMs), scores }, null, 2)}\n`);
      } finally {
        await tocsin.close();
      }
    });
}
