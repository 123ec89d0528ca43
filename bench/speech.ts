/**
 * Dangerous-speech benchmark: `npx tsx bench/speech.ts` (`npm run bench:speech`). Reads the
 * public-data mirror (`TOCSIN_MIRROR` or `../shared/data`); prints ONE markdown table to stdout
 * (set, task, reference, Tocsin, difference, texts per CPU-second), progress to stderr.
 *
 * Options: `--only davidson,mlma-en,mlma-fr,mlma-ar,splits` runs a subset; `--subset N` keeps N
 * rows of each set (seeded, stratified) for development; `--splits N` the number of extra random
 * Davidson splits (default 5, seeds 1..N).
 *
 * Every set and task: stratified 80/20 split by the task's label, seed 42 (`stratifiedSplit`).
 * Reference = the re-implemented scikit-learn TF-IDF (word 1–2 + char_wb 2–5) + logistic
 * regression C = 1 (`bench/speech-baseline.ts`), fitted twice on the same 80 %, unweighted and
 * `class_weight="balanced"`; the better of the two on the test 20 % is the reference column
 * (which favours the reference). Tocsin = `trainRecipe` (src/domain/speech/recipe.ts), every choice
 * cross-validated inside the 80 %. Texts per CPU-second = the full analysis
 * (`SpeechAnalyser.analyse`: text preparation, built-in lexicon, hallmarks, the trained model,
 * language given) over the test texts, CPU time of this process.
 *
 * Tasks:
 * - Davidson (MIT): `class` (hate / offensive / neither).
 * - MLMA en / fr / ar (MIT), hostility type: the `sentiment` field is multi-label (`offensive_hateful`);
 *   one label per tweet = the most severe present, in the order hateful > fearful > abusive >
 *   offensive > disrespectful > normal.
 * - MLMA target attribute: the `target` field; attributes with fewer than 20 tweets in a language
 *   are merged into `other` (Arabic `disability` 1, French `sexual_orientation` 12).
 */
import { join } from "node:path";
import { requireMirror } from "../src/infra/importers/mirror.ts";
import { columnValues, readSpeechTable } from "../src/infra/importers/speech-table.ts";
import { SpeechAnalyser } from "../src/domain/speech/analysis.ts";
import { builtinLexicon } from "../src/domain/speech/builtin-lexicon.ts";
import { SpeechClassifier } from "../src/domain/speech/classifier.ts";
import { trainRecipe } from "../src/domain/speech/recipe.ts";
import { Lexicon } from "../src/domain/speech/lexicon.ts";
import { evaluate, stratifiedSplit } from "../src/domain/speech/metrics.ts";
import { fitTfidfBaseline } from "./speech-baseline.ts";

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const only = arg("--only") ? new Set(arg("--only")!.split(",")) : undefined;
const want = (s: string): boolean => !only || only.has(s);
const subset = arg("--subset") ? Number(arg("--subset")) : undefined;
const nSplits = Number(arg("--splits") ?? 5);
const log = (s: string): void => { process.stderr.write(`${s}\n`); };
const f3 = (x: number): string => x.toFixed(3);
const started = performance.now();
const mirror = requireMirror();
const lexicon = new Lexicon(builtinLexicon());

const SEVERITY = ["hateful", "fearful", "abusive", "offensive", "disrespectful", "normal"];
/** One hostility label per MLMA tweet: the most severe of its labels. */
export function hostility(sentiment: string): string {
  const parts = sentiment.split("_");
  return SEVERITY.find((s) => parts.includes(s)) ?? "normal";
}
/** Merges labels with fewer than `min` rows into `other`. */
function mergeRare(labels: string[], min: number): string[] {
  const c = new Map<string, number>();
  for (const l of labels) c.set(l, (c.get(l) ?? 0) + 1);
  return labels.map((l) => ((c.get(l) ?? 0) < min ? "other" : l));
}

interface Task { set: string; task: string; texts: string[]; labels: string[] }

function keepSubset(t: Task): Task {
  if (!subset || subset >= t.texts.length) return t;
  const s = stratifiedSplit(t.labels, subset / t.texts.length, 7).test;
  return { ...t, texts: s.map((i) => t.texts[i]), labels: s.map((i) => t.labels[i]) };
}

interface Result { ref: number; refUnw: number; refBal: number; ours: number; tps: number; cv: number }

function run(t: Task, seed: number): Result {
  const split = stratifiedSplit(t.labels, 0.2, seed);
  const trX = split.train.map((i) => t.texts[i]);
  const trY = split.train.map((i) => t.labels[i]);
  const teX = split.test.map((i) => t.texts[i]);
  const teY = split.test.map((i) => t.labels[i]);
  const labels = [...new Set(t.labels)].sort();
  const refUnw = evaluate(teY, fitTfidfBaseline(trX, trY, 1).predict(teX), labels).macro_f1;
  const refBal = evaluate(teY, fitTfidfBaseline(trX, trY, 1, true).predict(teX), labels).macro_f1;
  const t0 = performance.now();
  const model = trainRecipe(trX, trY, { dataSha256: "bench", seed, log: (m) => log(`  ${m}`) });
  log(`${t.set} ${t.task} seed ${seed}: trained in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const clf = new SpeechClassifier(model);
  const analyser = new SpeechAnalyser(lexicon, clf);
  const lang = t.set.startsWith("MLMA") ? t.set.slice(5, 7) : "en";
  for (let i = 0; i < Math.min(200, teX.length); i++) analyser.analyse({ text: teX[i], language: lang }); // warm-up
  const pred = teX.map((text) => analyser.analyse({ text, language: lang }).label ?? "");
  // Throughput over at least 3,000 analyses (the test texts repeated), CPU time of this process.
  const reps = Math.max(1, Math.ceil(3000 / teX.length));
  const c0 = process.cpuUsage();
  for (let r = 0; r < reps; r++) for (const text of teX) analyser.analyse({ text, language: lang });
  const cpu = process.cpuUsage(c0);
  const ours = evaluate(teY, pred, labels).macro_f1;
  const res = { ref: Math.max(refUnw, refBal), refUnw, refBal, ours, tps: (reps * teX.length) / ((cpu.user + cpu.system) / 1e6), cv: model.training.crossValidation?.macroF1 ?? NaN };
  log(`${t.set} ${t.task} seed ${seed}: reference ${f3(refUnw)} / balanced ${f3(refBal)}, Tocsin ${f3(ours)} (CV ${f3(res.cv)}), ${res.tps.toFixed(0)} texts/CPU-s`);
  return res;
}

const tasks: Task[] = [];
if (want("davidson") || want("splits")) {
  const table = readSpeechTable(join(mirror, "speech/davidson/labeled_data.csv"));
  const names: Record<string, string> = { "0": "hate", "1": "offensive", "2": "neither" };
  tasks.push(keepSubset({ set: "Davidson", task: "hate / offensive / neither", texts: columnValues(table, "tweet", "text", true), labels: columnValues(table, "class", "class").map((c) => names[c] ?? c) }));
}
for (const lang of ["en", "fr", "ar"]) {
  if (!want(`mlma-${lang}`)) continue;
  const table = readSpeechTable(join(mirror, `speech/mlma/${lang}_dataset.csv`));
  const texts = columnValues(table, "tweet", "text", true);
  tasks.push(keepSubset({ set: `MLMA ${lang}`, task: "hostility type", texts, labels: columnValues(table, "sentiment", "sentiment").map(hostility) }));
  tasks.push(keepSubset({ set: `MLMA ${lang}`, task: "target attribute", texts, labels: mergeRare(columnValues(table, "target", "target"), 20) }));
}

const rows: string[][] = [];
const row = (set: string, task: string, r: Result): void => {
  rows.push([set, task, `${f3(r.ref)} (${r.refBal >= r.refUnw ? "balanced" : "unweighted"}; other ${f3(Math.min(r.refUnw, r.refBal))})`, f3(r.ours), `${r.ours - r.ref >= 0 ? "+" : ""}${f3(r.ours - r.ref)}`, r.tps.toFixed(0)]);
};
for (const t of tasks) {
  if (t.set === "Davidson" && !want("davidson")) continue;
  row(t.set, `${t.task} (${t.texts.length} texts, seed 42)`, run(t, 42));
}
const dav = tasks.find((t) => t.set === "Davidson");
if (dav && want("splits") && nSplits > 0) {
  const rs: Result[] = [];
  for (let s = 1; s <= nSplits; s++) {
    const r = run(dav, s);
    rs.push(r);
    row("Davidson", `split seed ${s}`, r);
  }
  const mean = (f: (r: Result) => number): number => rs.reduce((a, r) => a + f(r), 0) / rs.length;
  const sd = (f: (r: Result) => number): number => {
    const m = mean(f);
    return Math.sqrt(rs.reduce((a, r) => a + (f(r) - m) ** 2, 0) / Math.max(1, rs.length - 1));
  };
  const d = (r: Result): number => r.ours - r.ref;
  rows.push(["Davidson", `${nSplits} random splits: mean ± sd`, `${f3(mean((r) => r.ref))} ± ${f3(sd((r) => r.ref))}`, `${f3(mean((r) => r.ours))} ± ${f3(sd((r) => r.ours))}`,
    `${mean(d) >= 0 ? "+" : ""}${f3(mean(d))} ± ${f3(sd(d))} (min ${f3(Math.min(...rs.map(d)))})`, mean((r) => r.tps).toFixed(0)]);
}

process.stdout.write(`\n| set | task | reference macro-F1 (better of unweighted / balanced) | Tocsin macro-F1 | difference | texts per CPU-s (full analysis) |\n|---|---|---|---|---|---|\n`);
for (const r of rows) process.stdout.write(`| ${r.join(" | ")} |\n`);
process.stdout.write(`\nNode ${process.version}${subset ? `, subset ${subset} rows per set` : ""}, ${((performance.now() - started) / 1000).toFixed(0)} s in all.\n`);
