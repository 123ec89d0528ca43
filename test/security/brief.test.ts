/**
 * Situation briefs and protected reports: a brief lists a verified, published incident with its
 * blurred place and never the reporter, the exact point or an unpublished report, whoever asks;
 * an organisation's response actions reach only its own members; input is validated.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { alerts } from "../../src/infra/store/schema/mod.ts";
import { availableEngines } from "../../src/infra/store/testing.ts";
import { newKey, openHarness, reportBody, SECRET_STRINGS, type Harness } from "./harness.ts";

for (const engine of availableEngines()) {
  describe(`situation briefs and protected data on ${engine}`, () => {
    let h: Harness;
    before(async () => {
      h = await openHarness(engine);
      const submit = async (description: string) => {
        const res = await h.app.inject({ method: "POST", url: "/api/reports", headers: { ...h.s.a.monitor.headers, "idempotency-key": newKey() }, payload: reportBody({ description, attachments: [] }) });
        assert.equal(res.statusCode, 201, res.body);
        return res.json().id as string;
      };
      const published = await submit("Published: houses burned at dawn.");
      await submit("Unpublished: a second account not yet verified.");
      const review = (who: "analyst" | "analyst2", body: object) => h.app.inject({ method: "POST", url: `/api/reports/${published}/review`, headers: h.s.a[who].headers, payload: body });
      assert.equal((await review("analyst", { to: "under_review" })).statusCode, 200);
      assert.equal((await review("analyst2", { to: "verified", reason: "two independent witnesses" })).statusCode, 200);
      const pub = await h.app.inject({ method: "POST", url: `/api/reports/${published}/publish`, headers: h.s.a.analyst.headers, payload: { blurMeters: 5000 } });
      assert.equal(pub.statusCode, 200, pub.body);
    });
    after(async () => {
      await h?.close();
    });

    test("an organisation's response actions appear only in its own members' briefs", async () => {
      const alertId = randomUUID();
      await h.tocsin.store.db.insert(alerts).values({
        id: alertId, countryIso3: "SDN", situation: "", level: "emergency", previousLevel: "warning", computedLevel: "emergency", explanation: "test alert",
        signals: [{ kind: "escalation" }], current: true, basis: {}, createdAt: new Date(Date.now() - 5 * 86_400_000),
      });
      const secret = "Org A confidential demarche to the capital";
      const a = await h.app.inject({ method: "POST", url: `/api/alerts/${alertId}/actions`, headers: h.s.a.analyst.headers, payload: { description: secret } });
      assert.equal(a.statusCode, 201, a.body);
      const brief = (headers: Record<string, string>) => h.app.inject({ url: "/api/countries/SDN/brief?format=html", headers });
      const own = await brief(h.s.a.viewer.headers);
      assert.match(own.body, new RegExp(secret), "own member sees the action");
      assert.match(own.body, /organisation data/);
      const anonymous = await brief({});
      assert.ok(!anonymous.body.includes(secret), "anonymous sees org A's action");
      assert.match(anonymous.body, /Public brief/);
      // Org B's analyst gets org B's (empty) response record, never org A's.
      const other = await brief(h.s.b.analyst.headers);
      assert.ok(!other.body.includes(secret), "org B sees org A's action");
      assert.match(other.body, /No action recorded by your organisation/);
    });

    test("every caller gets the published incident, blurred, and nothing protected", async () => {
      for (const [who, headers] of [["anonymous", {}], ["org A viewer", h.s.a.viewer.headers], ["org B analyst", h.s.b.analyst.headers]] as const) {
        const res = await h.app.inject({ url: "/api/countries/MMR/brief?format=html", headers });
        assert.equal(res.statusCode, 200, `${who}: ${res.body.slice(0, 200)}`);
        assert.match(res.body, /Published: houses burned at dawn\./, who);
        assert.match(res.body, /Rakhine.*±5\.0 km/s, who);
        assert.ok(!res.body.includes("Unpublished"), `${who} sees an unpublished report`);
        for (const s of SECRET_STRINGS) assert.ok(!res.body.includes(s), `${who} sees "${s}"`);
        assert.match(String(res.headers["cache-control"]), /private/);
        assert.match(String(res.headers["content-security-policy"]), /frame-ancestors 'none'/);
      }
      assert.ok(!SECRET_STRINGS.some((s) => h.logs().includes(s)), "logs stay clean");
    });

    test("bad input is refused with 400, unknown countries with 404", async () => {
      for (const url of ["/api/countries/MM/brief", "/api/countries/M%3CR/brief", "/api/countries/MMR/brief?format=%3Cscript%3E", "/api/countries/MMR/brief?x=1"]) {
        assert.equal((await h.app.inject({ url, headers: { accept: "text/html" } })).statusCode, 400, url);
      }
      assert.equal((await h.app.inject({ url: "/api/countries/ZZZ/brief?format=html" })).statusCode, 404);
    });
  });
}
