/**
 * The event-source registry: one entry per source, read by the importer, the worker-thread
 * parse, the CLI (`tocsin import <id>`, `events detect --source`), the API's schemas and the
 * store's source check. A new source is one folder (parser, entry, tests, fixtures) plus one
 * line in {@link EVENT_SOURCES}; see CONTRIBUTING.md, "Where to make a change".
 */
import { closeSync, openSync, readSync } from "node:fs";
import { acledSource } from "./acled.parser.ts";
import { csvMappedSource } from "./csv-mapped/csv-mapped.parser.ts";
import type { EventSourceEntry } from "./event-source.ts";
import { gdeltSource } from "./gdelt.parser.ts";
import { gedSource } from "./ged.parser.ts";

/** Every event source, in the order help texts list them. */
export const EVENT_SOURCES: readonly EventSourceEntry[] = [gedSource, acledSource, gdeltSource, csvMappedSource];

/** The ids of {@link EVENT_SOURCES} (for `z.enum`, help texts and checks). */
export const EVENT_SOURCE_IDS = EVENT_SOURCES.map((s) => s.id) as [string, ...string[]];

/** Ids must fit `events.source`'s check (`^[a-z][a-z0-9-]{0,9}$`) and the API's cursor. */
const ID = /^[a-z][a-z0-9-]{0,9}$/;
for (const s of EVENT_SOURCES) {
  if (!ID.test(s.id)) throw new Error(`event source id ${JSON.stringify(s.id)} must match ${ID}`);
}
if (new Set(EVENT_SOURCE_IDS).size !== EVENT_SOURCE_IDS.length) throw new Error("event source ids must be unique");

/**
 * The registry entry of a source id, or `undefined` when no source has it.
 * @param id e.g. `ged`
 */
export function findEventSource(id: string): EventSourceEntry | undefined {
  return EVENT_SOURCES.find((s) => s.id === id);
}

/**
 * The registry entry of a source id.
 * @param id e.g. `ged`
 * @throws {RangeError} naming the id and the known ones when no source has it
 */
export function eventSource(id: string): EventSourceEntry {
  const entry = findEventSource(id);
  if (!entry) throw new RangeError(`unknown event source ${JSON.stringify(id)} (known: ${EVENT_SOURCE_IDS.join(", ")})`);
  return entry;
}

/**
 * Tells which source a file is from by its first line (sources that need a mapping are never
 * detected).
 * @param path the file
 * @returns the entry
 * @throws {Error} naming the file when no source recognises the header
 */
export function detectEventSource(path: string): EventSourceEntry {
  const fd = openSync(path, "r");
  const buf = Buffer.alloc(65536);
  let n: number;
  try {
    n = readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  const first = buf.subarray(0, n).toString("utf8").replace(/^\uFEFF/, "").split(/\r?\n/)[0] ?? "";
  const hit = EVENT_SOURCES.find((s) => !s.needsMapping && s.detect(first));
  if (hit) return hit;
  const known = EVENT_SOURCES.filter((s) => !s.needsMapping).map((s) => s.name).join(", ");
  throw new Error(`${path}:1: the header is not one of ${known}; for any other CSV pass --source csv with --map field=column,…`);
}
