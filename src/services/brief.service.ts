/**
 * Situation briefs (issue 7, part 4): gathers one country's brief from what the store holds —
 * the alert level in force, forecasts with their backtest and drivers, escalations in the last
 * twelve months of stored events, speech trends, verified published incidents (blurred), the
 * newest published assessment, response actions when the caller may see them, and the data
 * versions behind it — and renders it as HTML (domain) or PDF (through a {@link PdfRenderer}).
 *
 * Public by construction: every section is drawn from data anyone may read (public forecasts and
 * events, published reports through the anonymous public list, published assessments). The only
 * organisation data is the response section, which comes from an injected function the caller
 * builds for an authorised actor; without it the brief says "no response actions recorded".
 */
import { createHash } from "node:crypto";
import { isAlertLevel, type AlertLevel } from "../domain/alerts/level.ts";
import type { BriefAlert, BriefAssessment, BriefData, BriefDatasetVersion, BriefEscalations, BriefIncident, BriefResponse, BriefRisk, BriefSpeech } from "../domain/brief/brief.ts";
import { briefFileName } from "../domain/brief/brief.ts";
import { renderBriefHtml, type BriefHtmlOptions } from "../domain/brief/html.ts";
import type { MessageLanguage } from "../domain/i18n/languages.ts";
import { catalogueFor } from "./catalogues.ts";
import { summariseSynthesis } from "../domain/assessment/summary.ts";
import { detectEscalations } from "../domain/events/escalation.ts";
import { detectSpeechSpikes, periodStart, speechTrends } from "../domain/speech/trends.ts";
import type { PdfRenderer } from "../infra/pdf/chromium-pdf.ts";
import { BriefRepository } from "../infra/store/brief.repository.ts";
import { CountryRepository } from "../infra/store/country.repository.ts";
import type { Store } from "../infra/store/database.ts";
import { DatasetRepository } from "../infra/store/dataset.repository.ts";
import { EventRepository } from "../infra/store/event.repository.ts";
import { ForecastRepository } from "../infra/store/forecast.repository.ts";
import { ReportRepository } from "../infra/store/report.repository.ts";
import { SpeechRepository } from "../infra/store/speech.repository.ts";
import { publishedAssessmentsForCountry } from "./assessment.service.ts";
import type { CountryResponseSummary } from "./response.service.ts";
import { NotFoundError } from "./errors.ts";
import { requireCountry } from "./country.service.ts";
import { EVENT_DATASETS } from "./event-import.service.ts";
import { countryForecasts, rankedForecasts } from "./forecast.service.ts";
import { listPublicReports, type ReportDeps } from "./report.service.ts";

/** What brief use cases need. */
export interface BriefDeps {
  store: Store;
  /** For published incidents (their blurred points are derived through the keyring); none when absent. */
  reports?: ReportDeps;
  /**
   * The caller's response actions for a country, already authorised for the caller (e.g. wrapping
   * `responseSummaryForCountry(deps, actor, iso3)` from `response.service.ts`); null or absent
   * when the caller may see none.
   */
  responseSummary?: (iso3: string) => Promise<BriefResponse | null>;
  /** The organisation the brief serves: its own view of the level (issue 16); absent or null for the public level. */
  viewer?: string | null;
  /** Tocsin's version, printed with the sources. */
  version?: string;
  now?: () => Date;
}

/** Weeks of speech trends a brief shows. */
export const BRIEF_SPEECH_WEEKS = 12;
/** Months of events escalations are sought in. */
export const BRIEF_ESCALATION_MONTHS = 12;

const readable = (s: unknown): string | null => {
  if (typeof s === "string") return s;
  if (s && typeof s === "object") {
    for (const k of ["sentence", "summary", "message", "explanation", "text", "label"]) {
      const v = (s as Record<string, unknown>)[k];
      if (typeof v === "string" && v.trim()) return v;
    }
  }
  return null;
};
const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);
const iso = (d: Date | string) => new Date(d).toISOString();

async function alertOf(store: Store, iso3: string, viewer: string | null): Promise<BriefAlert | null> {
  const row = await new BriefRepository(store.db).currentAlert(iso3, viewer);
  if (!row) return null;
  const o = row.override;
  const level = row.level;
  return {
    level, computedLevel: row.computedLevel, previousLevel: row.previousLevel, since: iso(row.createdAt), explanation: row.explanation,
    signals: (Array.isArray(row.signals) ? row.signals : []).map(readable).filter((s): s is string => s !== null).slice(0, 6),
    // Who overrode is a person: kept out of every brief (the audit log has it).
    override: o && isAlertLevel(o.level) ? { level: o.level as AlertLevel, reason: str(o.reason) ?? "(no reason given)", at: str(o.at), until: str(o.until), by: null } : null,
    reassessOn: row.reassessOn ?? null,
  };
}

async function riskOf(store: Store, iso3: string): Promise<BriefRisk | null> {
  const repo = new ForecastRepository(store.db);
  // The production model when it has a run, else the model of the newest run (as the dashboard does).
  const modelId = (await repo.latestRun("default")) ? "default" : (await repo.runs()).sort((a, b) => b.baseYear - a.baseYear || b.id - a.id)[0]?.modelId;
  if (!modelId) return null;
  const [mine, ranked] = await Promise.all([countryForecasts(store, iso3, modelId), rankedForecasts(store, { modelId })]);
  const latest = mine.latest;
  if (!latest) return null;
  const current = mine.history.filter((h) => h.horizon === "two-year" && h.runId === ranked.run.id)[0];
  const earlier = new Map<number, BriefRisk["earlierRuns"][number]>();
  for (const h of mine.history) {
    if (h.horizon !== "two-year" || h.runId === current?.runId || h.baseYear >= latest.baseYear) continue;
    earlier.set(h.baseYear, { baseYear: h.baseYear, targetFrom: h.targetFrom, risk: h.risk, rank: h.rank, interval: h.interval });
  }
  return {
    model: ranked.model,
    run: { id: ranked.run.id, baseYear: ranked.run.baseYear, createdAt: ranked.run.createdAt },
    current: { targetFrom: latest.targetFrom, targetTo: latest.targetTo, risk: latest.risk, rank: latest.rank, ranked: ranked.forecasts.length, interval: latest.interval },
    backtest: mine.backtest.map((b) => ({ targetFrom: b.targetFrom, risk: b.risk, rank: b.rank })),
    earlierRuns: [...earlier.values()].sort((a, b) => a.targetFrom - b.targetFrom),
    drivers: latest.drivers.slice(0, 8).map((d) => ({ predictor: d.predictor, label: d.label, contribution: d.contribution, value: d.value })),
  };
}

function minusMonths(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

async function escalationsOf(store: Store, iso3: string, today: string): Promise<BriefEscalations | null> {
  const events = await new EventRepository(store.db).forCountry(iso3, today);
  if (!events.length) return null;
  // Event data sets are released with a lag (UCDP GED yearly): the window ends at the newest stored
  // event, not today, so a brief on last year's release still shows its last twelve months.
  const to = events.reduce((m, ev) => (ev.dateStart > m ? ev.dateStart : m), events[0].dateStart);
  const from = minusMonths(to, BRIEF_ESCALATION_MONTHS);
  const alerts = detectEscalations(events, { detector: "tocsin", level: "admin1", period: "month", from, to, country: iso3 });
  const inWindow = events.filter((ev) => ev.dateStart >= from && ev.dateStart <= to);
  return {
    from, to, detector: "tocsin",
    eventsInWindow: inWindow.length,
    deathsInWindow: Math.round(inWindow.reduce((s, ev) => s + (ev.fatalitiesBest ?? 0), 0)),
    sources: [...new Set(inWindow.map((ev) => EVENT_DATASETS[ev.source] ?? ev.source))].sort(),
    alerts: alerts
      .sort((a, b) => b.periodStart.localeCompare(a.periodStart))
      .map((a) => ({ periodStart: a.periodStart, periodEnd: a.periodEnd, place: a.admin1, severity: a.severity, events: a.events, fatalities: a.fatalities, civilianDeaths: a.civilianDeaths })),
  };
}

async function speechOf(store: Store, iso3: string): Promise<BriefSpeech | null> {
  const items = await new SpeechRepository(store.db).trendItems({ country: iso3 });
  if (!items.length) return null;
  const rows = speechTrends(items, "week");
  const weeks = rows.filter((r) => r.dimension === "volume").slice(-BRIEF_SPEECH_WEEKS);
  const first = weeks[0]?.period ?? "";
  const flagged = new Map<string, number>();
  for (const it of items) if (it.hallmarks.length) flagged.set(periodStart(it.time, "week"), (flagged.get(periodStart(it.time, "week")) ?? 0) + 1);
  const hallmarks = new Map<string, number>();
  for (const r of rows) if (r.dimension === "hallmark" && r.period >= first) hallmarks.set(r.key, (hallmarks.get(r.key) ?? 0) + r.count);
  return {
    weeks: weeks.map((w) => ({ period: w.period, items: w.count, withHallmark: flagged.get(w.period) ?? 0 })),
    topHallmarks: [...hallmarks].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3).map(([key, count]) => ({ key, count })),
    spikes: detectSpeechSpikes(rows).filter((s) => s.period >= first).sort((a, b) => b.period.localeCompare(a.period)).map((s) => ({ period: s.period, message: s.message })),
  };
}

async function incidentsOf(deps: BriefDeps, iso3: string): Promise<BriefIncident[]> {
  if (!deps.reports) return [];
  // The public list is the one anonymous view of reports (blurred, no people); its rows only name a
  // country when they have a point, so the country of each published report is looked up by id.
  const [views, rows] = await Promise.all([listPublicReports(deps.reports), new ReportRepository(deps.store.db).listPublished()]);
  const mine = new Set(rows.filter((r) => r.countryIso3 === iso3).map((r) => r.id));
  return views
    .filter((v) => mine.has(v.id))
    .sort((a, b) => b.occurredOn.localeCompare(a.occurredOn))
    .map((v) => ({
      occurredOn: v.occurredOn, description: { text: v.description }, place: v.location?.adminArea ?? null, precisionMeters: v.location?.precisionMeters ?? null,
      killed: v.victims.killed ?? null, perpetratorType: v.perpetratorType, targetedGroup: v.targetedGroup,
    }));
}

async function assessmentOf(store: Store, iso3: string): Promise<BriefAssessment | null> {
  const { assessments, disagreement } = await publishedAssessmentsForCountry({ store }, iso3);
  const a = assessments[0];
  if (!a) return null;
  return {
    title: { text: a.title }, framework: a.framework.name, assessedOn: a.assessedOn, publishedAt: a.publishedAt,
    level: a.synthesis.level, score: a.synthesis.score, summary: a.content.summary?.trim() ? { text: a.content.summary.trim() } : null,
    // The overall line and the highest-scoring factors: a brief has no room for every factor.
    lines: (() => {
      const [overall, ...factors] = summariseSynthesis(a.synthesis);
      const order = a.synthesis.factors.map((f, i) => ({ i, score: f.score ?? -1 })).sort((x, y) => y.score - x.score).slice(0, 4).map((x) => factors[x.i]);
      return [overall, ...order];
    })(),
    disagreement: { flag: disagreement.flag, explanation: disagreement.explanation },
    count: assessments.length,
  };
}

async function datasetsOf(store: Store): Promise<BriefDatasetVersion[]> {
  const seen = new Set<string>();
  const out: BriefDatasetVersion[] = [];
  // Newest first: the first row of each data set is the version in use.
  for (const r of await new DatasetRepository(store.db).list()) {
    if (seen.has(r.dataset)) continue;
    seen.add(r.dataset);
    const counts = r.rowCounts ?? {};
    out.push({ dataset: r.dataset, fileName: r.fileName, sha256: r.sha256, sourceCommit: r.sourceCommit, importedAt: iso(r.importedAt), rows: counts.rows ?? counts.events ?? Object.values(counts)[0] ?? null });
  }
  return out.sort((a, b) => a.dataset.localeCompare(b.dataset));
}

/**
 * Gathers a country's brief.
 * @param deps the store, and optionally the report services (for published incidents) and the
 *   caller's response summary
 * @param iso3 ISO alpha-3, any case
 * @throws {NotFoundError} for an unknown country
 */
export async function gatherBrief(deps: BriefDeps, iso3: string): Promise<BriefData> {
  const country = await requireCountry(deps.store.db, iso3);
  const code = country.iso3;
  const now = deps.now?.() ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const [alert, risk, escalations, speech, incidents, assessment, datasets, response] = await Promise.all([
    alertOf(deps.store, code, deps.viewer ?? null), riskOf(deps.store, code), escalationsOf(deps.store, code, today), speechOf(deps.store, code),
    incidentsOf(deps, code), assessmentOf(deps.store, code), datasetsOf(deps.store), deps.responseSummary ? deps.responseSummary(code) : Promise.resolve(null),
  ]);
  return {
    country: { iso3: country.iso3, name: country.name, region: country.region, iso2: country.iso2 ?? null },
    generatedAt: now.toISOString(),
    audience: response?.organisationData ? "organisation" : "public",
    alert, risk, escalations, speech, incidents, assessment, response,
    sources: { datasets, version: deps.version ?? "dev" },
  };
}

/**
 * The brief's response section from `responseSummaryForCountry`: the organisation's actions when the
 * caller may see them, then the recommended options nobody has acted on yet.
 * @returns null when there is no alert and no action (the brief then says none are recorded)
 */
export function briefResponseFrom(summary: CountryResponseSummary): BriefResponse | null {
  const taken = new Set(summary.actions.map((a) => a.option).filter((t): t is string => t !== null));
  const options: BriefResponse["options"] = [
    ...summary.actions.map((a) => ({ instrument: a.instrument ?? "other", title: a.option ?? a.description, status: a.overdue ? `${a.status} (overdue)` : a.status, owner: a.owner ?? null, deadline: a.deadline, detail: a.option ? a.description : null })),
    ...summary.recommended.filter((r) => !taken.has(r.option.title)).slice(0, 6).map((r) => ({ instrument: r.option.instrument, title: r.option.title, status: "recommended", owner: null, deadline: null, detail: r.reason })),
  ];
  const overdue = summary.actions.filter((a) => a.overdue).length;
  const notes = [
    ...(summary.actionsVisible && summary.alert && !summary.actions.length ? ["No action recorded by your organisation for the current alert."] : []),
    ...(overdue ? [`${overdue} action${overdue === 1 ? "" : "s"} past the deadline.`] : []),
    ...(!summary.actionsVisible ? ["Actions taken are kept by each organisation and shown only to its members."] : []),
  ];
  if (!options.length && !summary.actionsVisible) return null;
  return { options, notes, organisationData: summary.actionsVisible };
}

/** A rendered brief. */
export interface RenderedBrief {
  body: Buffer;
  contentType: string;
  fileName: string;
  /** Changes only when the brief's content (not its generation time) changes: an HTTP validator. */
  etag: string;
}

/** A fingerprint of a brief's content, ignoring when it was generated. */
export function briefFingerprint(data: BriefData): string {
  return createHash("sha256").update(JSON.stringify({ ...data, generatedAt: data.generatedAt.slice(0, 10) })).digest("hex").slice(0, 32);
}

/**
 * Gathers and renders a brief.
 * @param format `html`, or `pdf` (needs `pdf`)
 * @param pdf the renderer for PDFs
 * @param cache optional PDF cache keyed by content fingerprint (the server keeps one: a PDF costs
 *   about half a second of Chromium, the data behind it changes a few times a day)
 * @throws {NotFoundError} for an unknown country
 */
export async function renderBrief(
  deps: BriefDeps,
  iso3: string,
  format: "html" | "pdf",
  pdf?: PdfRenderer,
  cache?: Map<string, Buffer>,
  lang: MessageLanguage = "en",
): Promise<RenderedBrief> {
  const data = await gatherBrief(deps, iso3);
  const fingerprint = briefFingerprint(data) + (lang === "en" ? "" : `-${lang}`);
  const fileName = briefFileName(data.country.iso3, data.generatedAt, format);
  const etag = `"${format}-${fingerprint}"`;
  const html = renderBriefHtml(data, briefHtmlOptions(data, lang));
  if (format === "html") return { body: Buffer.from(html, "utf8"), contentType: "text/html; charset=utf-8", fileName, etag };
  if (!pdf) throw new TypeError("a PDF renderer is needed for format pdf");
  let body = cache?.get(fingerprint);
  if (!body) {
    body = await pdf.pdf(html, { footer: `Tocsin · ${data.country.name} (${data.country.iso3}) · ${data.generatedAt.slice(0, 10)}` });
    if (cache) {
      // A small LRU: the oldest entry goes first.
      cache.set(fingerprint, body);
      while (cache.size > 32) cache.delete(cache.keys().next().value!);
    }
  }
  return { body, contentType: "application/pdf", fileName, etag };
}

/**
 * Names in the brief's language: the country from the runtime's CLDR data (Node ships full ICU),
 * regions and predictor labels from the dashboard's catalogues, so both say the same words.
 */
function briefHtmlOptions(data: BriefData, lang: MessageLanguage): BriefHtmlOptions {
  if (lang === "en") return { lang };
  const messages = catalogueFor(lang);
  const predictorLabels = Object.fromEntries(Object.entries(messages).filter(([k]) => k.startsWith("predictor.")).map(([k, v]) => [k.slice("predictor.".length), v]));
  const iso2 = data.country.iso2;
  const countryName = iso2 ? new Intl.DisplayNames([lang], { type: "region", fallback: "none" }).of(iso2) ?? data.country.name : data.country.name;
  const regionName = data.country.region ? messages[`region.${data.country.region}`] ?? data.country.region : undefined;
  return { lang, countryName, regionName, predictorLabels };
}
