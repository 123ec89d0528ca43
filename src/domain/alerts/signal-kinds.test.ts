import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { signalKindsOf } from "../response/catalogue.ts";
import { RESPONSE_SIGNAL_KINDS } from "../response/signal-kind.ts";
import { DEFAULT_RULES, structuralRules } from "./rules.ts";
import { SIGNAL_KINDS, type SignalKind } from "./signal.ts";
import { isSignalKind, SIGNAL_FAMILY, SIGNAL_KIND_REGISTRY, STRUCTURAL_KINDS, type SignalKindEntry } from "./signal-kinds.ts";

describe("signal-kind registry", () => {
  test("every kind has exactly one entry, and the compiler refuses a missing one", () => {
    assert.deepEqual(Object.keys(SIGNAL_KIND_REGISTRY).sort(), [...SIGNAL_KINDS].sort());
    // A registry without an entry for every kind does not compile (checked by `tsc --noEmit`).
    // @ts-expect-error — "assessment" and the others are missing
    const partial: Record<SignalKind, SignalKindEntry> = { "forecast-risk": SIGNAL_KIND_REGISTRY["forecast-risk"] };
    assert.equal(Object.keys(partial).length, 1);
  });

  test("signalKindsOf does not guess: an unknown kind such as refugee-outflow-surge maps to nothing", () => {
    // Before the registry, word patterns read "surge" as an escalation.
    assert.deepEqual(signalKindsOf([{ kind: "refugee-outflow-surge" }]), []);
    assert.deepEqual(signalKindsOf([{ kind: "speech_spike" }, { kind: "risk_rank_rise" }, { kind: "forecast" }, { kind: "weather" }]), []);
  });

  test("signalKindsOf maps each alert kind through its registry entry", () => {
    for (const kind of SIGNAL_KINDS) assert.deepEqual(signalKindsOf([{ kind }]), [SIGNAL_KIND_REGISTRY[kind].response], kind);
    assert.deepEqual(signalKindsOf(SIGNAL_KINDS.map((kind) => ({ kind }))), [...RESPONSE_SIGNAL_KINDS]);
    // A response kind named exactly stands for itself; junk is skipped.
    assert.deepEqual(signalKindsOf([{ type: "verified-incident" }, null, 3, { kind: 5 }]), ["verified-incident"]);
  });

  test("isSignalKind is exact", () => {
    assert.equal(isSignalKind("escalation"), true);
    assert.equal(isSignalKind("Escalation"), false);
    assert.equal(isSignalKind("toString"), false);
    assert.equal(isSignalKind(undefined), false);
  });

  test("structuralRules keeps the rules of the kinds the registry marks structural, and only those", () => {
    const s = structuralRules(DEFAULT_RULES);
    assert.deepEqual([...STRUCTURAL_KINDS], ["forecast-risk", "rank-change", "risk-change"]);
    for (const kind of SIGNAL_KINDS) {
      if (SIGNAL_KIND_REGISTRY[kind].structural) assert.deepEqual(s.kinds[kind], DEFAULT_RULES.kinds[kind], kind);
      else assert.deepEqual(s.kinds[kind], [], kind);
    }
    assert.equal(s.corroboration.minFamilies, 0);
  });

  test("families come from the registry", () => {
    for (const kind of SIGNAL_KINDS) assert.equal(SIGNAL_FAMILY[kind], SIGNAL_KIND_REGISTRY[kind].family);
    assert.equal(SIGNAL_KIND_REGISTRY["speech-spike"].needsConfirmation, true);
    assert.equal(SIGNAL_KINDS.filter((k) => SIGNAL_KIND_REGISTRY[k].needsConfirmation).length, 1);
  });
});
