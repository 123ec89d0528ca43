/**
 * Script-independent text handling for dangerous-speech analysis: Unicode normalisation, case
 * folding, undoing common obfuscations, word segmentation with `Intl.Segmenter`, and emoji kept as
 * tokens.
 *
 * The pipeline, in order (each step is exported so tests and callers can use it alone):
 * 1. {@link normaliseText}: NFKC (folds full-width forms, ligatures, mathematical alphanumerics),
 *    drops invisible format characters, decodes the HTML entities tweets carry (`&amp;`), and
 *    case-folds (`toUpperCase().toLowerCase()` approximates Unicode full case folding: ß → ss,
 *    final sigma → σ).
 * 2. {@link deobfuscate}: homoglyphs inside mixed-script words (Cyrillic `і` in `kіll`), leetspeak
 *    inside words (`k!ll`, `k1ll3r`), letters spaced or dotted apart (`k i l l`, `r.a.t.s`), runs of
 *    three or more repeated letters squeezed to two (`kiiiill` → `kiill`).
 * 3. {@link tokenize}: `Intl.Segmenter` word segmentation (dictionary-based for Thai, Burmese, Khmer,
 *    Lao, Chinese and Japanese; space- and punctuation-based for Amharic and Arabic), keeping
 *    word-like segments and emoji (skin-tone modifiers and variation selectors removed).
 *
 * {@link matchKey} gives the looser key lexicons are matched on: diacritics stripped from Latin,
 * Greek, Cyrillic, Arabic and Hebrew letters (never from Indic or South-East Asian scripts, whose
 * vowel signs are combining marks), Arabic letter variants unified, and every run of a repeated
 * letter squeezed to one, so `kiiill`, `kill` and `kil` share a key.
 */

/** The segmenter is locale-agnostic: ICU picks the dictionary from the script of each run. */
const WORD_SEGMENTER = new Intl.Segmenter(undefined, { granularity: "word" });

const INVISIBLE = /[\u00AD\u200B\u2060\uFEFF\u180E]/g;
const ENTITY = /&(?:(amp|lt|gt|quot|apos|nbsp)|#(\d{1,7})|#x([0-9a-f]{1,6}));/gi;
const URL = /\b(?:https?:\/\/|www\.)\S+/giu;
const HANDLE = /(^|[^\p{L}\p{N}_])@[\p{L}\p{N}_]+/gu;
const NAMED_ENTITIES: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ",
};

/**
 * Normalises raw text: NFKC, invisible characters removed, HTML entities decoded, links replaced
 * by `url` and `@handles` by `@user`, case folded, whitespace runs collapsed to one space and
 * trimmed.
 *
 * @param text any string (empty allowed)
 * @returns the normalised string
 * @example normaliseText("ＫＩＬＬ &amp; Straße") // "kill & strasse"
 */
export function normaliseText(text: string): string {
  let s = text.normalize("NFKC");
  if (s.includes("&")) {
    s = s.replace(ENTITY, (_m, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
      if (named) return NAMED_ENTITIES[named.toLowerCase()] ?? _m;
      const cp = dec ? Number(dec) : Number.parseInt(hex ?? "", 16);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : _m;
    });
  }
  s = s.replace(INVISIBLE, "");
  // Links and user handles carry no meaning across texts; one placeholder each keeps their position.
  if (s.includes("http") || s.includes("www.")) s = s.replace(URL, " url ");
  if (s.includes("@")) s = s.replace(HANDLE, "$1@user");
  // Upper-then-lower approximates full case folding (ß→SS→ss, ς→Σ→σ) without a folding table.
  s = s.toUpperCase().toLowerCase();
  // Capital ẞ upper-cases to itself, so its lower case ß survives the round trip.
  if (s.includes("ß")) s = s.replace(/ß/g, "ss");
  // Case folding maps final sigma to σ (toLowerCase keeps the positional form).
  if (s.includes("ς")) s = s.replace(/ς/g, "σ");
  // Turkish/Azeri dotted capital I lower-cases to i + U+0307; recompose so keys stay stable.
  if (s.includes("\u0307")) s = s.normalize("NFC");
  return s.replace(/\s+/gu, " ").trim();
}

/** Cyrillic and Greek lower-case letters that render like Latin letters. */
const HOMOGLYPHS: Record<string, string> = {
  а: "a", в: "b", е: "e", ё: "e", о: "o", р: "p", с: "c", у: "y", х: "x", і: "i", ї: "i", ј: "j", ѕ: "s",
  к: "k", м: "m", н: "h", т: "t", ԁ: "d", ԛ: "q", ԝ: "w", һ: "h", ӏ: "l", ɡ: "g", ı: "i",
  α: "a", β: "b", ε: "e", ι: "i", κ: "k", ν: "v", ο: "o", ρ: "p", τ: "t", υ: "u", χ: "x", γ: "y",
};
const LEET: Record<string, string> = {
  "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
  "@": "a", "$": "s", "!": "i", "|": "l", "€": "e",
};
const LATIN = /\p{Script=Latin}/u;
const CONFUSABLE_SCRIPT = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;
const LEET_CLASS = "[0134578@$!|€9]";
/** A word-ish run mixing letters with leet characters; leet characters must sit between letters. */
const LEET_RUN = new RegExp(`\\p{L}[\\p{L}\\p{M}]*(?:${LEET_CLASS}+[\\p{L}\\p{M}]+)+`, "gu");
/** Three or more single letters separated by one space, dot, hyphen, underscore or asterisk. */
const SPACED = /(?<![\p{L}\p{M}])\p{L}\p{M}*(?:[ ._\-*]\p{L}\p{M}*){2,}(?![\p{L}\p{M}])/gu;
const WORD_WITH_LATIN_AND_CONFUSABLE = /[\p{L}\p{M}]*[\p{Script=Cyrillic}\p{Script=Greek}][\p{L}\p{M}]*/gu;
const REPEATS = /(\p{L})\1{2,}/gu;

/**
 * Undoes common obfuscations in already-normalised text (see the module summary for the rules).
 * Words written wholly in Cyrillic or Greek are left alone; only words mixing those letters with
 * Latin ones are mapped to Latin. Leet characters are replaced only between letters, so numbers,
 * prices and `@mentions` are unchanged.
 *
 * @param text output of {@link normaliseText}
 * @returns the de-obfuscated text
 * @example deobfuscate("k!ll the r a t s, kiiiill") // "kill the rats, kiill"
 */
export function deobfuscate(text: string): string {
  let s = text;
  if (CONFUSABLE_SCRIPT.test(s)) {
    s = s.replace(WORD_WITH_LATIN_AND_CONFUSABLE, (w) =>
      LATIN.test(w) ? Array.from(w, (c) => HOMOGLYPHS[c] ?? c).join("") : w,
    );
  }
  s = s.replace(LEET_RUN, (w) => Array.from(w, (c) => LEET[c] ?? c).join(""));
  // Three or more single letters in a row read as one spelled-out word.
  s = s.replace(SPACED, (w) => w.replace(/[ ._\-*]/gu, ""));
  return s.replace(REPEATS, "$1$1");
}

const EMOJI = /\p{Extended_Pictographic}/u;
const EMOJI_NOISE = /[\u{1F3FB}-\u{1F3FF}\uFE0E\uFE0F]/gu;

/**
 * Splits normalised text into tokens: word-like segments from `Intl.Segmenter` plus emoji (each
 * emoji or ZWJ sequence one token, skin tone and variation selectors removed). Punctuation and
 * spaces are dropped.
 *
 * @param text normalised (and usually de-obfuscated) text
 * @returns tokens in text order
 */
export function segmentWords(text: string): string[] {
  const out: string[] = [];
  for (const piece of segmentPieces(text)) {
    for (const seg of WORD_SEGMENTER.segment(piece)) {
      if (seg.isWordLike) out.push(seg.segment);
      else if (EMOJI.test(seg.segment)) {
        const e = seg.segment.replace(EMOJI_NOISE, "").trim();
        if (e) out.push(e);
      }
    }
  }
  return out;
}

/** Characters per piece handed to the segmenter (see {@link segmentPieces}). */
const SEGMENT_PIECE = 512;
// A cut is safe after whitespace and before a letter, digit or punctuation: word boundaries always
// fall there (UAX #29), whereas a combining mark, joiner or format character would attach to the space.
const SAFE_CUT = /\s(?=[\p{L}\p{N}\p{P}\p{S}])/gu;

/**
 * Cuts a long text into pieces of about {@link SEGMENT_PIECE} characters at whitespace, so the
 * tokens are the same as for the whole text. Why: iterating `Intl.Segmenter` over one long string
 * costs time quadratic in its length (a 20,000-character text took 150 ms, in pieces 5 ms), and
 * one batch of such texts held a server's CPU for over a minute. Text without whitespace (Thai,
 * Chinese) stays in one piece.
 */
function* segmentPieces(text: string): Generator<string> {
  let start = 0;
  while (text.length - start > SEGMENT_PIECE) {
    SAFE_CUT.lastIndex = start + SEGMENT_PIECE;
    const m = SAFE_CUT.exec(text);
    if (!m) break;
    const end = m.index + 1;
    yield text.slice(start, end);
    start = end;
  }
  yield text.slice(start);
}

/** The result of {@link prepareText}. */
export interface PreparedText {
  /** Normalised, de-obfuscated text (the classifier's character n-grams are taken from this). */
  readonly text: string;
  /** Word and emoji tokens of {@link PreparedText.text}, in order. */
  readonly tokens: readonly string[];
}

/**
 * Runs the whole pipeline: {@link normaliseText}, {@link deobfuscate}, {@link segmentWords}.
 *
 * @param raw the text as received
 * @returns the prepared text and its tokens
 */
export function prepareText(raw: string): PreparedText {
  const text = deobfuscate(normaliseText(raw));
  return { text, tokens: segmentWords(text) };
}

/** Base letters whose combining marks are diacritics that writers often omit. */
const STRIPPABLE_BASE = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Arabic}\p{Script=Hebrew}]/u;
const ARABIC_VARIANTS: Record<string, string> = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي" };
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/**
 * The loose key a token (or a lexicon term) is matched on: combining diacritics removed after
 * Latin, Greek, Cyrillic, Arabic and Hebrew letters, Arabic tatweel removed and letter variants
 * unified (أ إ آ ٱ → ا, ى → ي, ة → ه), then each run of one repeated letter squeezed to one.
 * Input should already be normalised.
 *
 * @param token a token or normalised term
 * @returns its match key
 * @example matchKey("kiill") === matchKey("kil") // true
 */
export function matchKey(token: string): string {
  let s = token;
  if (!ASCII_ONLY.test(s)) {
    const d = s.normalize("NFD");
    let out = "";
    let prevBase = "";
    for (const c of d) {
      if (/\p{M}/u.test(c)) {
        if (prevBase && STRIPPABLE_BASE.test(prevBase)) continue;
        out += c;
        continue;
      }
      prevBase = c;
      if (c === "\u0640") continue; // tatweel: elongation only
      out += ARABIC_VARIANTS[c] ?? c;
    }
    s = out.normalize("NFC");
  }
  return s.replace(/(\p{L})\1+/gu, "$1");
}
