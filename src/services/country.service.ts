/**
 * Use cases around countries: keeping the store's copy of the registry current, listing countries
 * and assembling one country's profile (identity, EWP indicator history, mass-killing episodes).
 */
import type { CountryRegistry } from "../domain/country/registry.ts";
import type { Db, Store } from "../infra/store/database.ts";
import { CountryRepository, type CountryRecord } from "../infra/store/country.repository.ts";
import { DatasetRepository } from "../infra/store/dataset.repository.ts";
import { SourceFreshnessRepository } from "../infra/store/source-freshness.repository.ts";
import { NotFoundError } from "./errors.ts";

/**
 * Data sets a country profile is built from (EWP, and the event sources its freshness block
 * names); a new import of any invalidates cached profiles.
 */
const PROFILE_SOURCES = ["ewp-predictors", "ewp-episodes", "ucdp-ged", "acled", "gdelt-events"];

/** Event sources the freshness block reports, by their `events.source` id. */
const FRESHNESS_EVENT_SOURCES = ["ged", "acled", "gdelt"] as const;

/** How fresh one source is for a country: its latest event date and when it was last imported. */
export interface SourceFreshness {
  source: string;
  latestEventDate: string | null;
  importedAt: string | null;
}

/** Freshness of each source for one country (EWP first, then the event sources). */
export async function countrySourceFreshness(store: Store, iso3: string): Promise<SourceFreshness[]> {
  const repo = new SourceFreshnessRepository(store.db);
  const rows = [await repo.ewp(iso3, "ewp-predictors"), ...(await repo.eventSources(iso3, FRESHNESS_EVENT_SOURCES))];
  return rows.map((r) => ({ source: r.source, latestEventDate: r.latestEventDate, importedAt: r.importedAt ? r.importedAt.toISOString() : null }));
}

/** Copies every registry entry into the `countries` table (insert or update). */
export async function syncCountries(db: Db, registry: CountryRegistry): Promise<number> {
  const rows: CountryRecord[] = registry.all.map((c) => ({
    // The registry key is the ISO alpha-3 code, or a former/project-local code for historical states.
    iso3: c.key,
    iso2: c.iso2 ?? null,
    isoNumeric: c.isoNumeric ?? null,
    name: c.name,
    cow: c.cow ?? null,
    gw: c.gw ?? null,
    ewpName: c.ewpName ?? null,
    gedName: c.gedName ?? null,
    region: c.region,
    validFrom: c.validFrom ?? null,
    validTo: c.validTo ?? null,
    historical: c.validTo != null,
  }));
  await new CountryRepository(db).upsertCountries(rows);
  return rows.length;
}

export interface CountrySummary extends CountryRecord {
  /** Years of EWP data held for the country, `null` when none. */
  ewpCoverage: { firstYear: number; lastYear: number; years: number } | null;
}

/** Every country in the registry, with the EWP years the store holds for each. */
export async function listCountries(store: Store): Promise<CountrySummary[]> {
  const repo = new CountryRepository(store.db);
  const [rows, coverage] = await Promise.all([repo.list(), repo.coverage()]);
  return rows.map((r) => ({ ...r, ewpCoverage: coverage.get(r.iso3) ?? null }));
}

export interface CountryProfile {
  country: CountryRecord;
  indicators: { year: number; mkOnset: number | null; values: Record<string, number | null>; datasetVersionId: number }[];
  episodes: Awaited<ReturnType<CountryRepository["episodes"]>>;
}

/**
 * The country with code `iso3` (any case), for every use case that answers "country or 404".
 * @throws {NotFoundError} when no country has that code
 */
export async function requireCountry(db: Db, iso3: string): Promise<CountryRecord> {
  const code = iso3.toUpperCase();
  const country = await new CountryRepository(db).get(code);
  if (!country) throw new NotFoundError("country", code);
  return country;
}

/**
 * One country's profile.
 * @param iso3 ISO 3166 alpha-3 code, any case
 * @throws {NotFoundError} when no country has that code
 */
export async function getCountryProfile(store: Store, iso3: string): Promise<CountryProfile> {
  const repo = new CountryRepository(store.db);
  const country = await requireCountry(store.db, iso3);
  const code = country.iso3;
  const [years, episodes] = await Promise.all([repo.countryYears(code), repo.episodes(code)]);
  return {
    country,
    indicators: years.map((y) => ({ year: y.year, mkOnset: y.mkOnset, values: y.values, datasetVersionId: y.datasetVersionId })),
    episodes,
  };
}

/**
 * A country profile as a JSON string with a validator, cached per store until the EWP data changes
 * (profiles are read far more often than data is imported; one small query checks freshness).
 * @throws {NotFoundError} when no country has that code
 */
export async function getCountryProfileJson(store: Store, iso3: string): Promise<{ json: string; etag: string }> {
  const fingerprint = await new DatasetRepository(store.db).fingerprint(PROFILE_SOURCES);
  let cache = profileCaches.get(store);
  if (!cache || cache.fingerprint !== fingerprint) profileCaches.set(store, (cache = { fingerprint, entries: new Map() }));
  const code = iso3.toUpperCase();
  const hit = cache.entries.get(code);
  if (hit) return hit;
  const profile = await getCountryProfile(store, code);
  const body = {
    country: profile.country,
    indicators: profile.indicators,
    episodes: profile.episodes.map(({ code, name, summary, startYear, endYear, stateLed, countryName }) => ({ code, name, summary, startYear, endYear, stateLed, countryName })),
    sources: await countrySourceFreshness(store, code),
  };
  const entry = { json: JSON.stringify(body), etag: `"${code}-${fingerprint.replace(/[^0-9A-Za-z]/g, "")}"` };
  cache.entries.set(code, entry);
  return entry;
}

const profileCaches = new WeakMap<Store, { fingerprint: string; entries: Map<string, { json: string; etag: string }> }>();
