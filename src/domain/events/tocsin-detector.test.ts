import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { cusumArl, cusumThreshold, lnGamma, negBinUpperTail, tocsinDetect, tocsinScores } from "./tocsin-detector.ts";
import { changePointCounts, seriesFromCounts } from "./synthetic.ts";

const close = (a: number, b: number, rel = 1e-9) => assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test("lnGamma matches factorials and Γ(1/2) = √π", () => {
  close(lnGamma(5), Math.log(24));
  close(lnGamma(11), Math.log(3628800));
  close(lnGamma(0.5), Math.log(Math.sqrt(Math.PI)));
});

test("negative-binomial tail matches closed forms (Poisson, geometric) and stays precise far out", () => {
  close(negBinUpperTail(1, 1, Infinity), 1 - Math.exp(-1));
  close(negBinUpperTail(2, 3, Infinity), 1 - Math.exp(-3) * (1 + 3));
  // k = 1 is geometric: P(Y ≥ y) = (μ/(1+μ))^y.
  for (const [y, mu] of [[1, 0.5], [7, 2], [60, 0.3]] as const) close(negBinUpperTail(y, mu, 1), (mu / (1 + mu)) ** y, 1e-8);
  assert.equal(negBinUpperTail(0, 5, 2), 1);
  assert.throws(() => negBinUpperTail(1.5, 1, 1), RangeError);
});

test("CUSUM threshold inverts Siegmund's ARL and grows as alpha shrinks", () => {
  for (const alpha of [0.05, 0.01, 0.001, 1e-4]) close(cusumArl(cusumThreshold(alpha, 0.5), 0.5), 1 / alpha, 1e-6);
  assert.ok(cusumThreshold(0.001, 0.5) > cusumThreshold(0.01, 0.5));
  assert.throws(() => cusumThreshold(0, 0.5), RangeError);
});

test("synthetic change point: Poisson 3 → 10 a week is caught within 3 weeks, with few false alarms before", () => {
  let detected = 0;
  let falseAlarms = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const counts = changePointCounts(156, 3, 26, 10, seed);
    const hits = tocsinDetect(seriesFromCounts(counts));
    falseAlarms += hits.filter((h) => h.startIndex < 156).length;
    if (hits.some((h) => h.startIndex >= 156 && h.startIndex <= 158)) detected++;
  }
  assert.ok(detected >= 19, `detected ${detected}/20`);
  // 20 × 156 stationary weeks at α = 0.001 ⇒ about 3 flagged weeks expected.
  assert.ok(falseAlarms <= 8, `false alarms ${falseAlarms}`);
});

test("false-alarm rate is settable: a looser alpha raises more alarms on stationary data", () => {
  let strict = 0;
  let loose = 0;
  for (let seed = 100; seed < 110; seed++) {
    const s = seriesFromCounts(changePointCounts(260, 4, 0, 0, seed));
    strict += tocsinScores(s, { alpha: 0.001 }).filter((p) => p.flagged).length;
    loose += tocsinScores(s, { alpha: 0.05 }).filter((p) => p.flagged).length;
  }
  assert.ok(loose > strict, `${loose} > ${strict}`);
  assert.ok(loose >= 0.01 * 2600 && loose <= 0.12 * 2600, `loose ${loose}`);
});

test("a sustained surge is one episode, not one alert per week", () => {
  const counts = [...Array(60).fill(2), ...Array(10).fill(20)];
  const hits = tocsinDetect(seriesFromCounts(counts));
  assert.equal(hits.length, 1);
  assert.equal(hits[0].startIndex, 60);
  assert.ok(hits[0].flaggedPeriods >= 1);
});

test("CUSUM catches a sustained rise in civilian deaths that event counts alone do not show", () => {
  const n = 80;
  const counts = Array(n).fill(3);
  const civ = [...Array(60).fill(1), ...Array(20).fill(12)];
  const s = seriesFromCounts(counts, { civilianDeaths: civ });
  const scores = tocsinScores(s);
  assert.ok(scores.slice(60).every((p) => p.countScore < 1));
  const hits = tocsinDetect(s);
  assert.equal(hits.length, 1);
  assert.ok(hits[0].startIndex >= 60 && hits[0].startIndex <= 62, `start ${hits[0].startIndex}`);
});

test("materiality: a single event in a quiet place is not an alert", () => {
  const counts = [...Array(60).fill(0), 1, 0, 0];
  assert.deepEqual(tocsinDetect(seriesFromCounts(counts)), []);
  assert.equal(tocsinDetect(seriesFromCounts([...Array(60).fill(0), 6])).length, 1);
});

test("property: more events in the latest period never lower its count score", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 30, maxLength: 60 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 10 }), (hist, last, extra) => {
      const a = tocsinScores(seriesFromCounts([...hist, last]));
      const b = tocsinScores(seriesFromCounts([...hist, last + extra]));
      return b[b.length - 1].countScore >= a[a.length - 1].countScore - 1e-12;
    }),
    { numRuns: 150 },
  );
});

test("bad options are RangeErrors", () => {
  assert.throws(() => tocsinDetect(seriesFromCounts([1, 2]), { alpha: 1 }), RangeError);
  assert.throws(() => tocsinDetect(seriesFromCounts([1, 2]), { window: 1 }), RangeError);
});
