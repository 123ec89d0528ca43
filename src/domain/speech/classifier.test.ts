import { test } from "node:test";
import assert from "node:assert/strict";
import { SpeechClassifier, trainClassifier } from "./classifier.ts";
import { seededRandom } from "./metrics.ts";
import { fitMultinomial } from "./logistic.ts";

/** Burmese-script synthetic corpus: class words are mixed with shared filler words. */
export function syntheticCorpus(n: number, seed: number): { texts: string[]; labels: string[] } {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const vocab: Record<string, string[]> = {
    hostile: ["သတ်ပစ်", "ကြွက်", "မုန်း", "ဖျက်ဆီး"],
    neutral: ["ပန်းခြံ", "စာအုပ်", "ထမင်း", "ရေကန်"],
    news: ["သတင်း", "အစိုးရ", "ရွေးကောက်ပွဲ", "စီးပွားရေး"],
  };
  const filler = ["သူတို့", "ဒီနေ့", "မြို့", "လူ", "ကောင်း", "အများ"];
  const texts: string[] = [];
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const label = pick(Object.keys(vocab));
    const words = [pick(filler), pick(vocab[label]), pick(filler), pick(filler)];
    if (rand() < 0.5) words.push(pick(vocab[label]));
    texts.push(words.join(rand() < 0.5 ? " " : ""));
    labels.push(label);
  }
  return { texts, labels };
}

test("trains on a non-Latin script and generalises to new texts", () => {
  const train = syntheticCorpus(300, 1);
  const model = trainClassifier(train.texts, train.labels, { dataSha256: "abc", l2Grid: [1e-3], classWeightPowers: [0], maxIter: 50 });
  assert.deepEqual(model.labels, ["hostile", "neutral", "news"]);
  assert.equal(model.training.dataSha256, "abc");
  assert.equal(model.training.rows, 300);
  const clf = new SpeechClassifier(JSON.parse(JSON.stringify(model)));
  const test = syntheticCorpus(100, 2);
  const correct = test.texts.filter((t, i) => clf.predict(t) === test.labels[i]).length;
  assert.ok(correct >= 90, `accuracy ${correct}/100`);
  const p = clf.predictProba(test.texts[0]);
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  const again = trainClassifier(train.texts, train.labels, { dataSha256: "abc", l2Grid: [1e-3], classWeightPowers: [0], maxIter: 50 });
  assert.equal(again.weights, model.weights, "training is deterministic");
});

test("bad arguments and bad model files are rejected", () => {
  assert.throws(() => trainClassifier(["a", "b"], ["x", "x"], { dataSha256: "" }), /at least two distinct labels/);
  // A class with a single row is allowed (no tuning then).
  const m = trainClassifier(["a a", "b b", "b c"], ["x", "y", "y"], { dataSha256: "" });
  assert.equal(m.training.validationMacroF1, null);
  assert.throws(() => trainClassifier(["a"], ["x", "y"], { dataSha256: "" }), RangeError);
  assert.throws(() => new SpeechClassifier({ format: "other" } as never), /not a tocsin-speech-model/);
});

test("L-BFGS logistic regression separates a linearly separable toy problem", () => {
  // Two features; class = which feature is present.
  const rows = { indptr: Int32Array.from([0, 1, 2, 3, 4]), indices: Int32Array.from([0, 1, 0, 1]), values: Float32Array.from([1, 1, 1, 1]), dim: 2 };
  const fit = fitMultinomial(rows, Int32Array.from([0, 1, 0, 1]), 2, { l2: 1e-3 });
  const w = fit.theta;
  assert.ok(w[0 * 2 + 0] > w[0 * 2 + 1], "feature 0 favours class 0");
  assert.ok(w[1 * 2 + 1] > w[1 * 2 + 0], "feature 1 favours class 1");
});

test("lexicon features: recorded in the model, required when classifying, and they generalise", async () => {
  const { Lexicon } = await import("./lexicon.ts");
  // Class "attack" texts each use one of two vermin words; the test uses a third the model never saw.
  const lex = new Lexicon(["rats", "lice", "cockroaches"].map((term) => ({ term, language: "en", category: "dehumanisation.vermin", weight: 1, target: null, source: "t" })));
  const texts: string[] = [];
  const labels: string[] = [];
  for (let i = 0; i < 60; i++) {
    texts.push(`they are ${i % 2 ? "rats" : "lice"} number ${i}`); labels.push("attack");
    texts.push(`they are neighbours number ${i}`); labels.push("calm");
  }
  const spec = { sources: ["test-lexicon"], language: "en" };
  const model = trainClassifier(texts, labels, { dataSha256: "x", l2Grid: [1e-3], classWeightPowers: [0], tuneOffsets: false, lexiconFeatures: { lexicon: lex, spec } });
  assert.deepEqual(model.lexiconFeatures, spec);
  assert.throws(() => new SpeechClassifier(model), /supply that lexicon/);
  const clf = new SpeechClassifier(model, lex);
  assert.equal(clf.predict("they are cockroaches number 99"), "attack");
  const plain = new SpeechClassifier(trainClassifier(texts, labels, { dataSha256: "x", l2Grid: [1e-3], classWeightPowers: [0], tuneOffsets: false }));
  const pLex = clf.predictProba("they are cockroaches number 99")[0];
  const pPlain = plain.predictProba("they are cockroaches number 99")[0];
  assert.ok(pLex > pPlain, `lexicon features raise p(attack): ${pLex} vs ${pPlain}`);
});

test("offsets come from K-fold out-of-fold logits by default, from the inner split with offsetFolds 0", () => {
  // An imbalanced corpus (few "hostile" rows) where offsets matter.
  const base = syntheticCorpus(400, 3);
  const keep = base.labels.map((l, i) => l !== "hostile" || i % 4 === 0);
  const texts = base.texts.filter((_, i) => keep[i]);
  const labels = base.labels.filter((_, i) => keep[i]);
  const logs: string[] = [];
  const cv = trainClassifier(texts, labels, { dataSha256: "x", l2Grid: [1e-3], classWeightPowers: [0], maxIter: 40, log: (m) => logs.push(m) });
  assert.equal(cv.training.offsetSource, "cv5");
  assert.equal(logs.filter((m) => /offset fold \d\/5/.test(m)).length, 5);
  assert.equal(cv.offsets[0], 0, "the first class is the reference");
  const split = trainClassifier(texts, labels, { dataSha256: "x", l2Grid: [1e-3], classWeightPowers: [0], maxIter: 40, offsetFolds: 0 });
  assert.equal(split.training.offsetSource, "validation");
  const none = trainClassifier(texts, labels, { dataSha256: "x", l2Grid: [1e-3], classWeightPowers: [0], maxIter: 40, tuneOffsets: false });
  assert.equal(none.training.offsetSource, "none");
  assert.deepEqual(none.offsets, [0, 0, 0]);
  assert.equal(cv.weights, split.weights, "the final fit does not depend on where offsets were tuned");
});
