/**
 * The dashboard's only way to the data: the HTTP API, through an `openapi-fetch` client typed by
 * `web/src/api/schema.d.ts`, which `npm run api:types` generates from `/api/openapi.json` (a test
 * fails when it is stale). The exported names stay stable for the pages.
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./api/schema.d.ts";

/** The JSON body of a path's successful (`200`/`201`) answer to `method`. */
export type ApiResponse<P extends keyof paths, M extends "get" | "post" | "patch" | "delete" = "get"> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { "application/json": infer T } } }
    ? T
    : R extends { 201: { content: { "application/json": infer T } } }
      ? T
      : never
  : never;
/** The JSON body a path accepts for `method`. */
export type ApiBody<P extends keyof paths, M extends "post" | "patch"> = paths[P][M] extends { requestBody: { content: { "application/json": infer B } } } ? B : never;

/** A registry entry from `GET /api/countries`. */
export type Country = ApiResponse<"/api/countries">["countries"][number];
/** `GET /api/countries/:iso3`. */
export type CountryProfile = ApiResponse<"/api/countries/{iso3}">;
/** A mass-killing episode from EWP's list. */
export type Episode = CountryProfile["episodes"][number];
/** `GET /api/forecasts`. */
export type ForecastList = ApiResponse<"/api/forecasts">;
/** One country's row in `GET /api/forecasts`. */
export type RankedForecast = ForecastList["forecasts"][number];
/** Bootstrap percentile interval of a risk (probabilities). */
export type Interval = RankedForecast["interval"];
/** One predictor's additive log-odds contribution to a forecast. */
export type Driver = RankedForecast["drivers"][number];
/** `GET /api/countries/:iso3/forecasts`. */
export type CountryForecasts = ApiResponse<"/api/countries/{iso3}/forecasts">;
/** One stored forecast of a country. */
export type ForecastPoint = CountryForecasts["history"][number];
/** One out-of-sample backtest forecast (EWP protocol) of a country. */
export type BacktestPoint = CountryForecasts["backtest"][number];
/** A forecasting model in `GET /api/models`. */
export type ModelInfo = ApiResponse<"/api/models">["models"][number];
/** One month of `GET /api/countries/:iso3/events/summary`. */
export type EventMonth = ApiResponse<"/api/countries/{iso3}/events/summary">["months"][number];
/** One period of `GET /api/countries/:iso3/speech/trends`. */
export type SpeechTrendRow = ApiResponse<"/api/countries/{iso3}/speech/trends">["rows"][number];
/** A published report from `GET /api/public/reports` (blurred location, no people). */
export type PublicReport = ApiResponse<"/api/public/reports">["reports"][number];
/** A report as the signed-in reader may see it (`GET /api/reports`). */
export type Report = ApiResponse<"/api/reports">["reports"][number];
/** The body of `POST /api/reports`. */
export type ReportSubmission = ApiBody<"/api/reports", "post">;
/** Who the browser is signed in as (`GET /api/auth/me`). */
export type Me = ApiResponse<"/api/auth/me">;
/** A user of the organisation. */
export type User = ApiResponse<"/api/users">["users"][number];
/** An API token's metadata (never its secret). */
export type ApiToken = ApiResponse<"/api/tokens">["tokens"][number];
/** `GET /api/organisation`. */
export type Organisation = ApiResponse<"/api/organisation">;
/** `GET /api/roles`. */
export type RoleTable = ApiResponse<"/api/roles">;
/** A role name. */
export type Role = User["role"];
/** A permission (API token scope). */
export type Permission = RoleTable["permissions"][number]["permission"];

/** An error answered by the API (`{"error": {code, message}}`), with its HTTP status (0: no answer). */
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

/** The CSRF token the server set at sign-in (a readable cookie), for `x-csrf-token`. */
export function csrfToken(): string | undefined {
  if (typeof document === "undefined") return undefined;
  const m = /(?:^|;\s*)tocsin_csrf=([^;]*)/.exec(document.cookie);
  return m && m[1] ? decodeURIComponent(m[1]) : undefined;
}

// Cookie-authenticated changes must carry the CSRF token (see src/interfaces/http/auth.ts).
const csrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== "GET" && request.method !== "HEAD") {
      const token = csrfToken();
      if (token) request.headers.set("x-csrf-token", token);
    }
    return request;
  },
};

/** The typed client (relative URLs: the dashboard and the API share an origin). */
export const client = createClient<paths>({ baseUrl: typeof window === "undefined" ? "http://localhost" : window.location.origin, headers: { accept: "application/json" } });
client.use(csrf);

/**
 * Unwraps an openapi-fetch result: the data, or an `ApiError` from the `{"error": …}` body.
 * @throws {ApiError}
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const e = (error as { error?: { message?: string; code?: string } } | null | undefined)?.error;
  throw new ApiError(e?.message ?? `HTTP ${response.status}`, response.status, e?.code ?? "http_error");
}

/** Typed calls to the read routes the public pages use. */
export const api = {
  countries: (signal?: AbortSignal) => unwrap(client.GET("/api/countries", { signal })),
  country: (iso3: string, signal?: AbortSignal) => unwrap(client.GET("/api/countries/{iso3}", { params: { path: { iso3 } }, signal })),
  models: (signal?: AbortSignal) => unwrap(client.GET("/api/models", { signal })),
  forecasts: (model: string, signal?: AbortSignal) => unwrap(client.GET("/api/forecasts", { params: { query: { model, horizon: "two-year" } }, signal })),
  countryForecasts: (iso3: string, model: string, signal?: AbortSignal) =>
    unwrap(client.GET("/api/countries/{iso3}/forecasts", { params: { path: { iso3 }, query: { model } }, signal })),
  eventSummary: (iso3: string, signal?: AbortSignal) => unwrap(client.GET("/api/countries/{iso3}/events/summary", { params: { path: { iso3 } }, signal })),
  eventAreas: (iso3: string, signal?: AbortSignal) => unwrap(client.GET("/api/countries/{iso3}/events/areas", { params: { path: { iso3 } }, signal })),
  speechTrends: (iso3: string, signal?: AbortSignal) => unwrap(client.GET("/api/countries/{iso3}/speech/trends", { params: { path: { iso3 }, query: { period: "week" } }, signal })),
  publicReports: (signal?: AbortSignal) => unwrap(client.GET("/api/public/reports", { signal })),
  reports: (signal?: AbortSignal) => unwrap(client.GET("/api/reports", { signal })),
  me: (signal?: AbortSignal) => unwrap(client.GET("/api/auth/me", { signal })),
  /** Current whole-country alert levels (Watch and above), for the world view's column and filter. */
  alerts: (signal?: AbortSignal) => unwrap(client.GET("/api/alerts", { params: { query: { scope: "country" } }, signal })),
};
