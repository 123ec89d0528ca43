/**
 * The request-schema pieces every route shares: country codes, ids, strict calendar dates and
 * instants, and text the store can hold. One definition each, so a route cannot be stricter or
 * looser than its neighbours (issue 13: the ISO3 pattern was written 15 times, the NUL check 7,
 * and some routes accepted `2026-13-45`).
 *
 * Everything here refuses, with a 400 naming the field, what the store would refuse with an
 * error: PostgreSQL text cannot hold NUL, a lone UTF-16 surrogate cannot be encoded as UTF-8, and
 * dates outside years 1–9999 (after converting an instant to UTC) overflow `Date`, ISO strings or
 * the database's year range.
 */
import { z } from "zod";

/** Largest value of a PostgreSQL `integer` (ids, counts). */
export const MAX_INT32 = 2_147_483_647;

/**
 * True when `s` can be stored as text: no NUL and no lone UTF-16 surrogate (a client cutting a
 * string mid-emoji). Well-formed surrogate pairs (emoji, rare scripts) are fine.
 * @example Storable text
 * ```ts
 * storableText("ok 😀"); // true
 * storableText("cut \ud83d"); // false
 * ```
 */
export function storableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

// NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const STORABLE = "must not contain NUL characters or unpaired UTF-16 surrogates";

/** Adds the storable-text check to a string schema. */
export const noNul = <T extends z.ZodString>(s: T) => s.refine(storableText, STORABLE);

/** Non-empty free text of at most `max` characters, without NUL or lone surrogates. */
export const text = (max: number) => noNul(z.string().min(1).max(max));

/** Free text of at most `max` characters (may be empty), without NUL or lone surrogates. */
export const optionalText = (max: number) => noNul(z.string().max(max));

/** ISO 3166-1 alpha-3 code (or a registry code for historical states), any case. */
export const Iso3 = z.string().regex(/^[A-Za-z]{3}$/, "must be a three-letter ISO 3166-1 alpha-3 code").describe("ISO alpha-3, e.g. MMR");

/** `:iso3` path parameter. */
export const Iso3Param = z.object({ iso3: Iso3 });

/** A UUID id. */
export const Uuid = z.uuid();

/** `:id` path parameter holding a UUID. */
export const UuidParam = z.object({ id: Uuid });

/** A database integer id (1 … 2³¹−1) from a path or query string. */
export const IntId = z.coerce.number().int().min(1).max(MAX_INT32);

/** `:id` path parameter holding an integer id. */
export const IntIdParam = z.object({ id: IntId });

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True when `s` is a real calendar day `YYYY-MM-DD` in years 0001–9999 (refuses `2026-02-31`,
 * `2026-13-45`, `0000-01-01`).
 */
export function isCalendarDay(s: string): boolean {
  const m = DAY.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  // Day 0 of the next month is the last day of this one; setUTCFullYear avoids the 0–99 → 19xx quirk.
  const last = new Date(0);
  last.setUTCFullYear(y, mo, 0);
  return d <= last.getUTCDate();
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)$/;
// Date.UTC maps years 0–99 to 1900–1999, so year 1 is set with setUTCFullYear.
const MIN_INSTANT = new Date(0).setUTCFullYear(1, 0, 1);
const MAX_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * True when `s` is an ISO 8601 instant with an offset (`Z` or ±hh:mm) on a real calendar day,
 * whose UTC time falls in years 0001–9999 (refuses `9999-12-31T23:59:59-14:00`).
 */
export function isInstant(s: string): boolean {
  const m = INSTANT.exec(s);
  if (!m || !isCalendarDay(m[1])) return false;
  const t = Date.parse(s);
  return Number.isFinite(t) && t >= MIN_INSTANT && t <= MAX_INSTANT;
}

/** A calendar day `YYYY-MM-DD` (strict: a real day in years 0001–9999). */
export const Day = z.string().max(10).refine(isCalendarDay, "must be a real calendar day YYYY-MM-DD (years 0001–9999)").describe("YYYY-MM-DD");

/** An ISO 8601 instant with offset, on a real day, within years 0001–9999 in UTC. */
export const Instant = z.string().max(40).refine(isInstant, "must be an ISO 8601 date-time with offset (e.g. 2026-11-20T14:30:00Z) on a real day, years 0001–9999").describe("ISO 8601 date-time with offset");

/** A calendar day or an instant (a day means its UTC midnight). */
export const DayOrInstant = z
  .string()
  .max(40)
  .refine((s) => isCalendarDay(s) || isInstant(s), "must be a real calendar day YYYY-MM-DD or an ISO 8601 date-time with offset, years 0001–9999")
  .describe("ISO 8601 date or instant");

/** Normalises a day or instant to an ISO instant (a day is its UTC midnight). */
export function toInstant(s: string): string;
export function toInstant(s: string | undefined): string | undefined;
export function toInstant(s: string | undefined): string | undefined {
  return s === undefined ? undefined : new Date(DAY.test(s) ? `${s}T00:00:00Z` : s).toISOString();
}

/** Refinement for `{ from?, to? }` objects: from must not be after to (days or instants). */
export const fromNotAfterTo = (q: { from?: string; to?: string }): boolean => !(q.from && q.to && toInstant(q.from) > toInstant(q.to));
/** The issue reported by {@link fromNotAfterTo}, on the `from` field. */
export const FROM_AFTER_TO = { message: "from must not be after to", path: ["from"] };
