/**
 * `verifyAudit` recomputes every audited row, assessments included: an analyst's assessment edited
 * around the application (draft content, or a published version with its trigger disabled) is
 * named as altered, not passed as intact.
 */
import assert from "node:assert/strict";
import { generateKeyPairSync, randomUUID, sign as cryptoSign } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { UN_FRAMEWORK_2014 } from "../domain/assessment/frameworks/mod.ts";
import { countryRegistry } from "../domain/country/registry.ts";
import { permissionsFor, type Actor } from "../domain/identity/permissions.ts";
import type { Store } from "../infra/store/database.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { availableEngines, openTestStore } from "../infra/store/testing.ts";
import { indicatorsOf } from "../domain/assessment/framework.ts";
import { createAssessment, publishAssessment, reviewAssessment, submitAssessment } from "./assessment.service.ts";
import { createAuditCheckpoint, recordAudit, userAuditRow, verifyAudit } from "./audit.service.ts";
import { syncCountries } from "./country.service.ts";
import { bootstrapAdmin, createApiToken, login, resolveSession } from "./auth.service.ts";
import { AuditRepository } from "../infra/store/audit.repository.ts";
import { entryHash, GENESIS_HASH } from "../domain/audit/chain.ts";
import { fingerprint } from "../domain/signing/signature.ts";

describe("audit verification of assessments", () => {
  let store: Store;
  let author: Extract<Actor, { kind: "user" }>;
  let reviewer: Extract<Actor, { kind: "user" }>;
  before(async () => {
    store = await openTestStore("pglite");
    const repo = new IdentityRepository(store.db);
    const organisationId = randomUUID();
    await repo.insertOrganisation({ id: organisationId, name: "Org", createdAt: new Date() });
    const u = await repo.insertUser({ id: randomUUID(), organisationId, email: "author@x.test", displayName: "author", role: "analyst", passwordHash: "x", createdAt: new Date() });
    await store.transaction((tx) => recordAudit(tx, { organisationId, actor: "cli", action: "user.created", entity: "user", entityId: u.id, row: userAuditRow(u), at: new Date() }));
    author = { kind: "user", userId: u.id, organisationId, role: "analyst", permissions: permissionsFor("analyst"), via: "session" };
    const r = await repo.insertUser({ id: randomUUID(), organisationId, email: "reviewer@x.test", displayName: "reviewer", role: "analyst", passwordHash: "x", createdAt: new Date() });
    await store.transaction((tx) => recordAudit(tx, { organisationId, actor: "cli", action: "user.created", entity: "user", entityId: r.id, row: userAuditRow(r), at: new Date() }));
    reviewer = { ...author, userId: r.id };
    await syncCountries(store.db, countryRegistry());
  });
  after(async () => store?.close());

  test("a full workflow (submitted, reviewed, published) verifies", async () => {
    const answers = Object.fromEntries(indicatorsOf(UN_FRAMEWORK_2014).map((i) => [i.id, { answer: "present" as const, confidence: "high" as const, rationale: `r ${i.id}`, evidence: [] }]));
    const a = await createAssessment({ store }, author, { countryIso3: "MMR", title: "Full", framework: { key: UN_FRAMEWORK_2014.key, version: 1 }, assessedOn: "2025-06-30", summary: "s", answers });
    await submitAssessment({ store }, author, a.id);
    await reviewAssessment({ store }, reviewer, a.id, { decision: "approve", note: "ok" });
    await publishAssessment({ store }, reviewer, a.id);
    const result = await verifyAudit(store);
    assert.equal(result.ok, true, JSON.stringify(result.firstBreak));
  });

  test("an assessment version edited in the database fails verification", async () => {
    const a = await createAssessment({ store }, author, { countryIso3: "MMR", title: "Myanmar", framework: { key: UN_FRAMEWORK_2014.key, version: 1 }, assessedOn: "2025-06-30", summary: "Risk is high." });
    const clean = await verifyAudit(store);
    assert.equal(clean.ok, true, JSON.stringify(clean.firstBreak));
    await store.db.execute(sql`update assessment_versions set content = jsonb_set(content, '{summary}', '"Nothing to see."') where assessment_id = ${a.id}`);
    const broken = await verifyAudit(store);
    assert.equal(broken.ok, false, "an edited assessment must not verify");
    assert.equal(broken.firstBreak?.entity, "assessment_version");
    assert.match(broken.firstBreak!.reason, /altered/);
  });
});

for (const engine of availableEngines()) describe(`audit verification of access tables and signed checkpoints on ${engine}`, () => {
  let store: Store;
  before(async () => {
    store = await openTestStore(engine);
  });
  after(async () => store?.close());

  test("an admin, a role change or a token written around the application fails verification", async () => {
    const admin = await bootstrapAdmin(store, { email: "root@cover.test", organisationName: "Cover", displayName: "Root", password: "correct horse battery staple" });
    assert.equal((await verifyAudit(store)).ok, true, JSON.stringify((await verifyAudit(store)).firstBreak));
    // A role raised in the database.
    await store.db.execute(sql`update users set role = 'analyst' where id = ${admin.user.id}`);
    const raised = await verifyAudit(store);
    assert.equal(raised.ok, false);
    assert.equal(raised.firstBreak?.entity, "user");
    await store.db.execute(sql`update users set role = 'admin' where id = ${admin.user.id}`);
    assert.equal((await verifyAudit(store)).ok, true);
    // A user inserted directly.
    const repo = new IdentityRepository(store.db);
    await repo.insertUser({ id: randomUUID(), organisationId: admin.organisationId, email: "ghost@cover.test", displayName: "ghost", role: "admin", passwordHash: "x", createdAt: new Date() });
    const ghost = await verifyAudit(store);
    assert.equal(ghost.firstBreak?.entity, "user");
    assert.match(ghost.firstBreak!.reason, /no audit entry/);
    await store.db.execute(sql`delete from users where email = 'ghost@cover.test'`);
    // A token un-revoked or re-scoped in the database.
    const actor = (await resolveSession(store, (await login(store, { email: "root@cover.test", password: "correct horse battery staple" })).sessionToken))!.actor;
    const t = await createApiToken(store, actor as Extract<Actor, { kind: "user" }>, { name: "ci", scopes: ["report:read"] });
    assert.equal((await verifyAudit(store)).ok, true, JSON.stringify((await verifyAudit(store)).firstBreak));
    await store.db.execute(sql`update api_tokens set scopes = '["report:read","user:manage"]'::jsonb where id = ${t.info.id}`);
    assert.equal((await verifyAudit(store)).firstBreak?.entity, "token");
  });

  test("a chain rewritten consistently in the database fails against a signed checkpoint", async () => {
    const s = await openTestStore(engine);
    try {
      await bootstrapAdmin(s, { email: "root@cp.test", organisationName: "CP", displayName: "Root", password: "correct horse battery staple" });
      const { privateKey, publicKey } = generateKeyPairSync("ed25519");
      const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
      const signer = { sign: (d: Uint8Array) => ({ algorithm: "Ed25519" as const, keyFingerprint: fingerprint(pem), signature: cryptoSign(null, d, privateKey).toString("base64") }) };
      const exported = await createAuditCheckpoint(s, signer);
      assert.equal((await verifyAudit(s, { trustedKeys: [pem], checkpoints: [exported] })).ok, true);
      // The attacker rewrites the first entry's details and recomputes every hash after it, with
      // the append-only trigger disabled, and deletes the stored checkpoints.
      await s.db.execute(sql`alter table audit_log disable trigger user`);
      await s.db.execute(sql`alter table audit_checkpoints disable trigger user`);
      const entries = await new AuditRepository(s.db).all();
      let prev = GENESIS_HASH;
      for (const e of entries) {
        const details = e.seq === entries[0].seq ? { forged: true } : e.details;
        const hash = entryHash({ ...e, details, prevHash: prev });
        await s.db.execute(sql`update audit_log set details = ${JSON.stringify(details)}::jsonb, prev_hash = ${prev}, hash = ${hash} where seq = ${e.seq}`);
        prev = hash;
      }
      await s.db.execute(sql`delete from audit_checkpoints`);
      const plain = await verifyAudit(s, { trustedKeys: [pem] });
      assert.equal(plain.ok, true, "without the exported checkpoint the rewrite is consistent");
      const anchored = await verifyAudit(s, { trustedKeys: [pem], checkpoints: [exported] });
      assert.equal(anchored.ok, false);
      assert.match(anchored.firstBreak!.reason, /rewritten/);
      // A checkpoint forged with another key is refused.
      const other = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }).toString();
      assert.match((await verifyAudit(s, { trustedKeys: [other], checkpoints: [exported] })).firstBreak!.reason, /unknown key/);
    } finally {
      await s.close();
    }
  });
});

for (const engine of availableEngines()) describe(`audit verification of speech texts on ${engine}`, () => {
  // Each ingest's entry hashes the texts it stored (#14 point 4): a text rewritten, slipped in or
  // removed in the database no longer matches its batch.
  let store: Store;
  before(async () => {
    store = await openTestStore(engine);
    await syncCountries(store.db, countryRegistry());
  });
  after(async () => store?.close());

  const item = (id: string, text: string) => ({ id, text, time: "2026-11-02T10:00:00Z", source: "radio", country: "MMR", language: "en" });
  const breakOf = async () => (await verifyAudit(store)).firstBreak;

  test("an ingested batch verifies; a text edited, added or deleted around the application names the batch", async () => {
    const { storeSpeechBatch } = await import("./speech.service.ts");
    await storeSpeechBatch(store, countryRegistry(), [item("s-1", "market day in town"), item("s-2", "they are vermin and must be cleared")]);
    assert.equal(await breakOf(), null);
    const restore = sql`update speech_items set text = 'market day in town' where client_id = 's-1'`;
    await store.db.execute(sql`update speech_items set text = 'nothing was said' where client_id = 's-1'`);
    const edited = await breakOf();
    assert.equal(edited?.entity, "speech_batch");
    assert.match(edited!.reason, /altered/);
    await store.db.execute(restore);
    assert.equal(await breakOf(), null, "restored");
    await store.db.execute(sql`insert into speech_items (client_id, text, time, source, country_iso3, language, hallmarks, targets, analysis, batch_id)
      select 's-3', 'slipped in', time, source, country_iso3, language, hallmarks, targets, analysis, batch_id from speech_items where client_id = 's-2'`);
    assert.match((await breakOf())?.reason ?? "", /altered/, "an item added to the batch");
    await store.db.execute(sql`delete from speech_items where client_id = 's-3'`);
    // Sending the same batch again stores nothing and vouches for nothing.
    await storeSpeechBatch(store, countryRegistry(), [item("s-1", "market day in town"), item("s-2", "they are vermin and must be cleared")]);
    assert.equal(await breakOf(), null, "a re-sent batch");
    await assert.rejects(storeSpeechBatch(store, countryRegistry(), [{ ...item("s-9", "old"), time: "0024-05-01" }]), /between 1900 and 9999/);
    await store.db.execute(sql`delete from speech_items where client_id in ('s-1', 's-2')`);
    assert.match((await breakOf())?.reason ?? "", /missing/, "every item of the batch deleted");
  });
});
