import { doublePrecision, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp } from "drizzle-orm/pg-core";
import { countries } from "./countries.ts";
import { datasetVersions } from "./datasets.ts";

/**
 * One fit of a forecasting model on one data version, forecasting from one base year. Re-running
 * the same model on the same data and base year replaces the run.
 */
export const forecastRuns = pgTable(
  "forecast_runs",
  {
    id: serial("id").primaryKey(),
    modelId: text("model_id").notNull(),
    modelDescription: text("model_description").notNull(),
    /** Last year of data the forecast is made from. */
    baseYear: integer("base_year").notNull(),
    dataVersionId: integer("data_version_id").notNull().references(() => datasetVersions.id),
    /** Fitted hyperparameters and diagnostics per horizon, as the model describes itself. */
    params: jsonb("params").$type<Record<string, unknown>>().notNull(),
    baselineDefinition: text("baseline_definition").notNull(),
    /** Bootstrap settings of the intervals: resamples, level, seed, and whether refits kept the tuned hyperparameters. */
    intervals: jsonb("intervals").$type<{ resamples: number; level: number; seed: number; refit?: "frozen" | "full" }>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("forecast_runs_model_year").on(t.modelId, t.baseYear)],
);

/** One country's forecast in a run, for one horizon, with its explanation. */
export const forecasts = pgTable(
  "forecasts",
  {
    runId: integer("run_id").notNull().references(() => forecastRuns.id, { onDelete: "cascade" }),
    countryIso3: text("country_iso3").notNull().references(() => countries.iso3),
    /** `two-year`: an onset in baseYear+1 or baseYear+2 (EWP's target); `one-year`: in baseYear+1. */
    horizon: text("horizon").notNull(),
    targetFrom: integer("target_from").notNull(),
    targetTo: integer("target_to").notNull(),
    risk: doublePrecision("risk").notNull(),
    rank: integer("rank").notNull(),
    intervalLow: doublePrecision("interval_low").notNull(),
    intervalHigh: doublePrecision("interval_high").notNull(),
    /** Model score (log-odds) and the baseline the contributions are measured from. */
    score: doublePrecision("score").notNull(),
    baseline: doublePrecision("baseline").notNull(),
    /** Additive log-odds contribution per predictor; they sum to score − baseline. */
    contributions: jsonb("contributions").$type<Record<string, number>>().notNull(),
    /** The predictor values the forecast was made from. */
    inputs: jsonb("inputs").$type<Record<string, number>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.countryIso3, t.horizon] }), index("forecasts_country").on(t.countryIso3)],
);

/** Walk-forward backtest scores of a model on a data version (EWP protocol). */
export const modelBacktests = pgTable(
  "model_backtests",
  {
    id: serial("id").primaryKey(),
    modelId: text("model_id").notNull(),
    dataVersionId: integer("data_version_id").notNull().references(() => datasetVersions.id),
    /** Scores overall and per period: `{ "1994-2024": { auc, recallAt30, brier, n, onsets }, … }`. */
    scores: jsonb("scores").$type<Record<string, { auc: number; recallAt30: number; brier: number; n: number; onsets: number }>>().notNull(),
    wallMs: integer("wall_ms").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("model_backtests_model").on(t.modelId)],
);

/**
 * The out-of-sample forecasts of a stored backtest: for each country and data year, the risk a
 * model trained only on years ≤ dataYear − 2 gave (EWP protocol). This is each country's honest
 * risk history.
 */
export const backtestForecasts = pgTable(
  "backtest_forecasts",
  {
    backtestId: integer("backtest_id").notNull().references(() => modelBacktests.id, { onDelete: "cascade" }),
    countryIso3: text("country_iso3").notNull().references(() => countries.iso3),
    /** Year of the data the forecast was made from; it covers dataYear+1 … dataYear+2. */
    dataYear: integer("data_year").notNull(),
    risk: doublePrecision("risk").notNull(),
    rank: integer("rank").notNull(),
  },
  (t) => [primaryKey({ columns: [t.backtestId, t.countryIso3, t.dataYear] }), index("backtest_forecasts_country").on(t.countryIso3)],
);
