/**
 * No string left behind: every catalogue key exists in English, every `all` language has every key,
 * every `field` language has every key of the field-monitor and public pages, each translation keeps
 * the English message's placeholders, and every key the code names exists.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { IntlMessageFormat } from "intl-messageformat";
import { DASHBOARD_LOCALES } from "../../../src/domain/i18n/languages.ts";
import { FIELD_PREFIXES, LOCALES } from "./locales.ts";

const here = dirname(fileURLToPath(import.meta.url));
const load = (code: string): Record<string, string> => JSON.parse(readFileSync(join(here, "messages", `${code}.json`), "utf8"));
const en = load("en");

/** The placeholder names of an ICU message (arguments, plural and select variables), sorted. */
function placeholders(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (elements: ReturnType<IntlMessageFormat["getAst"]>) => {
    for (const el of elements) {
      if ("value" in el && el.type !== 0 && typeof el.value === "string") names.add(el.value);
      if ("options" in el) for (const o of Object.values(el.options as Record<string, { value: typeof elements }>)) walk(o.value);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst());
  return [...names].sort();
}

test("the server accepts exactly the dashboard's languages for a user's choice", () => {
  assert.deepEqual([...DASHBOARD_LOCALES].sort(), LOCALES.map((l) => l.code).sort());
});

test("every offered language has a catalogue and nothing else sits in messages/", () => {
  const files = readdirSync(join(here, "messages")).map((f) => f.replace(/\.json$/, "")).sort();
  assert.deepEqual(files, LOCALES.map((l) => l.code).sort());
});

for (const locale of LOCALES.filter((l) => l.code !== "en")) {
  test(`${locale.code} (${locale.coverage}): no key missing, none unknown, placeholders kept`, () => {
    const messages = load(locale.code);
    const required = Object.keys(en).filter((k) => locale.coverage === "all" || FIELD_PREFIXES.some((p) => k.startsWith(p)));
    const missing = required.filter((k) => !(k in messages) || !messages[k].trim());
    assert.deepEqual(missing, [], `${locale.code} lacks ${missing.length} keys`);
    const unknown = Object.keys(messages).filter((k) => !(k in en));
    assert.deepEqual(unknown, [], `${locale.code} has keys English does not`);
    for (const [key, message] of Object.entries(messages)) {
      assert.deepEqual(placeholders(message, locale.code), placeholders(en[key], "en"), `${locale.code} ${key}: placeholders differ from English`);
    }
  });
}

test("every English message parses and every key named in the dashboard's code exists", () => {
  for (const [key, message] of Object.entries(en)) assert.doesNotThrow(() => new IntlMessageFormat(message, "en"), key);
  const webRoot = join(here, "..");
  const files = readdirSync(webRoot, { recursive: true, encoding: "utf8" }).filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".test.ts") && !f.endsWith(".d.ts"));
  const named = new Set<string>();
  for (const f of files) for (const m of readFileSync(join(webRoot, f), "utf8").matchAll(/\bt\("([a-zA-Z0-9_.]+)"/g)) named.add(m[1]);
  assert.ok(named.size > 100, `found only ${named.size} keys: the scan is broken`);
  assert.deepEqual([...named].filter((k) => !(k in en)), []);
});

test("keys built at run time (`t(`admin.section.${s}`)`, `tDynamic(`level.${l}`, …)`) name prefixes the catalogue has", () => {
  const webRoot = join(here, "..");
  const files = readdirSync(webRoot, { recursive: true, encoding: "utf8" }).filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".test.ts") && !f.endsWith(".d.ts"));
  const prefixes = new Set<string>();
  for (const f of files) for (const m of readFileSync(join(webRoot, f), "utf8").matchAll(/\b(?:t|tDynamic)\(`([a-zA-Z0-9_.]+\.)\$\{/g)) prefixes.add(m[1]);
  assert.ok(prefixes.size >= 5, `found only ${prefixes.size} prefixes: the scan is broken`);
  assert.deepEqual([...prefixes].filter((p) => !Object.keys(en).some((k) => k.startsWith(p))), []);
});

/**
 * The pages that speak every `all` language: no English typed into their markup. A JSX text with a
 * word of three or more Latin letters, or such a word in a literal `aria-label`, `title`,
 * `placeholder`, `alt` or `label`, is English that bypasses the catalogues (the browser test's
 * pseudo-locale run finds the rest, e.g. strings built in code).
 */
const CONVERTED = ["alerts", "assessments", "admin", "cooperation", "speech", "country", "report", "account", "i18n"];

test("the converted pages hold no English in their markup", () => {
  const webRoot = join(here, "..");
  const found: string[] = [];
  for (const dir of CONVERTED) {
    for (const f of readdirSync(join(webRoot, dir), { recursive: true, encoding: "utf8" }).filter((x) => x.endsWith(".tsx"))) {
      const source = readFileSync(join(webRoot, dir, f), "utf8")
        // Code and isolated data are not sentences.
        .replace(/<code\b[^>]*>[^<]*<\/code>/g, "")
        .replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, "");
      // Text right after a JSX tag (not a TypeScript generic such as `useState<string>(…)`), up to the next tag or `{`.
      // Self-closing tags and code after an arrow's `>` inside a tag (`;`, `=`, `&&`, a call) are skipped.
      for (const m of source.matchAll(/(?<![\w$])(?:<\/?[A-Za-z][\w.]*(?:\s[^<>]*?)?(?<!\/)>|<>)([^<>{}`]+)(?=[<{])/g)) {
        if (/[A-Za-z]{3,}/.test(m[1]) && !/[;=]|&&|\|\||\w\(/.test(m[1])) found.push(`${dir}/${f}: text "${m[1].trim().slice(0, 50)}"`);
      }
      for (const m of source.matchAll(/\b(aria-label|title|placeholder|alt|label)="([^"]*)"/g)) {
        // URL examples and codes ("https://…", "SDN") are not English.
        if (/[A-Za-z]{3,}/.test(m[2]) && !/^(?:https?:\/\/\S*|[A-Z0-9, ]+)$/.test(m[2])) found.push(`${dir}/${f}: ${m[1]}="${m[2]}"`);
      }
    }
  }
  assert.deepEqual(found, []);
});
