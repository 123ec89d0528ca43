/**
 * Country registry: ISO 3166 alpha-2/alpha-3/numeric codes, Correlates of War and Gleditsch–Ward
 * codes, EWP and UCDP names, regions and historical states, with year-aware code lookups and
 * name matching that reports what it cannot match.
 */
export type { CodeSpan, Country } from "./country.ts";
export { COUNTRIES } from "./countries.data.ts";
export {
  CountryRegistry,
  CountryRegistryError,
  countryRegistry,
  normaliseCountryName,
} from "./registry.ts";
export type { NameResolution, NameSource, ResolveOptions } from "./registry.ts";
export {
  EWP_REGIONS,
  EWP_REGION_COLUMN,
  EWP_REGION_COLUMNS,
  EWP_REGION_LABEL,
  ewpRegionDummies,
  ewpRegionFromDummies,
} from "./regions.ts";
export type { EwpRegion } from "./regions.ts";
