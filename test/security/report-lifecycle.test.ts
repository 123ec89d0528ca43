/**
 * Smaller holes of issue 14 point 13, on the report side: a report whose `to` is before its `from`
 * is refused (400 naming `occurred.to`), and a published report can be unpublished — it leaves the
 * public list, the change is audited with its reason, and only publishers may do it.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { availableEngines } from "../../src/infra/store/testing.ts";
import { ReportRepository } from "../../src/infra/store/report.repository.ts";
import { newKey, openHarness, reportBody, type Harness } from "./harness.ts";

for (const engine of availableEngines()) {
  describe(`report dates and unpublishing on ${engine}`, () => {
    let h: Harness;
    before(async () => {
      h = await openHarness(engine);
    });
    after(async () => {
      await h?.close();
    });

    test("occurred.to before occurred.from is a 400 naming occurred.to; nothing stored", async () => {
      const before = await new ReportRepository(h.tocsin.store.db).counts();
      const res = await h.app.inject({
        method: "POST", url: "/api/reports", headers: { ...h.s.a.monitor.headers, "idempotency-key": newKey() },
        payload: reportBody({ attachments: [], occurred: { from: "2026-11-20T14:30:00Z", to: "2026-11-19T08:00:00Z", precision: "day" } }),
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.match(JSON.stringify(res.json().error.details), /occurred\/to|occurred\.to/);
      assert.deepEqual(await new ReportRepository(h.tocsin.store.db).counts(), before);
      const same = await h.app.inject({
        method: "POST", url: "/api/reports", headers: { ...h.s.a.monitor.headers, "idempotency-key": newKey() },
        payload: reportBody({ attachments: [], occurred: { from: "2026-11-20T14:30:00Z", to: "2026-11-20T14:30:00Z", precision: "hour" } }),
      });
      assert.equal(same.statusCode, 201, same.body);
    });

    test("a published report can be unpublished by an analyst: gone from the public list, audited with the reason", async () => {
      const created = await h.app.inject({ method: "POST", url: "/api/reports", headers: { ...h.s.a.monitor.headers, "idempotency-key": newKey() }, payload: reportBody({ attachments: [] }) });
      const id = created.json().id as string;
      // Four eyes: one analyst takes it under review, a second verifies.
      for (const [who, to] of [["analyst", "under_review"], ["analyst2", "verified"]] as const) {
        const r = await h.app.inject({ method: "POST", url: `/api/reports/${id}/review`, headers: h.s.a[who].headers, payload: { to, reason: "checked with two sources" } });
        assert.equal(r.statusCode, 200, `${who} ${to}: ${r.body}`);
      }
      const pub = await h.app.inject({ method: "POST", url: `/api/reports/${id}/publish`, headers: h.s.a.analyst.headers, payload: { blurMeters: 5000 } });
      assert.equal(pub.statusCode, 200, pub.body);
      const listed = async () => ((await h.app.inject({ url: "/api/public/reports" })).json().reports as { id: string }[]).some((r) => r.id === id);
      assert.equal(await listed(), true);

      for (const role of ["admin", "viewer", "monitor"] as const) {
        const denied = await h.app.inject({ method: "POST", url: `/api/reports/${id}/unpublish`, headers: h.s.a[role].headers, payload: { reason: "no" } });
        assert.ok([403, 404].includes(denied.statusCode), `${role}: ${denied.statusCode}`);
      }
      const other = await h.app.inject({ method: "POST", url: `/api/reports/${id}/unpublish`, headers: h.s.b.analyst.headers, payload: { reason: "no" } });
      assert.equal(other.statusCode, 404);
      assert.equal(await listed(), true);

      const res = await h.app.inject({ method: "POST", url: `/api/reports/${id}/unpublish`, headers: h.s.a.analyst.headers, payload: { reason: "a witness asked us to withdraw it" } });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().published, false);
      assert.equal(await listed(), false);
      const again = await h.app.inject({ method: "POST", url: `/api/reports/${id}/unpublish`, headers: h.s.a.analyst.headers, payload: { reason: "again" } });
      assert.equal(again.statusCode, 409);
      const audit = await h.app.inject({ url: "/api/audit", headers: h.s.a.analyst.headers });
      assert.ok((audit.json().entries as { action: string; entityId: string }[]).some((e) => e.action === "report.unpublished" && e.entityId === id));
    });
  });
}
