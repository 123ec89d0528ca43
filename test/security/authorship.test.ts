/**
 * Admins cannot tell who reported (issue 14 point 3). `submittedBy` on reports and the audit log's
 * actor for report actions are visible to analysts (and to the author) only. Granting a role that
 * reads identities takes effect only once a second person who already holds that permission
 * approves (the first is approved by the instance operator, `tocsin users approve-role`); audited.
 * Today's hole: an admin reads `submittedBy`, maps it to a person via /api/users, and can create an
 * analyst account to read every reporter's identity.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { availableEngines } from "../../src/infra/store/testing.ts";
import { newKey, openHarness, REPORTER, reportBody, SECRET_STRINGS, signIn, type Harness } from "./harness.ts";

for (const engine of availableEngines()) {
  describe(`authorship and identity grants on ${engine}`, () => {
    let h: Harness;
    let reportId: string;
    before(async () => {
      h = await openHarness(engine);
      const r = await h.app.inject({ method: "POST", url: "/api/reports", headers: { ...h.s.a.monitor.headers, "idempotency-key": newKey() }, payload: reportBody({ attachments: [] }) });
      assert.equal(r.statusCode, 201, r.body);
      reportId = r.json().id;
    });
    after(async () => {
      await h?.close();
    });

    test("submittedBy: null for admins and viewers, the author's id for analysts and the author", async () => {
      for (const role of ["admin", "viewer"] as const) {
        const one = await h.app.inject({ url: `/api/reports/${reportId}`, headers: h.s.a[role].headers });
        assert.equal(one.statusCode, 200);
        assert.equal(one.json().submittedBy, null, `${role} reads submittedBy`);
        assert.ok(!one.body.includes(h.s.a.monitor.userId), `${role} finds the author's id in the report`);
        const list = await h.app.inject({ url: "/api/reports", headers: h.s.a[role].headers });
        assert.ok(!list.body.includes(h.s.a.monitor.userId), `${role} finds the author's id in the list`);
      }
      assert.equal((await h.app.inject({ url: `/api/reports/${reportId}`, headers: h.s.a.analyst.headers })).json().submittedBy, h.s.a.monitor.userId);
      assert.equal((await h.app.inject({ url: `/api/reports/${reportId}`, headers: h.s.a.monitor.headers })).json().submittedBy, h.s.a.monitor.userId);
    });

    test("the audit log hides the actor of report actions from admins; analysts see it", async () => {
      const admin = await h.app.inject({ url: "/api/audit", headers: h.s.a.admin.headers });
      assert.equal(admin.statusCode, 200);
      const submitted = (admin.json().entries as { action: string; entityId: string; actor: string }[]).find((e) => e.action === "report.submitted" && e.entityId === reportId);
      assert.ok(submitted);
      assert.equal(submitted.actor, "hidden");
      // Users exist for admins (they manage them); what must not appear is the link report → author.
      for (const e of admin.json().entries as { entity: string; actor: string }[]) if (e.entity === "report") assert.notEqual(e.actor, `user:${h.s.a.monitor.userId}`);
      const analyst = await h.app.inject({ url: "/api/audit", headers: h.s.a.analyst.headers });
      const seen = (analyst.json().entries as { action: string; entityId: string; actor: string }[]).find((e) => e.action === "report.submitted" && e.entityId === reportId);
      assert.equal(seen?.actor, `user:${h.s.a.monitor.userId}`);
    });

    test("an analyst created by an admin reads no identity until a second analyst approves; self- and admin-approval refused; audited", async () => {
      const created = await h.app.inject({ method: "POST", url: "/api/users", headers: h.s.a.admin.headers, payload: { email: "new-analyst@a.test", displayName: "New analyst", role: "analyst", password: "a long enough password" } });
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json().user.id as string;
      const fresh = await signIn(h.app, "new-analyst@a.test", "a long enough password");
      const before = await h.app.inject({ url: `/api/reports/${reportId}`, headers: fresh.headers });
      assert.equal(before.statusCode, 200, "the role works otherwise");
      for (const s of SECRET_STRINGS) assert.ok(!before.body.includes(s), `an unapproved analyst reads "${s}"`);
      assert.equal(before.json().location.exact, false);
      assert.equal(before.json().submittedBy, null);

      const self = await h.app.inject({ method: "POST", url: `/api/users/${id}/approve-role`, headers: fresh.headers });
      assert.equal(self.statusCode, 403, self.body);
      const byAdmin = await h.app.inject({ method: "POST", url: `/api/users/${id}/approve-role`, headers: h.s.a.admin.headers });
      assert.equal(byAdmin.statusCode, 403, byAdmin.body);
      const otherOrg = await h.app.inject({ method: "POST", url: `/api/users/${id}/approve-role`, headers: h.s.b.analyst.headers });
      assert.equal(otherOrg.statusCode, 404, otherOrg.body);
      const still = await h.app.inject({ url: `/api/reports/${reportId}`, headers: fresh.headers });
      assert.ok(!still.body.includes(REPORTER.name));

      const approved = await h.app.inject({ method: "POST", url: `/api/users/${id}/approve-role`, headers: h.s.a.analyst.headers });
      assert.equal(approved.statusCode, 200, approved.body);
      const after = await h.app.inject({ url: `/api/reports/${reportId}`, headers: fresh.headers });
      assert.equal(after.json().reporter.name, REPORTER.name);
      assert.equal(after.json().location.exact, true);
      const twice = await h.app.inject({ method: "POST", url: `/api/users/${id}/approve-role`, headers: h.s.a.analyst2.headers });
      assert.equal(twice.statusCode, 400);

      const audit = await h.app.inject({ url: "/api/audit", headers: h.s.a.analyst.headers });
      const entry = (audit.json().entries as { action: string; entityId: string; actor: string }[]).find((e) => e.action === "user.identity-approved" && e.entityId === id);
      assert.equal(entry?.actor, `user:${h.s.a.analyst.userId}`);
    });
  });
}
