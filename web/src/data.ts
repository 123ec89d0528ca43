/**
 * Shared, cached loads for the pages: the registry, the model in use, its ranked forecasts and the
 * world atlas. Each is fetched once per page load and reused across client-side navigation.
 */
import { registerCountryCodes } from "./i18n/names.ts";
import type { Topology } from "topojson-specification";
// The 50m atlas is a static asset fetched at run time from our own origin (never inlined in the JS):
// it has shapes for every state EWP forecasts, small island states included, which 110m lacks.
import atlasUrl from "world-atlas/countries-50m.json?url";
import { api, ApiError, type Country, type ForecastList } from "./api.ts";
import { chooseModel } from "./lib/forecast-list.ts";

let countries: Promise<Country[]> | null = null;
let atlas: Promise<Topology> | null = null;
let model: Promise<string | null> | null = null;
const forecasts = new Map<string, Promise<ForecastList>>();

/** The country registry (`GET /api/countries`), cached. */
export function loadCountries(): Promise<Country[]> {
  countries ??= api.countries().then((r) => {
    registerCountryCodes(r.countries);
    return r.countries;
  });
  countries.catch(() => (countries = null));
  return countries;
}

/** The world atlas topology, cached. */
export function loadAtlas(): Promise<Topology> {
  atlas ??= fetch(atlasUrl).then((r) => {
    if (!r.ok) throw new Error(`world map: HTTP ${r.status}`);
    return r.json() as Promise<Topology>;
  });
  atlas.catch(() => (atlas = null));
  return atlas;
}

/**
 * The model whose forecasts the dashboard shows (see `chooseModel`), or null while none has run.
 * A null answer is not cached, so a later call sees a forecast that finished meanwhile.
 */
export function loadModel(): Promise<string | null> {
  model ??= api.models().then((r) => chooseModel(r.models));
  model.then((id) => { if (id === null) model = null; }, () => (model = null));
  return model;
}

/** The ranked two-year forecasts of `modelId`, cached. */
export function loadForecasts(modelId: string): Promise<ForecastList> {
  let p = forecasts.get(modelId);
  if (!p) {
    p = api.forecasts(modelId);
    forecasts.set(modelId, p);
    p.catch(() => forecasts.delete(modelId));
  }
  return p;
}

/** True when `error` is the API's 404 (no such thing yet). */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
