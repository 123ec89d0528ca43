import assert from "node:assert/strict";
import { test } from "node:test";
import type { ModelInfo, RankedForecast } from "../api.ts";
import { chooseModel, filterForecasts, regionsOf } from "./forecast-list.ts";

const run = { id: 1, baseYear: 2024, dataVersionId: 1, createdAt: "2025-01-01T00:00:00Z" };
const model = (id: string, runs = 1): ModelInfo => ({ id, description: id, runs: Array.from({ length: runs }, () => run), backtests: [] });
const forecast = (iso3: string, rank: number, risk: number, region: string | null): RankedForecast => ({
  iso3, name: iso3, isoNumeric: null, region, risk, rank, interval: { low: risk / 2, high: risk * 2 }, drivers: [],
});

test("chooseModel() prefers the production model once it has a run", () => {
  assert.equal(chooseModel([model("ewp-glmnet"), model("default")]), "default");
  assert.equal(chooseModel([model("ewp-glmnet"), model("default", 0)]), "ewp-glmnet");
  assert.equal(chooseModel([model("ewp-glmnet", 0), model("default", 0)]), null);
});

test("filterForecasts() filters by region and band and sorts by rank", () => {
  const list = [forecast("B", 2, 0.05, "Europe"), forecast("A", 1, 0.1, "Americas"), forecast("C", 3, 0.001, "Europe")];
  assert.deepEqual(filterForecasts(list, { region: "", band: "" }).map((f) => f.iso3), ["A", "B", "C"]);
  assert.deepEqual(filterForecasts(list, { region: "Europe", band: "" }).map((f) => f.iso3), ["B", "C"]);
  assert.deepEqual(filterForecasts(list, { region: "", band: "b5" }).map((f) => f.iso3), ["B"]);
  assert.deepEqual(filterForecasts(list, { region: "Americas", band: "b1" }), []);
  assert.deepEqual(regionsOf([...list, forecast("D", 4, 0, null)]), ["Americas", "Europe"]);
});
