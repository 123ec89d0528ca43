/**
 * The speech analysis pool gives what the in-process analyser gives, in input order, across chunks
 * and workers; a new fingerprint makes workers rebuild; a bad spec fails the call, not the pool.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { buildSpeechAnalyser, type AnalyserSpec } from "../../domain/speech/analyser-spec.ts";
import { SpeechAnalysisPool } from "./speech-analysis-pool.ts";

const pool = new SpeechAnalysisPool({ size: 2, chunkItems: 7, chunkChars: 500 });
after(() => pool.close());

const inputs = Array.from({ length: 40 }, (_, i) => ({
  text: i % 3 === 0 ? `they are cockroaches ${i}, zzqfoo them` : `the harvest ${i} was good`, language: i % 2 ? "en" : null, reach: i,
}));

test("results equal the in-process analysis, in order; a changed lexicon is picked up", async () => {
  const plain: AnalyserSpec = { fingerprint: "a", stored: [], model: null };
  assert.deepEqual(await pool.analyse(plain, inputs), inputs.map((x) => buildSpeechAnalyser(plain).analyse(x)));
  const withTerm: AnalyserSpec = { fingerprint: "b", stored: [{ term: "zzqfoo", language: "en", category: "slur", weight: 0.9, target: null, source: "test" }], model: null };
  const got = await pool.analyse(withTerm, inputs);
  assert.deepEqual(got, inputs.map((x) => buildSpeechAnalyser(withTerm).analyse(x)));
  assert.ok(got[0].hits.some((h) => h.term === "zzqfoo"), "the stored term is matched in the workers");
  // Back to the first spec: the workers rebuild again.
  assert.ok(!(await pool.analyse(plain, inputs.slice(0, 1)))[0].hits.some((h) => h.term === "zzqfoo"));
});

test("an unreadable model fails the call with its reason; the pool keeps working", async () => {
  const bad = { fingerprint: "bad", stored: [], model: { format: "nope" } } as unknown as AnalyserSpec;
  await assert.rejects(pool.analyse(bad, inputs.slice(0, 3)), /speech analysis failed: not a tocsin-speech-model file/);
  assert.equal((await pool.analyse({ fingerprint: "a", stored: [], model: null }, inputs.slice(0, 2))).length, 2);
});
