/**
 * Use cases over stored events: paging through them, a country's monthly series for charts, and
 * escalation alerts computed on demand with the domain detectors.
 */
import { detectEscalations, type DetectorName, type EscalationAlert } from "../domain/events/escalation.ts";
import type { Level, Period } from "../domain/events/series.ts";
import type { Store } from "../infra/store/database.ts";
import { CountryRepository } from "../infra/store/country.repository.ts";
import { EventRepository, type EventFilter, type EventPosition, type MonthlyEventSummary } from "../infra/store/event.repository.ts";
import type { EventRow } from "../infra/store/schema/mod.ts";
import { NotFoundError } from "./errors.ts";
import { requireCountry } from "./country.service.ts";

/** The country code of `iso3` (upper case), or a NotFoundError. */
const requireCountryCode = async (store: Store, iso3: string): Promise<string> => (await requireCountry(store.db, iso3)).iso3;

/**
 * One page of events in (dateStart, source, sourceId) order.
 * @param store the store
 * @param filter filters (country as ISO3, any case)
 * @param limit page size (1…500)
 * @param after sort key of the last event of the previous page
 * @returns the events and, when more may follow, the position to continue after
 * @throws {RangeError} when limit is out of range
 */
export async function listEvents(
  store: Store,
  filter: EventFilter,
  limit: number,
  after?: EventPosition,
): Promise<{ events: EventRow[]; next: EventPosition | null }> {
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= 500)) throw new RangeError(`limit must be an integer in [1, 500], got ${limit}`);
  const f = { ...filter, country: filter.country?.toUpperCase() };
  // One extra row tells whether another page exists without a count query.
  const rows = await new EventRepository(store.db).list(f, limit + 1, after);
  const events = rows.slice(0, limit);
  const last = events.at(-1);
  return { events, next: rows.length > limit && last ? { dateStart: last.dateStart, source: last.source, sourceId: last.sourceId } : null };
}

/**
 * A country's events per month, for charts: every month from the first to the last month with
 * events (or from `from` to `to` when given), months without events as zeros. Definitions as in
 * {@link EventRepository.monthlySummary}.
 * @param store the store
 * @param iso3 the country, any case
 * @param range optional `from`/`to` days (`YYYY-MM-DD`) on the event start date
 * @throws {NotFoundError} for an unknown country
 */
export async function countryEventSummary(store: Store, iso3: string, range: { from?: string; to?: string } = {}): Promise<{ country: string; months: MonthlyEventSummary[] }> {
  const country = await requireCountryCode(store, iso3);
  const rows = await new EventRepository(store.db).monthlySummary(country, range);
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  const first = range.from ? index(range.from) : rows.length ? index(rows[0].month) : undefined;
  const last = range.to ? index(range.to) : rows.length ? index(rows.at(-1)!.month) : undefined;
  if (first === undefined || last === undefined || first > last) return { country, months: [] };
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  const months: MonthlyEventSummary[] = [];
  for (let i = first; i <= last; i++) {
    const month = `${String(Math.floor(i / 12)).padStart(4, "0")}-${String((i % 12) + 1).padStart(2, "0")}-01`;
    months.push(byMonth.get(month) ?? { month, events: 0, fatalities: 0, civilianDeaths: 0, oneSidedEvents: 0 });
  }
  return { country, months };
}

/** Options of {@link countryEscalations}. */
export interface EscalationQuery {
  country: string;
  detector: DetectorName;
  level: Level;
  period: Period;
  from?: string;
  to?: string;
}

/**
 * Escalation alerts for one country, computed with `detectEscalations` over the stored events
 * (all of the country's events up to `to` form the baseline; `from`/`to` select the alerts).
 * @param store the store
 * @param query country (any case), detector, level, period and reporting window
 * @returns alerts sorted by period start, then place
 * @throws {NotFoundError} for an unknown country
 * @throws {RangeError} when `from` is after `to`
 */
export async function countryEscalations(store: Store, query: EscalationQuery): Promise<EscalationAlert[]> {
  const country = await requireCountryCode(store, query.country);
  const events = await new EventRepository(store.db).forCountry(country, query.to);
  return detectEscalations(events, { detector: query.detector, level: query.level, period: query.period, from: query.from, to: query.to, country });
}
