/**
 * Development walk for choosing the design of the `default` forecasting model WITHOUT touching the
 * outer 1994–2024 test: the EWP walk-forward protocol with last training years T = FIRST … 1990
 * (FIRST = DEV_FIRST_T, default 1983), scored on onset years FIRST + 3 … 1993 only. Every label used
 * here is also a training label of the first outer fit (T = 1991, whose `mk_onset_1or2` reaches
 * 1993), so nothing from the outer test period is seen.
 *
 * Some early-year elastic-net fits (little data, few events) run for minutes in the solver's inner
 * Newton loop, so each step runs in a worker with a time limit (DEV_STEP_S, default 90 s); a step
 * that times out for any candidate is dropped for all candidates, so the comparison stays paired.
 *
 *   npx tsx bench/forecast-dev.ts [candidate …]
 */
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { assembleBacktest, scoreBacktest, type Forecast } from "../src/domain/forecast/backtest.ts";
import { logLoss } from "../src/domain/forecast/metrics.ts";
import { readEwpTable } from "../src/infra/importers/ewp-table.ts";
import { requireMirror } from "../src/infra/importers/mirror.ts";
import { DEV_CANDIDATES } from "./forecast-dev-candidates.ts";

const rows = await readEwpTable(join(requireMirror(), "ewp", "prepared2024predictors-2025-09-03.csv"));
const FIRST = Number(process.env.DEV_FIRST_T ?? 1983);
const LIMIT = Number(process.env.DEV_STEP_S ?? 90) * 1000;
const years = Array.from({ length: 1990 - FIRST + 1 }, (_, k) => FIRST + k);
const wanted = process.argv.slice(2);
const boot = new URL("../src/infra/workers/tsx-worker-boot.mjs", import.meta.url);
const entry = new URL("./forecast-dev.worker.ts", import.meta.url).href;

/** Runs the steps of one candidate; timed-out steps are reported as missing. */
async function walk(candidate: string): Promise<{ byT: Map<number, Forecast[]>; lambda: unknown[]; cpuMs: number }> {
  const byT = new Map<number, Forecast[]>();
  const lambda: unknown[] = [];
  let cpuMs = 0;
  let todo = [...years];
  while (todo.length) {
    await new Promise<void>((resolve) => {
      const w = new Worker(boot, { workerData: { entry, rows, candidate, years: todo } });
      let timer = setTimeout(() => onTimeout(), LIMIT + 20000); // the first step also pays the worker's start-up
      const onTimeout = (): void => { process.stderr.write(`${candidate}: T=${todo[0]} timed out, dropped\n`); todo = todo.slice(1); void w.terminate(); };
      w.on("message", (m: { T: number; ms: number; res: { forecasts: Forecast[]; info: Record<string, unknown> } | null }) => {
        clearTimeout(timer);
        timer = setTimeout(() => onTimeout(), LIMIT);
        todo = todo.filter((t) => t !== m.T);
        cpuMs += m.ms;
        if (m.res) { byT.set(m.T, m.res.forecasts); lambda.push(m.res.info.lambda); }
        process.stderr.write(`${candidate}: T=${m.T} ${m.res ? "done" : "skipped"} in ${m.ms.toFixed(0)} ms\n`);
      });
      w.on("exit", () => { clearTimeout(timer); resolve(); });
      w.on("error", (e) => { process.stderr.write(`${candidate}: worker error ${e.message}\n`); todo = todo.slice(1); });
    });
  }
  return { byT, lambda, cpuMs };
}

const results = new Map<string, Awaited<ReturnType<typeof walk>>>();
for (const c of DEV_CANDIDATES.filter((c) => wanted.length === 0 || wanted.includes(c.id))) results.set(c.id, await walk(c.id));
const common = years.filter((T) => [...results.values()].every((r) => r.byT.has(T)));
process.stdout.write(`Dev walk T = ${common.join(", ")}; onset years ${FIRST + 3}–1993\n\n| candidate | AUC | top-30 | Brier | log loss | step ms (sum) | λ (last 3 T) |\n|---|---|---|---|---|---|---|\n`);
for (const [id, r] of results) {
  const forecasts = common.flatMap((T) => r.byT.get(T)!);
  const out = assembleBacktest(rows, forecasts, years);
  const s = scoreBacktest(out, FIRST + 3, 1993);
  const sel = out.filter((x) => x.year >= FIRST + 3 && x.year <= 1993 && x.maxrisk2 !== null && (x.mkOnset === 0 || x.mkOnset === 1));
  const ll = logLoss(sel.map((x) => x.maxrisk2), sel.map((x) => x.mkOnset));
  process.stdout.write(`| ${id} | ${s.auc.toFixed(4)} | ${s.onsetsInTop30}/${s.onsets} | ${s.brier.toFixed(5)} | ${ll.toFixed(4)} | ${r.cpuMs.toFixed(0)} | ${JSON.stringify(r.lambda.slice(-3))} |\n`);
}
