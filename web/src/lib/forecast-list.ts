/** Plain logic behind the world view: which model to show, filtering and regions. */
import type { ModelInfo, RankedForecast } from "../api.ts";
import { riskBand } from "./risk-scale.ts";

/**
 * The model the dashboard shows: the production model (`default`) once it has a run, else the
 * first model that has one (e.g. `ewp-glmnet` while the production forecast is still computing).
 * @param models from `GET /api/models`
 * @returns a model id, or `null` when no model has any run yet
 */
export function chooseModel(models: readonly ModelInfo[]): string | null {
  const withRuns = models.filter((m) => m.runs.length > 0);
  return (withRuns.find((m) => m.id === "default") ?? withRuns[0])?.id ?? null;
}

/** World-view filters; empty strings mean "all". */
export interface ForecastFilter {
  region: string;
  /** A band id from `RISK_BANDS`. */
  band: string;
}

/**
 * The forecasts that pass the filters, in rank order.
 * @param forecasts ranked forecasts
 * @param filter region and band ("" = any)
 * @returns a new array sorted by rank
 */
export function filterForecasts(forecasts: readonly RankedForecast[], filter: ForecastFilter): RankedForecast[] {
  return forecasts
    .filter((f) => (!filter.region || f.region === filter.region) && (!filter.band || riskBand(f.risk).id === filter.band))
    .sort((a, b) => a.rank - b.rank);
}

/**
 * The regions present in a forecast list, sorted by name.
 * @param forecasts ranked forecasts
 * @returns distinct non-null regions
 */
export function regionsOf(forecasts: readonly RankedForecast[]): string[] {
  return [...new Set(forecasts.map((f) => f.region).filter((r): r is string => Boolean(r)))].sort();
}
