/**
 * Production forecasts through the store, on every engine: run, explain, bound, rank, read back,
 * re-run idempotently; and the HTTP routes over them.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createServer, createTocsin, type Tocsin } from "../app.ts";
import { loadConfig } from "../config.ts";
import { resolveMirror } from "../infra/importers/mirror.ts";
import { availableEngines, openTestStore } from "../infra/store/testing.ts";
import { ForecastRepository } from "../infra/store/forecast.repository.ts";
import { ConflictError } from "./errors.ts";
import { importEwp } from "./ewp-import.service.ts";
import { countryForecasts, listModels, rankedForecasts, runBacktest, runForecast } from "./forecast.service.ts";

const mirror = resolveMirror();
const table = mirror && join(mirror, "ewp/prepared2024predictors-2025-09-03.csv");
const skip = !table || !existsSync(table) ? "no data mirror" : false;

for (const engine of availableEngines()) {
  describe(`forecast service on ${engine}`, { skip }, () => {
    let tocsin: Tocsin;
    let app: FastifyInstance;
    before(async () => {
      tocsin = await createTocsin({ ...loadConfig({}), webDir: "/nonexistent" }, { store: await openTestStore(engine) });
      app = await createServer(tocsin, { logLevel: false });
    });
    after(async () => {
      await app?.close();
      await tocsin?.close();
    });

    test("runForecast() refuses an empty store with a clear message", async () => {
      await assert.rejects(runForecast(tocsin.store, { modelId: "ewp-glmnet" }), (e: unknown) => e instanceof ConflictError && /tocsin import ewp/.test(e.message));
      const res = await app.inject("/api/forecasts");
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, "not_found");
    });

    test("runForecast() stores both horizons from the latest year, explained and bounded", async () => {
      await importEwp(tocsin.store, tocsin.registry, { predictors: table! });
      const { run, countries } = await runForecast(tocsin.store, { modelId: "ewp-glmnet", resamples: 2 });
      assert.equal(run.baseYear, 2024);
      assert.ok(countries > 150, `${countries} countries`);
      const two = await new ForecastRepository(tocsin.store.db).forecastsOf(run.id, "two-year");
      const one = await new ForecastRepository(tocsin.store.db).forecastsOf(run.id, "one-year");
      assert.equal(two.length, countries);
      assert.equal(one.length, countries);
      assert.deepEqual(two.map((r) => r.forecast.rank), two.map((_, i) => i + 1), "ranks are 1..n in order");
      for (const { forecast: f } of [...two, ...one]) {
        assert.deepEqual([f.targetFrom, f.targetTo], f.horizon === "two-year" ? [2025, 2026] : [2025, 2025]);
        assert.ok(f.intervalLow <= f.risk && f.risk <= f.intervalHigh, `interval of ${f.countryIso3}`);
        const sum = Object.values(f.contributions).reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(f.baseline + sum - f.score) < 1e-6, `contributions of ${f.countryIso3} sum to score − baseline`);
        assert.ok(Math.abs(1 / (1 + Math.exp(-f.score)) - f.risk) < 1e-9, "risk = σ(score)");
      }
    });

    test("a second run on the same data and year replaces the first", async () => {
      await runForecast(tocsin.store, { modelId: "ewp-glmnet", resamples: 2 });
      const runs = (await new ForecastRepository(tocsin.store.db).runs()).filter((r) => r.modelId === "ewp-glmnet");
      assert.equal(runs.length, 1);
    });

    test("rankedForecasts() and GET /api/forecasts give the ranked list for 2025", async () => {
      const list = await rankedForecasts(tocsin.store, { year: 2025, modelId: "ewp-glmnet" });
      assert.deepEqual(list.targetYears, [2025, 2026]);
      assert.equal(list.run.intervals.refit, "frozen", "the run records how its intervals were made");
      const res = await app.inject("/api/forecasts?year=2025&model=ewp-glmnet");
      assert.equal(res.statusCode, 200);
      const body = res.json() as typeof list;
      assert.deepEqual(body.forecasts.map((f) => f.iso3), list.forecasts.map((f) => f.iso3));
      assert.equal(body.run.intervals.refit, "frozen", "the API keeps the refit kind");
      assert.ok(body.forecasts.slice(0, 20).some((f) => f.iso3 === "MMR"), "Myanmar is in the top 20");
      assert.equal(body.forecasts[0].drivers.length, 3);
      assert.equal((await app.inject("/api/forecasts?year=1990&model=ewp-glmnet")).statusCode, 404);
      assert.equal((await app.inject("/api/forecasts?horizon=ten-year")).statusCode, 400);
    });

    test("countryForecasts() and GET /api/countries/MMR/forecasts carry history and every driver", async () => {
      const mine = await countryForecasts(tocsin.store, "mmr", "ewp-glmnet");
      assert.equal(mine.latest?.drivers.length, 39);
      assert.deepEqual(mine.history.map((h) => h.horizon).sort(), ["one-year", "two-year"]);
      const res = await app.inject("/api/countries/MMR/forecasts?model=ewp-glmnet");
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().latest.rank, mine.latest?.rank);
      assert.equal((await app.inject("/api/countries/QQQ/forecasts")).statusCode, 404);
    });

    test("runBacktest() stores scores and each country's out-of-sample history", async () => {
      const { scores } = await runBacktest(tocsin.store, "ewp-glmnet", { firstTrainYear: 2018, lastTrainYear: 2021, now: () => 0 });
      assert.ok(scores["2015-2024"].n > 500, "four forecast years scored");
      assert.ok(scores["2015-2024"].auc > 0.5 && scores["2015-2024"].auc <= 1);
      const mine = await countryForecasts(tocsin.store, "MMR", "ewp-glmnet");
      assert.deepEqual(mine.backtest.map((b) => b.dataYear), [2020, 2021, 2022, 2023]);
      assert.ok(mine.backtest.every((b) => b.risk > 0 && b.risk < 1 && b.rank >= 1));
      const models = (await app.inject("/api/models")).json() as { models: { id: string; backtests: { scores: Record<string, { n: number }> }[] }[] };
      assert.equal(models.models.find((m) => m.id === "ewp-glmnet")?.backtests[0].scores["2015-2024"].n, scores["2015-2024"].n);
    });

    test("GET /api/models lists both models and the stored run", async () => {
      const models = await listModels(tocsin.store);
      assert.deepEqual(models.map((m) => m.id).sort(), ["default", "ewp-glmnet"]);
      assert.equal(models.find((m) => m.id === "ewp-glmnet")?.runs.length, 1);
      const res = await app.inject("/api/models");
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().models.length, 2);
    });
  });
}
