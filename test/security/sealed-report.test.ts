/**
 * Issue 14 point 14, server side: reports sealed in the browser's offline queue are opened only
 * by the server (`POST /api/reports/sealed`), under the Idempotency-Key they were sealed for; bad
 * or altered sealed bodies are a 400, never a 500.
 */
import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { sealReport, type QueuePublicKey } from "../../web/src/lib/sealed-report.ts";
import { newKey, openHarness, REPORTER, reportBody, type Harness } from "./harness.ts";
import { availableEngines } from "../../src/infra/store/testing.ts";

for (const engine of availableEngines()) describe(`sealed reports from the offline queue on ${engine}`, () => {
  let h: Harness;
  before(async () => {
    h = await openHarness(engine);
  });
  after(async () => h?.close());

  test("sealed with the published key: accepted once, replay-safe, bound to its Idempotency-Key; altered or foreign is a 400", async () => {
    const pk = await h.app.inject({ url: "/api/reports/queue-key" });
    assert.equal(pk.statusCode, 200);
    const server = pk.json() as QueuePublicKey;
    const subtle = webcrypto.subtle as unknown as SubtleCrypto;
    const key = newKey();
    const sealed = await sealReport(reportBody(), key, server, subtle);
    assert.ok(!JSON.stringify(sealed).includes(REPORTER.name));
    const post = (k: string, body: Record<string, unknown>) => h.app.inject({ method: "POST", url: "/api/reports/sealed", headers: { ...h.s.a.monitor.headers, "idempotency-key": k }, payload: body });
    const first = await post(key, { sealed });
    assert.equal(first.statusCode, 201, first.body);
    const again = await post(key, { sealed });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().id, first.json().id);
    // The identity was opened on the server and stored encrypted like any report: analysts read it.
    const full = (await h.app.inject({ url: `/api/reports/${first.json().id}`, headers: h.s.a.analyst.headers })).json();
    assert.equal(full.reporter.name, REPORTER.name);

    assert.equal((await post(newKey(), { sealed })).statusCode, 400, "another Idempotency-Key cannot reuse the sealed body");
    const ct = Buffer.from(sealed.ct, "base64");
    ct[5] ^= 1;
    assert.equal((await post(newKey(), { sealed: { ...sealed, ct: ct.toString("base64") } })).statusCode, 400);
    assert.equal((await post(newKey(), { sealed: { ...sealed, kid: "0".repeat(16) } })).statusCode, 400);
    assert.equal((await post(newKey(), { sealed: { ...sealed, epk: "AAAA" } })).statusCode, 400);
    const bad = await sealReport({ ...reportBody(), description: 42 }, "k-00000001", server, subtle);
    const r = await post("k-00000001", { sealed: bad });
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /description/);
    const anon = await h.app.inject({ method: "POST", url: "/api/reports/sealed", headers: { "idempotency-key": newKey() }, payload: { sealed } });
    assert.equal(anon.statusCode, 401, anon.body);
  });
});
