/**
 * Plugs the country registry into the event parsers as their {@link CountryResolver}.
 */
import type { CountryResolver } from "../../domain/events/event.ts";
import type { CountryRegistry } from "../../domain/country/registry.ts";

/**
 * A resolver backed by the country registry, memoised per distinct input (event files repeat the
 * same few countries thousands of times). Tries, in order: the ISO3 hint (older ACLED exports),
 * UCDP's own name (GED), the Gleditsch–Ward code, the ISO numeric hint (ACLED `iso`), then the
 * registry's free-text match (ACLED and GDELT names such as "Burma"). GDELT's FIPS code is not in
 * the registry, so GDELT rows resolve by the country name in ActionGeo_FullName.
 * @param registry the country registry
 * @returns the resolver; it returns the registry key (ISO3, or a historical code such as "SUN")
 */
export function registryCountryResolver(registry: CountryRegistry): CountryResolver {
  const cache = new Map<string, string | undefined>();
  return (name, gwCode, hint) => {
    const key = `${name}|${gwCode ?? ""}|${hint?.iso3 ?? ""}|${hint?.isoNumeric ?? ""}|${hint?.fips ?? ""}`;
    if (cache.has(key)) return cache.get(key);
    const c =
      (hint?.iso3 ? registry.byIso3(hint.iso3) : undefined) ??
      registry.byGedName(name) ??
      (gwCode !== null ? registry.byGw(gwCode) : undefined) ??
      (hint?.isoNumeric !== undefined ? registry.byIsoNumeric(hint.isoNumeric) : undefined) ??
      registry.match(name);
    const iso3 = c?.key;
    cache.set(key, iso3);
    return iso3;
  };
}
