/**
 * Speech items: the texts monitors feed in (news, social posts, radio transcripts), with the
 * fields the issue requires. Shared by the CLI importer and the HTTP batch route, so both accept
 * exactly the same input. Plain JSON-safe objects, ready to store.
 */

/** One text as submitted. `clientId` makes ingestion idempotent: the same id is the same item. */
export interface SpeechItem {
  /** Caller's identifier, unique per source system; re-submitting it replaces nothing. */
  readonly clientId: string;
  readonly text: string;
  /** ISO 8601 instant (`2024-05-01T10:00:00Z`) or date (`2024-05-01`), normalised to ISO UTC. */
  readonly time: string;
  /** Where the text came from (outlet, platform, station). */
  readonly source: string;
  /** Country code as supplied (ISO 3166-1 alpha-2 or alpha-3), upper case. */
  readonly country: string;
  /** Language tag when known; null means "detect". */
  readonly language: string | null;
  /** Followers, audience or circulation; null when unknown. */
  readonly reach: number | null;
}

/** Thrown for an invalid item; the message names the item (line or index) and the field. */
export class SpeechItemError extends Error {
  override readonly name = "SpeechItemError";
}

/** Column / property names accepted for each field (first match wins). */
export const ITEM_FIELD_ALIASES: Readonly<Record<keyof SpeechItem, readonly string[]>> = {
  clientId: ["id", "client_id", "clientId"],
  text: ["text", "content", "body"],
  time: ["time", "timestamp", "date", "published_at"],
  source: ["source", "outlet", "platform"],
  country: ["country", "country_code", "iso3"],
  language: ["language", "lang"],
  reach: ["reach", "followers", "audience"],
};

/**
 * Validates one raw record (CSV row or JSON object) into a {@link SpeechItem}.
 *
 * @param raw property bag; field names may use any alias in {@link ITEM_FIELD_ALIASES}
 * @param where location for error messages, e.g. `items.csv:12` or `items[3]`
 * @returns the item
 * @throws {SpeechItemError} naming `where` and the field, for a missing id/text/time/source/country,
 *   an unparseable time, a country that is not 2–3 letters, or a negative / non-numeric reach
 */
export function toSpeechItem(raw: Readonly<Record<string, unknown>>, where: string): SpeechItem {
  const get = (field: keyof SpeechItem): string | undefined => {
    for (const k of ITEM_FIELD_ALIASES[field]) {
      const v = raw[k];
      if (v !== undefined && v !== null && String(v).trim() !== "") return String(v).trim();
    }
    return undefined;
  };
  const need = (field: keyof SpeechItem): string => {
    const v = get(field);
    if (v === undefined) throw new SpeechItemError(`${where}: field "${field}" is missing (accepted names: ${ITEM_FIELD_ALIASES[field].join(", ")})`);
    return v;
  };
  const clientId = need("clientId");
  const text = need("text");
  const timeRaw = need("time");
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(timeRaw) ? `${timeRaw}T00:00:00Z` : timeRaw);
  if (Number.isNaN(ms)) throw new SpeechItemError(`${where}: field "time" is not an ISO 8601 date or time: "${timeRaw}"`);
  // Speech monitoring is about broadcasts and posts: years before 1900 are typos, and years below
  // 100 would not survive a round trip through the database's text form.
  if (ms < Date.UTC(1900, 0, 1) || ms >= Date.UTC(10000, 0, 1)) throw new SpeechItemError(`${where}: field "time" must be between 1900 and 9999, got "${timeRaw}"`);
  const source = need("source");
  const country = need("country").toUpperCase();
  if (!/^[A-Z]{2,3}$/.test(country)) throw new SpeechItemError(`${where}: field "country" must be an ISO 3166 alpha-2 or alpha-3 code, got "${country}"`);
  const reachRaw = get("reach");
  let reach: number | null = null;
  if (reachRaw !== undefined) {
    reach = Number(reachRaw);
    if (!Number.isFinite(reach) || reach < 0) throw new SpeechItemError(`${where}: field "reach" must be a non-negative number, got "${reachRaw}"`);
  }
  return { clientId, text, time: new Date(ms).toISOString(), source, country, language: get("language") ?? null, reach };
}

/** Result of {@link parseSpeechBatch}. */
export interface SpeechBatch {
  /** Valid items, first occurrence of each client id, in request order. */
  readonly items: readonly SpeechItem[];
  /** Client ids repeated inside the batch (later copies ignored). */
  readonly duplicateIds: readonly string[];
}

/**
 * Validates the body of `POST /api/speech/items`: either an array of items or `{ "items": [...] }`.
 * All-or-nothing: the first invalid item rejects the batch, naming its index and field.
 * Idempotency across requests is the store's job (upsert on `clientId`); inside one batch the first
 * copy of an id wins.
 *
 * @param body parsed JSON body
 * @param maxItems largest batch accepted (default 5,000)
 * @returns valid items and the ids repeated in the batch
 * @throws {SpeechItemError} for a body of the wrong shape, too many items, or an invalid item
 *   (`items[3]: field "time" …`)
 */
export function parseSpeechBatch(body: unknown, maxItems = 5000): SpeechBatch {
  const list = Array.isArray(body) ? body : (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(list)) throw new SpeechItemError(`body must be an array of items or {"items": [...]}`);
  if (list.length > maxItems) throw new SpeechItemError(`batch has ${list.length} items; at most ${maxItems} per request`);
  const seen = new Set<string>();
  const items: SpeechItem[] = [];
  const duplicateIds: string[] = [];
  list.forEach((raw, i) => {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new SpeechItemError(`items[${i}]: must be an object`);
    const item = toSpeechItem(raw as Record<string, unknown>, `items[${i}]`);
    if (seen.has(item.clientId)) { duplicateIds.push(item.clientId); return; }
    seen.add(item.clientId);
    items.push(item);
  });
  return { items, duplicateIds };
}
