import assert from "node:assert/strict";
import { test } from "node:test";
import { computeGapMetrics, durationStat, type GapAction, type GapAlert } from "./gap-metrics.ts";

const t0 = Date.parse("2026-01-01T00:00:00Z");
const at = (hours: number) => new Date(t0 + hours * 3_600_000);
const alert = (id: string, iso3: string, level: GapAlert["level"], hours: number, extra: Partial<GapAlert> = {}): GapAlert => ({ id, countryIso3: iso3, situation: "", level, createdAt: at(hours), current: true, reassessOn: null, ...extra });
const action = (id: string, alertId: string, hours: number, status: GapAction["status"] = "planned", deadline: string | null = null): GapAction => ({ id, alertId, status, createdAt: at(hours), deadline });

test("durationStat: median of odd and even counts, mean, empty", () => {
  assert.deepEqual(durationStat([]), { count: 0, medianHours: null, meanHours: null });
  assert.deepEqual(durationStat([5, 1, 3]), { count: 3, medianHours: 3, meanHours: 3 });
  assert.deepEqual(durationStat([4, 1, 10, 2]), { count: 4, medianHours: 3, meanHours: 4.25 });
});

test("gap metrics on a constructed timeline", () => {
  // Now is day 20 (480 h).
  const now = at(480);
  const alerts: GapAlert[] = [
    // SDN: a warning (superseded) escalated to an emergency on day 10; the emergency is current.
    alert("sdn-w", "SDN", "warning", 0, { current: false }),
    alert("sdn-e", "SDN", "emergency", 240),
    // MMR: a warning on day 2 with no action at all → unanswered after 7 days (18 days old).
    alert("mmr-w", "MMR", "warning", 48, { reassessOn: "2026-01-15" }),
    // ETH: a warning 3 days old → not yet unanswered.
    alert("eth-w", "ETH", "warning", 408),
    // NGA: a watch, old, no action: watch never counts as unanswered.
    alert("nga-watch", "NGA", "watch", 0),
    // A stand-down is ignored entirely.
    alert("bdi-none", "BDI", "none", 0),
  ];
  const acknowledgements = [
    { alertId: "sdn-w", at: at(2) },
    { alertId: "sdn-w", at: at(30) }, // a later acknowledgement by another user: the first counts
    { alertId: "sdn-e", at: at(246) },
    { alertId: "mmr-w", at: at(58) },
    { alertId: "bdi-none", at: at(1) },
  ];
  const actions: GapAction[] = [
    // Planned on the superseded warning, still open: it keeps the emergency answered.
    action("a1", "sdn-w", 12, "in_progress", "2026-01-10"), // overdue by 11 days (today 2026-01-21)
    action("a2", "sdn-w", 30, "done", "2026-01-05"), // done: never overdue
    action("a3", "sdn-e", 264, "planned", "2026-01-21"), // due today: not overdue
    action("a4", "mmr-w", 60, "abandoned", "2026-01-03"), // abandoned: not a response, not overdue
  ];
  const m = computeGapMetrics({ alerts, acknowledgements, actions, reassessments: [{ alertId: "sdn-e", reassessOn: "2026-01-20" }], now, noActionDays: 7 });

  assert.equal(m.asOf, "2026-01-21T00:00:00.000Z");
  assert.equal(m.overall.alerts, 5);
  assert.equal(m.overall.acknowledged, 3);
  // Acks: sdn-w 2 h, sdn-e 6 h, mmr-w 10 h.
  assert.deepEqual(m.overall.timeToAcknowledge, { count: 3, medianHours: 6, meanHours: 6 });
  // First actions: sdn-w 12 h, sdn-e 24 h, mmr-w 12 h (abandoned still marks when work began).
  assert.deepEqual(m.overall.timeToFirstAction, { count: 3, medianHours: 12, meanHours: 16 });
  assert.deepEqual(m.overall.unanswered.map((u) => [u.alertId, u.ageDays]), [["mmr-w", 18]]);
  assert.deepEqual(m.overall.overdueActions.map((o) => [o.actionId, o.daysOverdue]), [["a1", 11]]);
  assert.deepEqual(m.overall.reassessmentsDue.map((r) => [r.alertId, r.reassessOn, r.source]), [["mmr-w", "2026-01-15", "alert"], ["sdn-e", "2026-01-20", "organisation"]]);

  assert.deepEqual(m.countries.map((c) => c.countryIso3), ["ETH", "MMR", "NGA", "SDN"]);
  const sdn = m.countries.find((c) => c.countryIso3 === "SDN")!;
  assert.equal(sdn.alerts, 2);
  assert.deepEqual(sdn.timeToAcknowledge, { count: 2, medianHours: 4, meanHours: 4 });
  assert.equal(sdn.unanswered.length, 0);
  assert.equal(sdn.overdueActions.length, 1);
  const mmr = m.countries.find((c) => c.countryIso3 === "MMR")!;
  assert.equal(mmr.unanswered.length, 1);

  // With the threshold at 2 days ETH (3 days old) becomes unanswered too; 30 days clears both.
  assert.deepEqual(computeGapMetrics({ alerts, acknowledgements, actions, reassessments: [], now, noActionDays: 2 }).overall.unanswered.map((u) => u.alertId), ["mmr-w", "eth-w"]);
  assert.equal(computeGapMetrics({ alerts, acknowledgements, actions, reassessments: [], now, noActionDays: 30 }).overall.unanswered.length, 0);
  // Finishing the open action and recording nothing new leaves the SDN emergency unanswered.
  const closed = actions.map((a) => (a.id === "a1" ? { ...a, status: "done" as const } : a)).filter((a) => a.id !== "a3");
  assert.deepEqual(computeGapMetrics({ alerts, acknowledgements, actions: closed, reassessments: [], now }).overall.unanswered.map((u) => u.alertId), ["mmr-w", "sdn-e"]);
  assert.throws(() => computeGapMetrics({ alerts, acknowledgements, actions, reassessments: [], now, noActionDays: -1 }), RangeError);
});
