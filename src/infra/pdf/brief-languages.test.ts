/**
 * Briefs in the reader's language as PDF: French and Arabic briefs rendered by Chromium, their text
 * extracted again with unpdf. Extraction gives Unicode back only when the glyphs were drawn from a
 * font that has them, so finding the words proves the fonts were right (no tofu, no missing script).
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { extractText, getDocumentProxy } from "unpdf";
import { BRIEF_WORDS } from "../../domain/brief/brief-words.ts";
import { renderBriefHtml } from "../../domain/brief/html.ts";
import { syntheticBrief } from "../../domain/brief/synthetic.ts";
import { LEVEL_NAMES } from "../../domain/i18n/languages.ts";
import { chromiumPath, createChromiumPdfRenderer, type PdfRenderer } from "./chromium-pdf.ts";

const skip = existsSync(chromiumPath()) ? false : `no Chromium at ${chromiumPath()}`;
const artifacts = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "test-artifacts");

/** Text folded for a robust search: Arabic presentation forms back to letters, no spaces, no case (headings are upper-cased by CSS). */
const fold = (s: string) => s.normalize("NFKC").replace(/\s+/g, "").toLocaleLowerCase();
/**
 * pdf.js returns Arabic in visual order, sometimes with parts of a word in logical order (letters
 * without a joining form), so the order of letters in its output says nothing. What it does prove
 * is that each glyph maps back to the right letter: an Arabic word is found when some extracted
 * token holds its letters (as a multiset).
 */
const arabicLetters = (s: string) => [...fold(s)].filter((c) => /\p{Script=Arabic}/u.test(c) && !/[\u064B-\u0652\u0640]/.test(c)).sort();
function holdsLetters(token: string[], word: string[]): boolean {
  const left = [...token];
  for (const c of word) {
    const i = left.indexOf(c);
    if (i < 0) return false;
    left.splice(i, 1);
  }
  return true;
}
function arabicWordsFound(text: string, phrase: string): string[] {
  const tokens = text.split(/[\s.,:;()·،؛]+/).map(arabicLetters).filter((t) => t.length);
  return phrase.split(/\s+/).filter((w) => arabicLetters(w).length && !tokens.some((t) => holdsLetters(t, arabicLetters(w))));
}

describe("briefs in French and Arabic as PDF", { skip }, () => {
  let renderer: PdfRenderer;
  before(() => {
    renderer = createChromiumPdfRenderer();
  });
  after(async () => {
    await renderer?.close();
  });

  for (const [lang, name] of [["fr", "Birmanie"], ["ar", "ميانمار"]] as const) {
    test(`${lang}: the brief's words come back out of the PDF`, async () => {
      const html = renderBriefHtml(syntheticBrief(), { lang, countryName: name });
      const bytes = await renderer.pdf(html, { footer: `Tocsin · ${name}` });
      mkdirSync(artifacts, { recursive: true });
      writeFileSync(join(artifacts, `brief-${lang}.pdf`), bytes);
      const pdf = await getDocumentProxy(new Uint8Array(bytes));
      const { totalPages, text } = await extractText(pdf, { mergePages: true });
      assert.ok(totalPages >= 1 && totalPages <= 3, `${totalPages} pages`);
      const got = fold(text);
      const w = BRIEF_WORDS[lang];
      for (const phrase of [name, w.alertLevel, LEVEL_NAMES[lang].warning, w.incidents, w.sources, w.publicBrief]) {
        if (lang === "ar") assert.deepEqual(arabicWordsFound(text, phrase), [], `ar: words of "${phrase}" not found in the PDF text`);
        else assert.ok(got.includes(fold(phrase)), `${lang}: "${phrase}" not found in the PDF text`);
      }
    });
  }
});
