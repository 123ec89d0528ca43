import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BUILTIN_OPTIONS, INSTRUMENTS, RESPONSE_SIGNAL_KINDS, ResponseOptionError, signalKindsOf, validateOption, type ResponseOption } from "./catalogue.ts";
import { recommendOptions } from "./recommend.ts";

describe("response catalogue", () => {
  test("built-ins: 25–35 options, unique ids, every instrument present, every option valid and canonical", () => {
    assert.ok(BUILTIN_OPTIONS.length >= 25 && BUILTIN_OPTIONS.length <= 35, String(BUILTIN_OPTIONS.length));
    assert.equal(new Set(BUILTIN_OPTIONS.map((o) => o.id)).size, BUILTIN_OPTIONS.length);
    for (const i of INSTRUMENTS) assert.ok(BUILTIN_OPTIONS.some((o) => o.instrument === i), i);
    for (const o of BUILTIN_OPTIONS) {
      assert.deepEqual(validateOption(o), o, o.id);
      assert.ok(o.id.startsWith(`${o.instrument}.`), o.id);
      assert.ok(o.answers.length > 0, o.id);
    }
    // Every signal kind is answered by at least one option at every level it can occur.
    for (const k of RESPONSE_SIGNAL_KINDS) assert.ok(BUILTIN_OPTIONS.some((o) => o.answers.includes(k)), k);
  });

  test("validateOption names the bad field and canonicalises order", () => {
    const base: ResponseOption = { id: "x", instrument: "legal", title: "T", description: "", levels: ["emergency", "watch", "watch"], answers: ["speech-spike", "escalation"] };
    assert.deepEqual(validateOption(base).levels, ["watch", "emergency"]);
    assert.deepEqual(validateOption(base).answers, ["escalation", "speech-spike"]);
    assert.throws(() => validateOption({ ...base, instrument: "magic" as never }), (e) => e instanceof ResponseOptionError && e.field === "instrument");
    assert.throws(() => validateOption({ ...base, levels: ["none"] }), (e) => e instanceof ResponseOptionError && e.field === "levels[0]");
    assert.throws(() => validateOption({ ...base, levels: [] }), (e) => e instanceof ResponseOptionError && e.field === "levels");
    assert.throws(() => validateOption({ ...base, answers: ["rumours" as never] }), (e) => e instanceof ResponseOptionError && e.field === "answers[0]");
    assert.throws(() => validateOption({ ...base, title: "  " }), (e) => e instanceof ResponseOptionError && e.field === "title");
  });

  test("signalKindsOf maps the rules' signal names exactly and skips junk", () => {
    // Near-miss spellings are no longer guessed at (issue 13: no guessing by regex).
    const kinds = signalKindsOf([{ kind: "speech_spike" }, { kind: "escalation" }, { kind: "risk_rank_rise" }, { type: "verified-incident" }, { kind: "forecast" }, null, 3, { kind: 5 }, { kind: "weather" }]);
    assert.deepEqual(kinds, ["escalation", "verified-incident"]);
    assert.deepEqual(signalKindsOf([]), []);
    // The alert rules' own kinds (domain/alerts/signal.ts).
    assert.deepEqual(signalKindsOf(["forecast-risk", "rank-change", "risk-change", "escalation", "speech-spike", "verified-report", "assessment"].map((kind) => ({ kind }))), [...RESPONSE_SIGNAL_KINDS]);
    assert.deepEqual(signalKindsOf([{ kind: "rank-change" }]), ["risk-rise"]);
  });
});

describe("recommendOptions", () => {
  const opt = (id: string, instrument: ResponseOption["instrument"], levels: ResponseOption["levels"], answers: ResponseOption["answers"]): ResponseOption => ({ id, instrument, title: id, description: "", levels, answers });
  const cat = [
    opt("a", "economic", ["warning", "emergency"], ["escalation"]),
    opt("b", "diplomatic", ["warning"], ["escalation", "speech-spike"]),
    opt("c", "legal", ["watch"], ["speech-spike"]),
    opt("d", "diplomatic", ["warning", "emergency"], []),
    opt("e", "diplomatic", ["warning"], []),
  ];

  test("orders by signals answered, then closeness to the level, then instrument, then id; filters by level", () => {
    const r = recommendOptions("warning", ["escalation", "speech-spike"], cat);
    assert.deepEqual(r.map((x) => x.option.id), ["b", "a", "e", "d"]);
    assert.deepEqual(r[0].matched, ["escalation", "speech-spike"]);
    assert.match(r[0].reason, /Warning.*escalating violence and a dangerous-speech spike/);
    assert.match(r[2].reason, /general measure/);
    assert.deepEqual(recommendOptions("emergency", ["escalation"], cat).map((x) => x.option.id), ["a", "d"]);
    assert.deepEqual(recommendOptions("watch", [], cat).map((x) => x.option.id), ["c"]);
    assert.deepEqual(recommendOptions("none", ["escalation"], cat), []);
    assert.equal(recommendOptions("warning", [], cat, 2).length, 2);
  });

  test("on the built-in catalogue an emergency with escalation puts emergency-aimed measures answering it first", () => {
    const r = recommendOptions("emergency", ["escalation", "verified-incident"], BUILTIN_OPTIONS);
    assert.ok(r.length > 10);
    assert.ok(r.every((x) => x.option.levels.includes("emergency")));
    assert.equal(r[0].matched.length, 2);
    assert.ok(r[0].option.levels.includes("emergency"));
    // Ranks never go up as we move down the list.
    for (let i = 1; i < r.length; i++) assert.ok(r[i].matched.length <= r[i - 1].matched.length);
  });
});

describe("action rules", () => {
  test("validateLinks keeps http(s), drops duplicates, names the bad one", async () => {
    const { validateLinks, ActionInputError, isCalendarDay, isOverdue } = await import("./action.ts");
    assert.deepEqual(validateLinks(["https://example.org/a", "http://example.org/b", "https://example.org/a"]), ["https://example.org/a", "http://example.org/b"]);
    for (const [bad, i] of [["javascript:alert(1)", 1], ["data:text/html,x", 1], ["/relative", 1], ["https://user:pw@example.org", 1], ["file:///etc/passwd", 1]] as const) {
      assert.throws(() => validateLinks(["https://ok.example", bad]), (e) => e instanceof ActionInputError && e.field === `links[${i}]`, bad);
    }
    assert.throws(() => validateLinks(Array.from({ length: 21 }, (_, i) => `https://e.org/${i}`)), (e) => e instanceof ActionInputError && e.field === "links");
    assert.equal(isCalendarDay("2026-02-28"), true);
    assert.equal(isCalendarDay("2026-02-30"), false);
    assert.equal(isCalendarDay("26-02-01"), false);
    assert.equal(isOverdue({ status: "planned", deadline: "2026-01-01" }, "2026-01-02"), true);
    assert.equal(isOverdue({ status: "done", deadline: "2026-01-01" }, "2026-01-02"), false);
    assert.equal(isOverdue({ status: "in_progress", deadline: "2026-01-02" }, "2026-01-02"), false);
  });
});
