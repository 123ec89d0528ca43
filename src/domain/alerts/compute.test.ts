import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compareViews } from "../assessment/disagreement.ts";
import type { Synthesis } from "../assessment/scoring.ts";
import type { EscalationAlert } from "../events/escalation.ts";
import { applyOverride, computeLevel, holdingLevel, nextLevel, overrideActive, type AlertState } from "./compute.ts";
import type { AlertLevel } from "./level.ts";
import { DEFAULT_RULES, structuralRules, validateRules, type AlertRules } from "./rules.ts";
import { assessmentSignal, escalationSignals, forecastSignals, reportSignals, speechSignals, type AlertSignal } from "./signal.ts";

const rules = DEFAULT_RULES as AlertRules;
const point = (rank: number, risk: number, baseYear = 2024) => ({ baseYear, rank, ranked: 160, risk, source: `run ${baseYear}` });
const synth = (score: number, sufficient = true): Synthesis => ({
  framework: { key: "un-2014", version: 1 }, score, level: score < 0.25 ? "low" : score < 0.5 ? "moderate" : score < 0.75 ? "high" : "very_high",
  coverage: 0.9, sufficient, factors: [], rule: "",
});
const escalation = (severity: EscalationAlert["severity"], periodEnd: string, admin1: string | null = null): EscalationAlert => ({
  id: `tocsin|country|month|MMR|${periodEnd}`, detector: "tocsin", level: admin1 ? "admin1" : "country", period: "month", countryIso3: "MMR", countryName: "Myanmar",
  admin1, periodStart: periodEnd.slice(0, 8) + "01", periodEnd, peakPeriodStart: periodEnd.slice(0, 8) + "01", score: 5, flaggedPeriods: 1, events: 12, eventKeys: [],
  fatalities: 300, civilianDeaths: 40, severity,
});
const NOW = new Date("2026-06-30T00:00:00Z");

describe("rules", () => {
  test("the defaults are valid, and bad rule sets are refused", () => {
    assert.doesNotThrow(() => validateRules(rules));
    const harder = structuredClone(rules);
    harder.kinds["forecast-risk"][0].bands[0].exit = 5; // leaving a rank band harder than entering it
    assert.throws(() => validateRules(harder), /leaving must not be harder/);
    const order = structuredClone(rules);
    order.kinds["verified-report"][0].bands.reverse();
    assert.throws(() => validateRules(order), /highest level down/);
  });

  test("structural bands: top 30 is Watch, top 10 Warning; risk alone can also enter", () => {
    assert.equal(computeLevel(forecastSignals("AAA", point(31, 0.01)), rules).level, "none");
    assert.equal(computeLevel(forecastSignals("AAA", point(30, 0.01)), rules).level, "watch");
    assert.equal(computeLevel(forecastSignals("AAA", point(10, 0.01)), rules).level, "warning");
    assert.equal(computeLevel(forecastSignals("AAA", point(80, 0.05)), rules).level, "watch");
    assert.equal(computeLevel(forecastSignals("AAA", point(80, 0.12)), rules).level, "warning");
  });

  test("exit thresholds are easier than entry ones", () => {
    const s = forecastSignals("AAA", point(14, 0.01));
    assert.equal(computeLevel(s, rules, "none").level, "watch");
    assert.equal(computeLevel(s, rules, "warning").level, "warning");
    assert.equal(computeLevel(forecastSignals("AAA", point(16, 0.01)), rules, "warning").level, "watch");
  });

  test("a climb in rank or a doubling of risk enters Watch only when the new risk is not negligible", () => {
    const climbed = forecastSignals("AAA", point(45, 0.025), point(90, 0.025, 2023));
    assert.deepEqual(climbed.map((s) => s.kind), ["forecast-risk", "rank-change"]);
    assert.equal(computeLevel(climbed, rules).level, "watch");
    const doubled = forecastSignals("AAA", point(70, 0.021), point(100, 0.01, 2023));
    assert.equal(computeLevel(doubled, rules).level, "watch");
    const tiny = forecastSignals("AAA", point(70, 0.006), point(140, 0.001, 2023));
    assert.equal(computeLevel(tiny, rules).level, "none");
  });

  test("escalation severity maps to levels and only recent alerts count", () => {
    assert.equal(computeLevel(escalationSignals([escalation("critical", "2026-06-01")], NOW, 90), rules).level, "emergency");
    assert.equal(computeLevel(escalationSignals([escalation("high", "2026-06-01")], NOW, 90), rules).level, "warning");
    assert.equal(computeLevel(escalationSignals([escalation("moderate", "2026-06-01")], NOW, 90), rules).level, "watch");
    assert.equal(escalationSignals([escalation("critical", "2026-01-01")], NOW, 90).length, 0);
  });

  test("a very high analyst assessment raises an escalation's severity (applyAssessmentToAlert)", () => {
    const [s] = escalationSignals([escalation("high", "2026-06-01")], NOW, 90, synth(0.8));
    assert.equal(s.detail?.severity, "critical");
    assert.match(s.sentence, /Raised from high to critical/);
    assert.equal(computeLevel([s], rules).level, "emergency");
  });

  test("verified reports and speech spikes", () => {
    const reports = Array.from({ length: 3 }, (_, i) => ({ id: `r${i}`, countryIso3: "MMR", occurredOn: "2026-06-10" }));
    const [r] = reportSignals([...reports, { id: "old", countryIso3: "MMR", occurredOn: "2025-01-01" }], NOW, 90);
    assert.equal(r.value, 3);
    assert.deepEqual(r.sourceIds, ["r0", "r1", "r2"]);
    assert.equal(computeLevel([r], rules).level, "warning");
    const spike = { signal: "speech_spike" as const, country: "MMR", period: "2026-06-22", dimension: "volume" as const, key: "all", count: 40, expected: 5, z: 15, rate: 1, baselineRate: 1, message: "MMR: 40 texts" };
    const sp = speechSignals([spike], NOW, 30);
    // Speech alone never goes above Watch.
    assert.equal(computeLevel(sp, rules).level, "watch");
  });

  test("corroboration: two families at a level raise it; Emergency needs events on the ground", () => {
    const structural = forecastSignals("MMR", point(5, 0.2));
    const esc = escalationSignals([escalation("high", "2026-06-01")], NOW, 90);
    const both = computeLevel([...structural, ...esc], rules);
    assert.equal(both.level, "emergency");
    assert.ok(both.corroborated);
    const analysts = assessmentSignal("MMR", synth(0.8), compareViews(synth(0.8), { rank: 5, ranked: 160, risk: 0.2 }), { id: "a1", assessedOn: "2026-05-01" })!;
    const noEvents = computeLevel([...structural, analysts], rules);
    assert.equal(noEvents.level, "warning", "structural + analysts alone do not make an Emergency");
    const watchPair = computeLevel([...forecastSignals("MMR", point(25, 0.01)), ...speechSignals([{ signal: "speech_spike", country: "MMR", period: "2026-06-22", dimension: "volume", key: "all", count: 40, expected: 5, z: 15, rate: 1, baselineRate: 1, message: "m" }], NOW, 30)], rules);
    assert.equal(watchPair.level, "warning");
    const off = structuredClone(rules);
    off.corroboration.minFamilies = 0;
    assert.equal(computeLevel([...structural, ...esc], off).level, "warning");
  });

  test("the explanation names every contributing signal and the rule it met", () => {
    const signals: AlertSignal[] = [...forecastSignals("MMR", point(5, 0.2)), ...escalationSignals([escalation("moderate", "2026-06-01", "Rakhine")], NOW, 90)];
    const c = computeLevel(signals, rules);
    assert.match(c.explanation, /^Warning: 2 signals/);
    assert.match(c.explanation, /ranks MMR 5 of 160/);
    assert.match(c.explanation, /rank ≤ 10 \(Warning\)/);
    assert.match(c.explanation, /Escalation in Rakhine \(MMR\)/);
    assert.match(c.explanation, /severity ≥ moderate \(Watch\)/);
    assert.match(computeLevel([], rules).explanation, /no signal reaches the Watch threshold/);
  });

  test("the analyst/statistical disagreement flag always appears in the explanation", () => {
    const stat = { rank: 120, ranked: 160, risk: 0.004 };
    const d = compareViews(synth(0.8), stat);
    assert.equal(d.flag, "analyst-higher");
    const a = assessmentSignal("AAA", synth(0.8), d, { id: "a1", assessedOn: "2026-05-01" })!;
    const c = computeLevel([...forecastSignals("AAA", point(120, 0.004)), a], rules);
    assert.equal(c.level, "warning");
    assert.match(c.explanation, /analyst-higher/);
    assert.match(c.explanation, /model may be missing what analysts see/);
    // A low assessment against a high model: the assessment supports no level but the flag is shown.
    const low = compareViews(synth(0.1), { rank: 3, ranked: 160, risk: 0.3 });
    const b = assessmentSignal("AAA", synth(0.1), low, { id: "a2", assessedOn: "2026-05-01" })!;
    const c2 = computeLevel([...forecastSignals("AAA", point(3, 0.3)), b], rules);
    assert.equal(c2.level, "warning");
    assert.match(c2.explanation, /Analyst disagreement \(analyst-lower\)/);
    assert.equal(assessmentSignal("AAA", null, compareViews(null, stat), { id: "x", assessedOn: "2026-01-01" }), null);
  });
});

/** Runs a series of proposals through nextLevel, one computation a week unless `days` says otherwise. */
function run(proposals: AlertLevel[], r: AlertRules = rules, days = 7, start: AlertState | null = null): AlertLevel[] {
  let state = start;
  return proposals.map((p, i) => {
    state = nextLevel(state, p, new Date(Date.UTC(2026, 0, 1) + i * days * 86_400_000), r).state;
    return state.level;
  });
}

describe("hysteresis", () => {
  test("escalation is immediate, de-escalation waits for the dwell", () => {
    assert.deepEqual(run(["none", "warning", "watch", "watch", "watch"]), ["none", "warning", "warning", "warning", "watch"]);
  });

  test("the dwell needs consecutive computations: a return to the level resets it", () => {
    assert.deepEqual(run(["warning", "watch", "warning", "watch", "warning", "watch", "watch", "watch"]), ["warning", "warning", "warning", "warning", "warning", "warning", "warning", "watch"]);
  });

  test("the dwell also needs time: two computations on the same day do not lower", () => {
    const r = structuredClone(rules);
    assert.deepEqual(run(["warning", "none", "none", "none"], r, 0.5), ["warning", "warning", "warning", "warning"]);
    r.hysteresis.dwellDays = 0;
    assert.deepEqual(run(["warning", "none", "none"], r, 0.5), ["warning", "warning", "none"]);
  });

  test("it drops to the highest level proposed during the dwell", () => {
    // Weekly computations with a 14-day dwell: the third lower proposal is the first that may lower.
    assert.deepEqual(run(["emergency", "watch", "none", "none"]), ["emergency", "emergency", "emergency", "watch"]);
  });

  test("no flapping on a forecast series oscillating around a threshold", () => {
    // Ranks wobbling around the Warning entry (10) and, later, the exit (15).
    const ranks = [12, 9, 11, 10, 12, 9, 14, 11, 16, 13, 16, 14, 16, 17, 18, 19];
    let state: AlertState | null = null;
    const levels: AlertLevel[] = [];
    ranks.forEach((rank, i) => {
      const proposed = computeLevel(forecastSignals("AAA", point(rank, 0.01)), rules, holdingLevel(state)).level;
      state = nextLevel(state, proposed, new Date(Date.UTC(2026, 0, 1 + 7 * i)), rules).state;
      levels.push(state.level);
    });
    const changes = levels.filter((l, i) => i > 0 && l !== levels[i - 1]).length;
    assert.deepEqual(levels.slice(0, 2), ["watch", "warning"]);
    assert.equal(changes, 2, `levels ${levels.join(",")}`);
    assert.equal(levels.at(-1), "watch");
    // Without hysteresis the same series flips level at nearly every step.
    const naive = ranks.map((rank) => computeLevel(forecastSignals("AAA", point(rank, 0.01)), rules).level);
    assert.ok(naive.filter((l, i) => i > 0 && l !== naive[i - 1]).length >= 5);
  });
});

describe("override", () => {
  const at = "2026-01-01T00:00:00.000Z";
  test("an override wins over the rules until it expires, then the rules take over at once", () => {
    const start = applyOverride(null, { level: "emergency", reason: "field reports of massacres", by: "user:1", at, until: "2026-01-20T00:00:00.000Z" });
    assert.equal(start.level, "emergency");
    let state: AlertState = start;
    const seen: { level: AlertLevel; transition: string }[] = [];
    for (let i = 1; i <= 4; i++) {
      const next = nextLevel(state, "watch", new Date(Date.parse(at) + i * 7 * 86_400_000), rules);
      state = next.state;
      seen.push({ level: state.level, transition: next.transition });
    }
    assert.deepEqual(seen.map((s) => s.level), ["emergency", "emergency", "watch", "watch"]);
    assert.equal(seen[2].transition, "override-ended");
    assert.equal(state.override, null);
  });

  test("an override without expiry lasts until cleared, and can lower the level too", () => {
    const base = nextLevel(null, "warning", new Date(at), rules).state;
    const o = applyOverride(base, { level: "watch", reason: "the reports were a hoax", by: "user:1", at });
    const held = nextLevel(o, "warning", new Date("2027-01-01T00:00:00Z"), rules);
    assert.equal(held.state.level, "watch");
    assert.match(held.note, /Overridden by an analyst to Watch: the reports were a hoax/);
    assert.equal(applyOverride(held.state, null).level, "warning");
  });

  test("an override needs a reason and a sensible expiry", () => {
    assert.throws(() => applyOverride(null, { level: "watch", reason: "  ", by: "user:1", at }), /reason/);
    assert.throws(() => applyOverride(null, { level: "watch", reason: "x", by: "user:1", at, until: at }), /after/);
    assert.equal(overrideActive({ level: "watch", reason: "x", by: "u", at, until: "2026-02-01T00:00:00Z" }, new Date("2026-02-01T00:00:00Z")), false);
  });

  test("structural rules ignore event-like signals", () => {
    const s = structuralRules(rules);
    assert.equal(computeLevel(escalationSignals([escalation("critical", "2026-06-01")], NOW, 90), s).level, "none");
  });
});
