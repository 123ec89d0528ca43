/**
 * `tocsin forecast …` — the structural-risk forecasting engine on the command line.
 *
 *   tocsin forecast backtest --data FILE.csv [--model ewp-glmnet|default] --out OUT.csv [--ref EWP_FOOS.csv]
 *
 * Runs EWP's walk-forward backtest (src/domain/forecast/backtest.ts) on any vintage of the EWP
 * table, writes one row per country-year with the columns
 * `year,ewp_name,ccode,mk_onset,risk_prev,rank_prev,risk_two_years_prior,rank_two_years_prior,maxrisk2,minrank2`
 * (empty where undefined), and prints AUC, recall@30 and Brier on stdout; with `--ref` also the
 * reference's scores over the same country-years. Progress goes to stderr.
 */
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { readEwpTable } from "../../infra/importers/ewp-table.ts";
import { scoreBacktest, type BacktestRow, type BacktestScore } from "../../domain/forecast/backtest.ts";
import { EWP_PREDICTORS } from "../../domain/ewp/predictors.ts";
import { MODEL_IDS } from "../../domain/forecast/model-registry.ts";
import { runWalk } from "../../infra/workers/forecast-walk.ts";
import { addForecastStoreCommands } from "./forecast-run.command.ts";
import { io as cliIo } from "./io.ts";
import { csvCell } from "../../domain/text/safe-text.ts";

/** The output columns, in order (other tools read them). */
export const BACKTEST_COLUMNS = [
  "year", "ewp_name", "ccode", "mk_onset", "risk_prev", "rank_prev",
  "risk_two_years_prior", "rank_two_years_prior", "maxrisk2", "minrank2",
] as const;

/**
 * Serialises backtest rows as CSV (RFC 4180 quoting for names; empty cell = undefined).
 * @param rows backtest rows
 * @returns the CSV text with a header line
 */
export function backtestCsv(rows: readonly BacktestRow[]): string {
  const cell = (v: number | null): string => (v === null || Number.isNaN(v) ? "" : String(v));
  const lines = [BACKTEST_COLUMNS.join(",")];
  for (const r of rows) {
    lines.push([
      String(r.year), csvCell(r.ewpName), String(r.ccode), cell(r.mkOnset), cell(r.riskPrev), cell(r.rankPrev),
      cell(r.riskTwoYearsPrior), cell(r.rankTwoYearsPrior), cell(r.maxrisk2), cell(r.minrank2),
    ].join(","));
  }
  return lines.join("\n") + "\n";
}

/**
 * One summary line: "label: AUC 0.825  recall@30 0.692 (27/39)  Brier 0.00861  (n country-years)".
 * @param label what is scored
 * @param s the score
 */
export function formatScore(label: string, s: BacktestScore): string {
  return `${label}: AUC ${s.auc.toFixed(3)}  recall@30 ${s.recallAt30.toFixed(3)} (${s.onsetsInTop30}/${s.onsets})  ` +
    `Brier ${s.brier.toFixed(5)}  (${s.n} country-years, ${s.onsets} onsets)`;
}

/** Where the command writes: results to `out`, progress to `err` (defaults: stdout, stderr). */
export interface ForecastIo {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
}

/**
 * Registers `forecast backtest`.
 * @param program the root command
 * @param io output streams (tests pass collectors; default the command io's stdout / stderr)
 */
export function registerForecastCommands(program: Command, io: ForecastIo = { get out() { return cliIo().stdout; }, get err() { return cliIo().stderr; } }): void {
  const forecast = program.command("forecast").description("Structural-risk forecasts of mass-killing onsets");
  addForecastStoreCommands(forecast);
  forecast
    .command("backtest")
    .description("Walk-forward backtest with the Early Warning Project's protocol")
    .requiredOption("--data <file>", "EWP country-year table (CSV, any vintage)")
    .option("--model <id>", `model: ${MODEL_IDS.join(" | ")}`, "default")
    .requiredOption("--out <file>", "output CSV, one row per country-year")
    .option("--ref <file>", "reference forecasts (EWP FOOSforecasts CSV) to score over the same country-years")
    .option("--seed <n>", "seed for folds and subsamples", "1")
    .option("--threads <n>", "worker threads (default: available cores)")
    .option("--first-train-year <year>", "first last-training year T", "1991")
    .option("--last-train-year <year>", "last last-training year T (default: max year − 3)")
    .action(async (opts: { data: string; model: string; out: string; ref?: string; seed: string; threads?: string; firstTrainYear: string; lastTrainYear?: string }) => {
      if (!(MODEL_IDS as readonly string[]).includes(opts.model)) {
        throw new RangeError(`unknown model "${opts.model}"; expected one of ${MODEL_IDS.join(", ")}`);
      }
      const int = (name: string, v: string | undefined): number | undefined => {
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!Number.isInteger(n)) throw new RangeError(`--${name} must be an integer, got "${v}"`);
        return n;
      };
      io.err.write(`reading ${opts.data}\n`);
      const rows = await readEwpTable(opts.data);
      // Older or newer vintages may lack some of the 39 predictors: use those present, and say so.
      const present = new Set(rows.slice(0, 50).flatMap((r) => Object.keys(r.values)));
      const predictors = EWP_PREDICTORS.filter((p) => present.has(p));
      const missing = EWP_PREDICTORS.filter((p) => !present.has(p));
      if (missing.length) io.err.write(`warning: ${missing.length} EWP predictors are not in the table and are left out: ${missing.join(", ")}\n`);
      if (predictors.length === 0) throw new RangeError(`${opts.data}: none of the EWP predictors is in the table`);
      const result = await runWalk(rows, {
        modelId: opts.model,
        seed: int("seed", opts.seed),
        threads: int("threads", opts.threads),
        predictors,
        firstTrainYear: int("first-train-year", opts.firstTrainYear),
        lastTrainYear: int("last-train-year", opts.lastTrainYear),
        onProgress: (m) => io.err.write(`${m}\n`),
      });
      await writeFile(opts.out, backtestCsv(result.rows));
      io.err.write(`wrote ${result.rows.length} rows to ${opts.out} (walk ${(result.elapsedMs / 1000).toFixed(1)} s)\n`);
      const ours = scoreBacktest(result.rows);
      const years = result.rows.filter((r) => r.maxrisk2 !== null).map((r) => r.year);
      const span = years.length ? `${Math.min(...years)}–${Math.max(...years)}` : "no years";
      io.out.write(`${formatScore(`${opts.model} ${span}`, ours)}\n`);
      if (opts.ref) {
        const ref = await readEwpTable(opts.ref);
        const refByKey = new Map(ref.map((r) => [`${r.ccode}|${r.year}`, r]));
        const oursShared: BacktestRow[] = [];
        const refShared: BacktestRow[] = [];
        for (const r of result.rows) {
          const x = refByKey.get(`${r.ccode}|${r.year}`);
          if (!x || r.maxrisk2 === null) continue;
          const risk = x.values.maxrisk2 ?? null;
          if (risk === null) continue;
          const onset = x.values.mk_onset ?? r.mkOnset;
          oursShared.push({ ...r, mkOnset: onset });
          refShared.push({ ...r, mkOnset: onset, maxrisk2: risk, minrank2: x.values.minrank2 ?? null });
        }
        io.out.write(`${formatScore(`${opts.model} on shared country-years`, scoreBacktest(oursShared))}\n`);
        io.out.write(`${formatScore(`reference ${opts.ref.split(/[\\/]/).pop()}`, scoreBacktest(refShared))}\n`);
      }
    });
}
