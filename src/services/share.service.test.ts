/**
 * Sharing on purpose (issue 16 part 2) against a real store on every engine: what leaves is the
 * redacted shape only (checked key by key against the schema, and for planted secrets), recipients
 * see the origin and acknowledge, revocation takes it away, third parties never see it, and every
 * step is audited.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { countryRegistry } from "../domain/country/registry.ts";
import { permissionsFor, type Actor, type Role } from "../domain/identity/permissions.ts";
import { PROTECTED_EXCEPTIONS, PROTECTED_FIELDS, schemaPaths, SHARED_SCHEMAS, type ShareItemType } from "../domain/sharing/shared-item.ts";
import { AuditRepository } from "../infra/store/audit.repository.ts";
import type { Store } from "../infra/store/database.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { withOrg } from "../infra/store/org-scope.ts";
import { alerts, assessments, assessmentVersions, reports, shareResponses, shares } from "../infra/store/schema/mod.ts";
import { availableEngines, openTestStore } from "../infra/store/testing.ts";
import { InvalidInputError } from "./auth.service.ts";
import { syncCountries } from "./country.service.ts";
import { ConflictError, NotFoundError } from "./errors.ts";
import { rowHash } from "../domain/audit/chain.ts";
import { acknowledgeShare, listIncomingShares, listOutgoingShares, recordShareResponse, revokeShare, shareItem, updateShareResponse } from "./share.service.ts";

type User = Extract<Actor, { kind: "user" }>;
const PLANTED = ["PLANTED-REPORTER", "PLANTED-WITNESS", "+95 9 777", "PLANTED-NOTE", "PLANTED-REVIEW", "PLANTED-REASON", "20.123456", "93.654321"];

/** Every key path of a JSON value (`signals[].sentence` style, as `schemaPaths`). */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => keyPaths(v, `${prefix}[]`));
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const p = prefix ? `${prefix}${prefix.endsWith("[]") ? "." : "."}${k}` : k;
    return [p, ...keyPaths(v, p)];
  });
}

for (const engine of availableEngines()) {
  describe(`sharing on ${engine}`, () => {
    let store: Store;
    const org = { A: randomUUID(), B: randomUUID(), C: randomUUID() };
    const u: Record<string, User> = {};
    const ids = { alert: randomUUID(), assessmentVersion: randomUUID(), report: randomUUID(), unverified: randomUUID() };
    const deps = () => ({ store });

    async function addUser(o: string, role: Role, name: string): Promise<User> {
      const row = await new IdentityRepository(store.db).insertUser({ id: randomUUID(), organisationId: o, email: `${randomUUID()}@example.invalid`, displayName: name, role, passwordHash: "x", createdAt: new Date() });
      return { kind: "user", userId: row.id, organisationId: o, role, permissions: permissionsFor(role), via: "session" };
    }

    before(async () => {
      store = await openTestStore(engine);
      await syncCountries(store.db, countryRegistry());
      for (const [n, id] of Object.entries(org)) await new IdentityRepository(store.db).insertOrganisation({ id, name: `Org ${n}`, createdAt: new Date() });
      u.A = await addUser(org.A, "analyst", "Amina Analyst");
      u.Amonitor = await addUser(org.A, "monitor", "Mo Monitor");
      u.B = await addUser(org.B, "analyst", "Bo Analyst");
      u.Bviewer = await addUser(org.B, "viewer", "Vi Viewer");
      u.C = await addUser(org.C, "analyst", "Cy Analyst");
      const now = new Date();
      // A's own view of MMR, overridden with an internal reason.
      await store.db.insert(alerts).values({
        id: ids.alert, organisationId: org.A, countryIso3: "MMR", situation: "", level: "emergency", previousLevel: "watch", computedLevel: "watch",
        explanation: "Overridden by your organisation's analyst: PLANTED-REASON", signals: [{ kind: "forecast-risk", sentence: "MMR ranks 20", supports: "watch", period: { from: "2025", to: "2026" }, sourceIds: ["forecast:1:MMR"] }],
        override: { level: "emergency", reason: "PLANTED-REASON", by: `user:${u.A.userId}`, at: now.toISOString() }, current: true, reassessOn: null, basis: {}, createdAt: now,
      });
      // A verified report with every protected field filled.
      const report = (id: string, status: string) => ({
        id, organisationId: org.A, submittedBy: u.Amonitor.userId, idempotencyKey: id, requestHash: "h", status, firstReviewerId: u.A.userId, duplicateOf: null,
        occurredFrom: new Date("2026-11-20T00:00:00Z"), occurredTo: null, timePrecision: "day", countryIso3: "MMR", adminArea: "Rakhine",
        lat: 20.123456, lon: 93.654321, locationPrecisionM: 10, locationProtected: true, locationSecret: "enc:PLANTED-EXACT", blurredLat: 20.1, blurredLon: 93.7, blurM: 5000,
        description: "Village burned; 12 killed.", victims: { killed: 12 }, perpetratorType: "state", targetedGroup: "Rohingya",
        sources: [{ kind: "witness", name: "PLANTED-WITNESS", contact: "+95 9 777" }] as never, reporterSecret: "enc:PLANTED-REPORTER", published: false, publishBlurM: null, receivedAt: now, updatedAt: now,
      });
      await store.db.insert(reports).values([report(ids.report, "verified"), report(ids.unverified, "submitted")]);
      const assessmentId = randomUUID();
      await store.db.insert(assessments).values({ id: assessmentId, organisationId: org.A, countryIso3: "MMR", situation: null, title: "MMR Q4", frameworkKey: "un-2014", frameworkVersion: 1, createdBy: u.A.userId, createdAt: now });
      await store.db.insert(assessmentVersions).values({
        id: ids.assessmentVersion, organisationId: org.A, assessmentId, version: 2, status: "reviewed", authorId: u.A.userId, reviewerId: u.A.userId, reviewNote: "PLANTED-REVIEW",
        assessedOn: "2026-12-01", content: { assessedOn: "2026-12-01", summary: "Risk factors present across the state.", answers: { "rf1.1": { answer: "present", confidence: "high", rationale: "PLANTED-NOTE", evidence: [] } } } as never,
        synthesis: { framework: { key: "un-2014", version: 1 }, score: 0.8, level: "very_high", coverage: 0.6, sufficient: true, rule: "mean of factors", factors: [{ factorId: "rf1", name: "Armed conflict", score: 0.8, level: "very_high", indicators: 3, known: 2, unknown: 1, coverage: 0.66, counts: { absent: 0, present: 2, strongly_present: 0, unknown: 1, unanswered: 0 } }] },
        createdAt: now, updatedAt: now, submittedAt: now, reviewedAt: now, publishedAt: null,
      });
    });
    after(async () => store?.close());

    test("every shared payload holds only schema fields and none of the planted protected values", async () => {
      const items: [ShareItemType, string][] = [["alert", ids.alert], ["assessment", ids.assessmentVersion], ["report", ids.report]];
      for (const [itemType, itemId] of items) {
        const s = await shareItem(deps(), u.A, { itemType, itemId, recipients: [org.B], publish: false });
        const allowed = new Set(schemaPaths(SHARED_SCHEMAS[itemType]));
        for (const p of keyPaths(s.payload)) assert.ok(allowed.has(p), `${itemType}: ${p} is not in the shared schema`);
        const protectedLower = new Set(PROTECTED_FIELDS.map((f) => f.toLowerCase()));
        for (const p of keyPaths(s.payload)) {
          const lastKey = p.split(".").at(-1)!.replace("[]", "").toLowerCase();
          if (!Object.hasOwn(PROTECTED_EXCEPTIONS, `${itemType}.${p}`)) assert.equal(protectedLower.has(lastKey), false, `${itemType}: ${p}`);
        }
        const text = JSON.stringify(s.payload);
        for (const secret of PLANTED) assert.equal(text.includes(secret), false, `${itemType} payload leaks ${secret}`);
      }
      // What is stored for recipients is the same redacted payload (the share row itself).
      const stored = await store.db.select().from(shares);
      for (const secret of PLANTED) assert.equal(JSON.stringify(stored).includes(secret), false, `stored shares leak ${secret}`);
    });

    test("recipients see the origin and can acknowledge; third parties see nothing; revocation takes it away", async () => {
      const incoming = await listIncomingShares(deps(), u.Bviewer);
      assert.equal(incoming.length, 3);
      const report = incoming.find((s) => s.itemType === "report")!;
      assert.deepEqual([report.origin.organisation, report.origin.sharedBy], ["Org A", "Amina Analyst"]);
      assert.ok(Date.parse(report.origin.sharedAt) > 0);
      assert.equal(report.acknowledgedAt, null);
      assert.deepEqual(await listIncomingShares(deps(), u.C), [], "C was not named");
      // RLS, not only the query, keeps C out.
      const seenByC = await withOrg(store, org.C, (tx) => tx.select().from(shares));
      assert.deepEqual(seenByC, []);
      await assert.rejects(acknowledgeShare(deps(), u.Bviewer, report.id), /Missing permission/);
      const acked = await acknowledgeShare(deps(), u.B, report.id, "passed to our field team");
      assert.ok(acked.acknowledgedAt);
      await assert.rejects(acknowledgeShare(deps(), u.B, report.id), ConflictError);
      await assert.rejects(acknowledgeShare(deps(), u.C, report.id), NotFoundError);
      await assert.rejects(revokeShare(deps(), u.B, report.id), NotFoundError, "only the sharer revokes");
      await revokeShare(deps(), u.A, report.id);
      assert.equal((await listIncomingShares(deps(), u.B)).some((s) => s.id === report.id), false);
      const seenByB = await withOrg(store, org.B, (tx) => tx.select().from(shares));
      assert.equal(seenByB.some((s) => s.id === report.id), false, "RLS hides a revoked share from recipients");
      await assert.rejects(revokeShare(deps(), u.A, report.id), ConflictError);
      const out = await listOutgoingShares(deps(), u.A);
      assert.equal(out.find((s) => s.id === report.id)!.revokedAt !== null, true);
    });

    test("publishing shows an item to every organisation; bad requests are refused naming the field", async () => {
      const pub = await shareItem(deps(), u.A, { itemType: "alert", itemId: ids.alert, recipients: [], publish: true });
      assert.ok((await listIncomingShares(deps(), u.C)).some((s) => s.id === pub.id));
      await assert.rejects(shareItem(deps(), u.A, { itemType: "alert", itemId: ids.alert, recipients: [], publish: false }), (e) => e instanceof InvalidInputError && e.field === "recipients");
      await assert.rejects(shareItem(deps(), u.A, { itemType: "alert", itemId: ids.alert, recipients: [org.A], publish: false }), (e) => e instanceof InvalidInputError && e.field === "recipients[0]");
      await assert.rejects(shareItem(deps(), u.A, { itemType: "alert", itemId: ids.alert, recipients: [randomUUID()], publish: false }), (e) => e instanceof InvalidInputError && e.field === "recipients[0]");
      await assert.rejects(shareItem(deps(), u.A, { itemType: "report", itemId: ids.unverified, recipients: [org.B], publish: false }), NotFoundError, "only verified reports");
      await assert.rejects(shareItem(deps(), u.B, { itemType: "report", itemId: ids.report, recipients: [org.C], publish: false }), NotFoundError, "only one's own items");
      await assert.rejects(shareItem(deps(), u.Amonitor, { itemType: "report", itemId: ids.report, recipients: [org.B], publish: false }), /Missing permission/);
    });

    test("every share, revocation and acknowledgement is audited", async () => {
      const entries = await new AuditRepository(store.db).all();
      const count = (a: string) => entries.filter((e) => e.action === a).length;
      assert.deepEqual([count("share.created"), count("share.revoked"), count("share.acknowledged")], [4, 1, 1]);
      for (const secret of PLANTED) assert.equal(JSON.stringify(entries.filter((e) => e.action.startsWith("share."))).includes(secret), false);
    });

    test("a recipient records response actions on a shared alert: kept in its organisation (RLS), shown to the sharer only when told, audited", async () => {
      const shared = await shareItem(deps(), u.A, { itemType: "alert", itemId: ids.alert, recipients: [org.B], publish: false });
      await assert.rejects(recordShareResponse(deps(), u.Bviewer, shared.id, { description: "Brief our field team" }), /Missing permission/);
      await assert.rejects(recordShareResponse(deps(), u.B, shared.id, { description: " " }), (e) => e instanceof InvalidInputError && e.field === "description");
      await assert.rejects(recordShareResponse(deps(), u.B, shared.id, { description: "Brief our field team", status: "maybe" as never }), (e) => e instanceof InvalidInputError && e.field === "status");
      await assert.rejects(recordShareResponse(deps(), u.C, shared.id, { description: "Not ours" }), NotFoundError, "C was not named");
      await assert.rejects(recordShareResponse(deps(), u.A, shared.id, { description: "Sharer itself" }), NotFoundError, "the sharer is not a recipient");
      const assessmentShare = (await listIncomingShares(deps(), u.B)).find((x) => x.itemType === "assessment")!;
      await assert.rejects(recordShareResponse(deps(), u.B, assessmentShare.id, { description: "Read it" }), (e) => e instanceof InvalidInputError && e.field === "id");

      const quiet = await recordShareResponse(deps(), u.B, shared.id, { description: "PLANTED-OPS evacuate our staff from Sittwe", status: "in_progress" });
      const told = await recordShareResponse(deps(), u.B, shared.id, { description: "Raised with the UN country team", visibleToSharer: true });
      assert.deepEqual([quiet.organisation, quiet.visibleToSharer, told.visibleToSharer], ["Org B", false, true]);
      const mine = (await listIncomingShares(deps(), u.Bviewer)).find((x) => x.id === shared.id)!;
      assert.deepEqual(mine.responses.map((r) => r.id), [quiet.id, told.id], "the recipient sees its own actions");
      const out = (await listOutgoingShares(deps(), u.A)).find((x) => x.id === shared.id)!;
      assert.deepEqual(out.responses.map((r) => r.id), [told.id], "the sharer sees only what it was told");
      assert.equal(JSON.stringify(await listOutgoingShares(deps(), u.A)).includes("PLANTED-OPS"), false);
      assert.equal(JSON.stringify(out.responses).includes(u.B.userId), false, "never who recorded it");

      // Row-level security, not only the queries: the sharer reads only the told row; C reads nothing; B reads both.
      assert.deepEqual((await withOrg(store, org.A, (tx) => tx.select().from(shareResponses))).map((r) => r.id), [told.id]);
      assert.deepEqual(await withOrg(store, org.C, (tx) => tx.select().from(shareResponses)), []);
      assert.equal((await withOrg(store, org.B, (tx) => tx.select().from(shareResponses))).length, 2);
      // Nobody writes another organisation's response rows.
      const now = new Date();
      await assert.rejects(withOrg(store, org.A, (tx) => tx.insert(shareResponses).values({ id: randomUUID(), organisationId: org.B, shareId: shared.id, description: "forged", status: "done", outcome: null, visibleToSharer: true, createdBy: u.A.userId, createdAt: now, updatedAt: now })));
      const changed = await withOrg(store, org.A, (tx) => tx.update(shareResponses).set({ description: "rewritten by the sharer" }).returning());
      assert.deepEqual(changed, [], "the sharer cannot change what it was told");
      await assert.rejects(updateShareResponse(deps(), u.A, shared.id, told.id, { status: "done" }), NotFoundError);

      // The recipient updates its action (and may stop telling the sharer).
      const done = await updateShareResponse(deps(), u.B, shared.id, told.id, { status: "done", outcome: "Envoy visit agreed", visibleToSharer: false });
      assert.deepEqual([done.status, done.outcome, done.visibleToSharer], ["done", "Envoy visit agreed", false]);
      assert.deepEqual((await listOutgoingShares(deps(), u.A)).find((x) => x.id === shared.id)!.responses, []);
      await assert.rejects(updateShareResponse(deps(), u.B, shared.id, told.id, { status: "finished" as never }), (e) => e instanceof InvalidInputError && e.field === "status");

      const entries = await new AuditRepository(store.db).all();
      assert.deepEqual(entries.filter((e) => e.action.startsWith("share_response.")).map((e) => [e.action, e.organisationId]), [["share_response.created", org.B], ["share_response.created", org.B], ["share_response.updated", org.B]]);
      assert.equal(JSON.stringify(entries.filter((e) => e.action.startsWith("share_response."))).includes("PLANTED-OPS"), false, "audit details carry no free text");
      // Each row matches its last audit entry (what `audit verify` recomputes); a row changed around the application does not.
      const latest = (id: string) => entries.filter((e) => e.entity === "share_response" && e.entityId === id).at(-1)!.rowHash;
      for (const row of await store.db.select().from(shareResponses)) assert.equal(rowHash(row as unknown as Record<string, unknown>), latest(row.id), row.id);
      await store.db.update(shareResponses).set({ status: "abandoned" });
      for (const row of await store.db.select().from(shareResponses)) assert.notEqual(rowHash(row as unknown as Record<string, unknown>), latest(row.id), row.id);
    });
  });
}
