import { test } from "node:test";
import assert from "node:assert/strict";
import { Lexicon, LexiconEntryError, validateLexiconEntry, type LexiconEntry } from "./lexicon.ts";
import { prepareText } from "./text.ts";

const e = (term: string, language: string, category = "dehumanisation.vermin", target: string | null = null): LexiconEntry =>
  ({ term, language, category, weight: 1, target, source: "test" });

function terms(lex: Lexicon, text: string, lang?: string): string[] {
  return lex.match(prepareText(text).tokens, lang).map((h) => h.entry.term);
}

test("multi-word terms match consecutive tokens only", () => {
  const lex = new Lexicon([e("wipe out", "en", "violence"), e("death to", "en", "violence.call")]);
  assert.deepEqual(terms(lex, "We will WIPE them out", "en"), []);
  assert.deepEqual(terms(lex, "wipe out the rats; Death to them", "en"), ["wipe out", "death to"]);
});

test("simple inflection per language: plural and verb endings", () => {
  const lex = new Lexicon([e("cockroach", "en"), e("rat", "en"), e("kill", "en", "violence"), e("cafard", "fr")]);
  assert.deepEqual(terms(lex, "cockroaches and rats", "en"), ["cockroach", "rat"]);
  assert.deepEqual(terms(lex, "killing, killed, kills", "en"), ["kill", "kill", "kill"]);
  assert.deepEqual(terms(lex, "les cafards", "fr"), ["cafard"]);
  assert.deepEqual(terms(lex, "ratio", "en"), []);
});

test("obfuscated text matches the plain term", () => {
  const lex = new Lexicon([e("kill", "en", "violence"), e("rats", "en")]);
  assert.deepEqual(terms(lex, "k!ll the r a t s", "en"), ["kill", "rats"]);
  assert.deepEqual(terms(lex, "KIIIILL", "en"), ["kill"]);
});

test("Arabic proclitics and article are stripped", () => {
  const lex = new Lexicon([e("صراصير", "ar")]);
  assert.deepEqual(terms(lex, "والصراصير", "ar"), ["صراصير"]);
  assert.deepEqual(terms(lex, "الصراصير", "ar"), ["صراصير"]);
});

test("language filter: other languages skipped unless language unknown or entry is '*'", () => {
  const lex = new Lexicon([e("rat", "en"), e("rat", "fr"), e("🐍", "*")]);
  assert.equal(lex.match(prepareText("rat 🐍").tokens, "en").length, 2);
  assert.equal(lex.match(prepareText("rat").tokens, "de").length, 0);
  assert.equal(lex.match(prepareText("rat").tokens, "und").length, 2);
});

test("non-Latin scripts: Amharic and Burmese phrases", () => {
  const lex = new Lexicon([e("በረሮ", "am"), e("သတ်ပစ်", "my", "violence.call")]);
  assert.deepEqual(terms(lex, "እነሱ በረሮ ናቸው", "am"), ["በረሮ"]);
  assert.deepEqual(terms(lex, "သူတို့ကို သတ်ပစ်", "my"), ["သတ်ပစ်"]);
});

test("invalid entries are rejected naming the field", () => {
  assert.throws(() => validateLexiconEntry({ ...e("x", "en"), weight: 2 }), /field "weight"/);
  assert.throws(() => validateLexiconEntry({ ...e("", "en") }), /field "term"/);
  assert.throws(() => validateLexiconEntry({ ...e("x", "english") }), /field "language"/);
  assert.throws(() => validateLexiconEntry({ ...e("x", "en", "group") }), /field "target"/);
  assert.throws(() => new Lexicon([e("ok", "en"), { ...e("bad", "en"), category: "" }]), (err: Error) =>
    err instanceof LexiconEntryError && /entry 2 \("bad"\)/.test(err.message));
});
