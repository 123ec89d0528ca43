/**
 * Times a production forecast (both horizons, bootstrap intervals) with the `default` model, as
 * `tocsin start` runs it in its worker thread: wall and CPU time, frozen-hyperparameter refits
 * (the default) versus full refits (FULL=1).
 *
 *   npx tsx bench/forecast-production.ts [resamples]
 */
import { join } from "node:path";
import { runProductionForecast } from "../src/domain/forecast/forecast-run.ts";
import { getModelSpec } from "../src/domain/forecast/model-registry.ts";
import { readEwpTable } from "../src/infra/importers/ewp-table.ts";
import { requireMirror } from "../src/infra/importers/mirror.ts";

const rows = await readEwpTable(join(requireMirror(), "ewp", "prepared2024predictors-2025-09-03.csv"));
const resamples = Number(process.argv[2] ?? 20);
const intervalRefit = process.env.FULL === "1" ? "full" : "frozen";
const t0 = performance.now();
const c0 = process.cpuUsage();
const res = runProductionForecast(rows, getModelSpec("default"), { resamples, intervalRefit, onProgress: (m) => process.stderr.write(`${m}\n`) });
const c = process.cpuUsage(c0);
const width = res.forecasts.map((f) => f.intervalHigh - f.intervalLow).sort((a, b) => a - b);
process.stdout.write(`default, base year ${res.baseYear}, ${res.forecasts.length} forecasts, ${resamples} resamples, ${intervalRefit} refits: wall ${((performance.now() - t0) / 1000).toFixed(1)} s, CPU ${((c.user + c.system) / 1e6).toFixed(1)} s; median interval width ${width[width.length >> 1].toFixed(4)}\n`);
