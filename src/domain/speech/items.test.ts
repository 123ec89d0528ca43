import { test } from "node:test";
import assert from "node:assert/strict";
import { parseSpeechBatch, SpeechItemError, toSpeechItem } from "./items.ts";

test("toSpeechItem accepts aliases and normalises time and country", () => {
  const it = toSpeechItem({ id: 7, content: "ሰላም", date: "2024-05-01", platform: "radio", country_code: "eth", followers: "1200" }, "x:2");
  assert.deepEqual(it, { clientId: "7", text: "ሰላም", time: "2024-05-01T00:00:00.000Z", source: "radio", country: "ETH", language: null, reach: 1200 });
});

test("toSpeechItem errors name the place and the field", () => {
  const ok = { id: "a", text: "t", time: "2024-05-01T10:00:00+03:00", source: "s", country: "MM" };
  assert.equal(toSpeechItem(ok, "w").time, "2024-05-01T07:00:00.000Z");
  assert.throws(() => toSpeechItem({ ...ok, text: " " }, "f.csv:3"), /f\.csv:3: field "text" is missing/);
  assert.throws(() => toSpeechItem({ ...ok, time: "soon" }, "w"), /field "time"/);
  assert.throws(() => toSpeechItem({ ...ok, country: "Myanmar" }, "w"), /field "country"/);
  assert.throws(() => toSpeechItem({ ...ok, reach: -1 }, "w"), /field "reach"/);
});

test("parseSpeechBatch: array or {items}, duplicates inside a batch dropped, bad item rejects all", () => {
  const a = { id: "1", text: "x", time: "2024-01-01", source: "s", country: "MMR" };
  const b = parseSpeechBatch({ items: [a, { ...a, text: "again" }, { ...a, id: "2" }] });
  assert.deepEqual(b.items.map((i) => [i.clientId, i.text]), [["1", "x"], ["2", "x"]]);
  assert.deepEqual(b.duplicateIds, ["1"]);
  assert.throws(() => parseSpeechBatch([a, { ...a, id: "" }]), (e: Error) => e instanceof SpeechItemError && /items\[1\]: field "clientId"/.test(e.message));
  assert.throws(() => parseSpeechBatch({ nope: 1 }), /body must be/);
  assert.throws(() => parseSpeechBatch([a, a, a], 2), /at most 2/);
});
