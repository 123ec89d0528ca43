/**
 * Forecasting benchmark: EWP's published fully-out-of-sample forecasts versus Tocsin's
 * `ewp-glmnet` (the EWP replication) and `default` (the production model), each scored with
 * AUC, recall@30 and Brier over 1994–2024 and per decade, plus the wall and CPU time of each
 * walk, the 2025–26 rank agreement with EWP's published forecasts, and — when R with glmnet is
 * installed — the time of R's own cv.glmnet walk.
 *
 *   npx tsx bench/forecast.ts                 # both walks in this thread (single-core timing)
 *   BENCH_THREADS=2 npx tsx bench/forecast.ts # walks spread over worker threads
 *
 * Data: the public mirror (TOCSIN_MIRROR or ../shared/data), folder ewp/.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { forecastYear, scoreBacktest, type BacktestRow, type BacktestScore } from "../src/domain/forecast/backtest.ts";
import { spearman } from "../src/domain/forecast/metrics.ts";
import { EWP_GLMNET } from "../src/domain/forecast/model-registry.ts";
import { EWP_PREDICTORS } from "../src/domain/ewp/predictors.ts";
import { runWalk } from "../src/infra/workers/forecast-walk.ts";
import { readEwpTable } from "../src/infra/importers/ewp-table.ts";
import { requireMirror } from "../src/infra/importers/mirror.ts";

const dir = join(requireMirror(), "ewp");
const tablePath = join(dir, "prepared2024predictors-2025-09-03.csv");
const threads = Number(process.env.BENCH_THREADS ?? 1);
const PERIODS: [string, number, number][] = [["1994–2024", 1994, 2024], ["1994–2004", 1994, 2004], ["2005–2014", 2005, 2014], ["2015–2024", 2015, 2024]];

const rows = await readEwpTable(tablePath);
const foos = (await readEwpTable(join(dir, "FOOSforecasts_3Sep2025.csv"))).map((r): BacktestRow => ({
  year: r.year, ewpName: r.ewpName, ccode: r.ccode, mkOnset: r.values.mk_onset ?? null,
  riskPrev: r.values.risk_prev ?? null, rankPrev: r.values.rank_prev ?? null,
  riskTwoYearsPrior: r.values.risk_two_years_prior ?? null, rankTwoYearsPrior: r.values.rank_two_years_prior ?? null,
  maxrisk2: r.values.maxrisk2 ?? null, minrank2: r.values.minrank2 ?? null,
}));

interface Entry { label: string; rows: BacktestRow[]; wall?: number; cpu?: number }
const entries: Entry[] = [{ label: "EWP published FOOS", rows: foos }];
for (const modelId of ["ewp-glmnet", "default"]) {
  process.stderr.write(`walking ${modelId} (${threads} thread${threads > 1 ? "s" : ""})…\n`);
  const cpu0 = process.cpuUsage();
  const res = await runWalk(rows, { modelId, threads, onProgress: (m) => process.stderr.write(`  ${m}\n`) });
  const cpu = process.cpuUsage(cpu0);
  entries.push({ label: modelId, rows: res.rows, wall: res.elapsedMs / 1000, cpu: threads > 1 ? undefined : (cpu.user + cpu.system) / 1e6 });
}

const f = (s: BacktestScore) => `${s.auc.toFixed(3)} | ${s.recallAt30.toFixed(3)} (${s.onsetsInTop30}/${s.onsets}) | ${s.brier.toFixed(5)}`;
const out: string[] = [];
out.push(`## Forecast benchmark (walk-forward, EWP protocol; ${threads} thread${threads > 1 ? "s" : ""})`, "");
out.push("| model | period | AUC | recall@30 | Brier | walk wall s | walk CPU s |", "|---|---|---|---|---|---|---|");
for (const e of entries) {
  PERIODS.forEach(([name, a, b], i) => {
    const time = i === 0 && e.wall !== undefined ? `${e.wall.toFixed(1)} | ${e.cpu !== undefined ? e.cpu.toFixed(1) : "–"}` : " | ";
    out.push(`| ${e.label} | ${name} | ${f(scoreBacktest(e.rows, a, b))} | ${time} |`);
  });
}

// 2025–26 forecast: train on complete rows ≤ 2022, forecast from 2024 data, like EWP's
// `risk.2025and2026.from2024` in final_forecasts_data_3Sep2025.csv.
const published = await readEwpTable(join(dir, "final_forecasts_data_3Sep2025.csv"));
const fc = forecastYear(rows, EWP_GLMNET, 2022, 2024);
const pubByCcode = new Map(published.map((r) => [r.ccode, r.values["risk.2025and2026.from2024"] ?? null]));
const pairs = fc.forecasts.filter((x) => pubByCcode.get(x.ccode) !== undefined && pubByCcode.get(x.ccode) !== null);
const rho = spearman(pairs.map((x) => x.risk), pairs.map((x) => pubByCcode.get(x.ccode) as number));
const top = [...fc.forecasts].sort((a, b) => a.rank - b.rank).slice(0, 10).map((x) => x.ewpName).join(", ");
out.push("", `2025–26 forecast (ewp-glmnet, trained ≤ 2022, data 2024): Spearman ρ with EWP's risk.2025and2026.from2024 = ${rho.toFixed(4)} over ${pairs.length} countries.`, `Top 10: ${top}.`);

// R's cv.glmnet walk, when available.
const glmnetWall = entries.find((e) => e.label === "ewp-glmnet")?.wall;
const probe = spawnSync("Rscript", ["-e", "suppressMessages(library(glmnet))"], { encoding: "utf8" });
if (probe.error || probe.status !== 0) {
  out.push("", `R cv.glmnet walk: skipped (${probe.error ? "Rscript not found" : "R package glmnet not installed"}).`);
} else {
  const tmp = mkdtempSync(join(tmpdir(), "tocsin-r-"));
  const script = join(tmp, "walk.R");
  writeFileSync(script, [
    "suppressMessages(library(glmnet))",
    `d <- read.csv(${JSON.stringify(tablePath)}, check.names = FALSE, na.strings = "NA")`,
    `preds <- c(${EWP_PREDICTORS.map((p) => JSON.stringify(p)).join(", ")})`,
    "set.seed(1); t0 <- proc.time()[['elapsed']]",
    "for (T in 1991:(max(d$year) - 3)) {",
    "  tr <- d[d$year <= T, ]; tr <- tr[complete.cases(tr[, c(preds, 'mk_onset_1or2')]), ]",
    "  fit <- cv.glmnet(as.matrix(tr[, preds]), tr$mk_onset_1or2, alpha = 0.5, family = 'binomial')",
    "  te <- d[d$year == T + 2, ]; te <- te[complete.cases(te[, preds]), ]",
    "  p <- predict(fit, newx = as.matrix(te[, preds]), s = 'lambda.min', type = 'response')",
    "}",
    "cat(proc.time()[['elapsed']] - t0, '\\n')",
  ].join("\n"));
  const r = spawnSync("Rscript", [script], { encoding: "utf8" });
  rmSync(tmp, { recursive: true, force: true });
  const rSeconds = Number(r.stdout.trim());
  out.push("", Number.isFinite(rSeconds) && glmnetWall
    ? `R cv.glmnet walk: ${rSeconds.toFixed(1)} s; ewp-glmnet is ${(rSeconds / glmnetWall).toFixed(1)}× faster.`
    : `R cv.glmnet walk: failed (${r.stderr.trim().split("\n").pop()}).`);
}
process.stdout.write(out.join("\n") + "\n");
