/**
 * UCDP GED: through its API (the yearly version, e.g. `25.1`, or the monthly candidate events,
 * e.g. `25.0.11`) and as the yearly CSV release.
 *
 * API: `GET {baseUrl}/gedevents/{version}?pagesize=1000&page=0[&StartDate=YYYY-MM-DD]` with the
 * access token in the `x-ucdp-access-token` header. The answer is
 * `{ TotalCount, TotalPages, PreviousPageUrl, NextPageUrl, Result: [ … ] }`, each result an event
 * with the GED CSV's column names; pages are followed through `NextPageUrl` until it is empty.
 * Incremental: the cursor keeps the version and the newest `date_start` seen, and the next pull
 * asks from that day on (overlap is harmless: events are upserted by GED id). A new version in
 * the configuration starts over. Rows go through the file importer's GED parser (as CSV), so a
 * missing field is reported like a missing column, and pauses the feed.
 *
 * CSV: the release file (`.csv` or `.zip`) is downloaded when its SHA-256 differs from the last
 * import's, saved to a private temporary folder and imported by the file importer (validated in
 * full before the first row is written; a changed header pauses the feed).
 */
import { createHash } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { z } from "zod";
import { GED_REQUIRED_COLUMNS } from "../importers/ged.parser.ts";
import { configParser, type FeedConnector } from "./connector.ts";
import { FeedAuthError, FeedFetchError, FeedSchemaError } from "./feed-errors.ts";
import { jsonRowsToCsv, parseEventPayload } from "./feed-events.ts";
import { fetchBytes, fetchWithRetry, safeUrl } from "./feed-http.ts";

export const UCDP_API_BASE = "https://ucdpapi.pcr.uu.se/api";
/** Pages followed in one pull at most (1,000 events each): a runaway `NextPageUrl` loop stops. */
const MAX_PAGES = 2000;

const ApiConfig = z.object({
  baseUrl: z.url().default(UCDP_API_BASE),
  /** GED version: yearly `25.1`, monthly candidate `25.0.11`. */
  version: z.string().regex(/^\d+\.\d+(\.\d+)?$/, "must be a GED version such as 25.1 or 25.0.11"),
  /** Events per page (the API allows up to 1,000). */
  pageSize: z.int().min(1).max(1000).default(1000),
  /** First day to ask for on the first pull (`YYYY-MM-DD`); default: everything of the version. */
  startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD").optional(),
  /** Gleditsch–Ward country code(s) to restrict to, e.g. "775" (Myanmar) or "775,771". */
  country: z.string().regex(/^\d+(,\d+)*$/, "must be Gleditsch–Ward codes such as 775 or 775,771").optional(),
}).strict();
export type UcdpApiConfig = z.infer<typeof ApiConfig>;

export const ucdpApiConnector: FeedConnector<UcdpApiConfig> = {
  source: "ucdp-ged-api",
  description: "UCDP GED API (yearly version or monthly candidate events), paged, incremental; needs credentials.token",
  defaultSchedule: "0 6 * * *",
  // Candidate events appear monthly: silence beyond ~6 weeks means something broke.
  defaultRhythmMinutes: 45 * 24 * 60,
  credentialNames: ["token"],
  parseConfig: configParser(ApiConfig),
  async pull(ctx) {
    const { baseUrl, version, pageSize, startDate, country } = ctx.config;
    const since = ctx.cursor?.version === version && typeof ctx.cursor.since === "string" ? ctx.cursor.since : startDate;
    const params = new URLSearchParams({ pagesize: String(pageSize), page: "0" });
    if (since) params.set("StartDate", since);
    if (country) params.set("Country", country);
    let url: string | null = `${baseUrl.replace(/\/$/, "")}/gedevents/${encodeURIComponent(version)}?${params}`;
    const headers = { "x-ucdp-access-token": ctx.credentials?.token ?? "", accept: "application/json" };
    const rows: unknown[] = [];
    for (let page = 0; url; page++) {
      if (page >= MAX_PAGES) throw new FeedFetchError(`UCDP API: more than ${MAX_PAGES} pages; narrow the feed (startDate, country)`);
      const response = await fetchWithRetry(ctx.http, url, { headers });
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        throw new FeedAuthError(`UCDP API refused the access token (HTTP ${response.status}); set a valid token and resume the feed`);
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new FeedFetchError(`${safeUrl(url)}: HTTP ${response.status}`, response.status);
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch (error) {
        throw new FeedFetchError(`${safeUrl(url)}: the answer is not complete JSON (${(error as Error).message})`);
      }
      if (!body || typeof body !== "object" || !Array.isArray((body as { Result?: unknown }).Result)) {
        throw new FeedSchemaError("changed format: the UCDP API answer has no Result array");
      }
      const b = body as { Result: unknown[]; NextPageUrl?: unknown };
      rows.push(...b.Result);
      url = typeof b.NextPageUrl === "string" && b.NextPageUrl !== "" ? b.NextPageUrl : null;
    }
    if (rows.length === 0) return { output: { kind: "none", note: "no new UCDP events" }, cursor: { version, ...(since ? { since } : {}) } };
    const csv = jsonRowsToCsv(rows, GED_REQUIRED_COLUMNS, "Result");
    const events = await parseEventPayload("ged", csv, `ucdp-ged-${version}.json`, ctx.resolveCountry);
    const newest = events.reduce((m, e) => (e.dateStart > m ? e.dateStart : m), since ?? "0000-00-00");
    return {
      output: { kind: "events", source: "ged", events, fileName: `ucdp-ged-${version}-api`, sha256: createHash("sha256").update(csv).digest("hex"), origin: `ucdp-api:${version}` },
      cursor: { version, since: newest },
    };
  },
};

const CsvConfig = z.object({
  /** URL of the release (`ged251-csv.zip` or a `.csv`). */
  url: z.url(),
}).strict();
export type UcdpCsvConfig = z.infer<typeof CsvConfig>;

export const ucdpCsvConnector: FeedConnector<UcdpCsvConfig> = {
  source: "ucdp-ged-csv",
  description: "UCDP GED yearly CSV release (.csv or .zip), imported when it changes",
  defaultSchedule: "0 5 * * 1",
  defaultRhythmMinutes: 400 * 24 * 60,
  credentialNames: [],
  parseConfig: configParser(CsvConfig),
  async pull(ctx) {
    const label = safeUrl(ctx.config.url);
    const { bytes } = await fetchBytes(ctx.http, ctx.config.url);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    if (ctx.cursor?.sha256 === sha256) return { output: { kind: "none", note: "release unchanged" }, cursor: ctx.cursor };
    let csv: Uint8Array = bytes;
    let name = label.split("/").pop() || "ged.csv";
    if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
      let files: Record<string, Uint8Array>;
      try {
        files = unzipSync(bytes);
      } catch (error) {
        throw new FeedFetchError(`${label}: the zip is truncated or corrupt (${(error as Error).message}); nothing was imported`);
      }
      const entry = Object.keys(files).find((n) => /\.csv$/i.test(n));
      if (!entry) throw new FeedSchemaError(`changed format: ${label} holds no .csv file`);
      csv = files[entry];
      name = entry.split("/").pop()!;
    }
    const dir = await mkdtemp(join(tmpdir(), "tocsin-feed-"));
    const path = join(dir, name);
    await writeFile(path, csv);
    return { output: { kind: "event-file", source: "ged", dir, path, sha256, origin: label }, cursor: { sha256 } };
  },
};
