/**
 * Where analysts and the statistical model disagree strongly, and what an assessment does to an
 * alert level. Pure.
 *
 * Rule (defaults in `DISAGREEMENT_THRESHOLDS`):
 * - Statistical view from the newest two-year forecast's rank among N ranked countries:
 *   `high` when rank ≤ 30 (EWP's own watch-list cut, also the recall@30 metric), `low` when
 *   rank > max(60, N / 2), otherwise `middle`.
 * - Analyst view from a *sufficient* published synthesis (see `scoring.ts`): `high` when the
 *   overall score ≥ 0.6, `low` when ≤ 0.25, otherwise `middle`.
 * - Flag `analyst-higher` when analysts say high and the model says low; `analyst-lower` when
 *   analysts say low and the model says high. Middle on either side, a missing forecast or an
 *   insufficient assessment never raises the flag (there is nothing strong to disagree about).
 */
import type { Severity } from "../events/escalation.ts";
import type { Synthesis } from "./scoring.ts";

/** Thresholds of the disagreement rule. */
export interface DisagreementThresholds {
  /** Rank at or above which the model counts as high (default 30). */
  highRank: number;
  /** Rank below which (greater than) the model counts as low: max(lowRankFloor, N × lowRankShare) (defaults 60, 0.5). */
  lowRankFloor: number;
  lowRankShare: number;
  /** Analyst score at or above which analysts count as high (default 0.6). */
  highScore: number;
  /** Analyst score at or below which analysts count as low (default 0.25). */
  lowScore: number;
}

/** The documented defaults. */
export const DISAGREEMENT_THRESHOLDS: Readonly<DisagreementThresholds> = { highRank: 30, lowRankFloor: 60, lowRankShare: 0.5, highScore: 0.6, lowScore: 0.25 };

/** The statistical side: a rank among `ranked` countries (rank 1 = highest risk). */
export interface StatisticalRisk {
  rank: number;
  ranked: number;
  risk: number;
  baseYear?: number;
}

/** Outcome of `compareViews`. */
export interface Disagreement {
  flag: "analyst-higher" | "analyst-lower" | null;
  analyst: "high" | "middle" | "low" | null;
  statistical: "high" | "middle" | "low" | null;
  /** One sentence for the country page and the alert explanation. */
  explanation: string;
}

/**
 * Compares the analyst synthesis with the statistical rank (rule in the module doc).
 * @param analyst the newest published synthesis, or null
 * @param statistical the newest forecast rank, or null
 * @throws {RangeError} for a rank outside 1…ranked
 */
export function compareViews(analyst: Synthesis | null, statistical: StatisticalRisk | null, thresholds: Partial<DisagreementThresholds> = {}): Disagreement {
  const t = { ...DISAGREEMENT_THRESHOLDS, ...thresholds };
  if (statistical && !(Number.isInteger(statistical.rank) && statistical.rank >= 1 && statistical.rank <= statistical.ranked)) {
    throw new RangeError(`rank must be an integer in 1…${statistical.ranked}, got ${statistical.rank}`);
  }
  const a = analyst && analyst.sufficient && analyst.score !== null ? (analyst.score >= t.highScore ? "high" : analyst.score <= t.lowScore ? "low" : "middle") : null;
  const lowRank = statistical ? Math.max(t.lowRankFloor, statistical.ranked * t.lowRankShare) : 0;
  const s = statistical ? (statistical.rank <= t.highRank ? "high" : statistical.rank > lowRank ? "low" : "middle") : null;
  const flag = a === "high" && s === "low" ? "analyst-higher" : a === "low" && s === "high" ? "analyst-lower" : null;
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const explanation =
    flag === "analyst-higher"
      ? `Analysts rate the risk high (score ${analyst!.score!.toFixed(2)}) while the statistical model ranks the country ${statistical!.rank} of ${statistical!.ranked} (${pct(statistical!.risk)}): the model may be missing what analysts see.`
      : flag === "analyst-lower"
        ? `Analysts rate the risk low (score ${analyst!.score!.toFixed(2)}) while the statistical model ranks the country ${statistical!.rank} of ${statistical!.ranked} (${pct(statistical!.risk)}): check the assessment against the model's drivers.`
        : a === null
          ? "No sufficient published analyst assessment to compare with the statistical risk."
          : s === null
            ? "No statistical forecast to compare with the analyst assessment."
            : "Analyst assessment and statistical risk do not strongly disagree.";
  return { flag, analyst: a, statistical: s, explanation };
}

const ORDER: readonly Severity[] = ["low", "moderate", "high", "critical"];

/**
 * How a published assessment feeds an escalation alert's severity (`domain/events/escalation.ts`):
 * a sufficient assessment at `very_high` raises the severity by one step; at `high` it lifts `low`
 * to `moderate`; `low` or `moderate` assessments never lower an alert (events on the ground outrank
 * a dated desk view). Insufficient assessments change nothing.
 * @returns the new severity and a sentence for the alert explanation (null when unchanged)
 * @throws {RangeError} for an unknown severity
 */
export function applyAssessmentToAlert(severity: Severity, analyst: Synthesis | null): { severity: Severity; reason: string | null } {
  const i = ORDER.indexOf(severity);
  if (i < 0) throw new RangeError(`unknown severity "${severity}"`);
  if (!analyst || !analyst.sufficient || analyst.level === null) return { severity, reason: null };
  const raised = analyst.level === "very_high" ? ORDER[Math.min(i + 1, ORDER.length - 1)] : analyst.level === "high" && severity === "low" ? "moderate" : severity;
  return raised === severity
    ? { severity, reason: null }
    : { severity: raised, reason: `Raised from ${severity} to ${raised}: the newest published analyst assessment rates the risk ${analyst.level.replace("_", " ")} (score ${analyst.score!.toFixed(2)}).` };
}
