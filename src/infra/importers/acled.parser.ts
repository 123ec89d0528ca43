/**
 * Streaming parser for ACLED CSV exports (the Data Export Tool / API CSV layout).
 *
 * Columns are found by name, so current exports (event_id_cnty, event_date, year, time_precision,
 * disorder_type, event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2,
 * inter2, interaction, civilian_targeting, iso, region, country, admin1, admin2, admin3, location,
 * latitude, longitude, geo_precision, source, source_scale, notes, fatalities, tags, timestamp) and
 * older ones (with iso3, event_id_no_cnty, without disorder_type/civilian_targeting) both parse.
 * Required: event_id_cnty, event_date, event_type, actor1, country, fatalities.
 *
 * Mapping (ACLED codebook):
 * - violence type: "Violence against civilians" → one-sided; "Battles" and "Explosions/Remote
 *   violence" → state-based when either actor is state forces (inter 1 / "State forces") or
 *   external forces (8), else non-state — except explosions coded `civilian_targeting`, which are
 *   one-sided; "Protests", "Riots", "Strategic developments" → other (riots still count as violent
 *   for detection, see `isViolent`).
 * - civilian targeting: `civilian_targeting` = "Civilian targeting", or event type "Violence
 *   against civilians" in exports that predate the column.
 * - identity targeting: civilians targeted and the victim actor (actor2/assoc_actor_2) is an
 *   ethnic or religious group ("Rohingya Ethnic Group (Myanmar)", "Muslim Group (India)").
 * - dates: one date per event; `time_precision` 1/2/3 (day/week/month) → precision 1/3/4.
 * - place: `geo_precision` 1/2/3 → location precision 1/2/4.
 * - deaths: `fatalities` → best (no low/high); civilian deaths = fatalities when civilians were
 *   targeted, else unknown (`null`).
 * No ACLED data is committed to this repository; the fixtures are invented rows in ACLED's layout.
 */
import type { DatePrecision, Event, LocationPrecision, ViolenceType } from "../../domain/events/event.ts";
import { EventParseError, FieldReader, inputName, mapRecords, readDate, readRecords, structural } from "./event-parse.ts";
import type { EventInput, EventParserOptions, RawRecord } from "./event-parse.ts";
import type { EventSourceEntry } from "./event-source.ts";

/** Columns an ACLED export must have. */
export const ACLED_REQUIRED_COLUMNS = ["event_id_cnty", "event_date", "event_type", "actor1", "country", "fatalities"] as const;

const STATE_INTER = new Set(["1", "8", "state forces", "external/other forces"]);
const IDENTITY_GROUP = /\b(ethnic|religious) group\b|\b(muslim|christian|hindu|buddhist|jewish|sikh|catholic|protestant) group\b/i;

/**
 * Parses an ACLED CSV export into normalised events, one at a time.
 * @param input file path or readable stream
 * @param options resolver (called as `(country, null, { isoNumeric, iso3 })`), error policy
 * @returns an async iterable of events
 * @throws {EventParseError} on a missing column, a record with the wrong number of columns,
 *   an unterminated quote, or (unless `onInvalid: "skip"`) a wrong-type field; names file, line, field
 */
export async function* parseAcled(input: EventInput, options: EventParserOptions = {}): AsyncGenerator<Event> {
  const file = inputName(input, options.fileName);
  let header: string[] = [];
  const it = readRecords(input, file, ",", '"', () => header)[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) throw structural(new EventParseError(file, 1, "(header)", "empty file: no ACLED header"));
  header = first.value.values.map((h) => h.trim().toLowerCase());
  for (const c of ACLED_REQUIRED_COLUMNS) {
    if (!header.includes(c)) throw structural(new EventParseError(file, 1, c, "missing column: not an ACLED export header"));
  }
  const r = new FieldReader(file, new Map(header.map((h, i) => [h, i] as const)));
  const rest: AsyncIterable<RawRecord> = { [Symbol.asyncIterator]: () => it };
  const resolve = options.resolveCountry;

  yield* mapRecords(
    rest,
    (rec) => {
      if (rec.values.length !== header.length) {
        throw structural(
          new EventParseError(
            file,
            rec.line,
            rec.values.length < header.length ? header[rec.values.length] : "(record)",
            `expected ${header.length} columns, found ${rec.values.length} (truncated or malformed line)`,
          ),
        );
      }
      r.at(rec);
      const id = r.required("event_id_cnty");
      const date = readDate(r, "event_date");
      const eventType = r.required("event_type");
      const sub = r.optText("sub_event_type");
      const inter1 = r.text("inter1").toLowerCase();
      const inter2 = r.text("inter2").toLowerCase();
      const civCol = r.has("civilian_targeting") ? r.text("civilian_targeting").toLowerCase() : null;
      const civilianTargeting =
        civCol !== null ? civCol.startsWith("civilian") : eventType.toLowerCase() === "violence against civilians";
      const et = eventType.toLowerCase();
      let violenceType: ViolenceType;
      if (et === "violence against civilians") violenceType = "one-sided";
      else if (et === "battles" || et === "explosions/remote violence") {
        if (et !== "battles" && civilianTargeting) violenceType = "one-sided";
        else violenceType = STATE_INTER.has(inter1) || STATE_INTER.has(inter2) ? "state-based" : "non-state";
      } else violenceType = "other";
      const tp = r.optInt("time_precision", 1, 3) ?? 1;
      const gp = r.optInt("geo_precision", 1, 3);
      const fatalities = r.int("fatalities", 0);
      const actor2 = r.optText("actor2");
      const assoc2 = r.optText("assoc_actor_2");
      const identityTargeting = civilianTargeting && IDENTITY_GROUP.test(`${actor2 ?? ""}; ${assoc2 ?? ""}`);
      const countryName = r.required("country");
      const isoNumeric = r.optInt("iso", 0, 999);
      const iso3 = r.optText("iso3");
      const hint: { isoNumeric?: number; iso3?: string } = {};
      if (isoNumeric !== null) hint.isoNumeric = isoNumeric;
      if (iso3) hint.iso3 = iso3;
      return {
        source: "acled",
        sourceId: id,
        dateStart: date,
        dateEnd: date,
        datePrecision: ({ 1: 1, 2: 3, 3: 4 } as const)[tp as 1 | 2 | 3] as DatePrecision,
        countryIso3: resolve?.(countryName, null, hint) ?? null,
        countryName,
        gwCode: null,
        admin1: r.optText("admin1"),
        admin2: r.optText("admin2"),
        lat: r.optCoord("latitude", 90),
        lon: r.optCoord("longitude", 180),
        locationPrecision: gp === null ? null : (({ 1: 1, 2: 2, 3: 4 } as const)[gp as 1 | 2 | 3] as LocationPrecision),
        violenceType,
        civilianTargeting,
        identityTargeting,
        actor1: r.optText("actor1"),
        actor2,
        fatalitiesBest: fatalities,
        fatalitiesLow: null,
        fatalitiesHigh: null,
        civilianDeaths: civilianTargeting ? fatalities : null,
        sourceText: r.optText("notes"),
        eventType: sub ? `${eventType}: ${sub}` : eventType,
      };
    },
    options,
  );
}

/** ACLED in the event-source registry: detected by its `event_id_cnty` column. */
export const acledSource: EventSourceEntry = {
  id: "acled",
  name: "ACLED",
  fileDescription: "ACLED CSV export",
  credit: "ACLED data: follow ACLED's terms of use and attribution",
  dataset: "acled",
  defaultLayout: "acled",
  needsMapping: false,
  detect: (firstLine) => /(^|,)"?event_id_cnty"?(,|$)/.test(firstLine),
  parse: (input, options) => parseAcled(input, options),
};
