/**
 * News and public posts for dangerous-speech monitoring: RSS 2.0, Atom 1.0, RDF/RSS 1.0 and JSON
 * Feed 1.x, parsed by `feedsmith` (chosen over `@extractus/feed-extractor` because it only parses —
 * fetching stays ours, with the injected fetch and retry policy — it reads JSON Feed as well as the
 * XML formats, keeps each format's own fields instead of flattening them, and has two small
 * dependencies, `fast-xml-parser` and `entities`).
 *
 * Each feed has its own language (optional: the analyser detects it when absent) and country. Items
 * become speech items whose client id is a hash of the feed URL and the item's guid/id (else link,
 * else title and date), so a re-pulled item is stored once (`storeSpeechBatch` skips known ids).
 * Conditional requests (ETag / Last-Modified, kept in the cursor) make an unchanged feed cost a 304.
 */
import { createHash } from "node:crypto";
import { parseFeed } from "feedsmith";
import { z } from "zod";
import { configParser, type FeedConnector, type FeedSpeechItem } from "./connector.ts";
import { FeedFetchError, FeedSchemaError } from "./feed-errors.ts";
import { fetchWithRetry, safeUrl } from "./feed-http.ts";

/** Longest text kept per item (the speech store's limit). */
const MAX_TEXT = 20_000;

const Config = z.object({
  url: z.url(),
  /** ISO 3166 alpha-2 or alpha-3 code of the country the feed is about. */
  country: z.string().regex(/^[A-Za-z]{2,3}$/, "must be an ISO 3166 alpha-2 or alpha-3 code"),
  /** Language tag of the feed's texts (e.g. "my", "en"); detected per item when absent. */
  language: z.string().regex(/^[A-Za-z]{2,3}([_-][A-Za-z0-9]{1,8})*$/, "must be a language tag such as \"en\" or \"pt-BR\"").optional(),
  /** Source label stored with each item (default: the feed's host). */
  sourceName: z.string().min(1).max(200).optional(),
}).strict();
export type NewsConfig = z.infer<typeof Config>;

/** An item reduced to what speech monitoring needs. */
export interface NewsEntry {
  id: string | undefined;
  link: string | undefined;
  title: string | undefined;
  body: string | undefined;
  date: string | undefined;
}

const text = (v: unknown): string | undefined => {
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && "value" in v && typeof (v as { value: unknown }).value === "string") return (v as { value: string }).value;
  return undefined;
};

/** Removes markup from an HTML fragment (feed bodies are often HTML). */
export function stripHtml(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Parses a feed document into entries, whatever its format.
 * @throws {FeedSchemaError} when the document is no known feed format
 */
export function readFeedEntries(body: string, label: string): { format: string; entries: NewsEntry[] } {
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(body);
  } catch (error) {
    throw new FeedSchemaError(`changed format: ${label} is not an RSS, Atom, RDF or JSON feed (${(error as Error).message})`, { cause: error });
  }
  const { format } = parsed;
  if (format === "atom") {
    const entries = (parsed.feed.entries ?? []).map((e) => ({
      id: text(e.id), link: e.links?.find((l) => !l.rel || l.rel === "alternate")?.href ?? e.links?.[0]?.href, title: text(e.title),
      body: text(e.content) ?? text(e.summary), date: text(e.published) ?? text(e.updated),
    }));
    return { format, entries };
  }
  if (format === "json") {
    const entries = (parsed.feed.items ?? []).map((e) => ({
      id: text(e.id), link: text(e.url), title: text(e.title), body: text(e.content_text) ?? text(e.content_html) ?? text(e.summary), date: text(e.date_published) ?? text(e.date_modified),
    }));
    return { format, entries };
  }
  // rss and rdf
  const items = (parsed.feed as { items?: Array<Record<string, unknown>> }).items ?? [];
  const entries = items.map((e) => ({
    id: text(e.guid), link: text(e.link), title: text(e.title),
    body: text((e.content as { encoded?: string } | undefined)?.encoded) ?? text(e.description),
    date: text(e.pubDate) ?? text((e.dc as { date?: string } | undefined)?.date),
  }));
  return { format, entries };
}

/**
 * Turns entries into speech items.
 * @throws {FeedSchemaError} naming the entry when one has neither title nor body (the feed's
 *   layout changed: its text moved somewhere this reader does not look)
 */
export function entriesToItems(entries: readonly NewsEntry[], config: NewsConfig, now: Date): FeedSpeechItem[] {
  const source = config.sourceName ?? new URL(config.url).host;
  const seen = new Set<string>();
  const out: FeedSpeechItem[] = [];
  entries.forEach((e, i) => {
    const title = e.title ? stripHtml(e.title) : "";
    const body = e.body ? stripHtml(e.body) : "";
    const joined = [title, body].filter(Boolean).join("\n\n").slice(0, MAX_TEXT);
    if (!joined) throw new FeedSchemaError(`changed format: ${safeUrl(config.url)} item ${i + 1} has no title and no text`);
    const ms = e.date ? Date.parse(e.date) : NaN;
    const key = e.id ?? e.link ?? `${title}\u0001${e.date ?? ""}`;
    const clientId = `feed:${createHash("sha256").update(config.url).update("\u0000").update(key).digest("hex").slice(0, 40)}`;
    if (seen.has(clientId)) return;
    seen.add(clientId);
    out.push({
      clientId, text: joined, time: new Date(Number.isNaN(ms) ? now.getTime() : ms).toISOString(), source, country: config.country.toUpperCase(),
      ...(config.language ? { language: config.language } : {}),
    });
  });
  return out;
}

export const newsConnector: FeedConnector<NewsConfig> = {
  source: "rss",
  description: "news and public posts (RSS, Atom, JSON Feed) as speech items, per-feed language and country, deduplicated",
  defaultSchedule: "every 30 minutes",
  defaultRhythmMinutes: 24 * 60,
  credentialNames: [],
  parseConfig: configParser(Config),
  async pull(ctx) {
    const headers: Record<string, string> = { accept: "application/rss+xml, application/atom+xml, application/feed+json, application/json, application/xml;q=0.9, */*;q=0.5" };
    if (typeof ctx.cursor?.etag === "string") headers["if-none-match"] = ctx.cursor.etag;
    if (typeof ctx.cursor?.lastModified === "string") headers["if-modified-since"] = ctx.cursor.lastModified;
    const response = await fetchWithRetry(ctx.http, ctx.config.url, { headers });
    if (response.status === 304) return { output: { kind: "none", note: "feed not modified" }, cursor: ctx.cursor };
    if (!response.ok) {
      await response.body?.cancel();
      throw new FeedFetchError(`${safeUrl(ctx.config.url)}: HTTP ${response.status}`, response.status);
    }
    const body = await response.text();
    const { entries } = readFeedEntries(body, safeUrl(ctx.config.url));
    const items = entriesToItems(entries, ctx.config, ctx.now);
    const cursor: Record<string, unknown> = {};
    const etag = response.headers.get("etag");
    const lastModified = response.headers.get("last-modified");
    if (etag) cursor.etag = etag;
    if (lastModified) cursor.lastModified = lastModified;
    return { output: { kind: "speech", items }, cursor };
  },
};
