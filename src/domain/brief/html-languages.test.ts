import assert from "node:assert/strict";
import { test } from "node:test";
import { MESSAGE_LANGUAGES } from "../i18n/languages.ts";
import { BRIEF_WORDS } from "./brief-words.ts";
import { renderBriefHtml } from "./html.ts";
import { syntheticBrief } from "./synthetic.ts";
import { escapeHtml } from "./text.ts";

/** The brief's English section titles and fixed phrases: none may appear in a brief in another language. */
const ENGLISH = [">Alert level<", "<h2>Structural risk", "<h2>Recent escalations", "<h2>Dangerous-speech trends", "<h2>Verified incidents", "<h2>Analyst assessment", "<h2>Response options and status", "<h2>Sources and data versions", "two-year risk of a new onset", "Top drivers", "Public brief", "Tocsin situation brief", ">Period<", ">Severity<", ">Killed<"];

test("a brief in French, Spanish or Arabic has its own words, lang and direction; data stays as stored", () => {
  for (const lang of MESSAGE_LANGUAGES.filter((l) => l !== "en")) {
    const html = renderBriefHtml(syntheticBrief(), { lang, countryName: "Pays-test" });
    assert.match(html, new RegExp(`<html lang="${lang}" dir="${lang === "ar" ? "rtl" : "ltr"}">`));
    for (const phrase of ENGLISH) assert.ok(!html.includes(phrase), `${lang}: English "${phrase}" left in the brief`);
    assert.ok(html.includes(escapeHtml(BRIEF_WORDS[lang].alertLevel)) && html.includes(escapeHtml(BRIEF_WORDS[lang].sources)), lang);
    assert.ok(html.includes("Pays-test"), `${lang}: the country name given`);
    // The rules' explanation is English data: marked so, for screen readers and fonts.
    assert.match(html, /<p lang="en">Structural risk ranks in the top ten/);
  }
});

test("an English brief is unchanged by the language option", () => {
  assert.equal(renderBriefHtml(syntheticBrief(), { lang: "en" }), renderBriefHtml(syntheticBrief()));
  assert.match(renderBriefHtml(syntheticBrief()), /<html lang="en" dir="ltr">/);
});

test("every language has every brief word", () => {
  const keys = Object.keys(BRIEF_WORDS.en).sort();
  for (const lang of MESSAGE_LANGUAGES) assert.deepEqual(Object.keys(BRIEF_WORDS[lang]).sort(), keys, lang);
});
