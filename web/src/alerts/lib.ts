/**
 * Pure helpers of the alert pages: level names and order, grouping, durations and dates in words.
 * No I/O and no React, so they are tested directly and the world view can import them cheaply.
 */
import { ALERT_LEVELS, type AlertLevel } from "../../../src/domain/alerts/level.ts";
import { currentLocale, fmtDateTime, t, tDynamic } from "../i18n/i18n.ts";

export { ALERT_LEVELS, type AlertLevel };

/**
 * An object whose values are catalogue messages read when accessed (so always in the current language).
 * @param prefix catalogue prefix, e.g. `level.` for `level.watch`
 */
function translatedLabels<K extends string>(keys: readonly K[], prefix: string): Readonly<Record<K, string>> {
  const out = {} as Record<K, string>;
  for (const k of keys) Object.defineProperty(out, k, { enumerable: true, get: () => tDynamic(prefix + k, k) });
  return out;
}

/** Label of each alert level in the current language (the glossary fixes the words). */
export const LEVEL_LABELS: Readonly<Record<AlertLevel, string>> = translatedLabels(ALERT_LEVELS, "level.");

/** The levels an alert can be raised to, gravest first (the order of filters and tables). */
export const RAISED_LEVELS: readonly AlertLevel[] = ["emergency", "warning", "watch"];

/** Human label of a response instrument. */
export const INSTRUMENT_LABELS: Readonly<Record<string, string>> = translatedLabels(["diplomatic", "legal", "humanitarian", "economic", "military", "information"], "instrument.");

/** Human label of an action status. */
export const STATUS_LABELS: Readonly<Record<string, string>> = translatedLabels(["planned", "in_progress", "done", "abandoned"], "actionStatus.");

/**
 * The world view's alert filter: `""` keeps every country, `"any"` those with a raised level,
 * `"none"` those without, a level those exactly at it.
 * @param levelOf a country's current level (absent: none)
 */
export function matchesAlertFilter(filter: string, level: AlertLevel | undefined): boolean {
  const l = level ?? "none";
  if (filter === "") return true;
  if (filter === "any") return l !== "none";
  return l === filter;
}

/**
 * Groups items by their instrument, in the catalogue's instrument order, dropping empty groups.
 * @param instrumentOf the instrument of an item (null: "Other")
 */
export function groupByInstrument<T>(items: readonly T[], instrumentOf: (item: T) => string | null): { instrument: string; label: string; items: T[] }[] {
  const order = Object.keys(INSTRUMENT_LABELS);
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = instrumentOf(item) ?? "other";
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return [...groups.entries()].sort((a, b) => rank(a[0]) - rank(b[0])).map(([instrument, list]) => ({ instrument, label: INSTRUMENT_LABELS[instrument] ?? t("instrument.other"), items: list }));
}

/**
 * A duration in hours, in words a reader takes in at once: minutes under an hour, hours under two
 * days, else days. `null` (nothing measured yet) is "—".
 */
export function formatHours(hours: number | null): string {
  if (hours === null || !Number.isFinite(hours)) return "—";
  if (hours < 1) return t("duration.minutes", { n: Math.round(hours * 60) });
  if (hours < 48) return t("duration.hours", { n: Math.round(hours * 10) / 10 });
  return t("duration.days", { n: Math.round((hours / 24) * 10) / 10 });
}

/** An ISO timestamp as `YYYY-MM-DD HH:MM UTC` (the dashboard speaks UTC, as the reports do). */
export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  // English keeps the ISO-like form the pages always showed; other languages (the pseudo-locale too) their own date words.
  if (currentLocale() !== "en") return fmtDateTime(d);
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A ratio (0–1) as a whole percentage; `null` (no cases) is "—". */
export function formatRatio(r: number | null): string {
  return r === null || !Number.isFinite(r) ? "—" : t("common.percent", { n: Math.round(r * 100) });
}

/**
 * How long ago `iso` was relative to `now`, in whole days (0 for today), for "since" lines.
 */
export function daysSince(iso: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - new Date(iso).getTime()) / 86_400_000));
}

/**
 * Parses the subscription form's country list: ISO3 codes separated by commas or spaces,
 * upper-cased and deduplicated; anything that is not three letters is reported back.
 */
export function parseCountryList(text: string): { countries: string[]; invalid: string[] } {
  const parts = text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
  const invalid = parts.filter((p) => !/^[A-Za-z]{3}$/.test(p));
  const countries = [...new Set(parts.filter((p) => /^[A-Za-z]{3}$/.test(p)).map((p) => p.toUpperCase()))];
  return { countries, invalid };
}

/**
 * The `until` of an override form (a `datetime-local` value, read as UTC) as an ISO timestamp;
 * empty means no expiry.
 * @throws {RangeError} for a value that is not a date
 */
export function untilFromInput(value: string): string | undefined {
  if (!value.trim()) return undefined;
  const d = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date: ${value}`);
  return d.toISOString();
}

/** Which alert page a path under `/alerts` names (`null`: none). */
export function alertsPageOf(path: string): "inbox" | "gaps" | "track-record" | null {
  const m = /^\/alerts(?:\/([a-z-]+))?\/?$/.exec(path);
  if (!m) return null;
  if (!m[1]) return "inbox";
  return m[1] === "gaps" || m[1] === "track-record" ? m[1] : null;
}
