/**
 * `verifyAudit` recomputes every audited row, assessments included: an analyst's assessment edited
 * around the application (draft content, or a published version with its trigger disabled) is
 * named as altered, not passed as intact.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { UN_FRAMEWORK_2014 } from "../domain/assessment/frameworks/mod.ts";
import { countryRegistry } from "../domain/country/registry.ts";
import { permissionsFor, type Actor } from "../domain/identity/permissions.ts";
import type { Store } from "../infra/store/database.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { openTestStore } from "../infra/store/testing.ts";
import { indicatorsOf } from "../domain/assessment/framework.ts";
import { createAssessment, publishAssessment, reviewAssessment, submitAssessment } from "./assessment.service.ts";
import { verifyAudit } from "./audit.service.ts";
import { syncCountries } from "./country.service.ts";

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
    author = { kind: "user", userId: u.id, organisationId, role: "analyst", permissions: permissionsFor("analyst"), via: "session" };
    const r = await repo.insertUser({ id: randomUUID(), organisationId, email: "reviewer@x.test", displayName: "reviewer", role: "analyst", passwordHash: "x", createdAt: new Date() });
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
