/**
 * Lexicons of terms that matter for dangerous speech, and a matcher that finds them in prepared
 * text in any script.
 *
 * ## Lexicon format
 * One entry per term ({@link LexiconEntry}); as a table (CSV or JSONL) the columns are
 * `term,language,category,weight,target,source`:
 * - `term`: a word or multi-word phrase, in any script; matched after the same normalisation and
 *   de-obfuscation as the texts, so case, diacritics (Latin, Greek, Cyrillic, Arabic, Hebrew),
 *   repeated letters and Arabic letter variants do not matter.
 * - `language`: ISO 639-1 code (`en`, `fr`, `ar`, `am`, `my`…) or `*` for every language.
 * - `category`: one of {@link LEXICON_CATEGORIES} (other strings are kept and reported as-is).
 * - `weight`: in (0, 1]; how strongly the term signals its category (HurtLex "conservative" 1,
 *   "inclusive" 0.5).
 * - `target`: the target group id the term names or insults (see `targets.ts`), or empty.
 * - `source`: where the entry comes from (`tocsin`, `hurtlex-1.2`, an analyst's name…).
 *
 * ## Matching and simple inflection
 * Each text token and each term word is reduced to its {@link matchKey}. A term word matches a
 * token when the keys are equal, or when the token, written in an alphabetic script (Latin,
 * Cyrillic, Greek, Arabic, Hebrew), equals the term word plus one inflectional ending of the
 * text's language ({@link SUFFIXES}: `rats` → `rat`, `killing` → `kill`, `cafards` → `cafard`),
 * or when the token is an Arabic word carrying a proclitic (`و`, `ف`, `ب`, `ل`, `ك`) and/or the
 * article `ال` in front of the term word (`والصراصير` → `صراصير`). Terms are written in their
 * base form; irregular forms (`tuez`, `اقتلوا`) are listed as entries of their own. Multi-word
 * terms match consecutive tokens, each word by the same rule. Matching is a hash look-up per token and
 * candidate key, so lexicon size barely affects speed.
 */
import { matchKey, prepareText } from "./text.ts";

/** Categories the analysis understands. */
export const LEXICON_CATEGORIES = [
  /** Names a target group (requires `target`). */
  "group",
  /** A slur against a group. */
  "slur",
  "dehumanisation.vermin",
  "dehumanisation.disease",
  "dehumanisation.animal",
  "dehumanisation.other",
  /** A violent verb or noun (kill, slaughter, exterminate). */
  "violence",
  /** An explicit call form (imperative or jussive) of a violent verb, or a slogan such as "death to". */
  "violence.call",
  /** Words that make a violent verb a call: modals and exhortatives (must, let's, il faut, يجب). */
  "modal",
  /** Third-person plural pronouns (they, them, ils, هم): the out-group in mirror accusations. */
  "they",
  /** First-person plural pronouns (we, us, our, nous, نحن). */
  "we",
  /** Phrases accusing the target of plotting violence against the in-group. */
  "mirror",
  /** Phrases presenting the target as a threat to the group's purity (blood, race, replacement). */
  "purity",
  /** Presents the target as criminal. */
  "criminalisation",
  "derogatory",
  "sexual",
] as const;

/** One lexicon term. Plain data, so it can be stored as a database row or JSON. */
export interface LexiconEntry {
  readonly term: string;
  readonly language: string;
  readonly category: string;
  readonly weight: number;
  readonly target: string | null;
  readonly source: string;
}

/** One occurrence of a lexicon entry in a text. */
export interface LexiconHit {
  readonly entry: LexiconEntry;
  /** Index of the first and one past the last matched token. */
  readonly start: number;
  readonly end: number;
  /** The matched tokens joined by spaces. */
  readonly text: string;
}

/** Thrown when a lexicon entry is invalid; the message names the field. */
export class LexiconEntryError extends Error {
  override readonly name = "LexiconEntryError";
}

/**
 * Checks one entry and returns it with trimmed fields and a lower-case language.
 *
 * @param entry candidate entry
 * @returns the cleaned entry
 * @throws {LexiconEntryError} naming the bad field (empty term, language not `*` or 2–3 letters,
 *   empty category, weight outside (0, 1], `group` without target)
 */
export function validateLexiconEntry(entry: LexiconEntry): LexiconEntry {
  const term = String(entry.term ?? "").trim();
  const language = String(entry.language ?? "").trim().toLowerCase();
  const category = String(entry.category ?? "").trim();
  const target = entry.target == null || String(entry.target).trim() === "" ? null : String(entry.target).trim();
  const weight = Number(entry.weight);
  if (!term) throw new LexiconEntryError(`field "term" is empty`);
  if (language !== "*" && !/^[a-z]{2,3}$/.test(language)) {
    throw new LexiconEntryError(`field "language" must be an ISO 639-1/639-3 code or "*", got "${entry.language}"`);
  }
  if (!category) throw new LexiconEntryError(`field "category" is empty`);
  if (!(weight > 0 && weight <= 1)) throw new LexiconEntryError(`field "weight" must be in (0, 1], got "${entry.weight}"`);
  if (category === "group" && !target) throw new LexiconEntryError(`field "target" is required for category "group"`);
  return { term, language, category, weight, target, source: String(entry.source ?? "").trim() || "unknown" };
}

const ALPHABETIC = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Hebrew}\p{M}'’-]+$/u;
const ARABIC_PREFIX = /^(?:[وفبلك]?ال|[وف]?[بلك]|[وف])(?=\p{Script=Arabic}{2,})/u;

/**
 * Inflectional endings stripped from tokens before look-up, per language (longest first). Keys
 * have repeated letters squeezed, so `killing` is `kiling` → `kil`, the key of `kill`.
 */
export const SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  en: ["ings", "ing", "ers", "ies", "ed", "er", "es", "'s", "s", "d"],
  fr: ["ées", "ée", "és", "ent", "er", "ez", "es", "é", "e", "s", "x"],
  es: ["es", "os", "as", "s"],
  pt: ["ões", "es", "os", "as", "s"],
  it: ["i", "e"],
  de: ["en", "er", "es", "e", "n", "s"],
  nl: ["en", "s"],
  sw: [],
  ar: ["ين", "ون", "ات", "ه"],
  "*": ["es", "s"],
};

/**
 * Candidate keys a token may match as a term word: its key; for Arabic, the key without
 * proclitics and article; for alphabetic scripts, each key with one inflectional ending of the
 * text's language removed ({@link SUFFIXES}; `*` when the language is unknown), leaving at least
 * three letters.
 */
function candidateKeys(token: string, language: string): string[] {
  // Tokens follow Zipf's law, so a bounded memo saves most of the Unicode work.
  const memoKey = `${language}\u0000${token}`;
  const hit = KEY_MEMO.get(memoKey);
  if (hit) return hit;
  const keys = computeCandidateKeys(token, language);
  if (KEY_MEMO.size >= KEY_MEMO_LIMIT) KEY_MEMO.clear();
  KEY_MEMO.set(memoKey, keys);
  return keys;
}

const KEY_MEMO = new Map<string, string[]>();
const KEY_MEMO_LIMIT = 200_000;

function computeCandidateKeys(token: string, language: string): string[] {
  const key = matchKey(token);
  const out = [key];
  const bases = [key];
  const stripped = key.replace(ARABIC_PREFIX, "");
  if (stripped !== key) { out.push(stripped); bases.push(stripped); }
  if (ALPHABETIC.test(key)) {
    const suffixes = SUFFIXES[language] ?? SUFFIXES["*"];
    for (const b of bases) {
      for (const suf of suffixes) {
        if (b.endsWith(suf) && [...b].length - [...suf].length >= 3) out.push(matchKey(b.slice(0, -suf.length)));
      }
    }
  }
  return out;
}

interface Compiled {
  readonly entry: LexiconEntry;
  /** Match keys of the term's words. */
  readonly words: readonly string[];
  /** Matches texts of every language. */
  readonly anyLanguage: boolean;
}

/**
 * Default rule for entries that match texts of any language: group names and slurs from Tocsin's
 * own lexicon (source `tocsin`), because monitored texts mix languages ("the Tutsi inyenzi").
 * Imported lexicons (HurtLex's automatic translations) stay within their language.
 */
export function defaultCrossLanguage(e: LexiconEntry): boolean {
  return e.source === "tocsin" && (e.category === "group" || e.category === "slur" || e.target !== null);
}

/**
 * A compiled lexicon. Build once (cost grows linearly with the number of entries), then call
 * {@link Lexicon.match} per text.
 */
export class Lexicon {
  /** The entries, as given (validated). */
  readonly entries: readonly LexiconEntry[];
  private readonly byFirst = new Map<string, Compiled[]>();

  /**
   * @param entries lexicon entries (validated with {@link validateLexiconEntry})
   * @param crossLanguage which entries match texts of every language (default
   *   {@link defaultCrossLanguage}); entries with language `*` always do
   * @throws {LexiconEntryError} for an invalid entry, naming its position
   */
  constructor(entries: readonly LexiconEntry[], crossLanguage: (e: LexiconEntry) => boolean = defaultCrossLanguage) {
    const clean: LexiconEntry[] = [];
    entries.forEach((e, i) => {
      let entry: LexiconEntry;
      try {
        entry = validateLexiconEntry(e);
      } catch (err) {
        throw new LexiconEntryError(`lexicon entry ${i + 1} ("${e?.term}"): ${(err as Error).message}`);
      }
      const words = prepareText(entry.term).tokens.map(matchKey).filter((w) => w.length > 0);
      if (words.length === 0) return;
      clean.push(entry);
      const list = this.byFirst.get(words[0]);
      const compiled = { entry, words, anyLanguage: entry.language === "*" || crossLanguage(entry) };
      if (list) list.push(compiled);
      else this.byFirst.set(words[0], [compiled]);
    });
    this.entries = clean;
  }

  /**
   * Finds every entry occurring in the tokens. Overlapping hits are all reported (a phrase and
   * its words can both match), each entry at most once per start position.
   *
   * @param tokens tokens from `prepareText`
   * @param language ISO 639-1 code of the text; entries of other languages are skipped. `und` or
   *   undefined matches every language.
   * @returns hits in token order
   */
  match(tokens: readonly string[], language?: string): LexiconHit[] {
    const hits: LexiconHit[] = [];
    const anyLanguage = !language || language === "und";
    const keys = tokens.map((t) => candidateKeys(t, anyLanguage ? "*" : language));
    for (let i = 0; i < tokens.length; i++) {
      const seen = new Set<Compiled>();
      for (const k of keys[i]) {
        const list = this.byFirst.get(k);
        if (!list) continue;
        for (const c of list) {
          if (seen.has(c)) continue;
          if (!anyLanguage && !c.anyLanguage && c.entry.language !== language) continue;
          const n = c.words.length;
          if (i + n > tokens.length) continue;
          let ok = true;
          for (let w = 1; w < n && ok; w++) ok = keys[i + w].includes(c.words[w]);
          if (!ok) continue;
          seen.add(c);
          hits.push({ entry: c.entry, start: i, end: i + n, text: tokens.slice(i, i + n).join(" ") });
        }
      }
    }
    return hits;
  }
}
