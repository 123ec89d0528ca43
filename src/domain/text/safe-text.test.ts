import assert from "node:assert/strict";
import { test } from "node:test";
import { csvCell, hasBidiControls, stripBidiControls } from "./safe-text.ts";

test("stripBidiControls() removes overrides, embeddings, isolates and marks", () => {
  assert.equal(stripBidiControls("photo\u202Egpj.exe"), "photogpj.exe");
  assert.equal(stripBidiControls("\u2066a\u2067b\u2068c\u2069\u200E\u200F\u061C\u202A\u202B\u202C\u202D"), "abc");
  assert.equal(stripBidiControls("مرحبا Aung"), "مرحبا Aung", "right-to-left letters themselves stay");
  assert.ok(hasBidiControls("x\u202Ey") && !hasBidiControls("xy"));
});

test("csvCell() neutralises formula starts and quotes as RFC 4180", () => {
  for (const f of ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", "=HYPERLINK(\"http://evil\")"]) {
    const cell = csvCell(f);
    const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
    assert.ok(unquoted.startsWith("'"), `${JSON.stringify(f)} -> ${cell}`);
  }
  assert.equal(csvCell("-1.5"), "-1.5", "a plain negative number is not a formula");
  assert.equal(csvCell(-3), "-3");
  assert.equal(csvCell("a,b"), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell(null), "");
  assert.equal(csvCell("Myanmar"), "Myanmar");
});
