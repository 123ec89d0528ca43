/**
 * Alert levels from signals (pure): `computeLevel` applies the rules of `rules.ts` to a subject's
 * signals and explains the result; `nextLevel` moves a subject from its previous state to the new
 * one with hysteresis (escalate at once, de-escalate only after a dwell) and analyst overrides.
 */
import { ALERT_LEVELS, LEVEL_LABELS, levelRank, type AlertLevel } from "./level.ts";
import { SIGNAL_FAMILY, type AlertRules, type Band, type KindRule } from "./rules.ts";
import { SIGNAL_KINDS, type AlertSignal } from "./signal.ts";

/** A signal with what the rules made of it. */
export interface ContributingSignal extends AlertSignal {
  /** The level this signal reaches on its own. */
  supports: AlertLevel;
  /** The rule text it met, e.g. "rank ≤ 10 (Warning)"; null when it reaches no level. */
  rule: string | null;
}

/** Output of {@link computeLevel}. */
export interface ComputedLevel {
  level: AlertLevel;
  /** Signals reaching at least Watch, gravest first. */
  contributing: ContributingSignal[];
  /** Every signal seen, judged (for the record). */
  judged: ContributingSignal[];
  /** True when corroboration raised the level one step. */
  corroborated: boolean;
  /** One paragraph a person can read: the level and each signal behind it. */
  explanation: string;
}

const SEVERITIES = ["", "low", "moderate", "high", "critical"];

function describe(rule: KindRule, band: Band, threshold: number): string {
  const text = rule.describe
    .replace("{t%}", `${(threshold * 100).toFixed(0)} %`)
    .replace("{sev}", SEVERITIES[threshold] ?? String(threshold))
    .replace("{t}", String(threshold));
  return `${text} (${LEVEL_LABELS[band.level]})`;
}

/**
 * The level one signal reaches on its own: the highest band of any of its kind's rules it passes.
 * For levels at or below `holding` (the level in force) the easier exit threshold applies.
 */
export function judgeSignal(signal: AlertSignal, rules: AlertRules, holding: AlertLevel = "none"): ContributingSignal {
  let best: { level: AlertLevel; rule: string | null; threshold: number | null } = { level: "none", rule: null, threshold: null };
  for (const rule of rules.kinds[signal.kind] ?? []) {
    const x = rule.metric === "risk" ? signal.risk : signal.value;
    if (x === undefined || !Number.isFinite(x)) continue;
    if (rule.minRisk !== undefined && !((signal.risk ?? 0) >= rule.minRisk)) continue;
    for (const band of rule.bands) {
      const t = levelRank(band.level) <= levelRank(holding) ? band.exit : band.enter;
      const passes = rule.direction === "higher" ? x >= t : x <= t;
      if (passes) {
        if (levelRank(band.level) > levelRank(best.level)) best = { level: band.level, rule: describe(rule, band, t), threshold: t };
        break;
      }
    }
  }
  return { ...signal, threshold: best.threshold ?? signal.threshold, supports: best.level, rule: best.rule };
}

/**
 * Proposes a level from a subject's signals (rules in `rules.ts`):
 * level = the highest level any signal reaches on its own; then, when at least
 * `corroboration.minFamilies` independent source families reach that level, one step higher
 * (Emergency this way only with an events or reports family among them).
 * @param signals the subject's signals (any order)
 * @param holding the level in force, so its easier exit thresholds apply (default none)
 * @returns the proposed level, the signals behind it, and an explanation that names each of them
 *   and always carries an analyst/statistical disagreement when one is flagged
 */
export function computeLevel(signals: readonly AlertSignal[], rules: AlertRules, holding: AlertLevel = "none"): ComputedLevel {
  const judged = signals.map((s) => judgeSignal(s, rules, holding));
  const order = (s: ContributingSignal) => SIGNAL_KINDS.indexOf(s.kind);
  judged.sort((a, b) => levelRank(b.supports) - levelRank(a.supports) || order(a) - order(b));
  const contributing = judged.filter((s) => s.supports !== "none");
  let level: AlertLevel = contributing[0]?.supports ?? "none";
  let corroborated = false;
  const min = rules.corroboration.minFamilies;
  if (level !== "none" && level !== "emergency" && min > 0) {
    const families = new Set(contributing.filter((s) => s.supports === level).map((s) => SIGNAL_FAMILY[s.kind]));
    const next = ALERT_LEVELS[levelRank(level) + 1];
    const eventsOk = next !== "emergency" || !rules.corroboration.emergencyNeedsEvents || families.has("events") || families.has("reports");
    if (families.size >= min && eventsOk) {
      level = next;
      corroborated = true;
    }
  }
  return { level, contributing, judged, corroborated, explanation: explain(level, contributing, judged, corroborated, holding) };
}

function explain(level: AlertLevel, contributing: ContributingSignal[], judged: ContributingSignal[], corroborated: boolean, holding: AlertLevel): string {
  const parts: string[] = [];
  if (level === "none") parts.push(`${LEVEL_LABELS.none}: no signal reaches the Watch threshold.`);
  else parts.push(`${LEVEL_LABELS[level]}: ${contributing.length} signal${contributing.length === 1 ? "" : "s"} at or above Watch.`);
  for (const s of contributing) parts.push(`${s.sentence} [${s.kind}: ${s.rule}]`);
  if (corroborated) {
    const families = [...new Set(contributing.filter((s) => levelRank(s.supports) === levelRank(level) - 1).map((s) => SIGNAL_FAMILY[s.kind]))];
    parts.push(`Independent sources agree (${families.join(", ")}), so the level is one step above what any of them shows alone.`);
  }
  if (holding !== "none" && contributing.some((s) => levelRank(s.supports) <= levelRank(holding))) {
    parts.push(`Thresholds for staying at ${LEVEL_LABELS[holding]} or below are the easier exit thresholds.`);
  }
  // The analyst/statistical disagreement is shown whether or not the assessment moved the level.
  const disagreement = judged.find((s) => s.kind === "assessment" && s.detail?.disagreement);
  if (disagreement && !contributing.includes(disagreement)) parts.push(`Analyst disagreement (${disagreement.detail!.disagreement}): ${disagreement.sentence}`);
  else if (disagreement) parts.push(`Analyst disagreement flagged: ${disagreement.detail!.disagreement}.`);
  return parts.join(" ");
}

/** An analyst's override of the rules; it wins until it expires or is cleared. */
export interface AlertOverride {
  level: AlertLevel;
  /** Why (required, shown with the level). */
  reason: string;
  /** Who: `user:<id>`. */
  by: string;
  /** ISO time it was set. */
  at: string;
  /** ISO time it lapses; absent = until cleared. */
  until?: string;
}

/** A de-escalation waiting out its dwell. */
export interface PendingDrop {
  /** The highest level proposed while waiting (the level to drop to). */
  level: AlertLevel;
  /** Consecutive computations that proposed lower. */
  count: number;
  /** ISO time of the first of them. */
  since: string;
}

/** A subject's state between computations. */
export interface AlertState {
  /** The level in force. */
  level: AlertLevel;
  /** What the rules (with hysteresis) said, without the override. */
  computedLevel: AlertLevel;
  override: AlertOverride | null;
  pending: PendingDrop | null;
}

/** How a computation moved the state. */
export type Transition = "escalated" | "de-escalated" | "held" | "unchanged" | "overridden" | "override-ended";

/** Output of {@link nextLevel}. */
export interface NextState {
  state: AlertState;
  /** True when the level in force changed (or an override ended), i.e. a new alerts row is due. */
  changed: boolean;
  transition: Transition;
  /** A sentence on the transition for the explanation (hold, dwell, override). */
  note: string;
}

/** True when the override is in force at `now`. */
export function overrideActive(override: AlertOverride | null | undefined, now: Date): override is AlertOverride {
  return Boolean(override && (!override.until || Date.parse(override.until) > now.getTime()));
}

/** The level whose exit thresholds apply in the next computation: the rule-based level in force. */
export function holdingLevel(previous: AlertState | null): AlertLevel {
  return previous?.computedLevel ?? "none";
}

const DAY = 86_400_000;

/**
 * Moves a subject to its next state.
 * - Rule-based level (hysteresis): a proposal above the rule level takes effect at once; a proposal
 *   below it starts (or continues) a pending drop, which takes effect when `dwellComputations`
 *   consecutive computations spanning ≥ `dwellDays` proposed lower — to the highest level proposed
 *   meanwhile; a proposal back at the level cancels it. So a series oscillating around a threshold
 *   does not flap.
 * - An active override sets the level in force whatever the rules say (the rule level keeps being
 *   tracked underneath); once it expires, the level in force returns to the rule level at once.
 * @param previous the state after the last computation (null for a new subject: level none)
 * @param proposed `computeLevel(...).level`, computed with `holdingLevel(previous)`
 * @param now the computation's time
 */
export function nextLevel(previous: AlertState | null, proposed: AlertLevel, now: Date, rules: AlertRules): NextState {
  const prev: AlertState = previous ?? { level: "none", computedLevel: "none", override: null, pending: null };
  const { dwellComputations, dwellDays } = rules.hysteresis;
  let computed = prev.computedLevel;
  let pending: PendingDrop | null = null;
  let note: string;
  let ruleMove: "up" | "down" | "hold" | "same" = "same";
  if (levelRank(proposed) > levelRank(prev.computedLevel)) {
    computed = proposed;
    ruleMove = "up";
    note = `Raised at once from ${LEVEL_LABELS[prev.computedLevel]} to ${LEVEL_LABELS[proposed]} (escalation is immediate).`;
  } else if (levelRank(proposed) < levelRank(prev.computedLevel)) {
    const p = prev.pending;
    const target = p && levelRank(p.level) > levelRank(proposed) ? p.level : proposed;
    const next: PendingDrop = p ? { level: target, count: p.count + 1, since: p.since } : { level: proposed, count: 1, since: now.toISOString() };
    const days = (now.getTime() - Date.parse(next.since)) / DAY;
    if (next.count >= dwellComputations && days >= dwellDays) {
      computed = next.level;
      ruleMove = "down";
      note = `Lowered from ${LEVEL_LABELS[prev.computedLevel]} to ${LEVEL_LABELS[next.level]} after ${next.count} computations over ${Math.floor(days)} days below it.`;
    } else {
      pending = next;
      ruleMove = "hold";
      note = `Held at ${LEVEL_LABELS[prev.computedLevel]}: the rules say ${LEVEL_LABELS[proposed]} (${next.count} of ${dwellComputations} computations, ${Math.floor(days)} of ${dwellDays} days needed before lowering).`;
    }
  } else {
    note = `Unchanged at ${LEVEL_LABELS[computed]}.`;
  }

  const overridden = overrideActive(prev.override, now);
  const override = overridden ? prev.override : null;
  const level = overridden ? prev.override!.level : computed;
  const state: AlertState = { level, computedLevel: computed, override, pending };
  if (overridden) {
    const o = prev.override!;
    const noteO = `Overridden by an analyst to ${LEVEL_LABELS[o.level]}${o.until ? ` until ${o.until}` : ""}: ${o.reason} (rules say ${LEVEL_LABELS[computed]}).`;
    return { state, changed: level !== prev.level, transition: level !== prev.level ? "overridden" : "unchanged", note: noteO };
  }
  if (prev.override) {
    return { state, changed: true, transition: "override-ended", note: `The analyst override to ${LEVEL_LABELS[prev.override.level]} expired; the rules set ${LEVEL_LABELS[computed]}. ${note}` };
  }
  const transition: Transition = ruleMove === "up" ? "escalated" : ruleMove === "down" ? "de-escalated" : ruleMove === "hold" ? "held" : "unchanged";
  return { state, changed: level !== prev.level, transition, note };
}

/**
 * Applies (or clears, with `null`) an override to a state.
 * @throws {RangeError} when the reason is blank or `until` is not after `at`
 */
export function applyOverride(previous: AlertState | null, override: AlertOverride | null): AlertState {
  const prev: AlertState = previous ?? { level: "none", computedLevel: "none", override: null, pending: null };
  if (!override) return { ...prev, level: prev.computedLevel, override: null };
  if (!override.reason.trim()) throw new RangeError("an override needs a reason");
  if (override.until && !(Date.parse(override.until) > Date.parse(override.at))) throw new RangeError("override.until must be after override.at");
  return { ...prev, level: override.level, override };
}
