/**
 * The built-in frameworks' texts in the catalogues (`framework.<key>.…`): English equal to the domain's
 * texts (src/domain/assessment/frameworks/), so the two cannot drift; every `all` language has every
 * text; ICU formatting leaves each text as written; and `frameworkText` translates only a text the
 * English catalogue holds verbatim, in a language that has it.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { IntlMessageFormat } from "intl-messageformat";
import { BUILTIN_FRAMEWORKS, UN_FRAMEWORK_2014 } from "../../../src/domain/assessment/frameworks/mod.ts";
import { frameworkMessages } from "./framework-keys.ts";
import { frameworkText, useCatalogue } from "./i18n.ts";
import { LOCALES, PSEUDO_LOCALE } from "./locales.ts";

const here = dirname(fileURLToPath(import.meta.url));
const load = (code: string): Record<string, string> => JSON.parse(readFileSync(join(here, "messages", `${code}.json`), "utf8"));
const en = load("en");
const only = (messages: Record<string, string>) => Object.fromEntries(Object.entries(messages).filter(([k]) => k.startsWith("framework.")));
/** Words the same in English and French (the Ten Stages' names), not left untranslated. */
const SAME_WORD = new Set(["Classification", "Discrimination", "Extermination"]);
const domain: Record<string, string> = Object.assign({}, ...BUILTIN_FRAMEWORKS.map(frameworkMessages));

test("the English catalogue holds exactly the built-in frameworks' texts, as the domain writes them", () => {
  assert.ok(Object.keys(domain).length > 250, "the frameworks' texts were not found");
  assert.deepEqual(only(en), domain, "regenerate: npx tsx scripts/framework-messages.ts");
});

for (const locale of LOCALES.filter((l) => l.coverage === "all")) {
  test(`${locale.code}: every framework text, each shown as written (no ICU quoting or braces eaten)`, () => {
    const messages = only(load(locale.code));
    assert.deepEqual(Object.keys(messages).sort(), Object.keys(domain).sort());
    for (const [key, message] of Object.entries(messages)) {
      assert.equal(new IntlMessageFormat(message, locale.code).format(), message, `${locale.code} ${key}`);
      if (locale.code !== "en" && !SAME_WORD.has(message)) assert.notEqual(message, domain[key], `${locale.code} ${key} is English`);
    }
  });
}

test("frameworkText: translated for a built-in text, the server's English marked lang=en otherwise", () => {
  const f1 = UN_FRAMEWORK_2014.factors[0];
  useCatalogue("fr", load("fr"));
  assert.deepEqual(frameworkText(UN_FRAMEWORK_2014.key, "f1.name", f1.name), { text: "Situations de conflit armé ou autres formes d'instabilité", attrs: {} });
  assert.equal(frameworkText(UN_FRAMEWORK_2014.key, "indicator.1.1.guidance", f1.indicators[0].guidance!).attrs.lang, undefined);
  // An organisation's own framework, or a built-in one whose wording changed on the server: English as sent.
  assert.deepEqual(frameworkText("local-frame", "f1.name", "Our factor"), { text: "Our factor", attrs: { lang: "en", translate: "no" } });
  assert.deepEqual(frameworkText(UN_FRAMEWORK_2014.key, "f1.name", "Reworded factor"), { text: "Reworded factor", attrs: { lang: "en", translate: "no" } });
  // A field language without the framework keys (Burmese): English, marked.
  useCatalogue("my", load("my"));
  assert.deepEqual(frameworkText(UN_FRAMEWORK_2014.key, "f1.name", f1.name), { text: f1.name, attrs: { lang: "en", translate: "no" } });
  // The pseudo-locale treats them as catalogue text, so its browser run checks them.
  useCatalogue(PSEUDO_LOCALE, {});
  const pseudo = frameworkText(UN_FRAMEWORK_2014.key, "f1.name", f1.name);
  assert.deepEqual(pseudo.attrs, {});
  assert.match(pseudo.text, /^⟦Šíŧúáŧíóñš/);
  useCatalogue("en", en);
  assert.deepEqual(frameworkText(UN_FRAMEWORK_2014.key, "f1.name", f1.name), { text: f1.name, attrs: {} });
});
