/**
 * `tocsin speech …`: the dangerous-speech commands (file based; storing items and lexicons in the
 * database is wired by the store and HTTP layers).
 *
 * - `speech train --data FILE --text-col C --label-col L [--test FILE] --out MODEL.json`
 * - `speech classify --model MODEL.json --data FILE --text-col C [--out OUT.csv]` → CSV
 *   `row,label,p_<class>…`, one row per input row in input order; `row` is the 0-based position of
 *   the data row (header excluded).
 * - `speech eval --model MODEL.json --data FILE --text-col C --label-col L` → JSON with macro_f1,
 *   accuracy, per-class precision/recall/F1/support and the confusion matrix.
 * - `speech analyse --data FILE [--text-col C] [--model M] [--hurtlex DIR] [--lexicon FILE]` →
 *   JSONL, one analysis per row (hallmarks, targets, Rabat factors, probabilities).
 * - `speech ingest --data FILE [--model M] [--hurtlex DIR] [--out ITEMS.jsonl] [--store]` → validated items
 *   (id, text, time, source, country, language?, reach?), de-duplicated by id, with their analyses.
 * - `speech trends --data ITEMS.jsonl [--period week] [--alerts]` → trend rows or spike alerts.
 * - `speech models activate MODEL.json [--name N]`, `speech models list`: the stored, active classifier
 *   that labels ingested items; `speech reanalyse [--all]` relabels stored items after a change.
 * - `speech lexicon import-hurtlex DIR [--languages en,fr] [--out FILE.jsonl] [--store]`, `speech lexicon check FILE`.
 *
 * Inputs are CSV (`.tsv` for tabs) or JSONL, UTF-8 with or without BOM. Progress goes to stderr,
 * results to stdout or `--out`. Errors are thrown (main.ts prints them and exits non-zero).
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { SpeechAnalyser, type SpeechAnalysis } from "../../domain/speech/analysis.ts";
import { builtinLexicon, builtinLexiconId } from "../../domain/speech/builtin-lexicon.ts";
import { SpeechClassifier, type LexiconFeatures, type SpeechModelFile } from "../../domain/speech/classifier.ts";
import { trainRecipe } from "../../domain/speech/recipe.ts";
import { HURTLEX_SOURCE } from "../../domain/speech/hurtlex.ts";
import { resolveMirror } from "../../infra/importers/mirror.ts";
import { join } from "node:path";
import { existsSync } from "node:fs";
import { Lexicon, type LexiconEntry } from "../../domain/speech/lexicon.ts";
import { toSpeechItem, type SpeechItem } from "../../domain/speech/items.ts";
import { evaluate } from "../../domain/speech/metrics.ts";
import { detectSpeechSpikes, speechTrends, type Period, type TrendItem } from "../../domain/speech/trends.ts";
import { readHurtlexDir } from "../../infra/importers/hurtlex.importer.ts";
import { readLexiconFile, writeLexiconJsonl } from "../../infra/importers/speech-lexicon.importer.ts";
import { columnValues, readSpeechTable } from "../../infra/importers/speech-table.ts";
import { createTocsin } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { basename } from "node:path";
import { importHurtlexToStore, reanalyseSpeechItems, SpeechModelError, storeSpeechBatch, storeSpeechModel } from "../../services/speech.service.ts";
import { SpeechRepository } from "../../infra/store/speech.repository.ts";
import { io, openTocsin } from "./io.ts";
import { csvCell } from "../../domain/text/safe-text.ts";

const log = (s: string): void => { io().stderr.write(`${s}\n`); };

function output(text: string, out?: string): void {
  if (out) writeFileSync(out, text);
  else io().stdout.write(text);
}

/** The HurtLex folder: `--hurtlex`, else the mirror's `speech/hurtlex` when present. */
function hurtlexDir(explicit?: string): string | undefined {
  if (explicit) return explicit;
  const m = resolveMirror();
  const dir = m ? join(m, "speech/hurtlex") : undefined;
  return dir && existsSync(dir) ? dir : undefined;
}

/**
 * Builds the lexicon-feature set for training: the built-in lexicon (unless `none`), plus HurtLex
 * languages when asked for.
 *
 * @param mode `builtin` or `none`
 * @param language matcher language (`und` = all)
 * @param hurtlex folder of HurtLex files, or undefined
 * @param hurtlexLanguages ISO 639-1 codes to take from HurtLex
 * @returns the features, or undefined for `none` without HurtLex
 */
export function lexiconFeaturesFor(mode: string, language: string, hurtlex?: string, hurtlexLanguages?: readonly string[]): LexiconFeatures | undefined {
  if (mode !== "builtin" && mode !== "none") throw new RangeError(`--lexicon-features must be builtin or none, got "${mode}"`);
  const entries: LexiconEntry[] = [];
  const sources: string[] = [];
  if (mode === "builtin") { entries.push(...builtinLexicon()); sources.push(builtinLexiconId()); }
  if (hurtlex && hurtlexLanguages?.length) {
    for (const f of readHurtlexDir(hurtlex, hurtlexLanguages)) { entries.push(...f.entries); sources.push(`${HURTLEX_SOURCE}:${f.language}`); }
  }
  return sources.length ? { lexicon: new Lexicon(entries), spec: { sources, language } } : undefined;
}

/**
 * Loads a model file, rebuilding the lexicon its features need.
 * @param file path of a model written by `speech train`
 * @param hurtlex HurtLex folder for models trained with HurtLex features (default: the mirror's)
 * @returns the classifier
 * @throws {Error} naming the file when it is not valid JSON, not a Tocsin speech model, or needs
 *   HurtLex and no folder is available
 */
export function loadModel(file: string, hurtlex?: string): SpeechClassifier {
  let json: SpeechModelFile;
  try {
    json = JSON.parse(readFileSync(file, "utf8")) as SpeechModelFile;
  } catch (e) {
    throw new Error(`${file}: not a readable JSON model (${(e as Error).message})`);
  }
  try {
    const spec = json?.lexiconFeatures;
    let lexicon: Lexicon | undefined;
    if (spec) {
      const entries: LexiconEntry[] = [];
      const langs: string[] = [];
      for (const src of spec.sources) {
        if (src.startsWith("tocsin-builtin:")) {
          if (src !== builtinLexiconId()) log(`speech: warning: ${file} was trained with built-in lexicon ${src}; this build has ${builtinLexiconId()}`);
          entries.push(...builtinLexicon());
        } else if (src.startsWith(`${HURTLEX_SOURCE}:`)) langs.push(src.slice(HURTLEX_SOURCE.length + 1));
        else throw new TypeError(`unknown lexicon source "${src}"`);
      }
      if (langs.length) {
        const dir = hurtlexDir(hurtlex);
        if (!dir) throw new TypeError(`model uses HurtLex (${langs.join(", ")}) features; pass --hurtlex DIR`);
        for (const f of readHurtlexDir(dir, langs)) entries.push(...f.entries);
      }
      lexicon = new Lexicon(entries);
    }
    return new SpeechClassifier(json, lexicon);
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
}

/**
 * Formats classification output: header `row,label,p_<class>…` then one line per text.
 * @param classifier the model
 * @param texts texts in input order
 * @returns CSV text with a trailing newline
 */
export function classifyToCsv(classifier: SpeechClassifier, texts: readonly string[]): string {
  const lines = [["row", "label", ...classifier.labels.map((l) => `p_${l}`)].map(csvCell).join(",")];
  texts.forEach((t, i) => {
    const p = classifier.predictProba(t);
    let best = 0;
    for (let c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
    lines.push([String(i), csvCell(classifier.labels[best]), ...Array.from(p, (x) => x.toFixed(6))].join(","));
  });
  return lines.join("\n") + "\n";
}

/**
 * Builds the analyser: built-in lexicon, plus HurtLex from a folder and/or a lexicon file, plus an
 * optional model.
 */
function buildAnalyser(opts: { model?: string; hurtlex?: string; hurtlexLanguages?: string; lexicon?: string }): SpeechAnalyser {
  const entries: LexiconEntry[] = builtinLexicon();
  if (opts.hurtlex) {
    const files = readHurtlexDir(opts.hurtlex, opts.hurtlexLanguages?.split(",").map((s) => s.trim()).filter(Boolean));
    for (const f of files) entries.push(...f.entries);
    log(`speech: HurtLex ${files.length} language file(s), ${files.reduce((a, f) => a + f.entries.length, 0)} entries`);
  }
  if (opts.lexicon) entries.push(...readLexiconFile(opts.lexicon));
  return new SpeechAnalyser(new Lexicon(entries), opts.model ? loadModel(opts.model, opts.hurtlex) : undefined);
}

/** An ingested item with its analysis (the row shape the store will hold). */
export interface AnalysedSpeechItem extends SpeechItem {
  readonly analysis: SpeechAnalysis;
}

/**
 * Registers `speech` and its sub-commands.
 * @param program the root command
 */
export function registerSpeechCommands(program: Command): void {
  const speech = program.command("speech").description("Dangerous-speech analysis: classifier, lexicons, hallmarks, trends");

  speech
    .command("train")
    .description("Train a classifier on a labelled CSV/JSONL file (any language)")
    .requiredOption("--data <file>", "training data (CSV or JSONL)")
    .requiredOption("--text-col <name>", "column holding the text")
    .requiredOption("--label-col <name>", "column holding the class label")
    .option("--test <file>", "held-out data to evaluate on after training (same columns)")
    .requiredOption("--out <model.json>", "where to write the model")
    .option("--seed <n>", "seed of the inner validation split", "42")
    .option("--quick", "smallest search: one setting per member, 2 folds")
    .option("--lexicon-features <mode>", "builtin: add lexicon-category features from Tocsin's lexicon; none: n-grams only", "builtin")
    .option("--lang <code>", "language of the texts for lexicon matching (default: every language)", "und")
    .option("--hurtlex <dir>", "HurtLex folder, for --hurtlex-languages")
    .option("--hurtlex-languages <codes>", "also use HurtLex entries of these languages as features (classify then needs HurtLex too)")
    .action((opts: { data: string; textCol: string; labelCol: string; test?: string; out: string; seed: string; quick?: boolean; lexiconFeatures: string; lang: string; hurtlex?: string; hurtlexLanguages?: string }) => {
      const table = readSpeechTable(opts.data);
      const texts = columnValues(table, opts.textCol, "text column", true);
      const labels = columnValues(table, opts.labelCol, "label column").map((l) => l.trim());
      log(`speech train: ${texts.length} rows from ${opts.data}`);
      const hlLangs = opts.hurtlexLanguages?.split(",").map((x) => x.trim()).filter(Boolean);
      const hlDir = hlLangs?.length ? hurtlexDir(opts.hurtlex) : undefined;
      if (hlLangs?.length && !hlDir) throw new Error("--hurtlex-languages needs --hurtlex DIR (no mirror copy found)");
      const lexiconFeatures = lexiconFeaturesFor(opts.lexiconFeatures, opts.lang, hlDir, hlLangs);
      // The one training recipe (recipe.ts): every choice cross-validated inside the training rows.
      const model = trainRecipe(texts, labels, {
        lexiconFeatures,
        dataSha256: table.sha256,
        seed: Number(opts.seed),
        meta: { data: opts.data.split(/[\\/]/).pop() ?? opts.data, textCol: opts.textCol, labelCol: opts.labelCol },
        log,
        ...(opts.quick ? { cGrid: [1], classWeightPowers: [1], nbAlphas: [0.1], folds: 2 } : {}),
      });
      writeFileSync(opts.out, JSON.stringify(model));
      log(`speech train: model written to ${opts.out} (labels ${model.labels.join(", ")})`);
      const summary: Record<string, unknown> = { model: opts.out, labels: model.labels, rows: texts.length, dataSha256: table.sha256, validation_macro_f1: model.training.validationMacroF1 };
      if (opts.test) {
        const t = readSpeechTable(opts.test);
        const tt = columnValues(t, opts.textCol, "text column", true);
        const tl = columnValues(t, opts.labelCol, "label column").map((l) => l.trim());
        const clf = new SpeechClassifier(model, lexiconFeatures?.lexicon);
        summary.test = evaluate(tl, tt.map((x) => clf.predict(x)), model.labels);
      }
      output(JSON.stringify(summary, null, 2) + "\n");
    });

  speech
    .command("classify")
    .description("Classify texts: CSV row,label,p_<class>… in input order")
    .requiredOption("--model <model.json>", "model from `speech train`")
    .requiredOption("--data <file>", "texts (CSV or JSONL)")
    .requiredOption("--text-col <name>", "column holding the text")
    .option("--out <file.csv>", "output file (default stdout)")
    .option("--hurtlex <dir>", "HurtLex folder, for models trained with HurtLex features")
    .action((opts: { model: string; data: string; textCol: string; out?: string; hurtlex?: string }) => {
      const clf = loadModel(opts.model, opts.hurtlex);
      const table = readSpeechTable(opts.data);
      const texts = columnValues(table, opts.textCol, "text column", true);
      output(classifyToCsv(clf, texts), opts.out);
      log(`speech classify: ${texts.length} rows${opts.out ? ` written to ${opts.out}` : ""}`);
    });

  speech
    .command("eval")
    .description("Evaluate a model on labelled data: JSON with macro_f1, per-class scores, confusion matrix")
    .requiredOption("--model <model.json>", "model from `speech train`")
    .requiredOption("--data <file>", "labelled data (CSV or JSONL)")
    .requiredOption("--text-col <name>", "column holding the text")
    .requiredOption("--label-col <name>", "column holding the true label")
    .option("--hurtlex <dir>", "HurtLex folder, for models trained with HurtLex features")
    .action((opts: { model: string; data: string; textCol: string; labelCol: string; hurtlex?: string }) => {
      const clf = loadModel(opts.model, opts.hurtlex);
      const table = readSpeechTable(opts.data);
      const texts = columnValues(table, opts.textCol, "text column", true);
      const labels = columnValues(table, opts.labelCol, "label column").map((l) => l.trim());
      const ev = evaluate(labels, texts.map((t) => clf.predict(t)), clf.labels);
      output(JSON.stringify({ ...ev, model_data_sha256: clf.model.training.dataSha256 }, null, 2) + "\n");
    });

  const lexiconOptions = (c: Command): Command =>
    c.option("--model <model.json>", "classifier for class probabilities")
      .option("--hurtlex <dir>", "folder of hurtlex_<LANG>.tsv files to import at run time (CC BY-NC-SA)")
      .option("--hurtlex-languages <codes>", "comma-separated ISO 639-1 codes to import from HurtLex (default all)")
      .option("--lexicon <file>", "extra lexicon (CSV/JSONL: term,language,category,weight,target,source)");

  lexiconOptions(
    speech
      .command("analyse")
      .alias("analyze")
      .description("Analyse texts: hallmarks, target groups, Rabat factors (JSONL, one line per row)")
      .requiredOption("--data <file>", "texts (CSV or JSONL)")
      .option("--text-col <name>", "column holding the text", "text")
      .option("--lang-col <name>", "column holding the language (detected when absent or empty)")
      .option("--reach-col <name>", "column holding the reach (followers, audience)")
      .option("--out <file.jsonl>", "output file (default stdout)"),
  ).action((opts: { data: string; textCol: string; langCol?: string; reachCol?: string; out?: string; model?: string; hurtlex?: string; hurtlexLanguages?: string; lexicon?: string }) => {
    const analyser = buildAnalyser(opts);
    const table = readSpeechTable(opts.data);
    const texts = columnValues(table, opts.textCol, "text column", true);
    const langs = opts.langCol ? columnValues(table, opts.langCol, "language column", true) : undefined;
    const reach = opts.reachCol ? columnValues(table, opts.reachCol, "reach column", true) : undefined;
    const lines = texts.map((text, i) => {
      const r = reach?.[i]?.trim();
      const a = analyser.analyse({ text, language: langs?.[i] || null, reach: r ? Number(r) : null });
      return JSON.stringify({ row: i, ...a });
    });
    output(lines.join("\n") + (lines.length ? "\n" : ""), opts.out);
    log(`speech analyse: ${texts.length} rows`);
  });

  lexiconOptions(
    speech
      .command("ingest")
      .description("Validate items (id,text,time,source,country[,language,reach]), de-duplicate by id, analyse; write JSONL (--out) and/or store them (--store)")
      .requiredOption("--data <file>", "items (CSV or JSONL)")
      .option("--out <file.jsonl>", "analysed items")
      .option("--store", "store the items in Tocsin's store (all-or-nothing, idempotent by id; analysed with the built-in and stored lexicon)"),
  ).action(async (opts: { data: string; out?: string; store?: boolean; model?: string; hurtlex?: string; hurtlexLanguages?: string; lexicon?: string }) => {
    if (!opts.out && !opts.store) throw new TypeError("speech ingest needs --out FILE.jsonl, --store, or both");
    const table = readSpeechTable(opts.data);
    if (opts.out) {
      const analyser = buildAnalyser(opts);
      const byId = new Map<string, AnalysedSpeechItem>();
      for (const row of table.rows) {
        const item = toSpeechItem(row.values, `${opts.data}:${row.line}`);
        // Idempotent by client id: a repeated id is the same item, the first copy is kept.
        if (byId.has(item.clientId)) continue;
        byId.set(item.clientId, { ...item, analysis: analyser.analyse(item) });
      }
      writeFileSync(opts.out, [...byId.values()].map((x) => JSON.stringify(x)).join("\n") + (byId.size ? "\n" : ""));
      log(`speech ingest: ${table.rows.length} rows, ${byId.size} distinct items written to ${opts.out}`);
    }
    if (opts.store) {
      if (opts.model || opts.hurtlex || opts.lexicon) log("speech ingest: --model/--hurtlex/--lexicon apply to --out only; stored items are analysed with the built-in and stored lexicon and the active stored model");
      const tocsin = await openTocsin();
      try {
        const records = table.rows.map((r) => r.values);
        const summary = await storeSpeechBatch(tocsin.store, tocsin.registry, records, {
          maxItems: Number.POSITIVE_INFINITY,
          locate: (i) => `${opts.data}:${table.rows[i].line}`,
        });
        log(`speech ingest: ${summary.inserted} items stored, ${summary.duplicates} already stored or repeated`);
        output(JSON.stringify({ file: opts.data, rows: table.rows.length, inserted: summary.inserted, duplicates: summary.duplicates }, null, 2) + "\n");
      } finally {
        await tocsin.close();
      }
    }
  });

  speech
    .command("trends")
    .description("Counts and rates per country, hallmark, target and label per day/week; --alerts for spikes")
    .requiredOption("--data <file.jsonl>", "analysed items from `speech ingest`")
    .option("--period <day|week>", "period length", "week")
    .option("--alerts", "print spike alerts instead of the trend table")
    .action((opts: { data: string; period: string; alerts?: boolean }) => {
      if (opts.period !== "day" && opts.period !== "week") throw new RangeError(`--period must be day or week, got "${opts.period}"`);
      const items: TrendItem[] = readFileSync(opts.data, "utf8").split(/\r?\n/).filter((l) => l.trim()).map((l, i) => {
        let x: AnalysedSpeechItem;
        try { x = JSON.parse(l) as AnalysedSpeechItem; } catch { throw new Error(`${opts.data}:${i + 1}: invalid JSON`); }
        return { time: x.time, country: x.country, hallmarks: x.analysis.hallmarks.map((h) => h.kind), targets: x.analysis.targets.map((t) => t.group), label: x.analysis.label };
      });
      const rows = speechTrends(items, opts.period as Period);
      if (opts.alerts) output(JSON.stringify(detectSpeechSpikes(rows), null, 2) + "\n");
      else {
        const header = "period,country,dimension,key,count,total,rate";
        output([header, ...rows.map((r) => [r.period, r.country, r.dimension, r.key, r.count, r.total, r.rate.toFixed(4)].map(csvCell).join(","))].join("\n") + "\n");
      }
    });

  const models = speech.command("models").description("The stored classifier that labels ingested items (global; one active at a time)");
  models
    .command("activate <model.json>")
    .description("Store a model written by `speech train` and make it the active one (audited as cli); stored items keep their labels until `speech reanalyse`")
    .option("--name <name>", "name to store it under (default the file name)")
    .option("--no-activate", "store it without activating it")
    .action(async (file: string, opts: { name?: string; activate: boolean }) => {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, "utf8"));
      } catch (e) {
        throw new Error(`${file}: not a readable JSON model (${(e as Error).message})`);
      }
      const tocsin = await openTocsin();
      try {
        const stored = await storeSpeechModel(tocsin.store, json, { name: opts.name ?? basename(file), activate: opts.activate });
        for (const w of stored.warnings) log(`speech models: warning: ${w}`);
        log(`speech models: model ${stored.model.id} ${stored.created ? "stored" : "was already stored"}${stored.model.active ? ", active" : ""}; run \`tocsin speech reanalyse\` to relabel stored items`);
        output(JSON.stringify(stored, null, 2) + "\n");
      } catch (e) {
        if (e instanceof SpeechModelError) throw new Error(`${file}: ${e.message}`);
        throw e;
      } finally {
        await tocsin.close();
      }
    });
  models
    .command("list")
    .description("Stored models (no weights), newest first")
    .action(async () => {
      const tocsin = await openTocsin();
      try {
        const rows = await new SpeechRepository(tocsin.store.db).listModels();
        output(JSON.stringify(rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), activatedAt: r.activatedAt?.toISOString() ?? null })), null, 2) + "\n");
      } finally {
        await tocsin.close();
      }
    });

  speech
    .command("reanalyse")
    .alias("reanalyze")
    .description("Re-analyse stored items with the active model and the current lexicon: those not labelled by the active model, or --all")
    .option("--all", "every stored item (e.g. after a lexicon change)")
    .option("--batch <n>", "items per transaction", "1000")
    .action(async (opts: { all?: boolean; batch: string }) => {
      const batchSize = Number(opts.batch);
      if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 10_000)) throw new RangeError(`--batch must be an integer in 1..10000, got "${opts.batch}"`);
      const tocsin = await openTocsin();
      try {
        const summary = await reanalyseSpeechItems(tocsin.store, { all: opts.all, batchSize, progress: (done, total) => log(`speech reanalyse: ${done}/${total}`) });
        output(JSON.stringify(summary, null, 2) + "\n");
      } finally {
        await tocsin.close();
      }
    });

  const lex = speech.command("lexicon").description("Lexicon files: import HurtLex, check a lexicon");
  lex
    .command("import-hurtlex <dir>")
    .description("Convert HurtLex TSV files (read at run time, never bundled: CC BY-NC-SA 4.0) to Tocsin lexicon JSONL (--out) and/or import them into the store (--store)")
    .option("--languages <codes>", "comma-separated ISO 639-1 codes (default all)")
    .option("--out <file.jsonl>", "output lexicon")
    .option("--store", "upsert the entries into the stored lexicon (one transaction; re-importing changes nothing)")
    .action(async (dir: string, opts: { languages?: string; out?: string; store?: boolean }) => {
      if (!opts.out && !opts.store) throw new TypeError("speech lexicon import-hurtlex needs --out FILE.jsonl, --store, or both");
      const languages = opts.languages?.split(",").map((s) => s.trim()).filter(Boolean);
      if (opts.out) {
        const files = readHurtlexDir(dir, languages);
        const entries = files.flatMap((f) => f.entries);
        writeLexiconJsonl(opts.out, entries);
        output(JSON.stringify({ files: files.map((f) => ({ file: f.file.split(/[\\/]/).pop(), language: f.language, rows: f.rows, entries: f.entries.length })), entries: entries.length }, null, 2) + "\n");
      }
      if (opts.store) {
        const tocsin = await openTocsin();
        try {
          const summary = await importHurtlexToStore(tocsin.store, dir, languages);
          log(`speech lexicon: HurtLex ${summary.entries} entries, ${summary.inserted} new, ${summary.updated} changed`);
          output(JSON.stringify({ stored: summary }, null, 2) + "\n");
        } finally {
          await tocsin.close();
        }
      }
    });
  lex
    .command("check <file>")
    .description("Validate a lexicon file (CSV/JSONL: term,language,category,weight,target,source)")
    .action((file: string) => {
      const entries = readLexiconFile(file);
      new Lexicon(entries);
      const byCat: Record<string, number> = {};
      for (const e of entries) byCat[e.category] = (byCat[e.category] ?? 0) + 1;
      output(JSON.stringify({ file, entries: entries.length, categories: byCat }, null, 2) + "\n");
    });
}
