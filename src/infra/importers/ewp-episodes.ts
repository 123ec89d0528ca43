/**
 * Reads EWP's master list of mass-killing episodes (`mass_killing_events_2025.csv`, the
 * `mk_events` sheet of EWP's workbook saved as CSV). Blank rows, which the sheet has many of, are
 * skipped; every other row must carry a code, a country, a start year and a location COW code.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parse } from "csv-parse/sync";
import { ImportError } from "./import-error.ts";

export interface EwpEpisode {
  code: string;
  country: string;
  name: string;
  summary: string | null;
  startYear: number;
  endYear: number | null;
  stateLed: boolean | null;
  ethnicGroups: number | null;
  locationCow: number;
  responsibleStateCow: number | null;
  notes: Record<string, string>;
  /** 1-based line in the file, for error messages downstream (unknown country, …). */
  line: number;
}

const REQUIRED = ["country", "mk_event_name", "startyear", "mk_event_code", "mk_location_cow"] as const;
const NOTE_COLUMNS = ["Start date notes", "End date notes", "OLD Event Name and Summary", "Notes"];

/**
 * Parses the episode list.
 * @param text the file's contents (UTF-8, BOM allowed)
 * @param file the file name used in error messages
 * @throws {ImportError} for a missing column, a malformed or truncated record, or a wrong type
 */
export function parseEwpEpisodes(text: string, file: string): EwpEpisode[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: false, skip_empty_lines: false });
  } catch (error) {
    const e = error as { lines?: number; message: string };
    throw new ImportError(file, e.lines, undefined, `malformed CSV (${e.message.replace(/^.*?: /, "")}); the file may be truncated`, { cause: error });
  }
  const [header, ...rows] = records;
  if (!header) throw new ImportError(file, 1, undefined, "the file is empty");
  const col = new Map(header.map((name, i) => [name.trim(), i]));
  for (const name of REQUIRED) {
    if (!col.has(name)) throw new ImportError(file, 1, name, `required column is missing (header has: ${header.join(", ")})`);
  }
  const out: EwpEpisode[] = [];
  rows.forEach((row, i) => {
    const line = i + 2;
    // PostgreSQL text cannot hold NUL: refused here, naming the field, before anything is written.
    const get = (r: string[], name: string) => {
      const v = col.has(name) ? (r[col.get(name)!] ?? "").trim() : "";
      if (v.includes("\u0000")) throw new ImportError(file, line, name, "contains a NUL character");
      return v;
    };
    if (row.every((v) => v.trim() === "")) return;
    const int = (name: string, required: boolean): number | null => {
      const raw = get(row, name);
      if (raw === "" || raw === "NA") {
        if (required) throw new ImportError(file, line, name, "value is required but empty");
        return null;
      }
      if (!/^-?\d+(\.0+)?$/.test(raw)) throw new ImportError(file, line, name, `expected a whole number, found "${raw}"`);
      const n = Number.parseInt(raw, 10);
      if (Math.abs(n) > 2_147_483_647) throw new ImportError(file, line, name, `expected a whole number within ±2147483647, found "${raw}"`);
      return n;
    };
    const code = get(row, "mk_event_code");
    if (!code) throw new ImportError(file, line, "mk_event_code", "value is required but empty");
    const led = get(row, "State-Led or Non-State-Led").toLowerCase();
    const notes: Record<string, string> = {};
    for (const n of NOTE_COLUMNS) if (get(row, n)) notes[n] = get(row, n);
    out.push({
      code,
      country: get(row, "country"),
      name: get(row, "mk_event_name"),
      summary: get(row, "mk_event_summary") || null,
      startYear: int("startyear", true)!,
      endYear: int("endyear", false),
      stateLed: led === "state-led" ? true : led === "non-state-led" ? false : null,
      ethnicGroups: int("mk_number_eth_groups", false),
      locationCow: int("mk_location_cow", true)!,
      responsibleStateCow: int("mk_repsonsible_state_cow", false),
      notes,
      line,
    });
  });
  return out;
}

/** Reads and parses an episode file from disk. */
export async function readEwpEpisodes(path: string): Promise<EwpEpisode[]> {
  return parseEwpEpisodes(await readFile(path, "utf8"), basename(path));
}
