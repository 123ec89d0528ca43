/**
 * Which response options to put in front of decision-makers for one alert: a pure ranking of the
 * catalogue by how well each option fits the alert's level and the signals that raised it.
 */
import { LEVEL_LABELS, levelRank, type AlertLevel } from "../alerts/level.ts";
import { INSTRUMENTS, type ResponseOption, type ResponseSignalKind } from "./catalogue.ts";

/** One recommended option with why it is recommended. */
export interface Recommendation {
  option: ResponseOption;
  /** The alert's signal kinds this option answers (empty for a general measure of the level). */
  matched: ResponseSignalKind[];
  /** One readable sentence. */
  reason: string;
}

const KIND_LABELS: Readonly<Record<ResponseSignalKind, string>> = {
  "structural-risk": "high structural risk",
  "risk-rise": "rising risk",
  escalation: "escalating violence",
  "speech-spike": "a dangerous-speech spike",
  "verified-incident": "verified incident reports",
  "analyst-assessment": "analyst assessments",
};

/**
 * Ranks the options suited to an alert.
 *
 * An option qualifies when its `levels` include `level`. Qualifying options are ordered by
 * (1) how many of the alert's signal kinds they answer, most first; (2) how closely they are aimed
 * at this level — an option whose highest suited level is exactly `level` before one that also
 * suits higher levels or only lower ones (|rank(max level) − rank(level)|, smaller first), so an
 * Emergency gets emergency measures before general ones; (3) instrument order
 * ({@link INSTRUMENTS}); (4) id, so the order is total and stable.
 *
 * @param level the alert's level; `none` recommends nothing
 * @param kinds the signal kinds behind the alert (see `signalKindsOf`)
 * @param catalogue the options available to the organisation (built-ins not hidden, plus its own)
 * @param limit at most this many (default: all)
 * @returns recommendations, best first, each with a reason
 */
export function recommendOptions(level: AlertLevel, kinds: readonly ResponseSignalKind[], catalogue: readonly ResponseOption[], limit = Number.POSITIVE_INFINITY): Recommendation[] {
  if (level === "none") return [];
  const rank = levelRank(level);
  const scored = catalogue
    .filter((o) => o.levels.includes(level))
    .map((option) => {
      const matched = option.answers.filter((k) => kinds.includes(k));
      const top = Math.max(...option.levels.map(levelRank));
      return { option, matched, distance: Math.abs(top - rank) };
    });
  scored.sort(
    (a, b) =>
      b.matched.length - a.matched.length ||
      a.distance - b.distance ||
      INSTRUMENTS.indexOf(a.option.instrument) - INSTRUMENTS.indexOf(b.option.instrument) ||
      (a.option.id < b.option.id ? -1 : a.option.id > b.option.id ? 1 : 0),
  );
  return scored.slice(0, limit).map(({ option, matched }) => ({
    option,
    matched,
    reason: matched.length
      ? `Suits the ${LEVEL_LABELS[level]} level and answers ${joinLabels(matched.map((k) => KIND_LABELS[k]))}.`
      : `A general measure at the ${LEVEL_LABELS[level]} level.`,
  }));
}

function joinLabels(parts: string[]): string {
  return parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}
