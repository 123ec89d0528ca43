/**
 * Alert signals: the observations an alert level is computed from, in one shape whatever their
 * source (structural forecasts, escalation alerts from events, speech spikes, published verified
 * incident reports, published analyst assessments). Builders here turn each source's domain output
 * into signals; they are pure (the clock is passed in) and keep every signal explainable: a
 * signal carries the value observed, the threshold it is judged against, the period it covers, the
 * ids of the records behind it and one readable sentence.
 */
import { applyAssessmentToAlert, type Disagreement } from "../assessment/disagreement.ts";
import type { Synthesis } from "../assessment/scoring.ts";
import type { EscalationAlert, Severity } from "../events/escalation.ts";
import type { SpeechAlert } from "../speech/trends.ts";

/** Every kind of signal, in the order explanations list them. */
export const SIGNAL_KINDS = ["forecast-risk", "rank-change", "risk-change", "escalation", "speech-spike", "verified-report", "assessment"] as const;
/** One kind of signal. */
export type SignalKind = (typeof SIGNAL_KINDS)[number];

/** One observation feeding an alert level. Plain JSON: it is stored in `alerts.signals`. */
export interface AlertSignal {
  kind: SignalKind;
  /** ISO3 of the country. */
  countryIso3: string;
  /** A situation inside the country (an admin1 region), or '' for the whole country. */
  situation: string;
  /**
   * The value the rules judge, by kind: `forecast-risk` the rank (1 = highest risk; the risk is in
   * `risk`); `rank-change` places climbed; `risk-change` the ratio new/old risk; `escalation` the
   * severity ordinal (low 1 … critical 4) after any assessment raise; `speech-spike` the z score;
   * `verified-report` the number of published reports; `assessment` the analyst score (0…1).
   */
  value: number;
  /** Probability for the structural kinds (the newer risk); absent otherwise. */
  risk?: number;
  /** The entry threshold of the lowest level the rules give this kind (filled by the builders from the rules). */
  threshold: number | null;
  /** What the signal covers: first and last day (`YYYY-MM-DD`) or year. */
  period: { from: string; to: string };
  /** Ids of the records behind it (forecast `run:ISO3`, escalation ids, speech periods, report ids, assessment ids). */
  sourceIds: string[];
  /** One sentence a person can read. */
  sentence: string;
  /** Small facts for the dashboard and the brief (severity, detector, disagreement flag, …). */
  detail?: Record<string, string | number | boolean | null>;
}

/** A country's forecast from one run (or one back-test year). */
export interface ForecastPoint {
  /** Last year of data the forecast is made from. */
  baseYear: number;
  rank: number;
  /** Countries ranked in that run. */
  ranked: number;
  /** Probability of an onset in baseYear+1…baseYear+2. */
  risk: number;
  /** Source id, e.g. `run 12` or `backtest 2019`. */
  source: string;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/**
 * Structural signals of a country: its current forecast, and the change since the previous one
 * (previous run or year). A rank-change signal is made only for a rise (places climbed > 0); a
 * risk-change signal only when the risk grew.
 * @param current the newest forecast
 * @param previous the forecast one run or one year before, when known
 */
export function forecastSignals(iso3: string, current: ForecastPoint, previous?: ForecastPoint | null): AlertSignal[] {
  const period = { from: String(current.baseYear + 1), to: String(current.baseYear + 2) };
  const out: AlertSignal[] = [
    {
      kind: "forecast-risk", countryIso3: iso3, situation: "", value: current.rank, risk: current.risk, threshold: null, period, sourceIds: [current.source],
      sentence: `The structural forecast from ${current.baseYear} data ranks ${iso3} ${current.rank} of ${current.ranked} (risk of a mass-killing onset in ${period.from}–${period.to}: ${pct(current.risk)}).`,
      detail: { baseYear: current.baseYear, ranked: current.ranked },
    },
  ];
  if (!previous) return out;
  const climbed = previous.rank - current.rank;
  if (climbed > 0) {
    out.push({
      kind: "rank-change", countryIso3: iso3, situation: "", value: climbed, risk: current.risk, threshold: null, period, sourceIds: [previous.source, current.source],
      sentence: `${iso3} climbed ${climbed} places in the risk ranking, from ${previous.rank} (${previous.baseYear} data) to ${current.rank} (${current.baseYear} data).`,
      detail: { from: previous.rank, to: current.rank },
    });
  }
  if (previous.risk > 0 && current.risk > previous.risk) {
    out.push({
      kind: "risk-change", countryIso3: iso3, situation: "", value: current.risk / previous.risk, risk: current.risk, threshold: null, period, sourceIds: [previous.source, current.source],
      sentence: `${iso3}'s structural risk rose ${(current.risk / previous.risk).toFixed(1)}-fold, from ${pct(previous.risk)} (${previous.baseYear} data) to ${pct(current.risk)} (${current.baseYear} data).`,
      detail: { from: previous.risk, to: current.risk },
    });
  }
  return out;
}

const SEVERITY_ORDINAL: Readonly<Record<Severity, number>> = { low: 1, moderate: 2, high: 3, critical: 4 };

const DAY = 86_400_000;
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const daysBefore = (now: Date, days: number) => dayOf(new Date(now.getTime() - days * DAY));

/**
 * Escalation signals: alerts from `detectEscalations` whose episode ended within `recentDays` of
 * `now`. A published analyst assessment may raise an alert's severity one step
 * (`applyAssessmentToAlert`); the signal says so. Admin1-level alerts carry the region as situation.
 */
export function escalationSignals(alerts: readonly EscalationAlert[], now: Date, recentDays: number, analyst: Synthesis | null = null): AlertSignal[] {
  const since = daysBefore(now, recentDays);
  const today = dayOf(now);
  return alerts
    .filter((a) => a.countryIso3 && a.periodEnd >= since && a.periodStart <= today)
    .map((a) => {
      const raised = applyAssessmentToAlert(a.severity, analyst);
      const place = a.admin1 ? `${a.admin1} (${a.countryIso3})` : a.countryIso3!;
      return {
        kind: "escalation" as const, countryIso3: a.countryIso3!, situation: a.admin1 ?? "", value: SEVERITY_ORDINAL[raised.severity], threshold: null,
        period: { from: a.periodStart, to: a.periodEnd }, sourceIds: [a.id],
        sentence: `Escalation in ${place} from ${a.periodStart} to ${a.periodEnd}: ${a.events} events, ${a.fatalities} deaths of which ${a.civilianDeaths} civilians (${a.severity} severity, ${a.detector} detector).` + (raised.reason ? ` ${raised.reason}` : ""),
        detail: { severity: raised.severity, detectedSeverity: a.severity, detector: a.detector, fatalities: a.fatalities, civilianDeaths: a.civilianDeaths },
      };
    });
}

/** Speech-spike signals: spikes (`detectSpeechSpikes`) in a period starting within `recentDays` of `now`. */
export function speechSignals(spikes: readonly SpeechAlert[], now: Date, recentDays: number): AlertSignal[] {
  const since = daysBefore(now, recentDays);
  const today = dayOf(now);
  return spikes
    .filter((s) => s.period >= since && s.period <= today)
    .map((s) => ({
      kind: "speech-spike" as const, countryIso3: s.country, situation: "", value: s.z, threshold: null, period: { from: s.period, to: s.period },
      sourceIds: [`speech:${s.country}:${s.period}:${s.dimension}:${s.key}`], sentence: `Dangerous-speech spike: ${s.message} (z = ${s.z.toFixed(1)}).`,
      detail: { dimension: s.dimension, key: s.key, count: s.count },
    }));
}

/** A published (hence verified) incident report, as far as alerting needs it: no people, no place. */
export interface PublishedReportFact {
  id: string;
  countryIso3: string;
  /** Day the incident began, `YYYY-MM-DD`. */
  occurredOn: string;
}

/**
 * One signal per country counting its published verified reports of incidents that began within
 * `recentDays` of `now` (none when there are none).
 */
export function reportSignals(reports: readonly PublishedReportFact[], now: Date, recentDays: number): AlertSignal[] {
  const since = daysBefore(now, recentDays);
  const today = dayOf(now);
  const byCountry = new Map<string, PublishedReportFact[]>();
  for (const r of reports) {
    if (r.occurredOn < since || r.occurredOn > today) continue;
    byCountry.set(r.countryIso3, [...(byCountry.get(r.countryIso3) ?? []), r]);
  }
  return [...byCountry].map(([iso3, list]) => ({
    kind: "verified-report" as const, countryIso3: iso3, situation: "", value: list.length, threshold: null, period: { from: since, to: today },
    sourceIds: list.map((r) => r.id).sort(),
    sentence: `${list.length} verified incident report${list.length === 1 ? "" : "s"} published for ${iso3} about incidents since ${since}.`,
  }));
}

/**
 * The assessment signal of a country: the newest sufficient published synthesis and how it compares
 * with the statistical risk (`compareViews`). The disagreement sentence is kept in the signal so the
 * explanation always shows it. Null without a sufficient assessment and without a disagreement.
 */
export function assessmentSignal(iso3: string, synthesis: Synthesis | null, disagreement: Disagreement, source: { id: string; assessedOn: string }): AlertSignal | null {
  if ((!synthesis || !synthesis.sufficient || synthesis.score === null) && !disagreement.flag) return null;
  const score = synthesis?.score ?? 0;
  const rated = synthesis?.sufficient && synthesis.level ? `rates the risk ${synthesis.level.replace("_", " ")} (score ${score.toFixed(2)})` : "is not sufficient to rate the risk";
  return {
    kind: "assessment", countryIso3: iso3, situation: "", value: synthesis?.sufficient ? score : 0, threshold: null,
    period: { from: source.assessedOn, to: source.assessedOn }, sourceIds: [source.id],
    sentence: `The newest published analyst assessment (${source.assessedOn}) ${rated}. ${disagreement.explanation}`,
    detail: { analystLevel: synthesis?.level ?? null, disagreement: disagreement.flag },
  };
}
