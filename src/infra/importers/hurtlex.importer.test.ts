import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HurtlexFormatError, parseHurtlexTsv, readHurtlexDir } from "./hurtlex.importer.ts";
import { resolveMirror } from "./mirror.ts";

const HEADER = "id\tpos\tcategory\tstereotype\tlemma\tlevel";

test("parses rows and maps categories to lexicon entries", () => {
  const dir = mkdtempSync(join(tmpdir(), "hurtlex-"));
  try {
    writeFileSync(join(dir, "hurtlex_EN.tsv"), `\uFEFF${HEADER}\nEN1\tn\tan\tno\tcockroach\tconservative\nEN2\tn\tom\tno\tqueer slur\tinclusive\nEN3\tn\tan\tno\tcockroach\tinclusive\n`);
    writeFileSync(join(dir, "hurtlex_SIMPLE.tsv"), `${HEADER}\nS1\tn\tan\tno\tpig\tconservative\n`);
    const files = readHurtlexDir(dir);
    assert.equal(files.length, 1, "SIMPLE is skipped by default");
    const [f] = files;
    assert.equal(f.language, "en");
    assert.equal(f.rows, 3);
    const roach = f.entries.find((e) => e.term === "cockroach");
    assert.deepEqual(roach, { term: "cockroach", language: "en", category: "dehumanisation.animal", weight: 0.5, target: null, source: "hurtlex-1.2" });
    const om = f.entries.find((e) => e.term === "queer slur");
    assert.equal(om?.target, "lgbtq");
    assert.equal(om?.weight, 0.5);
    assert.throws(() => readHurtlexDir(dir, ["fr"]), /no file hurtlex_FR\.tsv/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("errors name file, line and field", () => {
  const bad = (body: string, re: RegExp): void => {
    assert.throws(() => parseHurtlexTsv(`${HEADER}\n${body}\n`, "hurtlex_XX.tsv"), (e: Error) => e instanceof HurtlexFormatError && re.test(e.message), body);
  };
  bad("X1\tn\tzz\tno\tfoo\tconservative", /hurtlex_XX\.tsv:2: field "category" has unknown code "zz"/);
  bad("X1\tn\tan\tmaybe\tfoo\tconservative", /:2: field "stereotype"/);
  bad("X1\tn\tan\tno\tfoo\tloose", /:2: field "level"/);
  bad("X1\tn\tan\tno\t\tconservative", /:2: field "lemma" is empty/);
  bad("X1\tn\tan\tno\tfoo", /:2: expected 6 tab-separated fields, got 5/);
  bad("X0\tn\tan\tno\tok\tinclusive\n\nX1\tn\tan\tno\tfoo\tconservative\textra", /:4: expected 6/);
  assert.throws(() => parseHurtlexTsv("lemma\tcategory\nfoo\tan\n", "h.tsv"), /h\.tsv:1: header must be/);
  assert.throws(() => readHurtlexDir(join(tmpdir(), "no-such-hurtlex-dir")), /folder not found/);
});

test("the mirror's HurtLex files all parse", { skip: !resolveMirror() }, () => {
  const files = readHurtlexDir(join(resolveMirror() as string, "speech/hurtlex"), ["en", "fr", "ar"]);
  assert.equal(files.length, 3);
  const en = files.find((f) => f.language === "en");
  assert.ok(en && en.rows > 8000, `EN rows ${en?.rows}`);
});
