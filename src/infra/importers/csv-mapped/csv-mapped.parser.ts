/**
 * The generic CSV event source (`csv`): any comma-separated file with a header row, ACLED-like
 * (one event per row), whose columns are mapped to event fields by a mapping the user gives
 * (`tocsin import csv FILE --map id=incident_no,date=day,country=country,…`). For partners'
 * incident logs and regional datasets that are neither GED, ACLED nor GDELT.
 *
 * Mapping fields (event field → column; column names are matched case-insensitively):
 * - required: `id` (the source's identifier; unique across every file imported as `csv`),
 *   `date` (start day: `YYYY-MM-DD`, `YYYYMMDD` or `D Month YYYY`), `country` (name as the file gives
 *   it, resolved like ACLED's);
 * - optional: `dateEnd`, `iso3` (a code that helps resolve the country), `admin1`, `admin2`, `lat`,
 *   `lon`, `actor1`, `actor2`, `eventType`, `notes` (→ `sourceText`), `fatalities` (→ best),
 *   `fatalitiesLow`, `fatalitiesHigh`, `civilianDeaths` (non-negative integers), `violenceType`
 *   (`state-based`, `non-state`, `one-sided`, `other`, or UCDP's codes 1/2/3), `civilianTargeting`
 *   and `identityTargeting` (yes/no, true/false, 1/0), `datePrecision` (UCDP scale 1–5),
 *   `locationPrecision` (UCDP `where_prec` 1–7).
 * Unmapped: violence type `other` (not counted by the escalation detector), civilian targeting
 * true exactly for one-sided events, identity targeting false, date precision 1, numbers and texts null.
 */
import { VIOLENCE_TYPES, type DatePrecision, type Event, type LocationPrecision, type ViolenceType } from "../../../domain/events/event.ts";
import { EventParseError, FieldReader, inputName, mapRecords, normaliseDate, readDate, readRecords, structural } from "../event-parse.ts";
import type { EventInput, RawRecord } from "../event-parse.ts";
import type { ColumnMapping, EventSourceEntry, EventSourceParseOptions } from "../event-source.ts";

/** Event fields a mapping must name. */
export const REQUIRED_MAPPED_FIELDS = ["id", "date", "country"] as const;
/** Every event field a mapping may name. */
export const MAPPED_FIELDS = [
  ...REQUIRED_MAPPED_FIELDS, "dateEnd", "iso3", "admin1", "admin2", "lat", "lon", "actor1", "actor2", "eventType", "notes",
  "fatalities", "fatalitiesLow", "fatalitiesHigh", "civilianDeaths", "violenceType", "civilianTargeting", "identityTargeting",
  "datePrecision", "locationPrecision",
] as const;
/** A field a mapping may name. */
export type MappedField = (typeof MAPPED_FIELDS)[number];

/**
 * Reads a column mapping from its command-line form, `field=column,field=column` (or a JSON
 * object `{"field": "column"}` when a column name holds a comma or an equals sign), and checks it.
 * @param text the mapping
 * @returns the mapping, field → column name
 * @throws {RangeError} naming the field: unknown field, empty column, a field given twice, a
 *   required field missing
 * @example
 * parseColumnMapping("id=incident_no,date=day,country=country,fatalities=killed");
 */
export function parseColumnMapping(text: string): ColumnMapping {
  const pairs: [string, unknown][] = [];
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new RangeError(`mapping: not valid JSON (${(error as Error).message})`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new RangeError("mapping: expected a JSON object of field → column");
    pairs.push(...Object.entries(parsed));
  } else {
    for (const part of trimmed.split(",")) {
      if (!part.trim()) continue;
      const eq = part.indexOf("=");
      if (eq < 0) throw new RangeError(`mapping: ${JSON.stringify(part.trim())} is not field=column`);
      pairs.push([part.slice(0, eq).trim(), part.slice(eq + 1)]);
    }
  }
  return checkColumnMapping(Object.fromEntries(checkPairs(pairs)));
}

function checkPairs(pairs: [string, unknown][]): [string, string][] {
  const seen = new Set<string>();
  return pairs.map(([field, column]) => {
    if (seen.has(field)) throw new RangeError(`mapping: field ${field} is given twice`);
    seen.add(field);
    if (typeof column !== "string" || !column.trim()) throw new RangeError(`mapping: field ${field}: the column name is empty`);
    return [field, column.trim()];
  });
}

/**
 * Checks a mapping given as an object (the API's form).
 * @param mapping field → column
 * @returns the same mapping, column names trimmed
 * @throws {RangeError} naming the field, as {@link parseColumnMapping}
 */
export function checkColumnMapping(mapping: Readonly<Record<string, unknown>>): ColumnMapping {
  const known = new Set<string>(MAPPED_FIELDS);
  const out: Record<string, string> = {};
  for (const [field, column] of checkPairs(Object.entries(mapping))) {
    if (!known.has(field)) throw new RangeError(`mapping: unknown field ${JSON.stringify(field)} (fields: ${MAPPED_FIELDS.join(", ")})`);
    out[field] = column;
  }
  for (const field of REQUIRED_MAPPED_FIELDS) {
    if (!(field in out)) throw new RangeError(`mapping: field ${field} is required (map it to a column: ${field}=COLUMN)`);
  }
  return out;
}

const UCDP_CODES: Record<string, ViolenceType> = { "1": "state-based", "2": "non-state", "3": "one-sided" };
const YES = new Set(["yes", "y", "true", "1"]);
const NO = new Set(["no", "n", "false", "0"]);

/**
 * Parses a CSV file whose columns a {@link ColumnMapping} maps to event fields.
 * @param input file path or readable stream
 * @param options resolver, error policy, and the mapping (`options.mapping`, required)
 * @returns an async iterable of events with `source: "csv"`
 * @throws {RangeError} when the mapping is missing or invalid
 * @throws {EventParseError} on a mapped column missing from the header (line 1, the field's
 *   column), a record with the wrong number of columns, an unterminated quote, or (unless
 *   `onInvalid: "skip"`) a field of the wrong type; names file, line and column
 */
export async function* parseMappedCsv(input: EventInput, options: EventSourceParseOptions = {}): AsyncGenerator<Event> {
  if (!options.mapping) throw new RangeError("the csv source needs a column mapping (--map field=column,…)");
  const mapping = checkColumnMapping(options.mapping);
  const file = inputName(input, options.fileName);
  let header: string[] = [];
  const it = readRecords(input, file, ",", '"', () => header)[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) throw structural(new EventParseError(file, 1, "(header)", "empty file: no header row"));
  header = first.value.values.map((h) => h.trim().toLowerCase());
  const index = new Map(header.map((h, i) => [h, i] as const));
  for (const [field, column] of Object.entries(mapping)) {
    if (!index.has(column.toLowerCase())) {
      throw structural(new EventParseError(file, 1, column, `missing column (mapped to ${field}); the header has ${header.join(", ")}`));
    }
  }
  // The reader addresses columns by the file's own names, so errors name the file's column.
  const col = (field: MappedField): string => (mapping[field] ?? `(unmapped ${field})`).toLowerCase();
  const has = (field: MappedField): boolean => field in mapping;
  const r = new FieldReader(file, index);
  const rest: AsyncIterable<RawRecord> = { [Symbol.asyncIterator]: () => it };
  const resolve = options.resolveCountry;
  options.onLayout?.({ name: "csv-mapped" });

  const optFlag = (field: MappedField): boolean | null => {
    if (!has(field)) return null;
    const v = r.text(col(field)).toLowerCase();
    if (v === "") return null;
    if (YES.has(v)) return true;
    if (NO.has(v)) return false;
    throw r.error(col(field), `expected yes/no, true/false or 1/0, got ${JSON.stringify(r.text(col(field)))}`);
  };
  const optText = (field: MappedField): string | null => (has(field) ? r.optText(col(field)) : null);
  const optCount = (field: MappedField): number | null => (has(field) ? r.optInt(col(field), 0) : null);

  yield* mapRecords(
    rest,
    (rec) => {
      if (rec.values.length !== header.length) {
        throw structural(new EventParseError(file, rec.line, rec.values.length < header.length ? header[rec.values.length] : "(record)",
          `expected ${header.length} columns, found ${rec.values.length} (truncated or malformed line)`));
      }
      r.at(rec);
      const sourceId = r.required(col("id"));
      const dateStart = readDate(r, col("date"));
      let dateEnd = dateStart;
      if (has("dateEnd") && r.optText(col("dateEnd")) !== null) {
        const v = r.text(col("dateEnd"));
        const iso = normaliseDate(v);
        if (!iso) throw r.error(col("dateEnd"), `expected a date (YYYY-MM-DD), got ${JSON.stringify(v)}`);
        if (iso < dateStart) throw r.error(col("dateEnd"), `ends (${iso}) before it starts (${dateStart})`);
        dateEnd = iso;
      }
      let violenceType: ViolenceType = "other";
      const vt = optText("violenceType");
      if (vt !== null) {
        const v = vt.toLowerCase();
        if ((VIOLENCE_TYPES as readonly string[]).includes(v)) violenceType = v as ViolenceType;
        else if (UCDP_CODES[v]) violenceType = UCDP_CODES[v];
        else throw r.error(col("violenceType"), `expected ${VIOLENCE_TYPES.join(", ")} or a UCDP code 1/2/3, got ${JSON.stringify(vt)}`);
      }
      const civilianTargeting = optFlag("civilianTargeting") ?? violenceType === "one-sided";
      const countryName = r.required(col("country"));
      const iso3 = optText("iso3");
      const fatalitiesBest = optCount("fatalities");
      const fatalitiesLow = optCount("fatalitiesLow");
      const fatalitiesHigh = optCount("fatalitiesHigh");
      if (fatalitiesLow !== null && fatalitiesHigh !== null && fatalitiesLow > fatalitiesHigh) {
        throw r.error(col("fatalitiesLow"), `low estimate ${fatalitiesLow} is above the high estimate ${fatalitiesHigh}`);
      }
      return {
        source: csvMappedSource.id,
        sourceId,
        dateStart,
        dateEnd,
        datePrecision: (has("datePrecision") ? r.optInt(col("datePrecision"), 1, 5) ?? 1 : 1) as DatePrecision,
        countryIso3: resolve?.(countryName, null, iso3 ? { iso3 } : {}) ?? null,
        countryName,
        gwCode: null,
        admin1: optText("admin1"),
        admin2: optText("admin2"),
        lat: has("lat") ? r.optCoord(col("lat"), 90) : null,
        lon: has("lon") ? r.optCoord(col("lon"), 180) : null,
        locationPrecision: (has("locationPrecision") ? r.optInt(col("locationPrecision"), 1, 7) : null) as LocationPrecision | null,
        violenceType,
        civilianTargeting,
        identityTargeting: optFlag("identityTargeting") ?? false,
        actor1: optText("actor1"),
        actor2: optText("actor2"),
        fatalitiesBest,
        fatalitiesLow,
        fatalitiesHigh,
        civilianDeaths: optCount("civilianDeaths"),
        sourceText: optText("notes"),
        eventType: optText("eventType"),
      };
    },
    options,
  );
}

/** The generic CSV source in the event-source registry: never detected, always named with a mapping. */
export const csvMappedSource: EventSourceEntry = {
  id: "csv",
  name: "CSV (column mapping)",
  fileDescription: "CSV file with a header row, its columns mapped to event fields by --map",
  credit: "follow the terms of whoever published the file",
  dataset: "csv-events",
  defaultLayout: "csv-mapped",
  needsMapping: true,
  detect: () => false,
  parse: (input, options) => parseMappedCsv(input, options),
};
