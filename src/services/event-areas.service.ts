/** A country's events by first-order administrative area, for the dashboard's admin-area map. */
import type { Store } from "../infra/store/database.ts";
import { CountryRepository } from "../infra/store/country.repository.ts";
import { EventAreaRepository, type Admin1EventSummary } from "../infra/store/event-area.repository.ts";
import { NotFoundError } from "./errors.ts";
import { requireCountry } from "./country.service.ts";

/**
 * Events, deaths and mean location per admin1 of one country (public event data; no permission).
 * @param iso3 ISO alpha-3 (any case)
 * @param range optional `from`/`to` days (YYYY-MM-DD) on the event start date
 * @throws {NotFoundError} for a code not in the registry
 */
export async function countryEventAreas(store: Store, iso3: string, range: { from?: string; to?: string } = {}): Promise<{ country: string; areas: Admin1EventSummary[] }> {
  const country = (await requireCountry(store.db, iso3)).iso3;
  return { country, areas: await new EventAreaRepository(store.db).admin1Summary(country, range) };
}
