/**
 * GDELT 2.0 events, every 15 minutes. GDELT publishes `lastupdate.txt` (three lines `size md5 url`:
 * the newest `.export.CSV.zip`, `.mentions.CSV.zip` and `.gkg.csv.zip`); a pull reads it, and when
 * the export file is new (cursor: its URL) downloads the zip, checks its size and MD5 against the
 * line, unzips it (fflate) and parses it with the file importer's GDELT parser.
 *
 * Kept: events whose CAMEO root code is violent — 18 assault, 19 fight, 20 unconventional mass
 * violence (`keepRoots`, the roots `gdelt.parser.ts` calls violent). Merged: GDELT codes one
 * real-world event once per distinct article cluster, so the same day, place, actors and CAMEO
 * code recur under several GlobalEventIDs; rows sharing (day, country, ActionGeo place, coordinates,
 * actors, code) are merged into the one with the smallest id.
 *
 * Failure modes: an MD5 or size mismatch and a truncated/corrupt zip are transient (nothing kept,
 * cursor unchanged, the next run retries); a file whose records do not have GDELT 2.0's 61 columns
 * is a changed schema (the feed pauses).
 */
import { createHash } from "node:crypto";
import { unzipSync } from "fflate";
import { z } from "zod";
import type { Event } from "../../domain/events/event.ts";
import { configParser, type FeedConnector } from "./connector.ts";
import { FeedFetchError, FeedSchemaError } from "./feed-errors.ts";
import { parseEventPayload } from "./feed-events.ts";
import { fetchBytes, safeUrl } from "./feed-http.ts";

export const GDELT_BASE_URL = "http://data.gdeltproject.org/gdeltv2";

const Config = z.object({
  /** Folder holding `lastupdate.txt`. */
  baseUrl: z.url().default(GDELT_BASE_URL),
  /** CAMEO root codes kept (default 18, 19, 20). */
  keepRoots: z.array(z.int().min(1).max(20)).min(1).default([18, 19, 20]),
}).strict();
export type GdeltConfig = z.infer<typeof Config>;

/** One line of `lastupdate.txt`. */
export interface GdeltUpdateLine {
  size: number;
  md5: string;
  url: string;
}

/**
 * Parses `lastupdate.txt`.
 * @throws {FeedSchemaError} when a line is not `size md5 url`, or no export file is listed
 */
export function parseLastUpdate(text: string): GdeltUpdateLine {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const parsed = lines.map((line, i) => {
    const m = /^(\d+)\s+([0-9a-f]{32})\s+(\S+)$/i.exec(line);
    if (!m) throw new FeedSchemaError(`changed format: lastupdate.txt line ${i + 1} is not "size md5 url"`);
    return { size: Number(m[1]), md5: m[2].toLowerCase(), url: m[3] };
  });
  const exp = parsed.find((l) => /\.export\.csv\.zip$/i.test(l.url));
  if (!exp) throw new FeedSchemaError("changed format: lastupdate.txt lists no .export.CSV.zip file");
  return exp;
}

/** The merge key of a GDELT event (see the module comment). */
function mergeKey(e: Event): string {
  return [e.dateStart, e.countryIso3 ?? e.countryName, e.admin1, e.admin2, e.lat, e.lon, e.actor1, e.actor2, e.eventType].join("\u0001");
}

/**
 * Keeps violent roots and merges duplicates.
 * @returns the kept events (smallest GlobalEventID of each group) and how many were merged away
 */
export function keepAndMerge(events: readonly Event[], keepRoots: readonly number[]): { events: Event[]; merged: number; dropped: number } {
  const roots = new Set(keepRoots);
  const groups = new Map<string, Event>();
  let kept = 0;
  for (const e of events) {
    // eventType is "CAMEO <code>"; the root is the code's first two digits.
    const root = Number((e.eventType ?? "").replace(/^CAMEO /, "").slice(0, 2));
    if (!roots.has(root)) continue;
    kept++;
    const k = mergeKey(e);
    const seen = groups.get(k);
    if (!seen || BigInt(e.sourceId) < BigInt(seen.sourceId)) groups.set(k, e);
  }
  return { events: [...groups.values()], merged: kept - groups.size, dropped: events.length - kept };
}

/**
 * Unzips the single export file.
 * @throws {FeedFetchError} for a truncated or corrupt archive
 * @throws {FeedSchemaError} when the archive holds no `.export.CSV` file
 */
export function unzipExport(bytes: Uint8Array, label: string): { name: string; data: Uint8Array } {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (error) {
    throw new FeedFetchError(`${label}: the zip is truncated or corrupt (${(error as Error).message}); nothing was imported`, undefined, { cause: error });
  }
  const name = Object.keys(files).find((n) => /\.export\.csv$/i.test(n));
  if (!name) throw new FeedSchemaError(`changed format: ${label} holds no .export.CSV file (has ${Object.keys(files).length} entries)`);
  return { name, data: files[name] };
}

export const gdeltConnector: FeedConnector<GdeltConfig> = {
  source: "gdelt",
  description: "GDELT 2.0 events: lastupdate.txt every 15 minutes, violent CAMEO roots (18–20), duplicates merged",
  defaultSchedule: "*/15 * * * *",
  // GDELT publishes every 15 minutes; an hour of silence means something is wrong here or there.
  defaultRhythmMinutes: 60,
  credentialNames: [],
  parseConfig: configParser(Config),
  async pull(ctx) {
    const base = ctx.config.baseUrl.replace(/\/$/, "");
    const { bytes: listing } = await fetchBytes(ctx.http, `${base}/lastupdate.txt`);
    const update = parseLastUpdate(listing.toString("utf8"));
    if (ctx.cursor?.lastUrl === update.url) return { output: { kind: "none", note: "no new GDELT file" }, cursor: ctx.cursor };
    const label = safeUrl(update.url);
    const { bytes } = await fetchBytes(ctx.http, update.url);
    if (bytes.length !== update.size) throw new FeedFetchError(`${label}: got ${bytes.length} bytes, lastupdate.txt says ${update.size}; nothing was imported`);
    const md5 = createHash("md5").update(bytes).digest("hex");
    if (md5 !== update.md5) throw new FeedFetchError(`${label}: MD5 mismatch (expected ${update.md5}, got ${md5}); nothing was imported`);
    const file = unzipExport(bytes, label);
    const all = await parseEventPayload("gdelt", Buffer.from(file.data), file.name, ctx.resolveCountry);
    const { events } = keepAndMerge(all, ctx.config.keepRoots);
    return {
      output: { kind: "events", source: "gdelt", events, fileName: file.name, sha256: createHash("sha256").update(file.data).digest("hex"), origin: label },
      cursor: { lastUrl: update.url, md5 },
    };
  },
};
