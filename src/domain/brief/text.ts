/**
 * Text handling the brief's HTML needs: escaping and the writing direction of snippets in any
 * script. Pure functions.
 */

const ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Escapes a string for HTML text and double- or single-quoted attribute values. Characters that
 * HTML cannot carry at all (NUL, lone surrogates, C0/C1 controls other than tab and newline) are
 * dropped, so stored text can never break the document's structure.
 * @param value any value; `null`/`undefined` become the empty string
 */
export function escapeHtml(value: unknown): string {
  if (value === null || value === undefined) return "";
  return String(value)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "")
    .replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Languages written right to left (primary subtags). */
const RTL_LANGUAGES = new Set(["ar", "arc", "ckb", "dv", "fa", "he", "iw", "ku-arab", "ps", "sd", "syr", "ug", "ur", "yi", "azb", "prs"]);

// Strong right-to-left letters: Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic and the
// Arabic presentation forms.
const STRONG_RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;
// Strong left-to-right letters: Latin, Greek, Cyrillic, Armenian and every script from Devanagari on
// (Ethiopic, Myanmar, CJK …) that is not right to left.
const STRONG_LTR = /[A-Za-z\u00c0-\u02af\u0370-\u03ff\u0400-\u052f\u0531-\u058f\u0900-\u1fff\u2c00-\ufb1c\u{10000}-\u{1e7ff}]/u;

/**
 * The writing direction of a snippet: from its language when known, else from its first strong
 * letter (the rule of Unicode's bidi algorithm, P2–P3), `ltr` when it has none.
 * @param text the snippet
 * @param lang BCP 47 tag, when known
 */
export function textDirection(text: string, lang?: string | null): "ltr" | "rtl" {
  if (lang) {
    const tag = lang.toLowerCase();
    const primary = tag.split("-")[0];
    if (RTL_LANGUAGES.has(primary) || RTL_LANGUAGES.has(tag) || /-(arab|hebr|syrc|thaa|nkoo)\b/.test(tag)) return "rtl";
    return "ltr";
  }
  for (const ch of text) {
    if (STRONG_RTL.test(ch)) return "rtl";
    if (STRONG_LTR.test(ch)) return "ltr";
  }
  return "ltr";
}

/** True when `lang` is a plausible BCP 47 tag (letters, digits and hyphens, 2–35 characters). */
export function isLanguageTag(lang: string): boolean {
  return /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(lang) && lang.length <= 35;
}
