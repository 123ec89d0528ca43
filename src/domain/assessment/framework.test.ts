import assert from "node:assert/strict";
import { test } from "node:test";
import { BUILTIN_FRAMEWORKS, RABAT, TEN_STAGES, UN_FRAMEWORK_2014 } from "./frameworks/mod.ts";
import { answerValue, FrameworkError, indicatorsOf, validateFramework } from "./framework.ts";

const minimal = () => ({
  key: "my-frame", version: 1, name: "Mine", description: "d", source: "ours",
  factors: [{ id: "1", name: "A", description: "d", indicators: [{ id: "1.1", text: "t", guidance: "g" }, { id: "1.2", text: "t", guidance: "g" }] }],
});

test("built-in templates pass their own validation unchanged", () => {
  for (const fw of BUILTIN_FRAMEWORKS) assert.deepEqual(validateFramework(JSON.parse(JSON.stringify(fw))), fw, fw.key);
});

test("UN framework has 8 common and 6 specific risk factors, numbered 1–14 with n.m indicators", () => {
  assert.equal(UN_FRAMEWORK_2014.factors.length, 14);
  const groups = UN_FRAMEWORK_2014.factors.map((f) => f.group);
  assert.equal(groups.filter((g) => g === "common").length, 8);
  assert.deepEqual(groups.slice(8), ["genocide", "genocide", "crimes-against-humanity", "crimes-against-humanity", "war-crimes", "war-crimes"]);
  for (const f of UN_FRAMEWORK_2014.factors) f.indicators.forEach((i, j) => assert.equal(i.id, `${f.id}.${j + 1}`));
});

test("Ten Stages and Rabat follow their frames' structure", () => {
  assert.deepEqual(TEN_STAGES.factors.map((f) => f.name), ["Classification", "Symbolization", "Discrimination", "Dehumanization", "Organization", "Polarization", "Preparation", "Persecution", "Extermination", "Denial"]);
  assert.equal(RABAT.factors.length, 6);
  assert.match(RABAT.factors[5].name, /imminence/);
});

test("indicator ids are unique across each built-in template", () => {
  for (const fw of BUILTIN_FRAMEWORKS) {
    const ids = indicatorsOf(fw).map((i) => i.id);
    assert.equal(new Set(ids).size, ids.length, fw.key);
  }
});

test("validateFramework() fills in the default scale and weights", () => {
  const fw = validateFramework(minimal());
  assert.equal(fw.factors[0].weight, 1);
  assert.equal(answerValue(fw, "strongly_present"), 1);
  assert.equal(answerValue(fw, "unknown"), null);
});

test("validateFramework() names the bad field", () => {
  const cases: [(x: ReturnType<typeof minimal>) => unknown, RegExp][] = [
    [(x) => ({ ...x, key: "Bad Key" }), /^key:/],
    [(x) => ({ ...x, version: 0 }), /^version:/],
    [(x) => ({ ...x, factors: [] }), /^factors:/],
    [(x) => ({ ...x, factors: [{ ...x.factors[0], id: "2" }] }), /factors\[0\]\.id/],
    [(x) => ({ ...x, factors: [{ ...x.factors[0], indicators: [x.factors[0].indicators[1]] }] }), /factors\[0\]\.indicators\[0\]\.id/],
    [(x) => ({ ...x, factors: [{ ...x.factors[0], weight: -1 }] }), /weight/],
    [(x) => ({ ...x, name: "" }), /^name:/],
    [(x) => ({ ...x, scale: [{ answer: "absent", label: "A", value: 0 }] }), /^scale:/],
    [(x) => ({ ...x, scale: [{ answer: "absent", label: "A", value: 0.6 }, { answer: "present", label: "P", value: 0.5 }, { answer: "strongly_present", label: "S", value: 1 }, { answer: "unknown", label: "U", value: null }] }), /increase/],
    [(x) => ({ ...x, scale: [{ answer: "absent", label: "A", value: 0 }, { answer: "present", label: "P", value: 0.5 }, { answer: "strongly_present", label: "S", value: 1 }, { answer: "unknown", label: "U", value: 0 }] }), /scale\[3\]\.value/],
  ];
  for (const [mutate, message] of cases) assert.throws(() => validateFramework(mutate(minimal())), (e) => e instanceof FrameworkError && message.test(e.message), String(message));
});
