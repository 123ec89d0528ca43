/**
 * Response actions on shared alerts over HTTP (issue 16): a recipient organisation's analyst
 * records an action on an alert shared with it; roles are checked (viewers, monitors and admins
 * are refused, the sharer and third organisations get 404), malformed input is a 400 naming the
 * field, the sharer sees only the actions it was told about, and the audit chain still verifies.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { availableEngines } from "../../../infra/store/testing.ts";
import { verifyAudit } from "../../../services/audit.service.ts";
import { newKey, openHarness, reportBody, type Harness } from "../../../../test/security/harness.ts";

for (const engine of availableEngines()) describe(`response actions on shared alerts over HTTP on ${engine}`, () => {
  let h: Harness;
  let shareId: string;
  let reportShareId: string;

  before(async () => {
    h = await openHarness(engine);
    const A = h.s.a.analyst.headers;
    const o = await h.app.inject({ method: "POST", url: "/api/countries/MMR/alert/override", headers: A, payload: { level: "warning", reason: "Field network reports killings in two townships" } });
    assert.equal(o.statusCode, 201, o.body);
    const own = await h.app.inject({ url: "/api/org/countries/MMR/alert", headers: A });
    const alertId = own.json().current.id as string;
    const s = await h.app.inject({ method: "POST", url: "/api/shares", headers: A, payload: { itemType: "alert", itemId: alertId, recipients: [h.s.b.analyst.organisationId] } });
    assert.equal(s.statusCode, 201, s.body);
    shareId = s.json().id;
    // A verified report shared too: response actions are for alerts only.
    const r = await h.app.inject({ method: "POST", url: "/api/reports", headers: { ...h.s.a.monitor.headers, "idempotency-key": newKey() }, payload: reportBody() });
    const reportId = r.json().id as string;
    await h.app.inject({ method: "POST", url: `/api/reports/${reportId}/review`, headers: h.s.a.analyst.headers, payload: { to: "under_review" } });
    await h.app.inject({ method: "POST", url: `/api/reports/${reportId}/review`, headers: h.s.a.analyst2.headers, payload: { to: "verified", reason: "corroborated" } });
    const rs = await h.app.inject({ method: "POST", url: "/api/shares", headers: A, payload: { itemType: "report", itemId: reportId, recipients: [h.s.b.analyst.organisationId] } });
    assert.equal(rs.statusCode, 201, rs.body);
    reportShareId = rs.json().id;
  });
  after(async () => h?.close());

  const post = (headers: Record<string, string> | undefined, id: string, payload: unknown) => h.app.inject({ method: "POST", url: `/api/shares/${id}/responses`, headers, payload: payload as object });

  test("only the recipient's analysts record; others are refused and nothing is stored", async () => {
    const body = { description: "Brief our field team in Sittwe" };
    assert.equal((await post(undefined, shareId, body)).statusCode, 401);
    for (const role of ["viewer", "monitor", "admin"] as const) assert.equal((await post(h.s.b[role].headers, shareId, body)).statusCode, 403, role);
    assert.equal((await post(h.s.a.analyst.headers, shareId, body)).statusCode, 404, "the sharer is not a recipient");
    assert.equal((await post(h.s.b.analyst.headers, randomUUID(), body)).statusCode, 404);
    const incoming = await h.app.inject({ url: "/api/shares/incoming", headers: h.s.b.viewer.headers });
    assert.deepEqual(incoming.json().shares.find((x: { id: string }) => x.id === shareId).responses, []);
  });

  test("malformed input is a 400 naming the field", async () => {
    const B = h.s.b.analyst.headers;
    const field = async (id: string, payload: unknown): Promise<string> => {
      const r = await post(B, id, payload);
      assert.equal(r.statusCode, 400, r.body);
      const e = r.json().error as { field?: string; details?: { field?: string; issues?: { path: string; message: string }[] } };
      return e.field ?? e.details?.field ?? e.details!.issues!.map((i) => `${i.path} ${i.message}`).join(",");
    };
    assert.match(await field(shareId, { description: "" }), /description/);
    assert.match(await field(shareId, {}), /description/);
    assert.match(await field(shareId, { description: "Brief the team", status: "someday" }), /status/);
    assert.match(await field(shareId, { description: "Brief the team", visibleToSharer: "yes" }), /visibleToSharer/);
    assert.match(await field(shareId, { description: "Brief the team", outcome: "x".repeat(2001) }), /outcome/);
    assert.match(await field(shareId, { description: "Brief the team", by: "someone" }), /by|\//);
    assert.equal(await field(reportShareId, { description: "Read the report" }), "id");
    assert.equal((await post(B, "not-a-uuid", { description: "Brief the team" })).statusCode, 400);
    const patch = await h.app.inject({ method: "PATCH", url: `/api/shares/${shareId}/responses/${randomUUID()}`, headers: B, payload: { status: "whenever" } });
    assert.equal(patch.statusCode, 400);
    assert.match(JSON.stringify(patch.json().error), /status/);
  });

  test("the recipient records and updates; the sharer sees only what it was told; audited", async () => {
    const B = h.s.b.analyst.headers;
    const quiet = await post(B, shareId, { description: "Move our staff out of Sittwe", status: "in_progress" });
    assert.equal(quiet.statusCode, 201, quiet.body);
    assert.deepEqual([quiet.json().organisation, quiet.json().status, quiet.json().visibleToSharer], ["Org B", "in_progress", false]);
    const told = await post(B, shareId, { description: "Raised with the UN country team", visibleToSharer: true });
    assert.equal(told.statusCode, 201, told.body);
    const mine = (await h.app.inject({ url: "/api/shares/incoming", headers: B })).json().shares.find((x: { id: string }) => x.id === shareId);
    assert.deepEqual(mine.responses.map((r: { id: string }) => r.id), [quiet.json().id, told.json().id]);
    const outgoing = await h.app.inject({ url: "/api/shares/outgoing", headers: h.s.a.analyst.headers });
    const seen = outgoing.json().shares.find((x: { id: string }) => x.id === shareId).responses as { id: string; description: string }[];
    assert.deepEqual(seen.map((r) => r.description), ["Raised with the UN country team"]);
    assert.equal(outgoing.body.includes("Move our staff"), false);
    // Only the recipient changes its action.
    const url = `/api/shares/${shareId}/responses/${told.json().id}`;
    assert.equal((await h.app.inject({ method: "PATCH", url, headers: h.s.a.analyst.headers, payload: { status: "done" } })).statusCode, 404);
    assert.equal((await h.app.inject({ method: "PATCH", url, headers: h.s.b.viewer.headers, payload: { status: "done" } })).statusCode, 403);
    const done = await h.app.inject({ method: "PATCH", url, headers: B, payload: { status: "done", outcome: "Envoy visit agreed" } });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().status, "done");
    const audit = await h.app.inject({ url: "/api/audit", headers: B });
    assert.equal(audit.statusCode, 200, audit.body);
    const actions = (audit.json().entries as { action: string }[]).map((e) => e.action);
    assert.equal(actions.filter((a) => a === "share_response.created").length, 2, actions.join(","));
    assert.ok(actions.includes("share_response.updated"), actions.join(","));
    const sharerAudit = await h.app.inject({ url: "/api/audit", headers: h.s.a.analyst.headers });
    assert.equal(sharerAudit.body.includes("share_response."), false, "audited in the recipient's organisation, not the sharer's");
    const verified = await verifyAudit(h.tocsin.store);
    assert.equal(verified.ok, true, JSON.stringify(verified.firstBreak));
  });
});
