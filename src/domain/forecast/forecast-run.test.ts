import assert from "node:assert/strict";
import { test } from "node:test";
import { runProductionForecast } from "./forecast-run.ts";
import { stableGlmnetSpec } from "./stable-glmnet.ts";
import { syntheticEwpTable } from "./synthetic-table.ts";

const spec = stableGlmnetSpec({ id: "s", description: "", alphas: [0.5], nfolds: 5, selection: "repeated-cv", repeats: 2 });

test("a production forecast with frozen-hyperparameter intervals: both horizons, intervals contain the point risk", () => {
  const rows = syntheticEwpTable({ countries: 30, firstYear: 1975, lastYear: 2002, seed: 9 });
  const res = runProductionForecast(rows, spec, { resamples: 8, seed: 2 });
  assert.equal(res.intervals.refit, "frozen");
  const nCountries = rows.filter((r) => r.year === res.baseYear).length;
  assert.equal(res.forecasts.length, 2 * nCountries);
  let strictlyInside = 0;
  for (const f of res.forecasts) {
    assert.ok(f.intervalLow <= f.risk && f.risk <= f.intervalHigh, `${f.horizon} row ${f.rowIndex}`);
    assert.ok(f.intervalLow > 0 && f.intervalHigh < 1);
    if (f.intervalLow < f.risk && f.risk < f.intervalHigh) strictlyInside++;
  }
  // The conditional bootstrap is centred on the fit: most point risks lie inside before widening.
  assert.ok(strictlyInside / res.forecasts.length > 0.6, `${strictlyInside}/${res.forecasts.length}`);
  const full = runProductionForecast(rows, spec, { resamples: 8, seed: 2, intervalRefit: "full" });
  assert.equal(full.intervals.refit, "full");
  // Same point forecasts whichever way the intervals are refitted.
  assert.deepEqual(full.forecasts.map((f) => f.risk), res.forecasts.map((f) => f.risk));
});
