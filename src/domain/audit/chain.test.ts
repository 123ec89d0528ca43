import assert from "node:assert/strict";
import { test } from "node:test";
import { canonicalJson, entryHash, GENESIS_HASH, rowHash, verifyChain, type AuditEntry } from "./chain.ts";

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = { seq: i * 2, at: new Date(1_700_000_000_000 + i), organisationId: null, actor: "cli", action: "x", entity: "report", entityId: `r${i}`, rowHash: null, details: { i }, prevHash: prev };
    const full = { ...e, hash: entryHash(e) };
    out.push(full);
    prev = full.hash;
  }
  return out;
}

test("canonicalJson() sorts keys at every level", () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: new Date(0) } }), '{"a":{"c":"1970-01-01T00:00:00.000Z","d":[2,{"e":0,"f":1}]},"b":1}');
});

test("verifyChain() accepts an intact chain and names the first altered, removed or reordered entry", () => {
  assert.equal(verifyChain(chain(5)), null);
  const altered = chain(5);
  altered[2] = { ...altered[2], details: { i: 99 } };
  assert.equal(verifyChain(altered)?.seq, 6);
  const removed = chain(5);
  removed.splice(1, 1);
  assert.equal(verifyChain(removed)?.seq, 6);
  const swapped = chain(3);
  [swapped[0], swapped[1]] = [swapped[1], swapped[0]];
  assert.equal(verifyChain(swapped)?.seq, 4);
});

test("rowHash() leaves a later-added column out while it is null, so rows audited before it existed still verify", () => {
  const before = { id: "r1", description: "x", sources: [{ kind: "witness" }] };
  assert.equal(rowHash({ ...before, sourcesSecret: null }), rowHash(before));
  assert.notEqual(rowHash({ ...before, sourcesSecret: "v1.k.a.b.c" }), rowHash(before), "a value is hashed");
  assert.notEqual(rowHash({ ...before, description: null }), rowHash(before), "other nulls still count");
});
