/**
 * Issue 14 point 13 (part): bidirectional control characters are removed from file names and
 * display names; CSV outputs neutralise cells a spreadsheet would run as formulas.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { EscalationAlert } from "../../src/domain/events/escalation.ts";
import { alertsToCsv } from "../../src/interfaces/cli/events.command.ts";
import { backtestCsv } from "../../src/interfaces/cli/forecast.command.ts";
import { jpegWithGps, newKey, openHarness, PASSWORD, reportBody, type Harness } from "./harness.ts";
import { availableEngines } from "../../src/infra/store/testing.ts";

const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

for (const engine of availableEngines()) describe(`bidi controls and CSV formulas on ${engine}`, () => {
  let h: Harness;
  before(async () => {
    h = await openHarness(engine);
  });
  after(async () => h?.close());

  test("a display name with a right-to-left override is stored and shown without it", async () => {
    const r = await h.app.inject({ method: "POST", url: "/api/users", headers: h.s.a.admin.headers, payload: { email: "eve@a.test", displayName: "Eve\u202Enimda\u202C \u2067x\u2069", role: "viewer", password: PASSWORD } });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().displayName ?? r.json().user?.displayName, "Evenimda x");
    const list = (await h.app.inject({ url: "/api/users", headers: h.s.a.admin.headers })).json().users as { email: string; displayName: string }[];
    assert.ok(!BIDI.test(list.find((u) => u.email === "eve@a.test")!.displayName));
  });

  test("an attachment named with a right-to-left override keeps its real order", async () => {
    const body = reportBody({ attachments: [{ fileName: "photo\u202Egpj.exe", mediaType: "image/jpeg", data: jpegWithGps().toString("base64") }] });
    const res = await h.app.inject({ method: "POST", url: "/api/reports", headers: { ...h.s.a.monitor.headers, "idempotency-key": newKey() }, payload: body });
    assert.equal(res.statusCode, 201, res.body);
    const report = (await h.app.inject({ url: `/api/reports/${res.json().id}`, headers: h.s.a.analyst.headers })).json();
    assert.equal(report.attachments[0].fileName, "photogpj.exe");
    const only = reportBody({ attachments: [{ fileName: "\u202E\u202C", mediaType: "image/jpeg", data: jpegWithGps().toString("base64") }] });
    const bad = await h.app.inject({ method: "POST", url: "/api/reports", headers: { ...h.s.a.monitor.headers, "idempotency-key": newKey() }, payload: only });
    assert.equal(bad.statusCode, 400);
  });

  test("CSV writers prefix formula starts (= + - @ tab CR) and keep numbers", () => {
    const alert = { countryIso3: null, countryName: "=cmd|' /C calc'!A0", admin1: "@SUM(1+1)", periodStart: "+2024-01-01", periodEnd: "-x", detector: "tocsin", score: -1.5, events: 3, civilianDeaths: 0, severity: "\tmoderate" } as unknown as EscalationAlert;
    const csv = alertsToCsv([alert]).split("\n")[1];
    for (const cell of ['"\'=cmd|\' /C calc\'!A0"', "\"'@SUM(1+1)\"", "\"'+2024-01-01\"", "\"'-x\"", "\"'\tmoderate\""]) assert.ok(csv.includes(cell), `${cell} in ${csv}`);
    assert.ok(csv.includes(",-1.500,"), "numbers stay numbers");
    const bt = backtestCsv([{ year: 2020, ewpName: "=HYPERLINK(\"http://evil\")", ccode: 1, mkOnset: null, riskPrev: null, rankPrev: null, riskTwoYearsPrior: null, rankTwoYearsPrior: null, maxrisk2: null, minrank2: null } as never]);
    assert.ok(bt.includes("\"'=HYPERLINK(\"\"http://evil\"\")\""), bt);
  });
});
