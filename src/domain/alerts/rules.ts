/**
 * The alert rules as data: for each kind of signal, which value enters which level and which value
 * is enough to stay there (leaving is harder than entering: hysteresis on the thresholds), how
 * independent sources corroborate each other, and how long a lower level must persist before a
 * level is lowered (hysteresis in time). `computeLevel` and `nextLevel` in `compute.ts` apply them.
 *
 * The default thresholds were fixed from the design below BEFORE the track record
 * (`track-record.ts`) was computed on the EWP history, and were not tuned on it:
 * - Structural forecast (EWP two-year onset risk): EWP's own public watch list is its top 30, so
 *   rank ≤ 30 (or a risk ≥ 4 %, about twice the yearly base rate over two years) enters Watch;
 *   the top 10 (or ≥ 10 %) enters Warning. Structural risk alone never makes an Emergency: that
 *   needs violence on the ground. To leave, a country must fall past rank 40 / 15, or below
 *   3 % / 7 %.
 * - A climb of ≥ 20 places or a doubling of risk between runs (years) enters Watch, when the new
 *   risk is at least 2 % (a rise from 0.1 % to 0.3 % is noise, not a warning).
 * - Escalation alerts (`detectEscalations`, severity from deaths) ending in the last 90 days:
 *   moderate → Watch, high → Warning, critical → Emergency.
 * - Dangerous-speech spikes in the last 30 days with z ≥ 4 → Watch (speech alone never goes higher).
 * - Published verified incident reports in the last 90 days: 1 → Watch, 3 → Warning, 10 → Emergency.
 * - A sufficient published analyst assessment: score ≥ 0.5 (high) → Watch, ≥ 0.75 (very high) → Warning.
 * - Corroboration: when two independent families of sources (structural, events, speech, reports,
 *   analysts) each reach the highest level found, the level rises one step; Emergency reached this
 *   way needs one of them to be violence on the ground (events or verified reports).
 * - De-escalation: only after the rules have said lower in 2 consecutive computations spanning at
 *   least 14 days; escalation is immediate.
 */
import type { AlertLevel } from "./level.ts";
import type { SignalKind } from "./signal.ts";
import { SIGNAL_FAMILY, SIGNAL_KIND_REGISTRY } from "./signal-kinds.ts";

export { SIGNAL_FAMILY };

/** A level above `none`. */
export type RaisedLevel = Exclude<AlertLevel, "none">;

/**
 * One level's threshold. For `higher` rules a value ≥ `enter` enters the level and a value ≥ `exit`
 * keeps it (exit ≤ enter); for `lower` rules (ranks) a value ≤ `enter` enters and ≤ `exit` keeps it
 * (exit ≥ enter).
 */
export interface Band {
  level: RaisedLevel;
  enter: number;
  exit: number;
}

/** How one kind of signal maps to levels, on one of its numbers. */
export interface KindRule {
  /** Which number of the signal is judged: `value`, or `risk` (structural signals). */
  metric: "value" | "risk";
  /** `higher`: larger is graver; `lower`: smaller is graver (ranks). */
  direction: "higher" | "lower";
  /** Bands from the highest level down. */
  bands: Band[];
  /** The signal counts only when its `risk` is at least this (change signals). */
  minRisk?: number;
  /** How a threshold reads in an explanation, `{t}` standing for the number. */
  describe: string;
}

/** The whole rule set. */
export interface AlertRules {
  /** Rules per kind; a signal supports the highest level any of its kind's rules gives it. */
  kinds: Record<SignalKind, KindRule[]>;
  /** How far back event-like signals count, in days. */
  recentDays: { escalation: number; speech: number; reports: number };
  corroboration: {
    /** Distinct source families at the top level needed to raise one step (0 disables). */
    minFamilies: number;
    /** Emergency by corroboration needs an events or reports family among them. */
    emergencyNeedsEvents: boolean;
  };
  hysteresis: {
    /** Consecutive computations proposing a lower level before lowering. */
    dwellComputations: number;
    /** Days the lower proposals must span (from the first) before lowering. */
    dwellDays: number;
  };
}

/** The documented defaults (see the module doc for why each number). */
export const DEFAULT_RULES: Readonly<AlertRules> = {
  kinds: {
    "forecast-risk": [
      { metric: "value", direction: "lower", describe: "rank ≤ {t}", bands: [{ level: "warning", enter: 10, exit: 15 }, { level: "watch", enter: 30, exit: 40 }] },
      { metric: "risk", direction: "higher", describe: "risk ≥ {t%}", bands: [{ level: "warning", enter: 0.1, exit: 0.07 }, { level: "watch", enter: 0.04, exit: 0.03 }] },
    ],
    "rank-change": [{ metric: "value", direction: "higher", minRisk: 0.02, describe: "climb ≥ {t} places", bands: [{ level: "watch", enter: 20, exit: 20 }] }],
    "risk-change": [{ metric: "value", direction: "higher", minRisk: 0.02, describe: "risk × {t}", bands: [{ level: "watch", enter: 2, exit: 2 }] }],
    escalation: [
      {
        metric: "value", direction: "higher", describe: "severity ≥ {sev}",
        bands: [{ level: "emergency", enter: 4, exit: 4 }, { level: "warning", enter: 3, exit: 3 }, { level: "watch", enter: 2, exit: 2 }],
      },
    ],
    "speech-spike": [{ metric: "value", direction: "higher", describe: "z ≥ {t}", bands: [{ level: "watch", enter: 4, exit: 4 }] }],
    "verified-report": [
      { metric: "value", direction: "higher", describe: "≥ {t} reports", bands: [{ level: "emergency", enter: 10, exit: 10 }, { level: "warning", enter: 3, exit: 3 }, { level: "watch", enter: 1, exit: 1 }] },
    ],
    assessment: [{ metric: "value", direction: "higher", describe: "analyst score ≥ {t}", bands: [{ level: "warning", enter: 0.75, exit: 0.75 }, { level: "watch", enter: 0.5, exit: 0.5 }] }],
  },
  recentDays: { escalation: 90, speech: 30, reports: 90 },
  corroboration: { minFamilies: 2, emergencyNeedsEvents: true },
  hysteresis: { dwellComputations: 2, dwellDays: 14 },
};

/**
 * Checks a rule set: bands ordered from the highest level down, exit no stricter than enter,
 * non-negative dwell.
 * @throws {RangeError} naming the first bad field
 */
export function validateRules(rules: AlertRules): AlertRules {
  const order = ["watch", "warning", "emergency"];
  for (const [kind, list] of Object.entries(rules.kinds)) {
    list.forEach((rule, r) => {
      rule.bands.forEach((b, i) => {
        const at = `kinds.${kind}[${r}].bands[${i}]`;
        if (!order.includes(b.level)) throw new RangeError(`${at}.level: unknown level "${b.level}"`);
        if (!Number.isFinite(b.enter) || !Number.isFinite(b.exit)) throw new RangeError(`${at}: enter and exit must be finite numbers`);
        if (rule.direction === "higher" ? b.exit > b.enter : b.exit < b.enter) throw new RangeError(`${at}: leaving must not be harder than entering (exit ${b.exit}, enter ${b.enter})`);
        if (i > 0 && order.indexOf(b.level) >= order.indexOf(rule.bands[i - 1].level)) throw new RangeError(`${at}: bands must go from the highest level down`);
      });
    });
  }
  const h = rules.hysteresis;
  if (!(Number.isInteger(h.dwellComputations) && h.dwellComputations >= 1)) throw new RangeError("hysteresis.dwellComputations must be an integer ≥ 1");
  if (!(h.dwellDays >= 0)) throw new RangeError("hysteresis.dwellDays must be ≥ 0");
  return rules;
}

/**
 * The structural part of a rule set, for the track record: the rules of the kinds the registry
 * marks structural, none for the others, and no corroboration. Derived from the registry, so a new
 * kind is structural or not by its entry, never by being left off a list here.
 */
export function structuralRules(rules: AlertRules): AlertRules {
  const kinds = Object.fromEntries(
    (Object.keys(rules.kinds) as SignalKind[]).map((k) => [k, SIGNAL_KIND_REGISTRY[k].structural ? rules.kinds[k] : []]),
  ) as Record<SignalKind, KindRule[]>;
  return { ...rules, kinds, corroboration: { ...rules.corroboration, minFamilies: 0 } };
}
