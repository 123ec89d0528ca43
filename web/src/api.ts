/**
 * The dashboard's only way to the data: the HTTP API (`/api/openapi.json`). Types mirror the
 * response schemas in `src/adapters/http/routes/*.routes.ts`.
 */

/** A registry entry from `GET /api/countries`. */
export interface Country {
  iso3: string;
  iso2: string | null;
  isoNumeric: string | null;
  name: string;
  cow: number | null;
  gw: number | null;
  ewpName: string | null;
  gedName: string | null;
  region: string | null;
  historical: boolean;
  ewpCoverage: { firstYear: number; lastYear: number; years: number } | null;
}

/** `GET /api/countries/:iso3`. */
export interface CountryProfile {
  country: Omit<Country, "ewpCoverage">;
  indicators: { year: number; mkOnset: number | null; values: Record<string, number | null> }[];
  episodes: Episode[];
}

/** A mass-killing episode from EWP's list. */
export interface Episode {
  code: string;
  name: string;
  summary: string | null;
  startYear: number;
  endYear: number | null;
  stateLed: boolean | null;
}

/** Bootstrap percentile interval of a risk (probabilities). */
export interface Interval {
  low: number;
  high: number;
}

/** One predictor's additive log-odds contribution to a forecast. */
export interface Driver {
  predictor: string;
  label: string;
  contribution: number;
  value: number | null;
}

/** One country's row in `GET /api/forecasts`. */
export interface RankedForecast {
  iso3: string;
  name: string;
  isoNumeric: string | null;
  region: string | null;
  risk: number;
  rank: number;
  interval: Interval;
  drivers: Driver[];
}

/** `GET /api/forecasts`. */
export interface ForecastList {
  model: { id: string; description: string };
  run: { id: number; baseYear: number; dataVersionId: number; createdAt: string; intervals: { resamples: number; level: number; seed: number }; baselineDefinition: string };
  horizon: string;
  targetYears: number[];
  forecasts: RankedForecast[];
}

/** One stored forecast of a country (`history` of `GET /api/countries/:iso3/forecasts`). */
export interface ForecastPoint {
  runId: number;
  baseYear: number;
  horizon: string;
  targetFrom: number;
  targetTo: number;
  risk: number;
  rank: number;
  interval: Interval;
}

/** One out-of-sample backtest forecast (EWP protocol) of a country. */
export interface BacktestPoint {
  dataYear: number;
  targetFrom: number;
  targetTo: number;
  risk: number;
  rank: number;
}

/** `GET /api/countries/:iso3/forecasts`. */
export interface CountryForecasts {
  iso3: string;
  model: string;
  history: ForecastPoint[];
  /** Out-of-sample risks from the newest stored backtest; empty until one has run. */
  backtest: BacktestPoint[];
  latest?: {
    baseYear: number;
    targetFrom: number;
    targetTo: number;
    risk: number;
    rank: number;
    interval: Interval;
    score: number;
    baseline: number;
    baselineDefinition: string;
    drivers: Driver[];
  };
}

/** A forecasting model in `GET /api/models`. */
export interface ModelInfo {
  id: string;
  description: string;
  runs: { id: number; baseYear: number; dataVersionId: number; createdAt: string }[];
}

/** One month of `GET /api/countries/:iso3/events/summary`. */
export interface EventMonth {
  /** First day of the month, `YYYY-MM-01`. */
  month: string;
  events: number;
  fatalities: number;
  civilianDeaths: number;
  oneSidedEvents: number;
}

/** An error answered by the API (`{"error": {code, message}}`), with its HTTP status. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { headers: { accept: "application/json" }, signal });
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A proxy's HTML error page or an empty body: fall through to the status.
  }
  if (!response.ok) {
    const error = (body as { error?: { message?: string; code?: string } } | null)?.error;
    throw new ApiError(error?.message ?? `HTTP ${response.status}`, response.status, error?.code ?? "http_error");
  }
  return body as T;
}

const enc = encodeURIComponent;

/** Typed calls to the routes the dashboard uses. */
export const api = {
  countries: (signal?: AbortSignal) => getJson<{ countries: Country[] }>("/api/countries", signal),
  country: (iso3: string, signal?: AbortSignal) => getJson<CountryProfile>(`/api/countries/${enc(iso3)}`, signal),
  models: (signal?: AbortSignal) => getJson<{ models: ModelInfo[] }>("/api/models", signal),
  forecasts: (model: string, signal?: AbortSignal) => getJson<ForecastList>(`/api/forecasts?model=${enc(model)}&horizon=two-year`, signal),
  countryForecasts: (iso3: string, model: string, signal?: AbortSignal) =>
    getJson<CountryForecasts>(`/api/countries/${enc(iso3)}/forecasts?model=${enc(model)}`, signal),
  eventSummary: (iso3: string, signal?: AbortSignal) => getJson<{ country: string; months: EventMonth[] }>(`/api/countries/${enc(iso3)}/events/summary`, signal),
};
