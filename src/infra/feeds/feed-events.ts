/**
 * Events from a pulled payload: a CSV (GED, ACLED) or tab-separated (GDELT) body, or JSON rows
 * from an API, run through the same parsers as file imports so a feed and a file give identical
 * events. Any parse error means the source's format moved under us: it becomes a
 * {@link FeedSchemaError} (the feed pauses), and nothing is kept.
 */
import { Readable } from "node:stream";
import type { CountryResolver, Event, EventSource } from "../../domain/events/event.ts";
import { parseAcled } from "../importers/acled.parser.ts";
import { EventParseError } from "../importers/event-parse.ts";
import { parseGdelt } from "../importers/gdelt.parser.ts";
import { parseGed } from "../importers/ged.parser.ts";
import { FeedSchemaError } from "./feed-errors.ts";

/**
 * Parses a whole payload into events (feeds pull minutes to weeks of data, small enough to hold).
 * @throws {FeedSchemaError} on the first bad header, record or field, naming file, line and field
 */
export async function parseEventPayload(source: EventSource, body: Buffer | string, fileName: string, resolveCountry: CountryResolver): Promise<Event[]> {
  const input = Readable.from([typeof body === "string" ? Buffer.from(body, "utf8") : body]);
  const options = { fileName, resolveCountry, onInvalid: "throw" as const };
  const parser = source === "ged" ? parseGed(input, options) : source === "acled" ? parseAcled(input, options) : parseGdelt(input, options);
  const out: Event[] = [];
  try {
    for await (const e of parser) out.push(e);
  } catch (error) {
    if (error instanceof EventParseError) throw new FeedSchemaError(`changed format: ${error.message}`, { cause: error });
    throw error;
  }
  return out;
}

function csvField(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = typeof v === "object" ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * Writes API rows (objects) as CSV with the keys of the first row as the header, so the file
 * parser can read them. Every row must be an object with each `required` key (a missing field is
 * a changed schema).
 * @throws {FeedSchemaError} naming the row (0-based, within `label`) and the missing field
 */
export function jsonRowsToCsv(rows: readonly unknown[], required: readonly string[], label: string): string {
  if (rows.length === 0) return "";
  const first = rows[0];
  if (first === null || typeof first !== "object" || Array.isArray(first)) throw new FeedSchemaError(`changed format: ${label}[0] is not an object`);
  const header = Object.keys(first);
  const lines = [header.map(csvField).join(",")];
  rows.forEach((row, i) => {
    if (row === null || typeof row !== "object" || Array.isArray(row)) throw new FeedSchemaError(`changed format: ${label}[${i}] is not an object`);
    const r = row as Record<string, unknown>;
    for (const f of required) if (!(f in r)) throw new FeedSchemaError(`changed format: ${label}[${i}] has no field "${f}"`);
    lines.push(header.map((h) => csvField(r[h])).join(","));
  });
  return `${lines.join("\n")}\n`;
}
