/**
 * The normalised event: one record of organised violence (or, for ACLED/GDELT, of political
 * disorder) from any source, in one shape. A plain serialisable object: dates are ISO strings
 * (`YYYY-MM-DD`), numbers are finite or `null`, nothing refers to anything else.
 *
 * Sources keep their own vocabulary in `raw`-free fields (`actor1`, `sourceText`); the typed
 * fields below are what the detectors read.
 */

/**
 * Where an event came from: the id of a source in the event-source registry
 * (`src/infra/importers/event-sources.ts`: `ged`, `acled`, `gdelt`, `csv` …). A plain string
 * here because the registry, not the domain, lists the sources; every edge checks it there.
 */
export type EventSource = string;

/**
 * Violence type, UCDP's three categories plus `other` for events that are not organised
 * violence (protests, riots, strategic developments, GDELT non-violent codes).
 * - `state-based`: a government is one side (UCDP type 1);
 * - `non-state`: two organised non-state groups (UCDP type 2);
 * - `one-sided`: an organised actor against unarmed civilians (UCDP type 3, ACLED "Violence
 *   against civilians").
 */
export type ViolenceType = "state-based" | "non-state" | "one-sided" | "other";

/** All violence types, in a stable order. */
export const VIOLENCE_TYPES: readonly ViolenceType[] = ["state-based", "non-state", "one-sided", "other"];

/**
 * How precisely the date is known, on UCDP's scale (ACLED and GDELT are mapped onto it):
 * 1 exact day; 2 within 2–6 days; 3 within a week; 4 within a month; 5 longer than a month.
 */
export type DatePrecision = 1 | 2 | 3 | 4 | 5;

/**
 * How precisely the place is known, on UCDP's `where_prec` scale: 1 exact location; 2 within
 * 25 km; 3 second-order admin unit; 4 first-order admin unit; 5 linear feature or larger area;
 * 6 country; 7 international waters or airspace.
 */
export type LocationPrecision = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** One normalised event. */
export interface Event {
  source: EventSource;
  /** The source's stable identifier (GED `id`, ACLED `event_id_cnty`, GDELT `GlobalEventID`). */
  sourceId: string;
  /** First day of the event, `YYYY-MM-DD`. */
  dateStart: string;
  /** Last day of the event, `YYYY-MM-DD` (equal to `dateStart` for one-day events). */
  dateEnd: string;
  datePrecision: DatePrecision;
  /** ISO 3166-1 alpha-3 (or a historical code), `null` until a country resolver has matched it. */
  countryIso3: string | null;
  /** The country as the source names it, e.g. "Myanmar (Burma)". */
  countryName: string;
  /** Gleditsch–Ward country code when the source gives one (GED `country_id`), else `null`. */
  gwCode: number | null;
  admin1: string | null;
  admin2: string | null;
  lat: number | null;
  lon: number | null;
  locationPrecision: LocationPrecision | null;
  violenceType: ViolenceType;
  /** The event deliberately targeted civilians (UCDP one-sided; ACLED `civilian_targeting`). */
  civilianTargeting: boolean;
  /**
   * The targeted people were singled out as an ethnic, religious or other identity group when the
   * source codes that (ACLED ethnic/religious group actors, GDELT ethnic/religion codes); `false`
   * when the source says nothing about it (GED never does).
   */
  identityTargeting: boolean;
  actor1: string | null;
  actor2: string | null;
  /** Best fatality estimate; `null` when the source has no fatality count (GDELT). */
  fatalitiesBest: number | null;
  fatalitiesLow: number | null;
  fatalitiesHigh: number | null;
  /** Civilian deaths when the source separates them (GED `deaths_civilians`), else `null`. */
  civilianDeaths: number | null;
  /** Free-text description (GED headline/where description, ACLED notes, GDELT source URL). */
  sourceText: string | null;
  /** Source-specific type label kept for display and filtering (ACLED `sub_event_type`, CAMEO code, GED dyad). */
  eventType: string | null;
}

/**
 * The stable key of an event across sources: `source:sourceId`.
 * @param event the event
 * @returns e.g. `"ged:71686"`
 */
export function eventKey(event: Pick<Event, "source" | "sourceId">): string {
  return `${event.source}:${event.sourceId}`;
}

/**
 * Civilian deaths to use for escalation scoring. Sources that separate civilian deaths give them
 * directly; for one-sided (civilian-targeting) events without a separate count all fatalities are
 * civilians by definition; otherwise 0 (unknown counts as none, so a missing number never raises
 * an alarm by itself).
 * @param event the event
 * @returns a non-negative number of deaths
 */
export function effectiveCivilianDeaths(event: Event): number {
  if (event.civilianDeaths !== null) return event.civilianDeaths;
  if (event.violenceType === "one-sided" || event.civilianTargeting) return event.fatalitiesBest ?? 0;
  return 0;
}

/**
 * Resolves a source's country to an ISO3 code. The country registry provides one; parsers accept
 * it so they never guess. `hint` carries other codes some sources give (GDELT's FIPS 10-4
 * country code, ACLED's ISO numeric or ISO3).
 * @returns the ISO3 code, or `undefined` when the country is not known
 */
export type CountryResolver = (
  name: string,
  gwCode: number | null,
  hint?: { fips?: string; isoNumeric?: number; iso3?: string },
) => string | undefined;

/**
 * Whether an event counts as violence for escalation detection: every organised-violence type,
 * plus ACLED riots (ACLED's own surge rule counts riots alongside battles, explosions/remote
 * violence and violence against civilians; peaceful protests and strategic developments are out).
 * @param event the event
 * @returns `true` when the event is counted
 */
export function isViolent(event: Event): boolean {
  if (event.violenceType !== "other") return true;
  return event.source === "acled" && (event.eventType ?? "").startsWith("Riots");
}
