/**
 * Dangerous-speech analysis of one text: class probabilities (when a trained classifier is
 * given), the hallmarks of dangerous speech the system can see, the target groups named, and the
 * six factors of the Rabat Plan of Action's threshold test, each marked as machine-assessable or
 * as needing an analyst.
 *
 * Hallmarks (after Benesch's Dangerous Speech framework), detected by rules over lexicon hits
 * (token positions from {@link Lexicon.match}). A hallmark is reported when its score ≥ 0.3;
 * score = the best cue weight × the factor given:
 * - `dehumanisation` (subtype vermin, disease, animal, other): a `dehumanisation.*` term; ×1 when a
 *   target group or a third-person plural pronoun is in the same text, else ×0.6.
 * - `call_to_violence`: a `violence.call` term (×1); a `violence` term with a `modal` in the four
 *   tokens before it (×0.9); a `violence` term followed within three tokens by a group, slur or
 *   `they` term (×0.8); a `violence` term as the first token while a group is named (×0.6).
 * - `accusation_in_a_mirror`: a `mirror` phrase (×1); or a `violence` term with both a `we` term
 *   and a `they` or group term within eight tokens of it (×0.6).
 * - `purity_threat`: a `purity` term; ×1 with a target group named, else ×0.7.
 *
 * Rabat factors: `content_form` (hallmarks, probabilities) and `extent` (the reach supplied with
 * the text) are machine-assessable; `context`, `speaker`, `intent` and `likelihood` (including
 * imminence) are returned with `assessment: "analyst"` and no value — the system shows them as
 * open questions instead of guessing.
 */
import { GROUP_ATTRIBUTES } from "./builtin-lexicon.ts";
import type { SpeechClassifier } from "./classifier.ts";
import { detectLanguage, normaliseLanguageTag } from "./language.ts";
import type { Lexicon, LexiconHit } from "./lexicon.ts";
import { prepareText } from "./text.ts";

/** Hallmark kinds the system detects. */
export const HALLMARKS = ["dehumanisation", "call_to_violence", "accusation_in_a_mirror", "purity_threat"] as const;
/** One of {@link HALLMARKS}. */
export type HallmarkKind = (typeof HALLMARKS)[number];

/** One detected hallmark. */
export interface Hallmark {
  readonly kind: HallmarkKind;
  /** For dehumanisation: vermin, disease, animal or other; else null. */
  readonly subtype: string | null;
  /** In [0, 1]; see the module summary. */
  readonly score: number;
  /** The matched terms that triggered it. */
  readonly evidence: readonly string[];
}

/** A target group named (or insulted) in the text. */
export interface TargetMention {
  readonly group: string;
  /** origin, religion, gender, sexual_orientation, disability, political, or `other`. */
  readonly attribute: string;
  readonly terms: readonly string[];
  /** True when at least one term is a slur. */
  readonly slur: boolean;
  /** Highest weight of its terms. */
  readonly weight: number;
}

/** One factor of the Rabat threshold test. */
export interface RabatFactor {
  readonly factor: "context" | "speaker" | "intent" | "content_form" | "extent" | "likelihood";
  readonly assessment: "machine" | "analyst";
  /** Machine summary (null when an analyst must assess it). */
  readonly value: string | null;
  readonly note: string;
}

/** A lexicon hit in serialisable form. */
export interface SpeechHit {
  readonly term: string;
  readonly matched: string;
  readonly category: string;
  readonly target: string | null;
  readonly weight: number;
  readonly source: string;
}

/** The analysis of one text (plain JSON-safe object, ready to store). */
export interface SpeechAnalysis {
  readonly language: string;
  readonly languageSource: "given" | "detected";
  /** Most probable class, or null without a classifier. */
  readonly label: string | null;
  readonly probabilities: Readonly<Record<string, number>> | null;
  readonly hallmarks: readonly Hallmark[];
  readonly targets: readonly TargetMention[];
  readonly hits: readonly SpeechHit[];
  readonly rabat: readonly RabatFactor[];
}

/** Input of {@link SpeechAnalyser.analyse}. */
export interface AnalysisInput {
  readonly text: string;
  /** Language tag; detected with franc when absent or `und`. */
  readonly language?: string | null;
  /** Followers, audience or circulation of the text, when known. */
  readonly reach?: number | null;
}

const REPORT_THRESHOLD = 0.3;

/** Combines a lexicon and an optional classifier into per-text analyses. */
export class SpeechAnalyser {
  private readonly lexicon: Lexicon;
  private readonly classifier: SpeechClassifier | undefined;
  private readonly attributes: Readonly<Record<string, string>>;
  private readonly candidateLanguages: readonly string[] | undefined;

  /**
   * @param lexicon compiled lexicon (built-in plus any imported entries)
   * @param classifier trained classifier, or undefined for lexicon-only analysis
   * @param options `attributes`: group id → attribute (default {@link GROUP_ATTRIBUTES});
   *   `candidateLanguages`: ISO 639-1 codes language detection chooses among (default all)
   */
  constructor(
    lexicon: Lexicon,
    classifier?: SpeechClassifier,
    options: { attributes?: Readonly<Record<string, string>>; candidateLanguages?: readonly string[] } = {},
  ) {
    this.lexicon = lexicon;
    this.classifier = classifier;
    this.attributes = options.attributes ?? GROUP_ATTRIBUTES;
    this.candidateLanguages = options.candidateLanguages;
  }

  /**
   * Analyses one text.
   * @param input text, optional language and reach
   * @returns the analysis
   */
  analyse(input: AnalysisInput): SpeechAnalysis {
    const given = normaliseLanguageTag(input.language);
    const language = given !== "und" ? given : detectLanguage(input.text, undefined, this.candidateLanguages);
    const prepared = prepareText(input.text);
    const hitsRaw = this.lexicon.match(prepared.tokens, language);
    let label: string | null = null;
    let probabilities: Record<string, number> | null = null;
    if (this.classifier) {
      const p = this.classifier.predictProbaTokens(prepared.tokens);
      probabilities = {};
      let best = 0;
      this.classifier.labels.forEach((l, i) => {
        (probabilities as Record<string, number>)[l] = p[i];
        if (p[i] > p[best]) best = i;
      });
      label = this.classifier.labels[best];
    }
    const targets = targetsOf(hitsRaw, this.attributes);
    const hallmarks = hallmarksOf(hitsRaw, prepared.tokens.length, targets.length > 0);
    return {
      language,
      languageSource: given !== "und" ? "given" : "detected",
      label,
      probabilities,
      hallmarks,
      targets,
      hits: dedupeHits(hitsRaw),
      rabat: rabatFactors(hallmarks, label, probabilities, input.reach ?? null),
    };
  }
}

/** One hit per (position, category, target), keeping the heaviest entry. */
function dedupeHits(hits: readonly LexiconHit[]): SpeechHit[] {
  const by = new Map<string, LexiconHit>();
  for (const h of hits) {
    const key = `${h.start}:${h.end}:${h.entry.category}:${h.entry.target ?? ""}`;
    const prev = by.get(key);
    if (!prev || h.entry.weight > prev.entry.weight) by.set(key, h);
  }
  return [...by.values()].map((h) => ({
    term: h.entry.term, matched: h.text, category: h.entry.category, target: h.entry.target,
    weight: h.entry.weight, source: h.entry.source,
  }));
}

/**
 * Target groups named in a text: every `group` or `slur` hit with a target, merged per group.
 * Sorted by weight (descending), then by first position.
 *
 * @param hits lexicon hits of one text
 * @param attributes group → attribute map
 * @returns target mentions
 */
export function targetsOf(hits: readonly LexiconHit[], attributes: Readonly<Record<string, string>> = GROUP_ATTRIBUTES): TargetMention[] {
  const by = new Map<string, { terms: Set<string>; slur: boolean; weight: number; first: number }>();
  for (const h of hits) {
    const t = h.entry.target;
    if (!t || (h.entry.category !== "group" && h.entry.category !== "slur" && !h.entry.category.startsWith("dehumanisation"))) continue;
    const cur = by.get(t) ?? { terms: new Set<string>(), slur: false, weight: 0, first: h.start };
    cur.terms.add(h.text);
    cur.slur ||= h.entry.category === "slur" || h.entry.category.startsWith("dehumanisation");
    cur.weight = Math.max(cur.weight, h.entry.weight);
    by.set(t, cur);
  }
  return [...by.entries()]
    .sort((a, b) => b[1].weight - a[1].weight || a[1].first - b[1].first)
    .map(([group, v]) => ({ group, attribute: attributes[group] ?? "other", terms: [...v.terms], slur: v.slur, weight: v.weight }));
}

/**
 * Hallmarks from lexicon hits (rules in the module summary).
 *
 * @param hits lexicon hits of one text
 * @param nTokens number of tokens in the text
 * @param groupNamed whether a target group is named
 * @returns reported hallmarks (score ≥ 0.3), strongest first
 */
export function hallmarksOf(hits: readonly LexiconHit[], nTokens: number, groupNamed: boolean): Hallmark[] {
  void nTokens;
  const cat = (h: LexiconHit): string => h.entry.category;
  const isGroup = (h: LexiconHit): boolean => (cat(h) === "group" || cat(h) === "slur") && h.entry.target !== null;
  const they = hits.filter((h) => cat(h) === "they");
  const we = hits.filter((h) => cat(h) === "we");
  const groups = hits.filter(isGroup);
  const violence = hits.filter((h) => cat(h) === "violence");
  const out: Hallmark[] = [];

  // Dehumanisation.
  let best: { score: number; subtype: string; ev: string[] } | undefined;
  for (const h of hits) {
    if (!cat(h).startsWith("dehumanisation")) continue;
    const applied = groupNamed || they.length > 0 || h.entry.target !== null;
    const score = h.entry.weight * (applied ? 1 : 0.6);
    const subtype = cat(h).split(".")[1] ?? "other";
    if (!best || score > best.score) best = { score, subtype, ev: [h.text] };
    else if (!best.ev.includes(h.text)) best.ev.push(h.text);
  }
  if (best && best.score >= REPORT_THRESHOLD) out.push({ kind: "dehumanisation", subtype: best.subtype, score: best.score, evidence: best.ev });

  // Call to violence.
  const calls: { score: number; ev: string }[] = [];
  for (const h of hits) if (cat(h) === "violence.call") calls.push({ score: h.entry.weight, ev: h.text });
  for (const v of violence) {
    const w = v.entry.weight;
    const modal = hits.find((h) => cat(h) === "modal" && h.end <= v.start && v.start - h.end <= 4);
    if (modal) calls.push({ score: 0.9 * w, ev: `${modal.text} … ${v.text}` });
    const obj = [...groups, ...they].find((h) => h.start >= v.end && h.start - v.end <= 3);
    if (obj) calls.push({ score: 0.8 * w, ev: `${v.text} … ${obj.text}` });
    if (v.start === 0 && groupNamed) calls.push({ score: 0.6 * w, ev: v.text });
  }
  pushBest(out, "call_to_violence", calls);

  // Accusation in a mirror.
  const mirrors: { score: number; ev: string }[] = [];
  for (const h of hits) if (cat(h) === "mirror") mirrors.push({ score: h.entry.weight, ev: h.text });
  for (const v of violence) {
    const near = (h: LexiconHit): boolean => Math.abs(h.start - v.start) <= 8;
    const w = we.find(near);
    const t = [...they, ...groups].find(near);
    if (w && t) mirrors.push({ score: 0.6 * v.entry.weight, ev: `${t.text} … ${v.text} … ${w.text}` });
  }
  pushBest(out, "accusation_in_a_mirror", mirrors);

  // Threat to purity.
  const purity = hits.filter((h) => cat(h) === "purity").map((h) => ({ score: h.entry.weight * (groupNamed ? 1 : 0.7), ev: h.text }));
  pushBest(out, "purity_threat", purity);

  return out.sort((a, b) => b.score - a.score);
}

function pushBest(out: Hallmark[], kind: HallmarkKind, cands: { score: number; ev: string }[]): void {
  if (cands.length === 0) return;
  const score = Math.max(...cands.map((c) => c.score));
  if (score < REPORT_THRESHOLD) return;
  const evidence = [...new Set(cands.sort((a, b) => b.score - a.score).map((c) => c.ev))].slice(0, 5);
  out.push({ kind, subtype: null, score, evidence });
}

/**
 * The six Rabat factors for one text.
 *
 * @param hallmarks detected hallmarks
 * @param label classifier label (or null)
 * @param probabilities classifier probabilities (or null)
 * @param reach audience size when known
 * @returns the factors, machine ones with a value, analyst ones with value null
 */
export function rabatFactors(
  hallmarks: readonly Hallmark[], label: string | null, probabilities: Readonly<Record<string, number>> | null, reach: number | null,
): RabatFactor[] {
  const content = [
    hallmarks.length ? hallmarks.map((h) => `${h.kind}${h.subtype ? `(${h.subtype})` : ""} ${h.score.toFixed(2)}`).join("; ") : "no hallmark seen",
    label && probabilities ? `classifier: ${label} (p=${probabilities[label].toFixed(2)})` : "",
  ].filter(Boolean).join("; ");
  const extent = reach === null || !Number.isFinite(reach)
    ? null
    : `reach ${reach} (${reach >= 100_000 ? "large" : reach >= 1_000 ? "medium" : "small"})`;
  return [
    { factor: "content_form", assessment: "machine", value: content, note: "Hallmarks and style seen in the text itself." },
    { factor: "extent", assessment: "machine", value: extent, note: extent ? "Audience size supplied with the text; repetition shows in trends." : "No reach supplied; repetition shows in trends." },
    { factor: "context", assessment: "analyst", value: null, note: "Social and political context (tensions, recent violence) needs an analyst." },
    { factor: "speaker", assessment: "analyst", value: null, note: "The speaker's standing and influence over the audience needs an analyst." },
    { factor: "intent", assessment: "analyst", value: null, note: "Intent to incite, beyond negligence, needs an analyst." },
    { factor: "likelihood", assessment: "analyst", value: null, note: "Likelihood and imminence of harm need an analyst." },
  ];
}
