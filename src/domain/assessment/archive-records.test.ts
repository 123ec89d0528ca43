import assert from "node:assert/strict";
import { test } from "node:test";
import { AssessmentContentError, carryArchives, checkEvidence, type IndicatorAnswer } from "./assessment.ts";

const sha = "a".repeat(64);
const stored: Record<string, IndicatorAnswer> = {
  "1.1": { answer: "present", confidence: "high", rationale: "r", evidence: [{ kind: "url", ref: "https://example.org/a", archive: { status: "archived", fetchedAt: "2025-01-01T00:00:00Z", sha256: sha } }] },
};

test("carryArchives() keeps the stored record for the same URL in the same indicator and drops what a client sent", () => {
  const forged = { status: "archived" as const, fetchedAt: "2030-01-01T00:00:00Z", sha256: "b".repeat(64) };
  const next: Record<string, IndicatorAnswer> = {
    "1.1": { ...stored["1.1"], rationale: "edited", evidence: [{ kind: "url", ref: "https://example.org/a", archive: forged }, { kind: "url", ref: "https://example.org/new", archive: forged }] },
    "1.2": { answer: "absent", confidence: "low", rationale: "r", evidence: [{ kind: "url", ref: "https://example.org/a", archive: forged }] },
  };
  const out = carryArchives(stored, next);
  assert.equal(out["1.1"].evidence[0].archive?.sha256, sha);
  assert.equal(out["1.1"].evidence[1].archive, undefined);
  assert.equal(out["1.2"].evidence[0].archive, undefined, "a record never moves to another indicator");
  assert.equal(out["1.1"].rationale, "edited");
  assert.equal(next["1.1"].evidence[0].archive, forged, "the input is not changed");
});

test("checkEvidence() accepts archive records on url links only, and an archived one needs its hash", () => {
  checkEvidence(stored["1.1"].evidence, "e");
  assert.throws(() => checkEvidence([{ kind: "url", ref: "https://x.org", archive: { status: "archived", fetchedAt: "2025-01-01T00:00:00Z" } }], "e"), (e) => e instanceof AssessmentContentError && e.path === "e[0].archive.sha256");
  assert.throws(() => checkEvidence([{ kind: "episode", ref: "X", archive: { status: "failed", fetchedAt: "2025-01-01T00:00:00Z", error: "x" } }], "e"), /url evidence only/);
  assert.throws(() => checkEvidence([{ kind: "url", ref: "https://x.org", archive: { status: "failed", fetchedAt: "yesterday" } }], "e"), /fetchedAt/);
});
