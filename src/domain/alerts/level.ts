/**
 * Alert levels (issue 7), ordered. `none` is the resting state; a country (or a situation inside
 * it) moves between levels only through the rules in `rules.ts`, or an analyst's audited override.
 */

/** Every alert level, lowest first. */
export const ALERT_LEVELS = ["none", "watch", "warning", "emergency"] as const;
/** One alert level. */
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** Human label of each level, for explanations, briefs and the dashboard. */
export const LEVEL_LABELS: Readonly<Record<AlertLevel, string>> = {
  none: "No alert",
  watch: "Watch",
  warning: "Warning",
  emergency: "Emergency",
};

/**
 * Rank of a level in {@link ALERT_LEVELS} (none = 0 … emergency = 3).
 * @throws {RangeError} for a string that is not a level
 */
export function levelRank(level: AlertLevel): number {
  const i = ALERT_LEVELS.indexOf(level);
  if (i < 0) throw new RangeError(`unknown alert level "${String(level)}"`);
  return i;
}

/** True when `value` is an alert level (for validating input). */
export function isAlertLevel(value: unknown): value is AlertLevel {
  return typeof value === "string" && (ALERT_LEVELS as readonly string[]).includes(value);
}

/** True when `a` is at least as high as `b`. */
export function atLeast(a: AlertLevel, b: AlertLevel): boolean {
  return levelRank(a) >= levelRank(b);
}
