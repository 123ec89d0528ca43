import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "./database.ts";
import { backtestForecasts, countries, forecastRuns, forecasts, modelBacktests } from "./schema/mod.ts";

export type ForecastRunRecord = typeof forecastRuns.$inferSelect;
export type NewForecastRun = typeof forecastRuns.$inferInsert;
export type ForecastRecord = typeof forecasts.$inferSelect;
export type NewForecast = typeof forecasts.$inferInsert;
export type BacktestRecord = typeof modelBacktests.$inferSelect;

/** SQL for forecast runs, their per-country forecasts and model backtest scores. */
export class ForecastRepository {
  constructor(private readonly db: Db) {}

  /** Stores a run and its forecasts, replacing an earlier run of the same model, data and base year. */
  async saveRun(run: NewForecastRun, rows: Omit<NewForecast, "runId">[]): Promise<ForecastRunRecord> {
    await this.db
      .delete(forecastRuns)
      .where(and(eq(forecastRuns.modelId, run.modelId), eq(forecastRuns.baseYear, run.baseYear), eq(forecastRuns.dataVersionId, run.dataVersionId)));
    const [saved] = await this.db.insert(forecastRuns).values(run).returning();
    for (let i = 0; i < rows.length; i += 200) {
      await this.db.insert(forecasts).values(rows.slice(i, i + 200).map((r) => ({ ...r, runId: saved.id })));
    }
    return saved;
  }

  /** The newest run of `modelId` forecasting from `baseYear` (any base year when omitted). */
  async latestRun(modelId: string, baseYear?: number): Promise<ForecastRunRecord | undefined> {
    const where = baseYear === undefined ? eq(forecastRuns.modelId, modelId) : and(eq(forecastRuns.modelId, modelId), eq(forecastRuns.baseYear, baseYear));
    const [row] = await this.db.select().from(forecastRuns).where(where).orderBy(desc(forecastRuns.baseYear), desc(forecastRuns.createdAt), desc(forecastRuns.id)).limit(1);
    return row;
  }

  async runs(): Promise<ForecastRunRecord[]> {
    return this.db.select().from(forecastRuns).orderBy(desc(forecastRuns.baseYear), desc(forecastRuns.id));
  }

  /** A run's forecasts for one horizon, best rank first, with country names. */
  async forecastsOf(runId: number, horizon: string) {
    return this.db
      .select({ forecast: forecasts, name: countries.name, isoNumeric: countries.isoNumeric, region: countries.region })
      .from(forecasts)
      .innerJoin(countries, eq(countries.iso3, forecasts.countryIso3))
      .where(and(eq(forecasts.runId, runId), eq(forecasts.horizon, horizon)))
      .orderBy(asc(forecasts.rank));
  }

  /** Every stored forecast for one country, with the run it belongs to. */
  async forecastsForCountry(iso3: string) {
    return this.db
      .select({ forecast: forecasts, run: forecastRuns })
      .from(forecasts)
      .innerJoin(forecastRuns, eq(forecastRuns.id, forecasts.runId))
      .where(eq(forecasts.countryIso3, iso3))
      .orderBy(asc(forecastRuns.baseYear), asc(forecasts.horizon));
  }

  /** Stores a backtest and its out-of-sample forecasts, replacing the same model's on the same data. */
  async saveBacktest(row: typeof modelBacktests.$inferInsert, rows: Omit<typeof backtestForecasts.$inferInsert, "backtestId">[] = []): Promise<void> {
    await this.db.delete(modelBacktests).where(and(eq(modelBacktests.modelId, row.modelId), eq(modelBacktests.dataVersionId, row.dataVersionId)));
    const [saved] = await this.db.insert(modelBacktests).values(row).returning();
    for (let i = 0; i < rows.length; i += 500) {
      await this.db.insert(backtestForecasts).values(rows.slice(i, i + 500).map((r) => ({ ...r, backtestId: saved.id })));
    }
  }

  /** A country's out-of-sample backtest risks (newest backtest of the model), by data year. */
  async backtestHistory(iso3: string, modelId: string) {
    const [latest] = await this.db.select().from(modelBacktests).where(eq(modelBacktests.modelId, modelId)).orderBy(desc(modelBacktests.createdAt), desc(modelBacktests.id)).limit(1);
    if (!latest) return [];
    return this.db
      .select({ dataYear: backtestForecasts.dataYear, risk: backtestForecasts.risk, rank: backtestForecasts.rank })
      .from(backtestForecasts)
      .where(and(eq(backtestForecasts.backtestId, latest.id), eq(backtestForecasts.countryIso3, iso3)))
      .orderBy(asc(backtestForecasts.dataYear));
  }

  async backtests(modelIds?: string[]): Promise<BacktestRecord[]> {
    const q = this.db.select().from(modelBacktests);
    return (modelIds ? q.where(inArray(modelBacktests.modelId, modelIds)) : q).orderBy(desc(modelBacktests.createdAt));
  }
}
