/**
 * Names that come from the data in the reader's language: countries (from the browser's own CLDR data
 * via `Intl.DisplayNames`, keyed by ISO 3166 alpha-2), regions and model predictors (from the
 * catalogue, falling back to the API's English label for one the catalogue does not know).
 */
import { currentLocale, tDynamic } from "./i18n.ts";

const iso2ByIso3 = new Map<string, string>();

/** Remembers each country's alpha-2 code (the world view and the country page load the list). */
export function registerCountryCodes(countries: readonly { iso3: string; iso2: string | null }[]): void {
  for (const c of countries) if (c.iso2) iso2ByIso3.set(c.iso3, c.iso2);
}

let displayNames: { locale: string; names: Intl.DisplayNames } | undefined;

/**
 * A country's name in the current language; English (and a country without an alpha-2 code, such as a
 * historical state) keeps the registry's name.
 * @param iso3 ISO 3166 alpha-3
 * @param fallback the API's English name
 */
export function countryName(iso3: string, fallback: string): string {
  const locale = currentLocale();
  const iso2 = iso2ByIso3.get(iso3);
  if (locale.startsWith("en") || !iso2) return fallback;
  if (displayNames?.locale !== locale) displayNames = { locale, names: new Intl.DisplayNames([locale], { type: "region", fallback: "none" }) };
  return displayNames.names.of(iso2) ?? fallback;
}

/** A region name (`region.<English name>` in the catalogue). */
export function regionName(region: string): string {
  return tDynamic(`region.${region}`, region);
}

/** A model predictor's label (`predictor.<EWP column>`). */
export function driverLabel(driver: { predictor: string; label: string }): string {
  return tDynamic(`predictor.${driver.predictor}`, driver.label);
}
