import { test } from "node:test";
import assert from "node:assert/strict";
import { builtinLexicon, builtinLexiconId } from "./builtin-lexicon.ts";
import { resolveModelLexicon } from "./model-lexicon.ts";
import type { LexiconEntry } from "./lexicon.ts";

const hl = (term: string, language: string): LexiconEntry => ({ term, language, category: "slur", weight: 1, target: null, source: "hurtlex-1.2" });

test("a model's lexicon sources resolve to the built-in lexicon and stored HurtLex entries of the named languages", () => {
  const stored = [hl("aaa", "en"), hl("bbb", "fr"), { ...hl("ccc", "en"), source: "analyst" }];
  const r = resolveModelLexicon({ sources: [builtinLexiconId(), "hurtlex-1.2:en"], language: "en" }, stored);
  assert.deepEqual(r.missing, []);
  assert.deepEqual(r.warnings, []);
  assert.equal(r.entries.length, builtinLexicon().length + 1);
  assert.ok(r.entries.some((e) => e.term === "aaa") && !r.entries.some((e) => e.term === "bbb" || e.term === "ccc"));
});

test("missing or unknown sources are reported, an older built-in lexicon only warned about, no spec needs nothing", () => {
  const r = resolveModelLexicon({ sources: ["tocsin-builtin:000000000000", "hurtlex-1.2:ar", "someone-else:1"], language: "und" }, [hl("aaa", "en")]);
  assert.deepEqual(r.missing, ["hurtlex-1.2:ar", "someone-else:1"]);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0], /tocsin-builtin:000000000000/);
  assert.deepEqual(resolveModelLexicon(null, []), { entries: [], missing: [], warnings: [] });
});
