/**
 * Streaming parser for UCDP Georeferenced Event Dataset (GED) CSV files, every published layout.
 *
 * The layout is detected from the header row, by column names (order does not matter):
 * - `ged-49`: GED 22.1 onwards (e.g. 23.1, 24.1; the mirror's Myanmar file) with `relid`,
 *   `code_status`, the `*_dset_id` columns and `gwnoa`/`gwnob`;
 * - `ged-legacy`: older releases (GED 5.0–21.1, e.g. 19.1/20.1, and the 41-column GED Syria
 *   file) without `relid`, `code_status`, `*_dset_id`; `gwnoa`/`gwnob` may or may not be there.
 * Columns the detector needs (id, dates, precision, place, type, sides, deaths) must exist in every
 * layout; a missing one is reported at line 1 by name.
 *
 * Mapping: `type_of_violence` 1/2/3 → state-based / non-state / one-sided (one-sided ⇒ civilian
 * targeting); `side_a`/`side_b` → actors; `best`/`low`/`high` and `deaths_civilians`;
 * `where_prec` → location precision; `date_prec` → date precision; `country_id` → GW code;
 * `source_headline` and `where_description` → source text; `dyad_name` → event type. GED does not
 * code identity targeting, so `identityTargeting` is always false.
 */
import type { Event, ViolenceType, DatePrecision, LocationPrecision } from "../../domain/events/event.ts";
import {
  EventParseError,
  FieldReader,
  inputName,
  mapRecords,
  readDate,
  readRecords,
  structural,
} from "./event-parse.ts";
import type { EventInput, EventParserOptions, RawRecord } from "./event-parse.ts";
import type { EventSourceEntry } from "./event-source.ts";

/** Columns every GED layout has and the parser reads. */
export const GED_REQUIRED_COLUMNS = [
  "id", "year", "type_of_violence", "side_a", "side_b", "where_prec", "adm_1", "adm_2",
  "latitude", "longitude", "country", "country_id", "date_prec", "date_start", "date_end",
  "deaths_civilians", "best", "high", "low",
] as const;

/** Columns present only in GED 22.1 and later. */
export const GED_NEW_COLUMNS = [
  "relid", "code_status", "conflict_dset_id", "dyad_dset_id", "side_a_dset_id", "side_b_dset_id",
] as const;

/** A detected GED layout. */
export interface GedLayout {
  /** `ged-49` (22.1+) or `ged-legacy` (older releases, GED Syria). */
  name: "ged-49" | "ged-legacy";
  /** Number of columns in the header. */
  columns: number;
  /** Whether `gwnoa`/`gwnob` are present. */
  hasGwnoab: boolean;
  /** Header columns the parser does not know (kept out of the event, reported for information). */
  unknownColumns: string[];
}

const KNOWN = new Set<string>([
  ...GED_REQUIRED_COLUMNS, ...GED_NEW_COLUMNS, "active_year", "conflict_new_id", "conflict_name",
  "dyad_new_id", "dyad_name", "side_a_new_id", "side_b_new_id", "number_of_sources", "source_article",
  "source_office", "source_date", "source_headline", "source_original", "where_coordinates",
  "where_description", "geom_wkt", "priogrid_gid", "region", "event_clarity", "deaths_a", "deaths_b",
  "deaths_unknown", "gwnoa", "gwnob",
]);

/**
 * Detects the GED layout from a header row.
 * @param header column names as in the file (case and surrounding spaces ignored)
 * @param fileName for error messages
 * @returns the layout
 * @throws {EventParseError} at line 1 naming the first missing required column
 */
export function detectGedLayout(header: readonly string[], fileName = "<header>"): GedLayout {
  const names = header.map((h) => h.trim().toLowerCase());
  const set = new Set(names);
  for (const c of GED_REQUIRED_COLUMNS) {
    if (!set.has(c)) {
      throw structural(new EventParseError(fileName, 1, c, `missing column: not a UCDP GED header (has ${names.length} columns)`));
    }
  }
  const isNew = GED_NEW_COLUMNS.every((c) => set.has(c));
  return {
    name: isNew ? "ged-49" : "ged-legacy",
    columns: names.length,
    hasGwnoab: set.has("gwnoa") && set.has("gwnob"),
    unknownColumns: names.filter((n) => !KNOWN.has(n)),
  };
}

const VIOLENCE: Record<number, ViolenceType> = { 1: "state-based", 2: "non-state", 3: "one-sided" };

/** Options of {@link parseGed}. */
export interface GedParserOptions extends EventParserOptions {
  /** Called once with the detected layout, before the first event. */
  onLayout?: (layout: GedLayout) => void;
}

/**
 * Parses a GED CSV file into normalised events, one at a time.
 * @param input file path or readable stream
 * @param options resolver, error policy, layout callback
 * @returns an async iterable of events in file order
 * @throws {EventParseError} on a missing column, a record with the wrong number of columns
 *   (e.g. a truncated last line), an unterminated quote, or (unless `onInvalid: "skip"`) a field of
 *   the wrong type; the message names file, line and field
 * @example
 * for await (const e of parseGed("ged241.csv", { resolveCountry })) console.log(e.sourceId);
 */
export async function* parseGed(input: EventInput, options: GedParserOptions = {}): AsyncGenerator<Event> {
  const file = inputName(input, options.fileName);
  let header: string[] | undefined;
  const records = readRecords(input, file, ",", '"', () => header);
  const it = records[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) throw structural(new EventParseError(file, 1, "(header)", "empty file: no GED header"));
  header = first.value.values.map((h) => h.trim().toLowerCase());
  const layout = detectGedLayout(header, file);
  options.onLayout?.(layout);
  const names = header;
  const index = new Map(header.map((h, i) => [h, i] as const));
  const r = new FieldReader(file, index);
  const rest: AsyncIterable<RawRecord> = { [Symbol.asyncIterator]: () => it };
  const resolve = options.resolveCountry;

  yield* mapRecords(
    rest,
    (rec) => {
      const header = names;
      if (rec.values.length !== header.length) {
        const missing = header[Math.min(rec.values.length, header.length - 1)];
        throw structural(
          new EventParseError(
            file,
            rec.line,
            rec.values.length < header.length ? missing : "(record)",
            `expected ${header.length} columns, found ${rec.values.length} (truncated or malformed line)`,
          ),
        );
      }
      r.at(rec);
      // Ids are integers; R-written files may print round ones in scientific notation ("5e+05").
      const id = String(r.int("id", 0, Number.MAX_SAFE_INTEGER));
      const type = r.int("type_of_violence", 1, 3);
      const dateStart = readDate(r, "date_start");
      const dateEnd = readDate(r, "date_end");
      if (dateEnd < dateStart) throw r.error("date_end", `is before date_start (${dateEnd} < ${dateStart})`);
      const best = r.int("best", 0);
      const low = r.optInt("low", 0);
      const high = r.optInt("high", 0);
      const gw = r.optInt("country_id", 0);
      const countryName = r.required("country");
      const headline = r.optText("source_headline");
      const where = r.optText("where_description");
      return {
        source: "ged",
        sourceId: id,
        dateStart,
        dateEnd,
        datePrecision: r.int("date_prec", 1, 5) as DatePrecision,
        countryIso3: resolve?.(countryName, gw) ?? null,
        countryName,
        gwCode: gw,
        admin1: r.optText("adm_1"),
        admin2: r.optText("adm_2"),
        lat: r.optCoord("latitude", 90),
        lon: r.optCoord("longitude", 180),
        locationPrecision: r.optInt("where_prec", 1, 7) as LocationPrecision | null,
        violenceType: VIOLENCE[type],
        civilianTargeting: type === 3,
        identityTargeting: false,
        actor1: r.optText("side_a"),
        actor2: r.optText("side_b"),
        fatalitiesBest: best,
        fatalitiesLow: low,
        fatalitiesHigh: high,
        civilianDeaths: r.optInt("deaths_civilians", 0),
        sourceText: [headline, where].filter((s) => s !== null).join(" | ") || null,
        eventType: r.optText("dyad_name"),
      };
    },
    options,
  );
}

/** UCDP GED in the event-source registry: detected by its `type_of_violence` column. */
export const gedSource: EventSourceEntry = {
  id: "ged",
  name: "UCDP GED",
  fileDescription: "UCDP Georeferenced Event Dataset (GED) CSV, any published layout",
  credit: "UCDP GED, CC BY 4.0: cite Sundberg & Melander 2013 and Davies et al. 2024",
  dataset: "ucdp-ged",
  defaultLayout: "ged",
  needsMapping: false,
  detect: (firstLine) => /(^|,)"?type_of_violence"?(,|$)/.test(firstLine),
  parse: (input, options) => parseGed(input, options),
};
