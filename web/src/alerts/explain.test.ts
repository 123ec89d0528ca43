/**
 * The client's explanation renderer against the server's: alerts computed by the domain's own
 * `computeLevel` and `nextLevel`, explained as the service stores them, must be recognised part by
 * part (so the two cannot drift silently), read with every number and level name in English, and
 * come out with no English left in French, Spanish and Arabic; anything unknown stays English.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { computeLevel, holdingLevel, nextLevel, type AlertState } from "../../../src/domain/alerts/compute.ts";
import { LEVEL_LABELS } from "../../../src/domain/alerts/level.ts";
import { DEFAULT_RULES } from "../../../src/domain/alerts/rules.ts";
import { escalationSignals, forecastSignals, reportSignals, type AlertSignal } from "../../../src/domain/alerts/signal.ts";
import type { EscalationAlert } from "../../../src/domain/events/escalation.ts";
import { useCatalogue } from "../i18n/i18n.ts";
import ar from "../i18n/messages/ar.json" with { type: "json" };
import en from "../i18n/messages/en.json" with { type: "json" };
import es from "../i18n/messages/es.json" with { type: "json" };
import fr from "../i18n/messages/fr.json" with { type: "json" };
import { canonicalSentence, differenceParts, explanationParts, fullyTranslated, type ExplainInput } from "./explain.ts";

const NOW = new Date("2026-06-15T00:00:00Z");
const rules = DEFAULT_RULES;

/** The explanation as `computeSubject` in src/services/alert-level.service.ts writes it. */
function serverAlert(signals: AlertSignal[], previous: AlertState | null, orgNote = "", now = NOW): ExplainInput & { level: string } {
  const computed = computeLevel(signals, rules, holdingLevel(previous));
  const next = nextLevel(previous, computed.level, now, rules);
  const stored = computed.judged.filter((s) => s.supports !== "none" || (s.kind === "assessment" && s.detail?.disagreement));
  const o = next.state.override;
  return {
    level: next.state.level,
    explanation: `${orgNote ? `${orgNote} ` : ""}${next.note} ${computed.explanation}`,
    signals: stored,
    override: o ? { level: o.level, reason: o.reason, until: o.until ?? null } : null,
  };
}

const fc = (baseYear: number, rank: number, risk: number) => ({ baseYear, rank, ranked: 162, risk, source: `run ${baseYear}` });
const reports = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, countryIso3: "SDN", occurredOn: "2026-06-01" }));
const escalation = (severity: EscalationAlert["severity"]): EscalationAlert => ({
  id: `tocsin|country|month|SDN|2026-05-01`, detector: "tocsin", level: "country", period: "month", countryIso3: "SDN", countryName: "Sudan", admin1: null,
  periodStart: "2026-05-01", periodEnd: "2026-05-31", peakPeriodStart: "2026-05-01", score: 9, flaggedPeriods: 1, events: 40, eventKeys: [], fatalities: 300, civilianDeaths: 120, severity,
});
const state = (level: AlertState["level"], extra: Partial<AlertState> = {}): AlertState => ({ level, computedLevel: level, override: null, pending: null, ...extra });

/** Alerts covering each renderable signal kind and each transition. */
const CASES: [string, ExplainInput & { level: string }][] = [
  ["a new Warning from a forecast", serverAlert(forecastSignals("SDN", fc(2025, 3, 0.153)), null)],
  ["a climb and a rise in risk", serverAlert(forecastSignals("MMR", fc(2025, 25, 0.052), fc(2024, 60, 0.021)), state("none"))],
  ["one verified report, corroborated", serverAlert([...forecastSignals("SDN", fc(2025, 28, 0.041)), ...reportSignals(reports(1), NOW, 90)], null)],
  ["many reports", serverAlert(reportSignals(reports(12), NOW, 90), state("warning"))],
  ["unchanged", serverAlert(forecastSignals("SDN", fc(2025, 12, 0.08)), state("warning"))],
  ["held, with exit thresholds", serverAlert(forecastSignals("SDN", fc(2025, 35, 0.035)), state("warning"))],
  ["lowered after the dwell", serverAlert([], state("watch", { pending: { level: "none", count: 1, since: "2026-05-20T00:00:00Z" } }))],
  ["no alert at all", serverAlert([], null)],
  ["an organisation's own view", serverAlert(reportSignals(reports(3), NOW, 90), null, `Your organisation's view differs from the public level (${LEVEL_LABELS.watch}) because of its own signals.`)],
  [
    "an active override",
    serverAlert(reportSignals(reports(1), NOW, 90), state("emergency", { computedLevel: "watch", override: { level: "emergency", reason: "Mass graves reported; see brief 12.", by: "user:1", at: "2026-06-01T00:00:00Z", until: "2026-07-01T00:00:00Z" } })),
  ],
  ["an override that ended", serverAlert(reportSignals(reports(1), NOW, 90), state("warning", { computedLevel: "watch", override: { level: "warning", reason: "x", by: "user:1", at: "2026-05-01T00:00:00Z", until: "2026-06-01T00:00:00Z" } }))],
];

test("the renderer rebuilds the server's sentence of every kind it translates", () => {
  for (const [, c] of CASES) for (const s of c.signals ?? []) if (["forecast-risk", "rank-change", "risk-change", "verified-report"].includes(s.kind)) assert.equal(canonicalSentence(s), s.sentence);
});

test("English: every part of the server's explanation is recognised and keeps its numbers and levels", () => {
  useCatalogue("en", en);
  for (const [name, c] of CASES) {
    const parts = explanationParts(c);
    // The analyst's free-text override reason is kept as written (not translated).
    const english = parts.filter((p) => !p.translated).map((p) => p.text.trim()).filter(Boolean);
    assert.deepEqual(english, c.override ? [c.override.reason] : [], `${name}: ${JSON.stringify(parts)}`);
    const text = parts.map((p) => p.text).join("");
    const numbers = (c.explanation.replace(/\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?/g, "").match(/\d+(\.\d+)?/g) ?? []).filter((n) => !(c.signals ?? []).some((s) => s.kind === "verified-report" && n === "90"));
    for (const n of numbers) assert.ok(text.includes(n), `${name}: ${n} missing from ${text}`);
    for (const l of Object.values(LEVEL_LABELS)) if (c.explanation.includes(`${l}:`) || c.explanation.includes(` ${l} `) || c.explanation.includes(`(${l})`)) assert.ok(text.includes(l), `${name}: ${l} missing from ${text}`);
  }
});

test("English: the sentences read like the server's (same words where the formats agree)", () => {
  useCatalogue("en", en);
  const c = serverAlert(forecastSignals("SDN", fc(2025, 12, 0.08)), state("warning"));
  const text = explanationParts(c).map((p) => p.text).join("");
  assert.match(text, /^Unchanged at Warning\. Warning: 1 signal at or above Watch\. The structural forecast from 2025 data ranks SDN 12 of 162 \(risk of a mass-killing onset in 2026–2027: 8(\.0)? ?%\)\. /);
});

for (const [code, messages] of [["fr", fr], ["es", es], ["ar", ar]] as const) {
  test(`${code}: the computed explanations come out with no English left`, () => {
    useCatalogue(code, messages);
    for (const [name, c] of CASES) {
      const parts = explanationParts(c);
      const english = parts.filter((p) => !p.translated).map((p) => p.text.trim()).filter(Boolean);
      assert.deepEqual(english, c.override ? [c.override.reason] : [], name);
      const text = parts.map((p) => p.text).join("");
      assert.notEqual(text, c.explanation, name);
      assert.doesNotMatch(text, /\b(Watch|Warning|Emergency|signals|computations|verified)\b/, `${name}: ${text}`);
    }
    useCatalogue("en", en);
  });
}

test("fallback: what the renderer does not know stays in the server's English", () => {
  useCatalogue("fr", fr);
  // An escalation sentence has facts the API does not return (events): English; its rule is translated.
  const esc = serverAlert(escalationSignals([escalation("high")], NOW, 90), null);
  const parts = explanationParts(esc);
  const sentence = esc.signals![0]!.sentence;
  assert.ok(parts.some((p) => !p.translated && p.text.includes(sentence)), JSON.stringify(parts));
  assert.ok(parts.some((p) => p.translated && p.text.includes("gravité ≥ élevée")), JSON.stringify(parts));
  // A kind the renderer does not know, and a sentence the server has since reworded.
  const unknown = { ...esc.signals![0]!, kind: "satellite-imagery", sentence: "Burned villages seen.", rule: "area ≥ 3 (Warning)" };
  const odd = explanationParts({ explanation: "Warning: 1 signal at or above Watch. Burned villages seen. [satellite-imagery: area ≥ 3 (Warning)]", signals: [unknown] });
  assert.equal(odd.filter((p) => !p.translated).map((p) => p.text.trim()).join(" "), "Burned villages seen. [satellite-imagery: area ≥ 3 (Warning)]");
  const reworded = serverAlert(reportSignals(reports(2), NOW, 90), null);
  reworded.signals = reworded.signals!.map((s) => ({ ...s, sentence: s.sentence.replace("published", "released") }));
  reworded.explanation = reworded.explanation.replace("published", "released");
  assert.ok(explanationParts(reworded).some((p) => !p.translated && p.text.includes("released")));
  // No structured facts at all (history rows): the fixed sentences are still translated, the rest is English.
  const bare = explanationParts({ explanation: CASES[0]![1].explanation });
  assert.ok(bare[0]!.translated && bare.some((p) => !p.translated));
  assert.equal(fullyTranslated(bare), false);
  useCatalogue("en", en);
});

test("an organisation's difference from the public level is rebuilt from its levels, override and own signals", async () => {
  const { explainDifference } = await import("../../../src/services/alert-level.service.ts");
  const mine = reportSignals(reports(3), NOW, 90).map((s) => ({ ...s, detail: { view: "organisation" } }));
  const cases = [
    { level: "warning" as const, publicLevel: "watch" as const, override: null, signals: mine },
    { level: "emergency" as const, publicLevel: "watch" as const, override: { level: "emergency" as const, reason: "Our field network confirms it.", at: "2026-06-01T00:00:00Z", until: null }, signals: [] },
    { level: "none" as const, publicLevel: "watch" as const, override: null, signals: [] },
  ];
  for (const [code, messages] of [["en", en], ["fr", fr], ["ar", ar]] as const) {
    useCatalogue(code, messages);
    for (const c of cases) {
      const difference = explainDifference(c, c.publicLevel);
      const parts = differenceParts({ ...c, difference })!;
      assert.deepEqual(parts.filter((p) => !p.translated).map((p) => p.text), c.override ? [c.override.reason] : [], `${code}: ${JSON.stringify(parts)}`);
      // English reads exactly like the server's, but for the date (the locale's date format).
      const day = (x: string) => x.replace(/since [^.]*\.$/, "since <day>.");
      if (code === "en") assert.equal(day(parts.map((p) => p.text).join("")), day(difference!));
    }
    assert.equal(differenceParts({ ...cases[0]!, difference: null }), null);
    // A wording the renderer does not know: the server's English, whole.
    assert.deepEqual(differenceParts({ ...cases[2]!, difference: "Something new." }), [{ text: "Something new.", translated: false }]);
  }
  useCatalogue("en", en);
});
