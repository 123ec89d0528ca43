import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { acledSurge } from "./acled-surge.ts";
import { changePointCounts, seriesFromCounts } from "./synthetic.ts";

const flaggedIdx = (counts: number[], period: "week" | "month" = "week") =>
  acledSurge(seriesFromCounts(counts, { period })).map((h) => h.startIndex);

test("latest week at exactly twice the previous four weeks' mean is flagged; just below is not", () => {
  assert.deepEqual(flaggedIdx([2, 2, 2, 2, 4]), [4]);
  assert.deepEqual(flaggedIdx([2, 2, 2, 2, 3.99]), []);
  const [hit] = acledSurge(seriesFromCounts([1, 2, 3, 2, 8]));
  assert.equal(hit.score, 8 / 2);
});

test("weeks with a four-week mean below one event are not assessed (ACLED's display floor)", () => {
  assert.deepEqual(flaggedIdx([0, 0, 1, 2, 9]), [], "mean 0.75 < 1");
  assert.deepEqual(flaggedIdx([0, 0, 0, 0, 5]), []);
  assert.deepEqual(flaggedIdx([1, 1, 1, 1, 2]), [4]);
});

test("the first four weeks are never flagged; every flagged week is its own alert", () => {
  assert.deepEqual(flaggedIdx([9, 9, 9, 9]), []);
  assert.deepEqual(flaggedIdx([1, 1, 1, 1, 4, 12, 40]), [4, 5, 6]);
});

test("monthly: twelve-month baseline, floor of one event a week", () => {
  const base = Array(12).fill(5);
  assert.deepEqual(flaggedIdx([...base, 10], "month"), [12]);
  assert.deepEqual(flaggedIdx([...Array(12).fill(4), 40], "month"), [], "mean 4 < 52/12");
});

test("detects a synthetic change point (Poisson 3 → 12 a week) at the change", () => {
  const counts = changePointCounts(30, 3, 5, 12, 7);
  assert.ok(flaggedIdx(counts).includes(30));
});

test("property: agrees with a literal reading of the rule", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 0, maxLength: 60 }), (counts) => {
      const expected: number[] = [];
      for (let t = 4; t < counts.length; t++) {
        const mean = (counts[t - 1] + counts[t - 2] + counts[t - 3] + counts[t - 4]) / 4;
        if (mean >= 1 && counts[t] >= 2 * mean) expected.push(t);
      }
      assert.deepEqual(flaggedIdx(counts), expected);
    }),
    { numRuns: 300 },
  );
});

test("bad options are RangeErrors", () => {
  assert.throws(() => acledSurge(seriesFromCounts([1]), { ratio: 0 }), RangeError);
  assert.throws(() => acledSurge(seriesFromCounts([1]), { baselinePeriods: 1.5 }), RangeError);
});
