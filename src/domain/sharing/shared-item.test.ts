import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PROTECTED_EXCEPTIONS, PROTECTED_FIELDS, redactAlert, redactReport, schemaPaths, SHARE_ITEM_TYPES, SHARED_SCHEMAS, SharedShapeError, validateShared } from "./shared-item.ts";

const protectedSet = new Set(PROTECTED_FIELDS.map((f) => f.toLowerCase()));
const last = (path: string) => path.split(".").at(-1)!.replace("[]", "").toLowerCase();

describe("shared shapes", () => {
  test("no field of any shared schema, at any depth, is a protected field (except the documented blurred point)", () => {
    for (const type of SHARE_ITEM_TYPES) {
      const paths = schemaPaths(SHARED_SCHEMAS[type]);
      assert.ok(paths.length >= 8, type);
      for (const p of paths) {
        const full = `${type}.${p}`;
        if (Object.hasOwn(PROTECTED_EXCEPTIONS, full)) continue;
        assert.equal(protectedSet.has(last(p)), false, `${full} is a protected field`);
      }
    }
    // The exception is only the grid-snapped point, nested under blurredLocation.
    assert.deepEqual(Object.keys(PROTECTED_EXCEPTIONS).sort(), ["report.blurredLocation.lat", "report.blurredLocation.lon"]);
  });

  test("validateShared refuses a field the schema does not list, at any depth", () => {
    const report = redactReport({
      occurredFrom: new Date("2026-11-01T00:00:00Z"), occurredTo: null, timePrecision: "day", countryIso3: "MMR", adminArea: "Rakhine", blurredLat: 20, blurredLon: 93, blurM: 5000,
      description: "d", perpetratorType: "state", targetedGroup: null, victims: { killed: 3 },
    });
    assert.throws(() => validateShared("report", { ...report, reporterSecret: "x" }), (e) => e instanceof SharedShapeError && e.path === "reporterSecret");
    assert.throws(() => validateShared("report", { ...report, blurredLocation: { lat: 1, lon: 2, gridMeters: 3, exact: true } }), (e) => e instanceof SharedShapeError && e.path === "blurredLocation.exact");
    const { description: _d, ...missing } = report;
    assert.throws(() => validateShared("report", missing), (e) => e instanceof SharedShapeError && e.path === "description");
  });

  test("redactAlert keeps neither the override's reason nor who set it", () => {
    const payload = redactAlert({
      countryIso3: "MMR", situation: "", level: "emergency", computedLevel: "watch", createdAt: new Date("2026-12-01T00:00:00Z"),
      override: { level: "emergency", reason: "INTERNAL-REASON", by: "user:123" }, explanation: "Overridden by an analyst: INTERNAL-REASON",
      signals: [{ kind: "forecast-risk", sentence: "rank 20", supports: "watch", period: { from: "2025", to: "2026" }, sourceIds: ["forecast:1:MMR"] }],
    });
    const text = JSON.stringify(payload);
    assert.equal(text.includes("INTERNAL-REASON"), false);
    assert.equal(text.includes("user:123"), false);
    assert.equal(payload.overridden, true);
  });
});
