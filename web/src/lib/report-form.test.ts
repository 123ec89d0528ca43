import assert from "node:assert/strict";
import { test } from "node:test";
import { buildSubmission, newIdempotencyKey, type ReportFormValues } from "./report-form.ts";

const values = (over: Partial<ReportFormValues> = {}): ReportFormValues => ({
  description: "  Houses burned in the market area  ", occurredAt: "2026-11-20T14:30", precision: "hour", lat: "", lon: "", precisionMeters: "10000",
  countryIso3: "", adminArea: "", protectLocation: true, perpetratorType: "unknown", targetedGroup: "", victims: {}, sourceKind: "witness", sourceDescription: "", ...over,
});

test("buildSubmission() trims text, converts the local time to ISO and leaves out empty parts", () => {
  const r = buildSubmission(values({ victims: { killed: "3", injured: "" } }));
  assert.ok(r.ok);
  assert.equal(r.body.description, "Houses burned in the market area");
  assert.equal(r.body.occurred.from, new Date("2026-11-20T14:30").toISOString());
  assert.deepEqual(r.body.victims, { killed: 3 });
  assert.equal(r.body.location, undefined);
  assert.deepEqual(r.body.sources, [{ kind: "witness" }]);
});

test("buildSubmission() builds a protected coarse location and upper-cases the country", () => {
  const r = buildSubmission(values({ lat: "12.5", lon: "-7.25", precisionMeters: "1000", countryIso3: "mli", adminArea: "Mopti" }));
  assert.ok(r.ok);
  assert.deepEqual(r.body.location, { lat: 12.5, lon: -7.25, precisionMeters: 1000, protect: true, countryIso3: "MLI", adminArea: "Mopti" });
});

test("buildSubmission() names each wrong field", () => {
  const r = buildSubmission(values({ description: " ", occurredAt: "", lat: "95", lon: "x", victims: { killed: "-1", missing: "2.5" }, perpetratorType: "aliens" }), [{ fileName: "a.exe", mediaType: "application/x-msdownload", data: "AA==" }]);
  assert.ok(!r.ok);
  assert.deepEqual(Object.keys(r.errors).sort(), ["attachments", "description", "lat", "lon", "occurredAt", "perpetratorType", "victims.killed", "victims.missing"]);
});

test("newIdempotencyKey() is a key the API accepts and differs per call", () => {
  const a = newIdempotencyKey();
  assert.match(a, /^[A-Za-z0-9._:-]{8,128}$/);
  assert.notEqual(a, newIdempotencyKey());
  assert.equal(newIdempotencyKey(() => "fixed-uuid"), "report:fixed-uuid");
});
