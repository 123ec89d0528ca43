/**
 * A made-up but complete brief for tests of the renderer and the PDF adapter: every section
 * present, snippets in Amharic, Burmese and Arabic. The numbers are invented, not data.
 */
import type { BriefData } from "./brief.ts";

/**
 * A synthetic brief with every section filled.
 * @param overrides fields to replace at the top level
 */
export function syntheticBrief(overrides: Partial<BriefData> = {}): BriefData {
  const backtest = Array.from({ length: 20 }, (_, i) => ({ targetFrom: 2003 + i, risk: 0.01 + 0.002 * i + (i % 3) * 0.004, rank: Math.max(1, 40 - i * 2) }));
  return {
    country: { iso3: "XYZ", name: "Testland", region: "Testing region" },
    generatedAt: "2026-11-23T04:00:00.000Z",
    audience: "public",
    alert: {
      level: "warning", computedLevel: "watch", previousLevel: "watch", since: "2026-10-01T00:00:00.000Z",
      explanation: "Structural risk ranks in the top ten and escalations were detected in two regions in the last three months.",
      signals: ["Risk rank 4 of 160 (up from 9)", "2 escalation alerts (high severity)"],
      override: { level: "warning", reason: "Field reports of militia mobilisation not yet in the event data.", at: "2026-10-01T00:00:00.000Z", until: null, by: null },
      reassessOn: "2026-12-15",
    },
    risk: {
      model: { id: "default", description: "Elastic net (production model)" },
      run: { id: 7, baseYear: 2024, createdAt: "2026-11-20T10:00:00.000Z" },
      current: { targetFrom: 2025, targetTo: 2026, risk: 0.074, rank: 4, ranked: 160, interval: { low: 0.041, high: 0.118 } },
      backtest,
      earlierRuns: [{ baseYear: 2023, targetFrom: 2024, risk: 0.061, rank: 6, interval: { low: 0.035, high: 0.1 } }],
      drivers: [
        { predictor: "mk_ongoing_count_log", label: "Ongoing mass killings (log count)", contribution: 0.92, value: 0.69 },
        { predictor: "reg.eap", label: "Region: East Asia & Pacific", contribution: 0.41, value: 1 },
        { predictor: "countryage.ln", label: "Country age (log)", contribution: -0.22, value: 4.3 },
        { predictor: "pop.size.ln.combined", label: "Population (log)", contribution: 0.18, value: 17.8 },
      ],
    },
    escalations: {
      from: "2022-12-31", to: "2023-12-31", eventsInWindow: 1234, deathsInWindow: 5678, detector: "tocsin", sources: ["ucdp-ged"],
      alerts: [
        { periodStart: "2023-10-01", periodEnd: "2023-11-30", place: "North Province", severity: "critical", events: 210, fatalities: 1500, civilianDeaths: 320 },
        { periodStart: "2023-03-01", periodEnd: "2023-03-31", place: null, severity: "moderate", events: 40, fatalities: 60, civilianDeaths: 8 },
      ],
    },
    speech: {
      weeks: Array.from({ length: 12 }, (_, i) => ({ period: `2026-0${Math.floor(i / 4) + 7}-0${(i % 4) + 1}`, items: 10 + i * 3, withHallmark: i })),
      topHallmarks: [{ key: "dehumanisation", count: 31 }, { key: "threat_to_group", count: 12 }],
      spikes: [{ period: "2026-09-01", message: "dehumanisation: 14 items against about 3 expected (z 4.1)" }],
    },
    incidents: [
      { occurredOn: "2026-10-12", description: { text: "በመንደሩ ውስጥ ቤቶች ተቃጥለዋል።", lang: "am" }, place: "North Province", precisionMeters: 5000, killed: 3, perpetratorType: "state_forces", targetedGroup: "villagers" },
      { occurredOn: "2026-10-02", description: { text: "ရွာကို မီးရှို့ခဲ့သည်။", lang: "my" }, place: "East Province", precisionMeters: 10000, killed: null, perpetratorType: "non_state_armed_group", targetedGroup: null },
      { occurredOn: "2026-09-20", description: { text: "أحرقت المنازل في القرية.", lang: null }, place: null, precisionMeters: null, killed: 1, perpetratorType: "unknown", targetedGroup: null },
    ],
    assessment: {
      title: { text: "Quarterly assessment, UN Framework" }, framework: "UN Framework of Analysis for Atrocity Crimes (2014)",
      assessedOn: "2026-09-30", publishedAt: "2026-10-05T00:00:00.000Z", level: "high", score: 0.66,
      summary: { text: "Risk factors for atrocity crimes are widely present; triggers observed in two provinces." },
      lines: ["Overall: high (score 0.66, 90 % of indicators known).", "1. Situations of armed conflict: very high (0.83)."],
      disagreement: { flag: null, explanation: "Analysts and the statistical model agree: both place the country high." }, count: 2,
    },
    response: null,
    sources: {
      version: "0.1.0",
      datasets: [{ dataset: "ewp-predictors", fileName: "prepared2024predictors-2025-09-03.csv", sha256: "a".repeat(64), sourceCommit: "0123456789abcdef", importedAt: "2026-11-20T09:00:00.000Z", rows: 9463 }],
    },
    ...overrides,
  };
}
