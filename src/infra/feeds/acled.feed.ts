/**
 * ACLED through its API, with the OAuth 2 password grant ACLED uses since September 2025:
 * `POST {baseUrl}/oauth/token` (form: `username`, `password`, `grant_type=password`,
 * `client_id=acled`) gives a bearer access token (24 h) and a refresh token (14 days). Tokens are
 * kept, encrypted with the feed's other credentials, and renewed without a person:
 * an access token expiring within 5 minutes (or refused with 401) is refreshed with
 * `grant_type=refresh_token`; when the refresh token has expired or is refused, the password grant
 * runs again; when that is refused too, the feed pauses (a person must fix the credentials).
 *
 * Data: `GET {baseUrl}/api/acled/read?_format=json&event_date=FROM|TO&event_date_where=BETWEEN
 * &limit=N&page=P[&country=…]`, pages until one comes back with fewer than `limit` rows. The
 * cursor keeps the newest `event_date` seen; the next pull asks from that day (events are upserted
 * by `event_id_cnty`, so the overlap is harmless and ACLED's corrections are taken).
 *
 * ACLED's terms: its rows stay in the organisation's own store (this connector writes them nowhere
 * else), and Tocsin's public pages show aggregates only (monthly counts), never ACLED rows.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { ACLED_REQUIRED_COLUMNS } from "../importers/acled.parser.ts";
import { configParser, type FeedConnector, type FeedContext } from "./connector.ts";
import { FeedAuthError, FeedFetchError, FeedSchemaError } from "./feed-errors.ts";
import { jsonRowsToCsv, parseEventPayload } from "./feed-events.ts";
import { fetchWithRetry, safeUrl } from "./feed-http.ts";

export const ACLED_BASE_URL = "https://acleddata.com";
const DAY = 86_400_000;
/** Refresh an access token this close to its expiry. */
const EARLY_MS = 5 * 60_000;
const MAX_PAGES = 500;

const Config = z.object({
  baseUrl: z.url().default(ACLED_BASE_URL),
  /** ACLED country name filter, e.g. "Myanmar"; default every country. */
  country: z.string().min(1).max(100).optional(),
  /** Rows per page (ACLED's default page is 5,000). */
  limit: z.int().min(1).max(5000).default(5000),
  /** Days back to start from on the first pull (default 30). */
  initialDays: z.int().min(1).max(3650).default(30),
}).strict();
export type AcledConfig = z.infer<typeof Config>;

interface Tokens {
  accessToken?: string;
  accessExpiresAt?: string;
  refreshToken?: string;
  refreshExpiresAt?: string;
}

/** Asks the token endpoint; undefined when the grant is refused (400/401). */
async function grant(ctx: FeedContext<AcledConfig>, form: Record<string, string>): Promise<Tokens | undefined> {
  const url = `${ctx.config.baseUrl.replace(/\/$/, "")}/oauth/token`;
  const response = await fetchWithRetry(ctx.http, url, {
    method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body: new URLSearchParams(form).toString(),
  });
  if (response.status === 400 || response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new FeedFetchError(`${safeUrl(url)}: HTTP ${response.status}`, response.status);
  }
  const body = (await response.json().catch(() => null)) as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown } | null;
  if (!body || typeof body.access_token !== "string") throw new FeedSchemaError("changed format: the ACLED token answer has no access_token");
  const now = ctx.now.getTime();
  const expiresIn = typeof body.expires_in === "number" ? body.expires_in * 1000 : DAY;
  return {
    accessToken: body.access_token, accessExpiresAt: new Date(now + expiresIn).toISOString(),
    ...(typeof body.refresh_token === "string" ? { refreshToken: body.refresh_token, refreshExpiresAt: new Date(now + 14 * DAY).toISOString() } : {}),
  };
}

/** A usable access token: the stored one, refreshed, or from the password grant. */
async function accessToken(ctx: FeedContext<AcledConfig>, creds: Record<string, string>, force: boolean): Promise<Record<string, string>> {
  const now = ctx.now.getTime();
  if (!force && creds.accessToken && Date.parse(creds.accessExpiresAt ?? "") - EARLY_MS > now) return creds;
  if (creds.refreshToken && Date.parse(creds.refreshExpiresAt ?? "") > now) {
    const t = await grant(ctx, { grant_type: "refresh_token", refresh_token: creds.refreshToken, client_id: "acled" });
    if (t) return { ...creds, ...t } as Record<string, string>;
  }
  const t = await grant(ctx, { username: creds.username ?? "", password: creds.password ?? "", grant_type: "password", client_id: "acled" });
  if (!t) throw new FeedAuthError("ACLED refused the username and password (OAuth password grant); fix the credentials and resume the feed");
  return { ...creds, ...t } as Record<string, string>;
}

export const acledConnector: FeedConnector<AcledConfig> = {
  source: "acled",
  description: "ACLED API (OAuth 2 password grant, tokens refreshed unattended), paged by date; rows stay in this store",
  defaultSchedule: "0 7 * * *",
  // ACLED publishes weekly; two weeks of silence is a problem.
  defaultRhythmMinutes: 14 * 24 * 60,
  credentialNames: ["username", "password"],
  parseConfig: configParser(Config),
  async pull(ctx) {
    let creds = await accessToken(ctx, ctx.credentials ?? {}, false);
    const from = typeof ctx.cursor?.since === "string" ? ctx.cursor.since : new Date(ctx.now.getTime() - ctx.config.initialDays * DAY).toISOString().slice(0, 10);
    const to = ctx.now.toISOString().slice(0, 10);
    const base = ctx.config.baseUrl.replace(/\/$/, "");
    const rows: unknown[] = [];
    let refreshed = false;
    for (let page = 1; ; page++) {
      if (page > MAX_PAGES) throw new FeedFetchError(`ACLED API: more than ${MAX_PAGES} pages; narrow the feed (country)`);
      const params = new URLSearchParams({ _format: "json", event_date: `${from}|${to}`, event_date_where: "BETWEEN", limit: String(ctx.config.limit), page: String(page) });
      if (ctx.config.country) params.set("country", ctx.config.country);
      const url = `${base}/api/acled/read?${params}`;
      let response = await fetchWithRetry(ctx.http, url, { headers: { authorization: `Bearer ${creds.accessToken}`, accept: "application/json" } });
      if (response.status === 401 && !refreshed) {
        // Revoked or expired early: renew once, then ask again.
        await response.body?.cancel();
        refreshed = true;
        creds = await accessToken(ctx, creds, true);
        response = await fetchWithRetry(ctx.http, url, { headers: { authorization: `Bearer ${creds.accessToken}`, accept: "application/json" } });
      }
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        throw new FeedAuthError(`ACLED refused a fresh access token (HTTP ${response.status}); check the account's API access`);
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new FeedFetchError(`${safeUrl(url)}: HTTP ${response.status}`, response.status);
      }
      const body = (await response.json().catch(() => null)) as { data?: unknown } | null;
      if (!body || !Array.isArray(body.data)) throw new FeedSchemaError("changed format: the ACLED answer has no data array");
      rows.push(...body.data);
      if (body.data.length < ctx.config.limit) break;
    }
    const credentials = creds !== ctx.credentials ? creds : undefined;
    if (rows.length === 0) return { output: { kind: "none", note: "no new ACLED events" }, cursor: { since: from }, ...(credentials ? { credentials } : {}) };
    const csv = jsonRowsToCsv(rows, ACLED_REQUIRED_COLUMNS, "data");
    const events = await parseEventPayload("acled", csv, "acled-api.json", ctx.resolveCountry);
    const newest = events.reduce((m, e) => (e.dateStart > m ? e.dateStart : m), from);
    return {
      output: { kind: "events", source: "acled", events, fileName: `acled-api-${from}-${to}`, sha256: createHash("sha256").update(csv).digest("hex"), origin: "acled-api" },
      cursor: { since: newest },
      ...(credentials ? { credentials } : {}),
    };
  },
};
