/**
 * Draws a situation brief as one self-contained, print-ready HTML document: inline CSS sized for
 * A4, the trend chart as inline SVG, no scripts, no external requests (fonts are the system's:
 * the Noto families render every script the brief may quote). Every string from the data is
 * escaped; snippets in other scripts carry their own `lang` and `dir`.
 */
import type { AlertLevel } from "../alerts/level.ts";
import { formatNumberIn, isRightToLeft, LEVEL_NAMES, type MessageLanguage } from "../i18n/languages.ts";
import { BRIEF_WORDS, type BriefWords } from "./brief-words.ts";
import type { BriefAlert, BriefAssessment, BriefData, BriefEscalations, BriefIncident, BriefResponse, BriefRisk, BriefSpeech, TextSnippet } from "./brief.ts";
import { formatRisk, riskChartSvg } from "./chart.ts";
import { escapeHtml as e, isLanguageTag, textDirection } from "./text.ts";

const LEVEL_COLOURS: Readonly<Record<AlertLevel, { bg: string; fg: string }>> = {
  none: { bg: "#e9ecef", fg: "#343a40" },
  watch: { bg: "#ffd54f", fg: "#3d2c00" },
  warning: { bg: "#ef6c00", fg: "#ffffff" },
  emergency: { bg: "#b71c1c", fg: "#ffffff" },
};

const CSS = `
@page { size: A4; margin: 13mm 14mm 15mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: "Noto Sans", "Noto Sans Ethiopic", "Noto Sans Myanmar", "Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Devanagari", "Noto Sans Bengali", "Noto Sans Thai", "Noto Sans CJK SC", "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  font-size: 8.6pt; line-height: 1.38; color: #1d2327; }
.page { width: 182mm; margin: 0 auto; }
header.top { display: flex; align-items: flex-end; justify-content: space-between; border-bottom: 2.5px solid #1d2327; padding-bottom: 2.5mm; margin-bottom: 3mm; }
header.top .kicker { font-size: 7.5pt; letter-spacing: .08em; text-transform: uppercase; color: #5a6570; }
header.top h1 { font-size: 20pt; line-height: 1.1; margin: .6mm 0 0; font-weight: 700; }
header.top .meta { text-align: end; font-size: 7.5pt; color: #5a6570; line-height: 1.45; }
.level { display: flex; gap: 4mm; align-items: stretch; margin-bottom: 3mm; }
.badge { flex: 0 0 34mm; border-radius: 2mm; padding: 2.5mm 3mm; display: flex; flex-direction: column; justify-content: center; }
.badge .what { font-size: 7pt; text-transform: uppercase; letter-spacing: .08em; opacity: .85; }
.badge .name { font-size: 15pt; font-weight: 700; line-height: 1.15; }
.badge .since { font-size: 7pt; opacity: .9; }
.why { flex: 1; border-inline-start: 1px solid #d5dade; padding-inline-start: 4mm; }
.why p { margin: 0 0 1mm; }
.note { background: #fff7e0; border-inline-start: 3px solid #e0a800; padding: 1mm 2.5mm; margin-top: 1.2mm; }
h2 { font-size: 10pt; margin: 3.2mm 0 1.4mm; padding-bottom: .6mm; border-bottom: 1px solid #c8ced3; text-transform: uppercase; letter-spacing: .05em; color: #263238; break-after: avoid; }
section { break-inside: avoid; }
section.long { break-inside: auto; }
section.long p, section.long li, tr { break-inside: avoid; }
h2 + * { break-before: avoid; }
.figures { display: flex; gap: 2.5mm; margin: 1mm 0 2mm; }
.fig { flex: 1; background: #f3f5f7; border-radius: 1.5mm; padding: 1.5mm 2.5mm; }
.fig .v { font-size: 13pt; font-weight: 700; line-height: 1.2; }
.fig .k { font-size: 7pt; color: #5a6570; }
.cols { display: flex; gap: 5mm; align-items: flex-start; }
.cols > .chartbox { flex: 0 0 100mm; }
.cols > .side { flex: 1; min-width: 0; }
svg.chart { display: block; width: 100mm; height: auto; font-family: inherit; }
svg.chart .grid { stroke: #e3e7ea; stroke-width: 1; }
svg.chart .axis { stroke: #7b868f; stroke-width: 1; }
svg.chart .tick { font-size: 8px; fill: #5a6570; }
svg.chart .panel { font-size: 8px; fill: #263238; font-weight: 700; }
svg.chart .label { font-size: 8.5px; fill: #b71c1c; font-weight: 700; }
svg.chart .line { fill: none; stroke: #37474f; stroke-width: 1.4; }
svg.chart .line.rank { stroke: #607d8b; stroke-dasharray: 3 2; }
svg.chart .band { fill: #ef9a9a; fill-opacity: .45; stroke: none; }
svg.chart .whisker { stroke: #b71c1c; stroke-width: 1.2; }
svg.chart .pt { fill: #607d8b; }
svg.chart .now { fill: #b71c1c; stroke: #fff; stroke-width: 1; }
.legend { font-size: 7pt; color: #5a6570; margin-top: .8mm; }
.legend i { display: inline-block; width: 10px; height: 0; border-top: 1.6px solid #37474f; vertical-align: middle; margin: 0 2px 0 6px; }
.legend i.band { height: 7px; border: 0; background: #ef9a9a; }
.legend i.now { width: 7px; height: 7px; border: 0; border-radius: 50%; background: #b71c1c; }
.legend i.rank { border-top: 1.6px dashed #607d8b; }
table { width: 100%; border-collapse: collapse; font-size: 8pt; }
th { text-align: start; font-weight: 600; color: #5a6570; font-size: 7pt; text-transform: uppercase; letter-spacing: .04em; border-bottom: 1px solid #c8ced3; padding: .6mm 1.2mm; }
td { border-bottom: 1px solid #eceff1; padding: .7mm 1.2mm; vertical-align: top; }
td.d { white-space: nowrap; width: 17mm; }
td.n, th.n { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { display: inline-block; height: 6px; vertical-align: middle; border-radius: 1px; }
.bar.up { background: #c62828; }
.bar.down { background: #2e7d32; }
.sev { display: inline-block; padding: 0 1.5mm; border-radius: 1mm; font-size: 7pt; font-weight: 600; }
.sev.critical { background: #b71c1c; color: #fff; }
.sev.high { background: #ef6c00; color: #fff; }
.sev.moderate { background: #ffd54f; color: #3d2c00; }
.sev.low { background: #e9ecef; color: #343a40; }
.none { color: #5a6570; font-style: italic; margin: .5mm 0 1mm; }
.muted { color: #5a6570; }
.small { font-size: 7.2pt; }
ul { margin: .5mm 0 1mm; padding-inline-start: 4.5mm; }
li { margin: 0 0 .5mm; }
.spark { display: flex; align-items: flex-end; gap: 1px; height: 12mm; margin: 1mm 0; }
.spark span { flex: 1; background: #90a4ae; min-height: 1px; }
.spark span.h { background: #c62828; }
.sources td { font-size: 7pt; padding: .4mm 1.2mm; }
.mono { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 6.8pt; }
footer.end { margin-top: 3mm; padding-top: 1.5mm; border-top: 1px solid #c8ced3; font-size: 7pt; color: #5a6570; }
@media screen { body { background: #eceff1; } .page { background: #fff; padding: 13mm 14mm; width: 210mm; margin: 8mm auto; box-shadow: 0 1px 4px rgba(0,0,0,.2); } }
`;

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : "");

/** The language a brief is drawn in: its words, level names and number format. */
interface Lang {
  code: MessageLanguage;
  w: BriefWords;
  level: Readonly<Record<AlertLevel, string>>;
  num: (n: number) => string;
  /** ` lang="en"` on sentences Tocsin writes in English only (rule explanations), empty in English briefs. */
  en: string;
}

/** A value in the other direction's script (ids, dates, numbers) kept whole inside RTL text. */
const iso = (s: string) => `<bdi>${s}</bdi>`;
const lookup = (map: Readonly<Record<string, string>>, key: string) => map[key] ?? key.replace(/_/g, " ");

/** A snippet with its own `lang`/`dir`, so bidi and font choice are right inside an LTR brief. */
function snippet(s: TextSnippet, tag: "span" | "p" | "div" = "span"): string {
  const lang = s.lang && isLanguageTag(s.lang) ? ` lang="${e(s.lang)}"` : "";
  return `<${tag}${lang} dir="${textDirection(s.text, s.lang)}">${e(s.text)}</${tag}>`;
}

function levelSection(alert: BriefAlert | null, generatedAt: string, L: Lang): string {
  const { w } = L;
  if (!alert) {
    const c = LEVEL_COLOURS.none;
    return `<section class="level" id="level"><div class="badge" style="background:${c.bg};color:${c.fg}"><span class="what">${e(w.alertLevel)}</span><span class="name">${e(w.notAssessed)}</span></div>
<div class="why"><p class="none">${e(w.noLevelYet)}</p></div></section>`;
  }
  const c = LEVEL_COLOURS[alert.level];
  const changed = alert.previousLevel !== alert.level ? `<br>${e(w.previously(L.level[alert.previousLevel]))}` : "";
  const o = alert.override;
  const override = o
    ? `<p class="note"><strong>${e(w.override)}</strong> ${e(w.overrideText({ level: L.level[o.level], rules: L.level[alert.computedLevel], on: o.at ? day(o.at) : null, by: o.by, until: o.until ? day(o.until) : null, reason: o.reason }))}</p>`
    : "";
  // Signal lines the explanation already says are not repeated.
  const extra = alert.signals.filter((s) => !alert.explanation.includes(s));
  const signals = extra.length ? `<ul class="small"${L.en}>${extra.map((s) => `<li>${e(s)}</li>`).join("")}</ul>` : "";
  const reassess = alert.reassessOn
    ? `<p class="small muted">${e(w.reassess(alert.reassessOn, alert.reassessOn < day(generatedAt)))}</p>`
    : "";
  const englishOnly = w.englishOnly ? `<p class="small muted">${e(w.englishOnly)}</p>` : "";
  return `<section class="level" id="level"><div class="badge" style="background:${c.bg};color:${c.fg}"><span class="what">${e(w.alertLevel)}</span><span class="name">${e(L.level[alert.level])}</span><span class="since">${e(w.since(day(alert.since)))}${changed}</span></div>
<div class="why"><p${L.en}>${e(alert.explanation)}</p>${signals}${englishOnly}${override}${reassess}</div></section>`;
}

function driverRows(risk: BriefRisk, L: Lang, labels: Readonly<Record<string, string>>): string {
  const top = risk.drivers.slice(0, 6);
  const max = Math.max(...top.map((d) => Math.abs(d.contribution)), 1e-9);
  return top
    .map((d) => {
      const w = Math.max(1, Math.round((Math.abs(d.contribution) / max) * 22));
      const dir = d.contribution >= 0 ? "up" : "down";
      const value = d.value === null ? L.w.missing : Number.isInteger(d.value) ? String(d.value) : d.value.toFixed(2);
      return `<tr><td>${e(labels[d.predictor] ?? d.label)} <span class="muted small">(${e(value)})</span></td><td class="n"><span class="bar ${dir}" style="width:${w}mm"></span> ${d.contribution >= 0 ? "+" : "−"}${Math.abs(d.contribution).toFixed(2)}</td></tr>`;
    })
    .join("");
}

function riskSection(risk: BriefRisk | null, L: Lang, labels: Readonly<Record<string, string>>): string {
  const { w } = L;
  if (!risk) return `<section id="risk"><h2>${e(w.structuralRisk)}</h2><p class="none">${e(w.noForecast)}</p></section>`;
  const c = risk.current;
  const prev = [...risk.backtest, ...risk.earlierRuns].filter((p) => p.targetFrom < c.targetFrom).sort((a, b) => b.targetFrom - a.targetFrom)[0];
  const change = prev ? w.change(c.rank < prev.rank ? "up" : c.rank > prev.rank ? "down" : "unchanged", prev.rank, `${prev.targetFrom}–${prev.targetFrom + 1}`) : w.noEarlier;
  const interval = c.interval ? `${formatRisk(c.interval.low)} – ${formatRisk(c.interval.high)}` : "n/a";
  return `<section id="risk"><h2>${e(w.riskTitle(`${c.targetFrom}–${c.targetTo}`))}</h2>
<div class="figures">
<div class="fig"><div class="v">${iso(e(formatRisk(c.risk)))}</div><div class="k">${e(w.twoYearRisk)}</div></div>
<div class="fig"><div class="v">${iso(e(interval))}</div><div class="k">${e(w.interval90)}</div></div>
<div class="fig"><div class="v">${iso(`#${c.rank}`)} <span class="small muted">${e(w.rankOf(c.ranked))}</span></div><div class="k">${e(w.rank)}; ${e(change)}</div></div>
</div>
<div class="cols"><div class="chartbox">${riskChartSvg(risk)}
<div class="legend"><i></i>${e(w.legend.backtest)} <i class="rank"></i>${e(w.legend.rank)} <i class="band"></i>${e(w.legend.interval)} <i class="now"></i>${e(w.legend.newest)}</div></div>
<div class="side"><table class="drivers"><thead><tr><th>${e(w.topDrivers)}</th><th class="n">${e(w.logOdds)}</th></tr></thead><tbody>${driverRows(risk, L, labels)}</tbody></table>
<p class="small muted">${e(w.driversNote(risk.model.id, risk.run.id, risk.run.baseYear))}</p></div></div>
</section>`;
}

function escalationSection(esc: BriefEscalations | null, L: Lang): string {
  const { w, num } = L;
  if (!esc) return `<section id="escalations"><h2>${e(w.escalations)}</h2><p class="none">${e(w.noEvents)}</p></section>`;
  const scope = e(w.scope({ events: num(esc.eventsInWindow), deaths: num(esc.deathsInWindow), from: esc.from, to: esc.to, sources: esc.sources.join(", ") || w.storedEvents, detector: "\u0000" }))
    .replace("\u0000", `<span class="mono">${e(esc.detector)}</span>`);
  if (!esc.alerts.length) return `<section id="escalations"><h2>${e(w.escalations)}</h2><p class="small">${scope}</p><p class="none">${e(w.noEscalation)}</p></section>`;
  const rows = esc.alerts
    .slice(0, 8)
    .map((a) => `<tr><td>${iso(`${e(a.periodStart)} – ${e(a.periodEnd)}`)}</td><td>${e(a.place ?? w.wholeCountry)}</td><td><span class="sev ${e(a.severity)}">${e(lookup(w.severity, a.severity))}</span></td><td class="n">${num(a.events)}</td><td class="n">${num(a.fatalities)}</td><td class="n">${num(a.civilianDeaths)}</td></tr>`)
    .join("");
  const more = esc.alerts.length > 8 ? `<p class="small muted">${e(w.more(esc.alerts.length - 8))}</p>` : "";
  const h = w.escalationHead.map(e);
  return `<section id="escalations"><h2>${e(w.escalations)}</h2><p class="small">${scope}</p>
<table><thead><tr><th>${h[0]}</th><th>${h[1]}</th><th>${h[2]}</th><th class="n">${h[3]}</th><th class="n">${h[4]}</th><th class="n">${h[5]}</th></tr></thead><tbody>${rows}</tbody></table>${more}</section>`;
}

function speechSection(speech: BriefSpeech | null, L: Lang): string {
  const { w, num } = L;
  if (!speech || !speech.weeks.length) return `<section id="speech"><h2>${e(w.speech)}</h2><p class="none">${e(w.noSpeech)}</p></section>`;
  const max = Math.max(...speech.weeks.map((w) => w.items), 1);
  const bars = speech.weeks
    .map((w) => `<span title="${e(w.period)}: ${w.items}" style="height:${((w.items / max) * 100).toFixed(0)}%"></span>`)
    .join("");
  const total = speech.weeks.reduce((s, w) => s + w.items, 0);
  const flagged = speech.weeks.reduce((s, w) => s + w.withHallmark, 0);
  const hallmarks = speech.topHallmarks.length ? e(w.hallmarks(speech.topHallmarks.map((h) => `${h.key.replace(/_/g, " ")} (${h.count})`).join(", "))) : "";
  const spikes = speech.spikes.length ? `<ul class="small"${L.en}>${speech.spikes.slice(0, 4).map((s) => `<li>${e(s.period)}: ${e(s.message)}</li>`).join("")}</ul>` : `<p class="small muted">${e(w.noSpikes)}</p>`;
  return `<section id="speech"><h2>${e(w.speech)}</h2>
<p class="small">${e(w.speechLine({ total: num(total), weeks: speech.weeks.length, from: speech.weeks[0].period, flagged: num(flagged) }))}${hallmarks}</p>
<div class="spark" aria-label="${e(w.itemsPerWeek)}">${bars}</div>${spikes}</section>`;
}

function incidentSection(incidents: BriefIncident[], L: Lang): string {
  const { w } = L;
  if (!incidents.length) return `<section id="incidents"><h2>${e(w.incidents)}</h2><p class="none">${e(w.noIncidents)}</p></section>`;
  const rows = incidents
    .slice(0, 6)
    .map((i) => {
      const where = i.place ? `${e(i.place)}${i.precisionMeters ? ` <span class="muted small">(±${(i.precisionMeters / 1000).toFixed(i.precisionMeters < 10_000 ? 1 : 0)} km)</span>` : ""}` : `<span class="muted">${e(w.placeWithheld)}</span>`;
      const who = [lookup(w.perpetrator, i.perpetratorType), i.targetedGroup ? w.against(i.targetedGroup) : ""].filter(Boolean).join(" ");
      return `<tr><td class="d">${e(i.occurredOn)}</td><td>${where}</td><td>${snippet(i.description)}<div class="small muted">${e(who)}</div></td><td class="n">${i.killed ?? "–"}</td></tr>`;
    })
    .join("");
  const more = incidents.length > 6 ? `<p class="small muted">${e(w.earlier(incidents.length - 6))}</p>` : "";
  const h = w.incidentHead.map(e);
  return `<section id="incidents" class="long"><h2>${e(w.incidents)}</h2><table><thead><tr><th>${h[0]}</th><th>${h[1]}</th><th>${h[2]}</th><th class="n">${h[3]}</th></tr></thead><tbody>${rows}</tbody></table>${more}
<p class="small muted">${e(w.incidentNote)}</p></section>`;
}

function assessmentSection(a: BriefAssessment | null, L: Lang): string {
  const { w } = L;
  if (!a) return `<section id="assessment"><h2>${e(w.assessment)}</h2><p class="none">${e(w.noAssessment)}</p></section>`;
  const flag = a.disagreement.flag ? `<p class="note"><strong>${e(w.disagreement)}</strong> <span${L.en}>${e(a.disagreement.explanation)}</span></p>` : `<p class="small muted"${L.en}>${e(a.disagreement.explanation)}</p>`;
  const lines = a.lines.length ? `<ul class="small"${L.en}>${a.lines.slice(0, 7).map((l) => `<li>${e(l)}</li>`).join("")}</ul>` : "";
  return `<section id="assessment" class="long"><h2>${e(w.assessment)}</h2>
<p><strong>${snippet(a.title)}</strong> <span class="muted small">${e(w.assessedLine({ framework: a.framework, assessed: a.assessedOn, published: day(a.publishedAt), count: a.count }))}</span></p>
${a.summary ? snippet(a.summary, "p") : ""}${lines}${flag}</section>`;
}

function responseSection(r: BriefResponse | null, audience: BriefData["audience"], L: Lang): string {
  const { w } = L;
  if (!r || (!r.options.length && !r.notes.length)) {
    const why = audience === "public" ? w.publicActions : "";
    return `<section id="response"><h2>${e(w.response)}</h2><p class="none">${e(w.noActions)}${e(why)}</p></section>`;
  }
  const rows = r.options
    .map((o) => `<tr><td>${e(lookup(w.instrument, o.instrument))}</td><td>${e(o.title)}${o.detail ? `<div class="small muted">${e(o.detail)}</div>` : ""}</td><td>${e(o.status)}</td><td>${e(o.owner ?? "")}</td><td class="n">${e(o.deadline ?? "")}</td></tr>`)
    .join("");
  const notes = r.notes.length ? `<ul class="small">${r.notes.map((n) => `<li>${e(n)}</li>`).join("")}</ul>` : "";
  const h = w.responseHead.map(e);
  return `<section id="response"><h2>${e(w.response)}</h2>${r.options.length ? `<table><thead><tr><th>${h[0]}</th><th>${h[1]}</th><th>${h[2]}</th><th>${h[3]}</th><th class="n">${h[4]}</th></tr></thead><tbody>${rows}</tbody></table>` : ""}${notes}</section>`;
}

function sourcesSection(data: BriefData, L: Lang): string {
  const { w, num } = L;
  const rows = data.sources.datasets
    .map((d) => `<tr><td>${e(d.dataset)}</td><td>${e(d.fileName)}${d.sourceCommit ? ` <span class="muted">@ ${e(d.sourceCommit.slice(0, 10))}</span>` : ""}</td><td class="mono">${e(d.sha256.slice(0, 16))}…</td><td class="n">${d.rows === null ? "" : num(d.rows)}</td><td class="n">${e(day(d.importedAt))}</td></tr>`)
    .join("");
  const model = data.risk
    ? e(w.modelLine({ model: "\u0000", description: data.risk.model.description, run: data.risk.run.id, made: day(data.risk.run.createdAt), baseYear: data.risk.run.baseYear })).replace("\u0000", `<span class="mono">${e(data.risk.model.id)}</span>`)
    : "";
  const h = w.sourcesHead.map(e);
  return `<section id="sources"><h2>${e(w.sources)}</h2>
${rows ? `<table class="sources"><thead><tr><th>${h[0]}</th><th>${h[1]}</th><th>${h[2]}</th><th class="n">${h[3]}</th><th class="n">${h[4]}</th></tr></thead><tbody>${rows}</tbody></table>` : `<p class="none">${e(w.noDatasets)}</p>`}
<p class="small muted">${model}${e(w.sourcesNote(data.sources.version, data.generatedAt.replace("T", " ").slice(0, 16)))}</p></section>`;
}

/** How to draw a brief: its language and names already in that language (the domain has no CLDR data of its own). */
export interface BriefHtmlOptions {
  /** Language of the brief's own words (default English); data stays as stored. */
  lang?: MessageLanguage;
  /** The country's name in that language (default: the registry's English name). */
  countryName?: string;
  regionName?: string;
  /** Predictor labels in that language, by EWP column. */
  predictorLabels?: Readonly<Record<string, string>>;
}

/**
 * Renders a brief as a complete HTML document (A4, print-ready, self-contained).
 * @param data the brief (see {@link BriefData}); every string in it is escaped
 * @returns `<!doctype html>…` with inline CSS and SVG, no scripts and no external references
 */
export function renderBriefHtml(data: BriefData, options: BriefHtmlOptions = {}): string {
  const code = options.lang ?? "en";
  const w = BRIEF_WORDS[code];
  const L: Lang = { code, w, level: LEVEL_NAMES[code], num: (n) => formatNumberIn(code, n), en: code === "en" ? "" : ` lang="en"` };
  const { country } = data;
  const name = { text: options.countryName ?? country.name };
  const labels = options.predictorLabels ?? {};
  const audience = data.audience === "public" ? w.publicBrief : w.orgBrief;
  return `<!doctype html>
<html lang="${code}" dir="${isRightToLeft(code) ? "rtl" : "ltr"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(w.title(name.text, country.iso3, day(data.generatedAt)))}</title>
<style>${CSS}</style>
</head>
<body>
<main class="page">
<header class="top"><div><div class="kicker">${e(w.kicker)} · ${e(audience)}</div><h1>${snippet(name)}</h1></div>
<div class="meta">${iso(e(country.iso3))}${country.region ? ` · ${e(options.regionName ?? country.region)}` : ""}<br>${e(w.asOf(day(data.generatedAt)))}</div></header>
${levelSection(data.alert, data.generatedAt, L)}
${riskSection(data.risk, L, labels)}
${escalationSection(data.escalations, L)}
${speechSection(data.speech, L)}
${incidentSection(data.incidents, L)}
${assessmentSection(data.assessment, L)}
${responseSection(data.response, data.audience, L)}
${sourcesSection(data, L)}
<footer class="end">${e(w.footer)}</footer>
</main>
</body>
</html>
`;
}
