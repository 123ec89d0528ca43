/**
 * A situation brief (issue 7, part 4): everything a one- to two-page brief on one country says,
 * gathered by `services/brief.service.ts` and drawn by `renderBriefHtml`. Plain data, no I/O, so
 * the renderer is tested on hand-made briefs and the service on a real store.
 *
 * Every section but the identity may be `null`, meaning "Tocsin holds no such data for this
 * country" (the brief then says so instead of leaving a gap a reader could misread as calm).
 */
import type { AlertLevel } from "../alerts/level.ts";

/** A piece of free text that may be in any script, with its language when known (BCP 47). */
export interface TextSnippet {
  text: string;
  /** BCP 47 tag (`my`, `am`, `ar` …); the renderer guesses the direction from the text when absent. */
  lang?: string | null;
}

/** The alert level in force and why. */
export interface BriefAlert {
  level: AlertLevel;
  /** What the rules alone said (differs from `level` under an override). */
  computedLevel: AlertLevel;
  previousLevel: AlertLevel;
  /** When this level took effect (ISO 8601). */
  since: string;
  explanation: string;
  /** Short readable signal lines (e.g. "Risk rank 3 of 162"), when the alert row carries them. */
  signals: string[];
  /** An analyst's override, when one is in force. `by` is left out of public briefs. */
  override: { level: AlertLevel; reason: string; at: string | null; until: string | null; by: string | null } | null;
  /** When the situation is to be reassessed (`YYYY-MM-DD`). */
  reassessOn: string | null;
}

/** One point of a risk history: the forecast for the two years from `targetFrom`. */
export interface RiskPoint {
  targetFrom: number;
  /** Probability of a new mass-killing onset in the two target years, 0…1. */
  risk: number;
  rank: number;
  /** 90 % bootstrap interval, when the forecast has one (stored runs do; backtest rows do not). */
  interval?: { low: number; high: number } | null;
}

/** One driver of the newest forecast: an additive log-odds contribution. */
export interface BriefDriver {
  predictor: string;
  label: string;
  /** Log-odds contribution relative to the model's baseline (positive raises risk). */
  contribution: number;
  /** The predictor's value for the country, null when missing. */
  value: number | null;
}

/** Structural risk: the newest forecast, its drivers and the out-of-sample history. */
export interface BriefRisk {
  model: { id: string; description: string };
  run: { id: number; baseYear: number; createdAt: string };
  /** The newest two-year forecast. */
  current: RiskPoint & { targetTo: number; ranked: number };
  /** Out-of-sample backtest history (each year forecast only from earlier data), oldest first. */
  backtest: RiskPoint[];
  /** Earlier stored forecasts of the same model (older runs), oldest first. */
  earlierRuns: (RiskPoint & { baseYear: number })[];
  /** Drivers, largest absolute contribution first. */
  drivers: BriefDriver[];
}

/** One escalation alert from the event data. */
export interface BriefEscalation {
  periodStart: string;
  periodEnd: string;
  /** Region, or null for the whole country. */
  place: string | null;
  severity: "low" | "moderate" | "high" | "critical";
  events: number;
  fatalities: number;
  civilianDeaths: number;
}

/** Escalations in a window of stored events. */
export interface BriefEscalations {
  /** The window the alerts were sought in (`YYYY-MM-DD`). */
  from: string;
  to: string;
  /** Events of the country in the window, and their deaths (for scale). */
  eventsInWindow: number;
  deathsInWindow: number;
  detector: string;
  /** Newest first. */
  alerts: BriefEscalation[];
  /** The event data sets the window draws on (e.g. `ucdp-ged`). */
  sources: string[];
}

/** Dangerous-speech trends. */
export interface BriefSpeech {
  /** Weekly counts, oldest first (the last weeks with items). */
  weeks: { period: string; items: number; withHallmark: number }[];
  /** Most frequent hallmarks in those weeks. */
  topHallmarks: { key: string; count: number }[];
  /** Spike alerts, newest first. */
  spikes: { period: string; message: string }[];
}

/** A verified, published incident report (public view: blurred place, day-level date, no people). */
export interface BriefIncident {
  occurredOn: string;
  description: TextSnippet;
  place: string | null;
  /** Blur radius of the published point, metres (null when the report has no location). */
  precisionMeters: number | null;
  killed: number | null;
  perpetratorType: string;
  targetedGroup: string | null;
}

/** The newest published analyst assessment and the disagreement flag. */
export interface BriefAssessment {
  title: TextSnippet;
  framework: string;
  assessedOn: string;
  publishedAt: string;
  level: string | null;
  score: number | null;
  /** The analysts' own summary paragraph. */
  summary: TextSnippet | null;
  /** Plain-language synthesis lines (overall first). */
  lines: string[];
  disagreement: { flag: "analyst-higher" | "analyst-lower" | null; explanation: string };
  /** How many published assessments the country has. */
  count: number;
}

/** Response options for the country's alert and what was done about them. */
export interface BriefResponse {
  /**
   * Actions taken (status as recorded) and recommended options not yet acted on (status
   * `recommended`); `detail` is an action's description or a recommendation's reason.
   */
  options: { instrument: string; title: string; status: string; owner: string | null; deadline: string | null; detail: string | null }[];
  /** Gap lines (e.g. "2 actions past their deadline"). */
  notes: string[];
  /** True when the section holds an organisation's own actions (the brief is then not public). */
  organisationData: boolean;
}

/** One imported data set version behind the brief. */
export interface BriefDatasetVersion {
  dataset: string;
  fileName: string;
  sha256: string;
  sourceCommit: string | null;
  importedAt: string;
  rows: number | null;
}

/** Everything a situation brief shows. */
export interface BriefData {
  country: { iso3: string; name: string; region: string | null; /** ISO alpha-2, to name the country in the reader's language. */ iso2?: string | null };
  /** When the brief was made (ISO 8601). */
  generatedAt: string;
  /** `public` briefs hold only public data; `organisation` ones may add the caller's response data. */
  audience: "public" | "organisation";
  alert: BriefAlert | null;
  risk: BriefRisk | null;
  escalations: BriefEscalations | null;
  speech: BriefSpeech | null;
  incidents: BriefIncident[];
  assessment: BriefAssessment | null;
  /** Null when no response data was available to the brief (not part of public briefs). */
  response: BriefResponse | null;
  sources: { datasets: BriefDatasetVersion[]; version: string };
}

/**
 * The file name a brief is offered under: `tocsin-brief-MMR-2026-11-23.pdf`.
 * @param iso3 country code
 * @param generatedAt ISO 8601 time the brief was made
 * @param format `pdf` or `html`
 */
export function briefFileName(iso3: string, generatedAt: string, format: "pdf" | "html"): string {
  const code = iso3.toUpperCase().replace(/[^A-Z]/g, "");
  const day = /^\d{4}-\d{2}-\d{2}/.exec(generatedAt)?.[0] ?? "undated";
  return `tocsin-brief-${code}-${day}.${format}`;
}
