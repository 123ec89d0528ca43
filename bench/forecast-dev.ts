/**
 * Development walk for choosing the design of the `default` forecasting model WITHOUT touching the
 * outer 1994–2024 test: the EWP walk-forward protocol with last training years T = 1975 … 1990,
 * scored on onset years 1978 … 1993 only. Every label used here is also a training label of the
 * first outer fit (T = 1991, whose `mk_onset_1or2` reaches 1993), so nothing from the outer test
 * period is seen. Candidates are compared on AUC, recall@30, Brier and log loss.
 *
 *   npx tsx bench/forecast-dev.ts [candidate …]
 */
import { join } from "node:path";
import { scoreBacktest, walkForward } from "../src/domain/forecast/backtest.ts";
import { logLoss } from "../src/domain/forecast/metrics.ts";
import { DEFAULT_MODEL, EWP_GLMNET } from "../src/domain/forecast/model-registry.ts";
import { stableGlmnetSpec } from "../src/domain/forecast/stable-glmnet.ts";
import type { ModelSpec } from "../src/domain/forecast/model.ts";
import { readEwpTable } from "../src/adapters/importers/ewp-table.ts";
import { requireMirror } from "../src/adapters/importers/mirror.ts";

const rows = await readEwpTable(join(requireMirror(), "ewp", "prepared2024predictors-2025-09-03.csv"));
// The candidates, fixed before any of them was run (see model-registry.ts for the decision rule).
const base = { nfolds: 10, description: "dev candidate" };
const DEV_CANDIDATES: ModelSpec[] = [
  EWP_GLMNET,
  stableGlmnetSpec({ ...base, id: "enet-rcv5", alphas: [0.5], selection: "repeated-cv", repeats: 5 }),
  stableGlmnetSpec({ ...base, id: "enet-bag5", alphas: [0.5], selection: "bagged", repeats: 5 }),
  stableGlmnetSpec({ ...base, id: "enet-blocked", alphas: [0.5], selection: "blocked-cv" }),
  stableGlmnetSpec({ ...base, id: "enet-forward", alphas: [0.5], selection: "forward", forwardOrigins: 8 }),
  stableGlmnetSpec({ ...base, id: "enet-alphamix", alphas: [0.1, 0.5, 1], selection: "repeated-cv", repeats: 2 }),
  DEFAULT_MODEL,
];
const wanted = process.argv.slice(2);
for (const spec of DEV_CANDIDATES.filter((c) => wanted.length === 0 || wanted.includes(c.id))) {
  const cpu0 = process.cpuUsage();
  const res = walkForward(rows, spec, { firstTrainYear: 1975, lastTrainYear: 1990, seed: 1, now: () => performance.now(), onProgress: (m) => process.stderr.write(m + "\n") });
  const cpu = process.cpuUsage(cpu0);
  const s = scoreBacktest(res.rows, 1978, 1993);
  const sel = res.rows.filter((r) => r.year >= 1978 && r.year <= 1993 && r.maxrisk2 !== null && (r.mkOnset === 0 || r.mkOnset === 1));
  const ll = logLoss(sel.map((r) => r.maxrisk2), sel.map((r) => r.mkOnset));
  const lam = res.models.map((m) => m.info.lambda).slice(-3);
  process.stdout.write(`| ${spec.id} | ${s.auc.toFixed(4)} | ${s.onsetsInTop30}/${s.onsets} | ${s.brier.toFixed(5)} | ${ll.toFixed(4)} | ${((cpu.user + cpu.system) / 1e6).toFixed(1)} | ${JSON.stringify(lam)} |\n`);
}
