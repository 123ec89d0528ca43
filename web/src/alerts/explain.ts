/**
 * Alert explanations in the reader's language (issue 17). The server writes each alert's explanation
 * in English (`explain` and `nextLevel` in src/domain/alerts/compute.ts) and stores and audits it as
 * written; the dashboard rebuilds it here from the structured facts the API returns (the signals with
 * kind, value, threshold, period, detail, supports and rule; the override) and shows it translated.
 *
 * Drift guard: each part is translated only where the part the renderer would write in English
 * (`canonical…` below, the server's own templates) is found verbatim in the server's text. A part the
 * renderer does not recognise — a new signal kind, a field it does not know, a changed server
 * sentence, an analyst's free text — stays in the server's English, and the component marks it
 * lang="en". So the translation can lag behind the server, never contradict it.
 *
 * The transition sentences (hold, dwell, override) carry facts the API does not return as fields
 * (pending count, dwell, days); they are read from the server sentence's fixed template (levels and
 * integers only), which is as safe as the fields: any other wording falls back to English.
 */
import { fmtDate, fmtNumber, fmtPercent, t, tDynamic } from "../i18n/i18n.ts";
import { countryName } from "../i18n/names.ts";

type Level = "none" | "watch" | "warning" | "emergency";

/** The server's English level labels (src/domain/alerts/level.ts), to recognise its sentences. */
const EN_LEVEL: Readonly<Record<Level, string>> = { none: "No alert", watch: "Watch", warning: "Warning", emergency: "Emergency" };
const LEVEL_BY_EN = new Map(Object.entries(EN_LEVEL).map(([k, v]) => [v, k as Level]));
const LEVEL_RE = "(No alert|Watch|Warning|Emergency)";
const FAMILIES = ["structural", "events", "speech", "reports", "analysts"];
const SEVERITIES = ["", "low", "moderate", "high", "critical"];

/** What the renderer reads of a signal (the API's `AlertSignal`). */
export interface ExplainSignal {
  kind: string;
  countryIso3: string;
  situation: string;
  value: number;
  risk?: number;
  threshold: number | null;
  period: { from: string; to: string };
  sentence: string;
  supports?: string;
  rule?: string | null;
  detail?: Record<string, string | number | boolean | null>;
}

/** What the renderer reads of an alert: its English text, and the facts behind it when known. */
export interface ExplainInput {
  explanation: string;
  signals?: readonly ExplainSignal[];
  override?: { level: string; reason: string; until: string | null } | null;
}

/** One piece of an explanation: translated, or the server's English (to be marked lang="en"). */
export interface ExplanationPart {
  text: string;
  translated: boolean;
  /** A person's own words (an override reason): shown as written, in no assumed language. */
  verbatim?: boolean;
}

const levelName = (l: Level) => t(`level.${l}` as "level.none");
const lv = (en: string) => levelName(LEVEL_BY_EN.get(en)!);
const int = (s: string) => Number.parseInt(s, 10);
const year = (y: number | string) => fmtNumber(Number(y), { useGrouping: false });
const serverPct = (x: number) => `${(100 * x).toFixed(1)} %`;
const country = (iso3: string) => countryName(iso3, iso3);

/** The server's sentence of a signal (src/domain/alerts/signal.ts), for the kinds whose facts the API returns; null otherwise. */
export function canonicalSentence(s: ExplainSignal): string | null {
  const d = s.detail ?? {};
  switch (s.kind) {
    case "forecast-risk":
      if (typeof d.baseYear !== "number" || typeof d.ranked !== "number" || s.risk === undefined) return null;
      return `The structural forecast from ${d.baseYear} data ranks ${s.countryIso3} ${s.value} of ${d.ranked} (risk of a mass-killing onset in ${s.period.from}–${s.period.to}: ${serverPct(s.risk)}).`;
    case "rank-change": {
      if (typeof d.from !== "number" || typeof d.to !== "number") return null;
      const y = Number(s.period.from) - 1;
      return `${s.countryIso3} climbed ${s.value} places in the risk ranking, from ${d.from} (${y - 1} data) to ${d.to} (${y} data).`;
    }
    case "risk-change": {
      if (typeof d.from !== "number" || typeof d.to !== "number") return null;
      const y = Number(s.period.from) - 1;
      return `${s.countryIso3}'s structural risk rose ${s.value.toFixed(1)}-fold, from ${serverPct(d.from)} (${y - 1} data) to ${serverPct(d.to)} (${y} data).`;
    }
    case "verified-report":
      return `${s.value} verified incident report${s.value === 1 ? "" : "s"} published for ${s.countryIso3} about incidents since ${s.period.from}.`;
    default:
      return null;
  }
}

/** A signal's sentence in the reader's language, or null when the renderer cannot rebuild it (then the server's English shows). */
export function localSentence(s: ExplainSignal): string | null {
  if (canonicalSentence(s) !== s.sentence) return null;
  const d = s.detail ?? {};
  const y = Number(s.period.from) - 1;
  switch (s.kind) {
    case "forecast-risk":
      return t("explain.sig.forecast", { baseYear: year(d.baseYear as number), country: country(s.countryIso3), rank: fmtNumber(s.value), ranked: fmtNumber(d.ranked as number), from: year(s.period.from), to: year(s.period.to), risk: fmtPercent(s.risk!, { maximumFractionDigits: 1 }) });
    case "rank-change":
      return t("explain.sig.rankChange", { country: country(s.countryIso3), climbed: s.value, from: fmtNumber(d.from as number), to: fmtNumber(d.to as number), fromYear: year(y - 1), toYear: year(y) });
    case "risk-change":
      return t("explain.sig.riskChange", { country: country(s.countryIso3), fold: fmtNumber(s.value, { minimumFractionDigits: 1, maximumFractionDigits: 1 }), from: fmtPercent(d.from as number, { maximumFractionDigits: 1 }), to: fmtPercent(d.to as number, { maximumFractionDigits: 1 }), fromYear: year(y - 1), toYear: year(y) });
    case "verified-report":
      return t("explain.sig.reports", { count: s.value, country: country(s.countryIso3), since: fmtDate(s.period.from) });
    default:
      return null;
  }
}

/** Which rule of a kind a threshold belongs to, with the server's English (src/domain/alerts/rules.ts). */
function ruleOf(s: ExplainSignal): { en: string; local: () => string } | null {
  const th = s.threshold;
  if (th === null || !Number.isFinite(th)) return null;
  switch (s.kind) {
    case "forecast-risk":
      return th >= 1
        ? { en: `rank ≤ ${th}`, local: () => t("explain.rule.rank", { t: fmtNumber(th) }) }
        : { en: `risk ≥ ${(th * 100).toFixed(0)} %`, local: () => t("explain.rule.risk", { t: fmtPercent(th, { maximumFractionDigits: 0 }) }) };
    case "rank-change": return { en: `climb ≥ ${th} places`, local: () => t("explain.rule.climb", { t: th }) };
    case "risk-change": return { en: `risk × ${th}`, local: () => t("explain.rule.ratio", { t: fmtNumber(th) }) };
    case "escalation": {
      const sev = SEVERITIES[th];
      return sev ? { en: `severity ≥ ${sev}`, local: () => t("explain.rule.severity", { severity: t(`explain.severity.${sev}` as "explain.severity.low") }) } : null;
    }
    case "speech-spike": return { en: `z ≥ ${th}`, local: () => t("explain.rule.z", { t: fmtNumber(th) }) };
    case "verified-report": return { en: `≥ ${th} reports`, local: () => t("explain.rule.reports", { t: th }) };
    case "assessment": return { en: `analyst score ≥ ${th}`, local: () => t("explain.rule.score", { t: fmtNumber(th) }) };
    default: return null;
  }
}

/** The bracket after a signal's sentence, `[kind: rule (Level)]`, translated; null when unknown. */
function localRule(s: ExplainSignal): { en: string; text: string } | null {
  if (!s.rule || !s.supports || !LEVEL_BY_EN.has(EN_LEVEL[s.supports as Level])) return null;
  const r = ruleOf(s);
  if (!r) return null;
  const en = `${r.en} (${EN_LEVEL[s.supports as Level]})`;
  if (en !== s.rule) return null;
  const kind = tDynamic(`explain.kind.${s.kind}`, s.kind);
  return { en: `[${s.kind}: ${s.rule}]`, text: t("explain.ruleWrap", { kind, rule: r.local(), level: levelName(s.supports as Level) }) };
}

interface Match {
  length: number;
  parts: ExplanationPart[];
}
type Matcher = (rest: string) => Match | null;

const one = (length: number, text: string): Match => ({ length, parts: [{ text, translated: true }] });

/** Sentences with levels and integers only: matched on the server's fixed wording. */
const PATTERNS: readonly [RegExp, (m: RegExpMatchArray) => string][] = [
  [new RegExp(`^Your organisation's view differs from the public level \\(${LEVEL_RE}\\) because of its own signals\\.`), (m) => t("explain.orgDiffers", { level: lv(m[1]!) })],
  [new RegExp(`^Raised at once from ${LEVEL_RE} to ${LEVEL_RE} \\(escalation is immediate\\)\\.`), (m) => t("explain.raised", { from: lv(m[1]!), to: lv(m[2]!) })],
  [new RegExp(`^Lowered from ${LEVEL_RE} to ${LEVEL_RE} after (\\d+) computations over (\\d+) days below it\\.`), (m) => t("explain.lowered", { from: lv(m[1]!), to: lv(m[2]!), count: int(m[3]!), days: int(m[4]!) })],
  [
    new RegExp(`^Held at ${LEVEL_RE}: the rules say ${LEVEL_RE} \\((\\d+) of (\\d+) computations, (\\d+) of (\\d+) days needed before lowering\\)\\.`),
    (m) => t("explain.held", { level: lv(m[1]!), proposed: lv(m[2]!), count: fmtNumber(int(m[3]!)), needed: int(m[4]!), days: fmtNumber(int(m[5]!)), neededDays: int(m[6]!) }),
  ],
  [new RegExp(`^Unchanged at ${LEVEL_RE}\\.`), (m) => t("explain.unchanged", { level: lv(m[1]!) })],
  [new RegExp(`^The analyst override to ${LEVEL_RE} expired; the rules set ${LEVEL_RE}\\.`), (m) => t("explain.overrideEnded", { level: lv(m[1]!), computed: lv(m[2]!) })],
  [/^No alert: no signal reaches the Watch threshold\./, () => t("explain.none", { watch: levelName("watch") })],
  [new RegExp(`^${LEVEL_RE}: (\\d+) signals? at or above Watch\\.`), (m) => t("explain.headline", { level: lv(m[1]!), count: int(m[2]!), watch: levelName("watch") })],
  [
    new RegExp(`^Independent sources agree \\(((?:${FAMILIES.join("|")})(?:, (?:${FAMILIES.join("|")}))*)\\), so the level is one step above what any of them shows alone\\.`),
    (m) => t("explain.corroborated", { families: m[1]!.split(", ").map((f) => t(`explain.family.${f}` as "explain.family.events")).join(t("explain.listSeparator")) }),
  ],
  [new RegExp(`^Thresholds for staying at ${LEVEL_RE} or below are the easier exit thresholds\\.`), (m) => t("explain.holding", { level: lv(m[1]!) })],
  [/^Analyst disagreement flagged: (analyst-higher|analyst-lower)\./, (m) => t("explain.disagreementFlagged", { flag: t(`explain.flag.${m[1]}` as "explain.flag.analyst-higher") })],
];

function matchers(input: ExplainInput): Matcher[] {
  const list: Matcher[] = PATTERNS.map(([re, render]) => (rest: string) => {
    const m = rest.match(re);
    return m ? one(m[0].length, render(m)) : null;
  });
  const o = input.override;
  if (o && LEVEL_BY_EN.has(EN_LEVEL[o.level as Level])) {
    // The reason is the analyst's own text: kept as written, inside the translated frame.
    const head = `Overridden by an analyst to ${EN_LEVEL[o.level as Level]}${o.until ? ` until ${o.until}` : ""}: ${o.reason} (rules say `;
    list.push((rest) => {
      if (!rest.startsWith(head)) return null;
      const m = rest.slice(head.length).match(new RegExp(`^${LEVEL_RE}\\)\\.`));
      if (!m) return null;
      const values = { level: levelName(o.level as Level), computed: lv(m[1]!), until: o.until ? fmtDate(o.until) : "" };
      const [before, after] = t(o.until ? "explain.overriddenUntil" : "explain.overridden", { ...values, reason: "\u0000" }).split("\u0000");
      return { length: head.length + m[0].length, parts: [{ text: before ?? "", translated: true }, { text: o.reason, translated: false, verbatim: true }, { text: after ?? "", translated: true }] };
    });
  }
  for (const s of input.signals ?? []) {
    const sentence = localSentence(s);
    const flag = s.kind === "assessment" && typeof s.detail?.disagreement === "string" ? s.detail.disagreement : null;
    if (flag === "analyst-higher" || flag === "analyst-lower") {
      const en = `Analyst disagreement (${flag}): `;
      list.push((rest) => (rest.startsWith(en) ? one(en.length - 1, t("explain.disagreement", { flag: t(`explain.flag.${flag}`) })) : null));
    }
    if (sentence !== null) list.push((rest) => (rest.startsWith(s.sentence) ? one(s.sentence.length, sentence) : null));
    else if (s.sentence) list.push((rest) => (rest.startsWith(s.sentence) ? { length: s.sentence.length, parts: [{ text: s.sentence, translated: false }] } : null));
    const rule = localRule(s);
    if (rule) list.push((rest) => (rest.startsWith(rule.en) ? one(rule.en.length, rule.text) : null));
  }
  return list;
}

/**
 * Splits an alert's English explanation into parts, each translated where the renderer recognises it
 * from the structured facts, else the server's English.
 */
export function explanationParts(input: ExplainInput): ExplanationPart[] {
  const text = input.explanation;
  const list = matchers(input);
  const out: ExplanationPart[] = [];
  const push = (p: ExplanationPart) => {
    const last = out[out.length - 1];
    if (last && last.translated === p.translated && !last.verbatim && !p.verbatim) last.text += p.text;
    else out.push({ ...p });
  };
  let pos = 0;
  let english = "";
  const flush = () => {
    if (english) push({ text: english, translated: false });
    english = "";
  };
  while (pos < text.length) {
    const rest = text.slice(pos);
    // Only at a sentence or bracket start: the beginning, or after a space.
    const m = pos === 0 || text[pos - 1] === " " ? list.map((f) => f(rest)).find((x) => x !== null) ?? null : null;
    if (m && m.length > 0) {
      // The space before a recognised part joins the text around it (translated when both sides are).
      if (english === " " && out.length > 0) {
        english = "";
        push({ text: " ", translated: out[out.length - 1]!.translated || Boolean(out[out.length - 1]!.verbatim) });
      }
      flush();
      for (const p of m.parts) push(p);
      pos += m.length;
    } else {
      english += text[pos];
      pos += 1;
    }
  }
  flush();
  return out.filter((p) => p.text !== "");
}

/** True when every part of the explanation is translated (used by tests and the fallback marker). */
export function fullyTranslated(parts: readonly ExplanationPart[]): boolean {
  return parts.every((p) => p.translated || p.verbatim || p.text.trim() === "");
}

/** What the renderer reads of an organisation's level beside the public one (`GET /api/org/alerts`). */
export interface DifferenceInput {
  level: string;
  publicLevel: string;
  difference: string | null;
  override: { reason: string } | null;
  signals: readonly ExplainSignal[];
}

/**
 * Why an organisation's level differs from the public one, in the reader's language, rebuilt from the
 * levels, the override and the organisation's own signals (`explainDifference` in
 * src/services/alert-level.service.ts); the server's English whole when the rebuilt English does not
 * match it. Null when the levels agree.
 */
export function differenceParts(own: DifferenceInput): ExplanationPart[] | null {
  if (own.difference === null) return null;
  const english = [{ text: own.difference, translated: false }];
  const ownLevel = own.level as Level;
  const pubLevel = own.publicLevel as Level;
  if (!EN_LEVEL[ownLevel] || !EN_LEVEL[pubLevel]) return english;
  const head = `Your organisation's level is ${EN_LEVEL[ownLevel]}; the public level is ${EN_LEVEL[pubLevel]}.`;
  const localHead = { text: t("explain.diff.head", { own: levelName(ownLevel), public: levelName(pubLevel) }), translated: true };
  let en: string;
  let parts: ExplanationPart[];
  const mine = own.signals.filter((s) => s.detail?.view === "organisation");
  if (own.override) {
    en = `${head} Your organisation's analyst overrode it: ${own.override.reason}`;
    parts = [localHead, { text: ` ${t("explain.diff.override")} `, translated: true }, { text: own.override.reason, translated: false, verbatim: true }];
  } else if (mine.length) {
    en = `${head} Your organisation's own signals, which the public level does not see: ${mine.map((s) => s.sentence).join(" ")}`;
    parts = [localHead, { text: ` ${t("explain.diff.signals")}`, translated: true }];
    for (const s of mine) {
      const local = localSentence(s);
      parts.push({ text: " ", translated: true }, local === null ? { text: s.sentence, translated: false } : { text: local, translated: true });
    }
  } else {
    en = `${head} The public level changed since your organisation's view was last computed, or differs by corroboration and hysteresis.`;
    parts = [localHead, { text: ` ${t("explain.diff.other")}`, translated: true }];
  }
  return en === own.difference ? parts : english;
}
