import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { columnValues, readSpeechTable, SpeechTableError } from "./speech-table.ts";
import { readLexiconFile } from "./speech-lexicon.importer.ts";

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "speech-table-"));
  try { fn(dir); } finally { rmSync(dir, { recursive: true }); }
}

test("CSV with BOM, quoted newlines and commas; line numbers follow the file", () => {
  withDir((dir) => {
    const f = join(dir, "t.csv");
    writeFileSync(f, '\uFEFFtext,label\n"ሰላም, ለዓለም",a\n"two\nlines",b\n,c\n');
    const t = readSpeechTable(f);
    assert.deepEqual(t.columns, ["text", "label"]);
    assert.deepEqual(columnValues(t, "text", "text column", true), ["ሰላም, ለዓለም", "two\nlines", ""]);
    assert.deepEqual(t.rows.map((r) => r.line), [2, 3, 5]);
    assert.throws(() => columnValues(t, "text", "text column"), /t\.csv:5: field "text" \(text column\) is empty/);
    assert.throws(() => columnValues(t, "tweet", "text column"), /text column "tweet" not found; columns are: text, label/);
    assert.equal(t.sha256.length, 64);
  });
});

test("JSONL with BOM; numbers stringified; bad lines named", () => {
  withDir((dir) => {
    const f = join(dir, "t.jsonl");
    writeFileSync(f, '\uFEFF{"text":"مرحبا","label":1}\n\n{"text":"x","label":"b"}\n');
    const t = readSpeechTable(f);
    assert.equal(t.format, "jsonl");
    assert.deepEqual(columnValues(t, "label", "label"), ["1", "b"]);
    writeFileSync(f, '{"text":"a"}\n{"text":\n');
    assert.throws(() => readSpeechTable(f), (e: Error) => e instanceof SpeechTableError && /t\.jsonl:2: invalid JSON/.test(e.message));
    writeFileSync(f, '{"text":{"nested":1}}\n');
    assert.throws(() => readSpeechTable(f), /t\.jsonl:1: field "text" must be a string/);
  });
});

test("invalid UTF-8 and ragged CSV are errors naming the file", () => {
  withDir((dir) => {
    const f = join(dir, "bad.csv");
    writeFileSync(f, Buffer.from([0x74, 0x65, 0x78, 0x74, 0x0a, 0xff, 0xfe, 0x0a]));
    assert.throws(() => readSpeechTable(f), /bad\.csv: not valid UTF-8/);
    writeFileSync(f, "a,b\n1,2,3\n");
    assert.throws(() => readSpeechTable(f), /bad\.csv:\d+:/);
  });
});

test("lexicon files: valid rows load, bad rows name line and field", () => {
  withDir((dir) => {
    const f = join(dir, "lex.csv");
    writeFileSync(f, "term,language,category,weight,target,source\ninyenzi,rw,slur,1,tutsi,analyst\nበረሮ,am,dehumanisation.vermin,0.8,,\n");
    const entries = readLexiconFile(f);
    assert.equal(entries.length, 2);
    assert.equal(entries[1].source, "lex.csv");
    assert.equal(entries[1].target, null);
    writeFileSync(f, "term,language,category,weight\nok,en,slur,1\nbad,en,slur,7\n");
    assert.throws(() => readLexiconFile(f), /lex\.csv:3: field "weight"/);
    writeFileSync(f, "term,language,weight\nok,en,1\n");
    assert.throws(() => readLexiconFile(f), /column "category" is missing/);
  });
});
