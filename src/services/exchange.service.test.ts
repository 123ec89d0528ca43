/**
 * Two Tocsin instances in one run (two stores, two key files): A exports an alert, a reviewed
 * assessment and a verified report, redacted by rule and signed; B imports it after registering A's key with a confirmed
 * fingerprint. Tampered, replayed and unknown-signer bundles are refused and write nothing.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { EXCHANGE_FORMAT, exchangedReport } from "../domain/exchange/exchange-bundle.ts";
import { PROTECTED_FIELDS, schemaPaths, SHARED_SCHEMAS } from "../domain/sharing/shared-item.ts";
import { loadInstanceKey, type InstanceKey } from "../infra/secrets/instance-key.ts";
import type { Store } from "../infra/store/database.ts";
import { availableEngines, openTestStore } from "../infra/store/testing.ts";
import { alerts, assessments, assessmentVersions, reports } from "../infra/store/schema/mod.ts";
import { EXACT, newKey, openHarness, REPORTER, reportBody, SECRET_STRINGS, type Harness } from "../../test/security/harness.ts";
import { verifyAudit } from "./audit.service.ts";
import { bootstrapAdmin } from "./auth.service.ts";
import { addPartner, ExchangeRefusedError, exportExchange, importExchange, listReceived } from "./exchange.service.ts";

/** Every key path of a JSON value, `factors[].name` style as `schemaPaths`. */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => keyPaths(v, `${prefix}[]`));
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const p = prefix ? `${prefix}.${k}` : k;
    return [p, ...keyPaths(v, p)];
  });
}

const count = async (store: Store, table: string) => {
  const r = await store.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
  return ((Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { n: number }[])[0].n;
};

for (const engine of availableEngines()) describe(`signed exchange between two instances on ${engine}`, () => {
  let a: Harness;
  let b: Store;
  let dir: string;
  let keyA: InstanceKey;
  let keyB: InstanceKey;
  let orgB: string;
  let alertId: string;
  let reportId: string;
  let assessmentVersionId: string;
  let draftVersionId: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "tocsin-exchange-"));
    a = await openHarness(engine);
    b = await openTestStore(engine);
    keyA = loadInstanceKey(join(dir, "a-keys.json"));
    keyB = loadInstanceKey(join(dir, "b-keys.json"));
    orgB = (await bootstrapAdmin(b, { organisationName: "Partner NGO", email: "root@b.test", displayName: "Root", password: "correct horse battery staple" })).organisationId;
    alertId = randomUUID();
    await a.tocsin.store.db.insert(alerts).values({
      id: alertId, countryIso3: "MMR", situation: "", level: "warning", previousLevel: "watch", computedLevel: "warning", explanation: "Killings in Rakhine rising",
      signals: [{ kind: "report", note: "internal signal" }], override: { by: "user:secret-analyst", reason: "INTERNAL-NOTE do not share" }, current: true, basis: {}, createdAt: new Date(),
    });
    const res = await a.app.inject({ method: "POST", url: "/api/reports", headers: { ...a.s.a.monitor.headers, "idempotency-key": newKey() }, payload: reportBody() });
    reportId = res.json().id;
    await a.app.inject({ method: "POST", url: `/api/reports/${reportId}/review`, headers: a.s.a.analyst.headers, payload: { to: "under_review" } });
    const v = await a.app.inject({ method: "POST", url: `/api/reports/${reportId}/review`, headers: a.s.a.analyst2.headers, payload: { to: "verified", reason: "INTERNAL-NOTE corroborated by our contact" } });
    assert.equal(v.json().status, "verified", v.body);
    // A reviewed assessment version (and a draft) with every protected field filled.
    const orgA = a.s.a.analyst.organisationId;
    const assessmentId = randomUUID();
    assessmentVersionId = randomUUID();
    draftVersionId = randomUUID();
    const now = new Date();
    await a.tocsin.store.db.insert(assessments).values({ id: assessmentId, organisationId: orgA, countryIso3: "MMR", situation: null, title: "MMR Q4", frameworkKey: "un-2014", frameworkVersion: 1, createdBy: a.s.a.analyst.userId, createdAt: now });
    const version = (id: string, n: number, status: "reviewed" | "draft") => ({
      id, organisationId: orgA, assessmentId, version: n, status, authorId: a.s.a.analyst.userId, reviewerId: status === "reviewed" ? a.s.a.analyst2.userId : null, reviewNote: status === "reviewed" ? "INTERNAL-NOTE reviewer doubts rf1" : null,
      assessedOn: "2026-12-01", content: { assessedOn: "2026-12-01", summary: "Risk factors present across Rakhine.", answers: { "rf1.1": { answer: "present", confidence: "high", rationale: "INTERNAL-NOTE from our contact in Sittwe", evidence: ["https://internal.example/INTERNAL-NOTE"] } } } as never,
      synthesis: { framework: { key: "un-2014", version: 1 }, score: 0.8, level: "very_high", coverage: 0.6, sufficient: true, rule: "mean of factors", factors: [{ factorId: "rf1", name: "Armed conflict", score: 0.8, level: "very_high", indicators: 3, known: 2, unknown: 1, coverage: 0.66, counts: { absent: 0, present: 2, strongly_present: 0, unknown: 1, unanswered: 0 } }] } as never,
      createdAt: now, updatedAt: now, submittedAt: status === "reviewed" ? now : null, reviewedAt: status === "reviewed" ? now : null, publishedAt: null,
    });
    await a.tocsin.store.db.insert(assessmentVersions).values([version(assessmentVersionId, 1, "reviewed"), version(draftVersionId, 2, "draft")]);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const fromA = () => ({ organisationId: a.s.a.analyst.organisationId, actor: `user:${a.s.a.analyst.userId}` });
  const toB = () => ({ organisationId: orgB, actor: "cli" });

  test("an alert, a redacted assessment and a redacted report travel from A to B; a changed byte, a replay and an unknown signer are refused", async () => {
    const { text, bundle } = await exportExchange(a.tocsin.store, fromA(), keyA, { partner: "Partner NGO", alertIds: [alertId], assessmentIds: [assessmentVersionId], reportIds: [reportId] });
    assert.equal(bundle.items.length, 3);
    // Redaction by rule: nothing protected leaves (checked on the whole text, and field by field).
    for (const s of [...SECRET_STRINGS, REPORTER.name, "INTERNAL-NOTE", "secret-analyst", "internal signal", a.s.a.monitor.userId, a.s.a.analyst2.userId]) assert.ok(!text.includes(s), `${s} left the instance`);
    const report = bundle.items.find((i) => i.kind === "report")!.data as Record<string, unknown>;
    assert.deepEqual(Object.keys(report).sort(), Object.keys(exchangedReport.shape).sort());
    const reportColumns = Object.keys(reports);
    for (const protectedColumn of ["submittedBy", "reporterSecret", "locationSecret", "lat", "lon", "sources", "firstReviewerId", "idempotencyKey", "requestHash"]) {
      assert.ok(reportColumns.includes(protectedColumn), `${protectedColumn} is a column`);
      assert.ok(!(protectedColumn in report), `${protectedColumn} left`);
    }
    const loc = report.location as { lat: number; lon: number; precisionMeters: number };
    assert.ok(loc.precisionMeters >= 1000 && (loc.lat !== EXACT.lat || loc.lon !== EXACT.lon));
    // The assessment is the sharing rule's shape plus its version id, field by field.
    const assessment = bundle.items.find((i) => i.kind === "assessment")!.data as Record<string, unknown>;
    const allowed = new Set(["id", ...schemaPaths(SHARED_SCHEMAS.assessment)]);
    assert.deepEqual(new Set(keyPaths(assessment)), allowed, "every field of the shared assessment schema, and nothing else");
    const protectedLower = new Set(PROTECTED_FIELDS.map((f) => f.toLowerCase()));
    for (const p of keyPaths(assessment)) assert.equal(protectedLower.has(p.split(".").at(-1)!.replace("[]", "").toLowerCase()), false, p);
    const versionColumns = Object.keys(assessmentVersions);
    for (const protectedColumn of ["authorId", "reviewerId", "reviewNote", "content"]) {
      assert.ok(versionColumns.includes(protectedColumn), `${protectedColumn} is a column`);
      assert.ok(!(protectedColumn in assessment), `${protectedColumn} left`);
    }
    assert.equal(assessment.id, assessmentVersionId);
    assert.equal(assessment.summary, "Risk factors present across Rakhine.");

    // Unknown signer: B has not registered A yet.
    await assert.rejects(importExchange(b, toB(), text), (e: unknown) => e instanceof ExchangeRefusedError && e.code === "unknown_signer");
    // A wrong fingerprint confirmation is refused; the right one registers A.
    await assert.rejects(addPartner(b, { name: "Instance A", publicKeyPem: keyA.publicKeyPem, confirmFingerprint: keyB.fingerprint, by: "cli" }), /does not match/);
    await addPartner(b, { name: "Instance A", publicKeyPem: keyA.publicKeyPem, confirmFingerprint: keyA.fingerprint.replace(/:/g, " ").toUpperCase(), by: "cli" });

    // Every single changed byte in the signed content is refused, nothing written.
    const before = { items: await count(b, "exchange_items"), receipts: await count(b, "exchange_receipts") };
    const start = text.indexOf("Killings");
    for (const at of [start, text.indexOf(reportId) + 3, text.indexOf("Risk factors") + 2, text.indexOf(assessmentVersionId) + 5, text.indexOf('"signature": "') + 20, 5]) {
      const bytes = Buffer.from(text);
      bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
      await assert.rejects(importExchange(b, toB(), bytes.toString("latin1")), (e: unknown) => e instanceof ExchangeRefusedError && ["bad_signature", "malformed"].includes(e.code), `byte ${at}`);
    }
    assert.deepEqual({ items: await count(b, "exchange_items"), receipts: await count(b, "exchange_receipts") }, before, "nothing written");

    // The genuine bundle imports once.
    const ok = await importExchange(b, toB(), text);
    assert.deepEqual(ok, { partner: "Instance A", bundleId: bundle.bundleId, items: 3 });
    const received = await listReceived(b, orgB);
    assert.deepEqual(received.map((r) => r.kind).sort(), ["alert", "assessment", "report"]);
    assert.equal((received.find((r) => r.kind === "report")!.payload as { id: string }).id, reportId);
    const arrived = received.find((r) => r.kind === "assessment")!;
    assert.equal(arrived.sourceId, assessmentVersionId);
    assert.deepEqual(arrived.payload, assessment, "the assessment arrives as it left");
    assert.equal(JSON.stringify(received).includes("INTERNAL-NOTE"), false);
    // Replayed: refused, nothing more written.
    await assert.rejects(importExchange(b, toB(), text), (e: unknown) => e instanceof ExchangeRefusedError && e.code === "replayed");
    assert.equal(await count(b, "exchange_items"), 3);

    // Correctly signed by A, but an assessment carrying a field outside the shared schema (a
    // review note): refused as invalid content, nothing written.
    const leaky = JSON.stringify({ ...JSON.parse(JSON.parse(text).bundle), bundleId: randomUUID(), nonce: "ab".repeat(32), items: [{ kind: "assessment", data: { ...assessment, reviewNote: "INTERNAL-NOTE" } }] });
    await assert.rejects(importExchange(b, toB(), JSON.stringify({ bundle: leaky, signature: keyA.sign(Buffer.from(leaky, "utf8")) })), (e: unknown) => e instanceof ExchangeRefusedError && e.code === "invalid_content" && /reviewNote/.test(e.message));
    const nested = JSON.stringify({ format: EXCHANGE_FORMAT, ...JSON.parse(leaky), items: [{ kind: "assessment", data: { ...assessment, factors: [{ ...(assessment.factors as object[])[0], notes: "INTERNAL-NOTE" }] } }] });
    await assert.rejects(importExchange(b, toB(), JSON.stringify({ bundle: nested, signature: keyA.sign(Buffer.from(nested, "utf8")) })), (e: unknown) => e instanceof ExchangeRefusedError && e.code === "invalid_content");
    assert.deepEqual({ items: await count(b, "exchange_items"), receipts: await count(b, "exchange_receipts") }, { items: 3, receipts: 1 }, "nothing written on refusal");

    // B's own key signing something claiming to be A's: unknown signer.
    const forged = JSON.stringify({ bundle: JSON.parse(text).bundle.replace(bundle.bundleId, randomUUID()), signature: keyB.sign(Buffer.from("x")) });
    await assert.rejects(importExchange(b, toB(), forged), (e: unknown) => e instanceof ExchangeRefusedError && e.code === "unknown_signer");

    // Audited on both sides, and both chains still verify.
    const actions = async (s: Store): Promise<string[]> => {
      const r = await s.db.execute(sql`select action from audit_log`);
      return ((Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { action: string }[]).map((x) => x.action);
    };
    assert.ok((await actions(a.tocsin.store)).includes("exchange.exported"));
    const bActions = await actions(b);
    for (const act of ["partner.added", "exchange.imported", "exchange.refused"]) assert.ok(bActions.includes(act), act);
    assert.equal((await verifyAudit(b)).ok, true, JSON.stringify((await verifyAudit(b)).firstBreak));
  });

  test("unverified reports and unreviewed assessments do not leave", async () => {
    await assert.rejects(exportExchange(a.tocsin.store, fromA(), keyA, { partner: "x", assessmentIds: [draftVersionId] }), /only reviewed or published assessments/);
    await assert.rejects(exportExchange(a.tocsin.store, fromA(), keyA, { partner: "x", assessmentIds: [randomUUID()] }), /not found|assessment version/i);
    const res = await a.app.inject({ method: "POST", url: "/api/reports", headers: { ...a.s.a.monitor.headers, "idempotency-key": newKey() }, payload: reportBody({ description: "unverified" }) });
    await assert.rejects(exportExchange(a.tocsin.store, fromA(), keyA, { partner: "x", reportIds: [res.json().id] }), /only verified reports/);
  });

  test("API: the public key is published; analysts export; a tampered bundle is a 422 naming the reason; monitors cannot export", async () => {
    const pk = await a.app.inject({ url: "/api/instance/public-key" });
    assert.equal(pk.statusCode, 200);
    const { publicKeyPem, fingerprint } = pk.json() as { publicKeyPem: string; fingerprint: string };
    assert.match(publicKeyPem, /^-----BEGIN PUBLIC KEY-----/);
    const denied = await a.app.inject({ method: "POST", url: "/api/exchange/export", headers: a.s.a.monitor.headers, payload: { partner: "B", alertIds: [alertId] } });
    assert.equal(denied.statusCode, 403);
    const bad = await a.app.inject({ method: "POST", url: "/api/exchange/export", headers: a.s.a.analyst.headers, payload: { partner: "B", alertIds: ["not-a-uuid"] } });
    assert.equal(bad.statusCode, 400);
    const exp = await a.app.inject({ method: "POST", url: "/api/exchange/export", headers: a.s.a.analyst.headers, payload: { partner: "B", alertIds: [alertId], assessmentIds: [assessmentVersionId], reportIds: [reportId] } });
    assert.equal(exp.statusCode, 200, exp.body);
    assert.equal(exp.json().items, 3);
    const badAssessment = await a.app.inject({ method: "POST", url: "/api/exchange/export", headers: a.s.a.analyst.headers, payload: { partner: "B", assessmentIds: ["nope"] } });
    assert.equal(badAssessment.statusCode, 400);
    assert.match(badAssessment.body, /assessmentIds/);
    const signed = exp.json().signed as string;
    assert.ok(!signed.includes(REPORTER.name));
    // B registers A's key as published at the endpoint (fingerprint confirmed) and imports it.
    await addPartner(b, { name: "Instance A (API)", publicKeyPem, confirmFingerprint: fingerprint, by: "cli" }).catch((e: Error) => assert.match(e.message, /registered/));
    assert.equal((await importExchange(b, toB(), signed)).items, 3);
    // A importing its own bundle: A has no partner registered, so unknown signer, 422.
    const tampered = signed.replace("Killings", "Nothing!");
    const r = await a.app.inject({ method: "POST", url: "/api/exchange/import", headers: a.s.a.analyst.headers, payload: { signed: tampered } });
    assert.equal(r.statusCode, 422, r.body);
    assert.match(r.json().error.code, /unknown_signer|bad_signature/);

    // The partners page's data: partner instances with who confirmed them, and received bundles with counts.
    await addPartner(a.tocsin.store, { name: "Instance A itself", publicKeyPem, confirmFingerprint: fingerprint, by: "operator:Jane Operator" });
    const imp = await a.app.inject({ method: "POST", url: "/api/exchange/import", headers: a.s.b.analyst.headers, payload: { signed } });
    assert.equal(imp.statusCode, 201, imp.body);
    const listed = await a.app.inject({ url: "/api/partner-instances", headers: a.s.b.analyst.headers });
    assert.equal(listed.statusCode, 200, listed.body);
    const [p] = listed.json().partners as { name: string; fingerprint: string; confirmedBy: string; confirmedAt: string }[];
    assert.deepEqual([p.name, p.fingerprint, p.confirmedBy], ["Instance A itself", fingerprint, "Jane Operator (operator, command line)"]);
    assert.ok(Date.parse(p.confirmedAt) > 0);
    assert.equal((await a.app.inject({ url: "/api/partner-instances", headers: a.s.b.viewer.headers })).statusCode, 403);
    const bundles = await a.app.inject({ url: "/api/exchange/bundles", headers: a.s.b.analyst.headers });
    assert.equal(bundles.statusCode, 200, bundles.body);
    const [got] = bundles.json().bundles as { bundleId: string; partner: string; fromOrganisation: string; importedAt: string; items: Record<string, number> }[];
    assert.deepEqual([got.bundleId, got.partner, got.fromOrganisation, got.items], [exp.json().bundleId, "Instance A itself", "Org A", { alert: 1, assessment: 1, report: 1 }]);
    assert.deepEqual((await a.app.inject({ url: "/api/exchange/bundles", headers: a.s.a.analyst.headers })).json().bundles, [], "another organisation's receipts stay its own");
    assert.equal((await a.app.inject({ url: "/api/exchange/bundles", headers: a.s.b.monitor.headers })).statusCode, 403);
  });
});
