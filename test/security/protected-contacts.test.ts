/**
 * Witnesses, sources and subscribers are protected like reporters (issue 14 points 6 and 12).
 * Today's holes: a viewer read "Witness U Tun Tun, phone +95 9 777" in a report's sources, and
 * every monitor read the organisation's webhook URLs (for Slack-style hooks the URL is the secret)
 * and e-mail addresses. Now source details, webhook URLs and addresses are keyring envelopes in
 * the database, source details are shown to readers of identities only, and contacts to their
 * owner and admins only. Rows stored in clear by an earlier version are sealed at start.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { availableEngines } from "../../src/infra/store/testing.ts";
import { reports, subscriptions } from "../../src/infra/store/schema/mod.ts";
import { verifyAudit } from "../../src/services/audit.service.ts";
import { sealClearFields } from "../../src/services/report-keys.service.ts";
import { newKey, openHarness, reportBody, type Harness } from "./harness.ts";

const WITNESS = "Witness U Tun Tun, phone +95 9 777 1234";
const SOURCE_URL = "https://example.org/private-channel/8841";
const HOOK = "https://hooks.example.com/services/T000/B000/XXXXSECRETXXXX";
const ADDRESS = "duty-officer@partner.test";
const SOURCES = [{ kind: "witness", description: WITNESS }, { kind: "media", url: SOURCE_URL }, { kind: "document" }];

for (const engine of availableEngines()) {
  describe(`witness, source and subscriber details protected on ${engine}`, () => {
    let h: Harness;
    let reportId: string;
    before(async () => {
      h = await openHarness(engine);
      const r = await h.app.inject({ method: "POST", url: "/api/reports", headers: { ...h.s.a.monitor.headers, "idempotency-key": newKey() }, payload: reportBody({ attachments: [], sources: SOURCES }) });
      assert.equal(r.statusCode, 201, r.body);
      reportId = r.json().id;
    });
    after(async () => {
      await h?.close();
    });

    const secretsIn = (text: string) => [WITNESS, "Tun Tun", "777 1234", SOURCE_URL, "private-channel", HOOK, "XXXXSECRET", ADDRESS].filter((s) => text.includes(s));

    test("source details are encrypted at rest: the row holds kinds and an envelope", async () => {
      const [row] = await h.tocsin.store.db.select().from(reports).where(eq(reports.id, reportId));
      assert.deepEqual(secretsIn(JSON.stringify(row)), [], "source details in clear in the database");
      assert.deepEqual(row.sources, [{ kind: "witness" }, { kind: "media" }, { kind: "document" }]);
      assert.match(row.sourcesSecret ?? "", /^v1\./);
    });

    test("viewers, admins, monitors and unapproved roles see the kinds only; approved analysts see the details", async () => {
      for (const role of ["viewer", "admin", "monitor"] as const) {
        for (const url of [`/api/reports/${reportId}`, "/api/reports"]) {
          const res = await h.app.inject({ url, headers: h.s.a[role].headers });
          assert.equal(res.statusCode, 200, `${role} ${url}`);
          assert.deepEqual(secretsIn(res.body), [], `${role} reads source details at ${url}`);
        }
      }
      const one = await h.app.inject({ url: `/api/reports/${reportId}`, headers: h.s.a.viewer.headers });
      assert.deepEqual(one.json().sources, [{ kind: "witness" }, { kind: "media" }, { kind: "document" }]);
      const analyst = await h.app.inject({ url: `/api/reports/${reportId}`, headers: h.s.a.analyst.headers });
      assert.deepEqual(analyst.json().sources, SOURCES);
      const other = await h.app.inject({ url: `/api/reports/${reportId}`, headers: h.s.b.analyst.headers });
      assert.deepEqual(secretsIn(other.body), [], "another organisation's analyst");
    });

    test("webhook URLs and e-mail addresses are envelopes at rest, shown to the owner and admins only", async () => {
      const created = await h.app.inject({
        method: "POST", url: "/api/subscriptions", headers: h.s.a.analyst.headers,
        payload: { scope: "organisation", countries: ["MMR"], minLevel: "watch", webhook: { url: HOOK }, email: ADDRESS },
      });
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json().subscription.id as string;
      assert.equal(created.json().subscription.webhook.url, HOOK, "the creator sees what they entered");
      const [row] = await h.tocsin.store.db.select().from(subscriptions).where(eq(subscriptions.id, id));
      assert.deepEqual(secretsIn(JSON.stringify(row)), [], "contacts in clear in the database");
      for (const role of ["monitor", "viewer", "analyst2"] as const) {
        const list = await h.app.inject({ url: "/api/subscriptions", headers: h.s.a[role].headers });
        assert.equal(list.statusCode, 200, `${role}: ${list.body}`);
        assert.deepEqual(secretsIn(list.body), [], `${role} reads the organisation's contacts`);
        const seen = (list.json().subscriptions as { id: string; contactsHidden: boolean; webhook: { url: string | null } | null; email: string | null }[]).find((s) => s.id === id);
        assert.ok(seen, `${role} sees that the subscription exists`);
        assert.deepEqual([seen.contactsHidden, seen.webhook, seen.email], [true, { url: null }, null]);
      }
      for (const role of ["admin", "analyst"] as const) {
        const list = await h.app.inject({ url: "/api/subscriptions", headers: h.s.a[role].headers });
        const seen = (list.json().subscriptions as { id: string; contactsHidden: boolean; webhook: { url: string } | null; email: string | null }[]).find((s) => s.id === id)!;
        assert.deepEqual([seen.contactsHidden, seen.webhook?.url, seen.email], [false, HOOK, ADDRESS], role);
      }
      assert.deepEqual(secretsIn(h.logs()), [], "contacts or source details in the log");
    });

    test("a removed subscription keeps no contact", async () => {
      const created = await h.app.inject({ method: "POST", url: "/api/subscriptions", headers: h.s.a.monitor.headers, payload: { scope: "user", countries: [], minLevel: "watch", email: "leaving@partner.test" } });
      const id = created.json().subscription.id as string;
      assert.equal((await h.app.inject({ method: "DELETE", url: `/api/subscriptions/${id}`, headers: h.s.a.monitor.headers })).statusCode, 204);
      const [row] = await h.tocsin.store.db.select().from(subscriptions).where(eq(subscriptions.id, id));
      assert.deepEqual([row.email, row.webhookUrl, row.webhookSecret], [null, null, null]);
    });

    test("values stored in clear by an earlier version are sealed at start; the audit stays valid", async () => {
      // What an upgrade finds: details in clear, as the previous version wrote them.
      const store = h.tocsin.store;
      await store.db.execute(sql`update reports set sources = ${JSON.stringify(SOURCES)}::jsonb, sources_secret = null where id = ${reportId}`);
      const [sub] = await store.db.select().from(subscriptions).where(sql`deleted_at is null`).limit(1);
      await store.db.execute(sql`update subscriptions set webhook_url = ${HOOK}, email = ${ADDRESS} where id = ${sub.id}`);
      const sealed = await sealClearFields(store, h.protection.keyring);
      assert.deepEqual(sealed, { rows: 2, fields: 3 });
      const [r] = await store.db.select().from(reports).where(eq(reports.id, reportId));
      const [s] = await store.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id));
      assert.deepEqual(secretsIn(JSON.stringify([r, s])), []);
      assert.deepEqual((await h.app.inject({ url: `/api/reports/${reportId}`, headers: h.s.a.analyst.headers })).json().sources, SOURCES, "still readable");
      assert.deepEqual(await sealClearFields(store, h.protection.keyring), { rows: 0, fields: 0 }, "nothing left the second time");
      const audit = await verifyAudit(store, { blobs: h.protection.blobs });
      assert.equal(audit.ok, true, JSON.stringify(audit.firstBreak));
    });
  });
}
