/**
 * Analyst assessments through the store, on every engine: the workflow with its review rules,
 * immutability (also in the database), history diffs, evidence checks, organisation isolation,
 * admin frameworks, audit entries, and the public country list with the disagreement flag; plus
 * the HTTP routes over them.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { createServer, createTocsin, type Tocsin } from "../app.ts";
import { loadConfig } from "../config.ts";
import { UN_FRAMEWORK_2014 } from "../domain/assessment/frameworks/mod.ts";
import { indicatorsOf } from "../domain/assessment/framework.ts";
import type { IndicatorAnswer } from "../domain/assessment/assessment.ts";
import { AssessmentWorkflowError } from "../domain/assessment/workflow.ts";
import { ForbiddenError, permissionsFor, type Actor, type Role } from "../domain/identity/permissions.ts";
import { AuditRepository } from "../infra/store/audit.repository.ts";
import { CountryRepository } from "../infra/store/country.repository.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { withOrg } from "../infra/store/org-scope.ts";
import { availableEngines, openTestStore } from "../infra/store/testing.ts";
import { datasetVersions, forecastRuns, forecasts } from "../infra/store/schema/mod.ts";
import {
  assessmentHistory, createAssessment, createFramework, exportAssessment, getAssessment, listFrameworks, publishAssessment,
  publishedAssessmentsForCountry, reviewAssessment, reviseAssessment, submitAssessment, updateDraft,
} from "./assessment.service.ts";
import { createExampleAssessment } from "./assessment-example.ts";
import { createApiToken, InvalidInputError } from "./auth.service.ts";
import { NotFoundError } from "./errors.ts";

type User = Extract<Actor, { kind: "user" }>;

const allAnswers = (answer: IndicatorAnswer["answer"]): Record<string, IndicatorAnswer> =>
  Object.fromEntries(indicatorsOf(UN_FRAMEWORK_2014).map((i) => [i.id, { answer, confidence: "high", rationale: `test rationale ${i.id}`, evidence: [] }]));

for (const engine of availableEngines()) {
  describe(`assessment service on ${engine}`, () => {
    let tocsin: Tocsin;
    let app: FastifyInstance;
    const actors: Record<string, User> = {};
    const deps = () => ({ store: tocsin.store });

    async function addUser(organisationId: string, name: string, role: Role): Promise<User> {
      const repo = new IdentityRepository(tocsin.store.db);
      const u = await repo.insertUser({ id: randomUUID(), organisationId, email: `${name}-${randomUUID()}@example.invalid`, displayName: name, role, passwordHash: "x", createdAt: new Date() });
      return { kind: "user", userId: u.id, organisationId, role, permissions: permissionsFor(role), via: "session" };
    }

    before(async () => {
      tocsin = await createTocsin({ ...loadConfig({}), webDir: "/nonexistent" }, { store: await openTestStore(engine) });
      app = await createServer(tocsin, { logLevel: false });
      const repo = new IdentityRepository(tocsin.store.db);
      const [orgA, orgB] = [randomUUID(), randomUUID()];
      for (const id of [orgA, orgB]) await repo.insertOrganisation({ id, name: id, createdAt: new Date() });
      actors.author = await addUser(orgA, "author", "analyst");
      actors.reviewer = await addUser(orgA, "reviewer", "analyst");
      actors.admin = await addUser(orgA, "admin", "admin");
      actors.viewer = await addUser(orgA, "viewer", "viewer");
      actors.outsider = await addUser(orgB, "outsider", "analyst");
    });
    after(async () => {
      await app?.close();
      await tocsin?.close();
    });

    let id: string;

    test("an assessment goes draft → submitted → reviewed → published, with a second analyst reviewing", async () => {
      const created = await createAssessment(deps(), actors.author, { countryIso3: "mmr", title: "Myanmar", framework: { key: UN_FRAMEWORK_2014.key, version: 1 }, assessedOn: "2025-06-30", answers: { "1.1": allAnswers("present")["1.1"] } });
      id = created.id;
      assert.deepEqual([created.countryIso3, created.latest.status, created.latest.version], ["MMR", "draft", 1]);

      await assert.rejects(submitAssessment(deps(), actors.author, id), (e) => e instanceof InvalidInputError && e.field === "summary");
      await assert.rejects(updateDraft(deps(), actors.reviewer, id, { summary: "not mine" }), (e) => e instanceof AssessmentWorkflowError && e.code === "not_author");
      await updateDraft(deps(), actors.author, id, { summary: "Risk is high.", answers: { ...allAnswers("strongly_present"), "14.4": { answer: "unknown", confidence: "low", rationale: "no data", evidence: [] } } });
      const submitted = await submitAssessment(deps(), actors.author, id);
      assert.equal(submitted.latest.status, "submitted");
      assert.ok(submitted.latest.synthesis.score! > 0.9 && submitted.latest.synthesis.sufficient);
      assert.equal(submitted.latest.synthesis.factors[13].unknown, 1);

      await assert.rejects(reviewAssessment(deps(), actors.author, id, { decision: "approve", note: "fine" }), (e) => e instanceof AssessmentWorkflowError && e.code === "four_eyes");
      await assert.rejects(publishAssessment(deps(), actors.reviewer, id), (e) => e instanceof AssessmentWorkflowError && e.code === "invalid_transition");
      await assert.rejects(reviewAssessment(deps(), actors.viewer, id, { decision: "approve", note: "fine" }), ForbiddenError);
      const reviewed = await reviewAssessment(deps(), actors.reviewer, id, { decision: "approve", note: "Evidence checked." });
      assert.deepEqual([reviewed.latest.status, reviewed.latest.reviewerId], ["reviewed", actors.reviewer.userId]);
      const published = await publishAssessment(deps(), actors.author, id);
      assert.equal(published.latest.status, "published");
    });

    test("a published version is immutable, in the service and in the database", async () => {
      await assert.rejects(updateDraft(deps(), actors.author, id, { summary: "rewrite" }), (e) => e instanceof AssessmentWorkflowError && e.code === "immutable");
      await assert.rejects(tocsin.store.db.execute(sql`update assessment_versions set status = 'draft' where assessment_id = ${id}`), (e: unknown) => /published and cannot change/.test(String((e as Error).message) + String((e as { cause?: Error }).cause?.message)));
    });

    test("a new version starts a new draft, and history shows the diffs", async () => {
      const v2 = await reviseAssessment(deps(), actors.reviewer, id);
      assert.deepEqual([v2.latest.version, v2.latest.status, v2.latest.authorId], [2, "draft", actors.reviewer.userId]);
      await assert.rejects(reviseAssessment(deps(), actors.author, id), (e) => e instanceof AssessmentWorkflowError && e.code === "invalid_transition");
      await updateDraft(deps(), actors.reviewer, id, { answers: { "9.2": { answer: "absent", confidence: "medium", rationale: "changed", evidence: [] } } });
      const { history } = await assessmentHistory(deps(), actors.viewer, id);
      assert.equal(history.length, 2);
      assert.ok(history[0].changes.length > 50);
      assert.deepEqual(history[1].changes.map((c) => c.path), ["answers.9.2.answer", "answers.9.2.confidence", "answers.9.2.rationale"]);
      const full = await getAssessment(deps(), actors.viewer, id);
      assert.deepEqual(full.versions!.map((v) => v.status), ["published", "draft"]);
      const doc = await exportAssessment(deps(), actors.author, id);
      assert.equal(doc.framework.key, UN_FRAMEWORK_2014.key);
      assert.equal(doc.assessment.versions!.length, 2);
    });

    test("every state change is audited", async () => {
      const entries = (await new AuditRepository(tocsin.store.db).all()).filter((e) => e.entity.startsWith("assessment") && (e.entityId === id || e.details.assessmentId === id));
      assert.deepEqual(entries.map((e) => e.action), ["assessment.created", "assessment.drafted", "assessment.edited", "assessment.submitted", "assessment.reviewed", "assessment.published", "assessment.revised", "assessment.edited"]);
      assert.ok(entries.every((e) => e.rowHash && e.actor.startsWith("user:")));
    });

    test("other organisations cannot see or review the assessment", async () => {
      await assert.rejects(getAssessment(deps(), actors.outsider, id), NotFoundError);
      await assert.rejects(reviewAssessment(deps(), actors.outsider, id, { decision: "approve", note: "x" }), NotFoundError);
      // Row-level security is the second wall: raw SELECTs without a filter see no other organisation's rows.
      await withOrg(tocsin.store, actors.outsider.organisationId, async (tx) => {
        for (const table of ["assessments", "assessment_versions", "assessment_frameworks"]) {
          const r = await tx.execute(sql.raw(`select organisation_id from ${table}`));
          const got = (Array.isArray(r) ? r : (r as unknown as { rows: { organisation_id: string }[] }).rows) as { organisation_id: string }[];
          assert.ok(got.every((x) => x.organisation_id === actors.outsider.organisationId), table);
        }
      });
    });

    test("evidence must point at data that exists", async () => {
      const bad = (evidence: IndicatorAnswer["evidence"]) => updateDraft(deps(), actors.reviewer, id, { answers: { "1.1": { answer: "present", confidence: "low", rationale: "r", evidence } } });
      await assert.rejects(bad([{ kind: "event", ref: "ged:999999999" }]), (e) => e instanceof InvalidInputError && /answers\.1\.1\.evidence\[0\]\.ref/.test(e.field));
      await assert.rejects(bad([{ kind: "episode", ref: "NOPE-1" }]), InvalidInputError);
      await assert.rejects(bad([{ kind: "report", ref: randomUUID() }]), InvalidInputError);
      await bad([{ kind: "url", ref: "https://example.org/report", archivedSha256: "a".repeat(64) }]);
    });

    test("admins add frameworks as data; analysts cannot; built-in keys are reserved", async () => {
      const def = { key: "local-frame", version: 1, name: "Local", description: "d", source: "ours", factors: [{ id: "1", name: "A", description: "d", indicators: [{ id: "1.1", text: "t", guidance: "g" }] }] };
      await assert.rejects(createFramework(deps(), actors.author, def), ForbiddenError);
      await assert.rejects(createFramework(deps(), actors.admin, { ...def, key: UN_FRAMEWORK_2014.key }), /built-in/);
      await assert.rejects(createFramework(deps(), actors.admin, { ...def, factors: [] }), (e) => e instanceof InvalidInputError && e.field === "factors");
      await createFramework(deps(), actors.admin, def);
      assert.ok((await listFrameworks(deps(), actors.viewer)).some((f) => f.key === "local-frame" && f.origin === "organisation"));
      assert.ok(!(await listFrameworks(deps(), actors.outsider)).some((f) => f.key === "local-frame"));
      const local = await createAssessment(deps(), actors.author, { countryIso3: "SDN", title: "Darfur", situation: "Darfur", framework: { key: "local-frame", version: 1 }, assessedOn: "2025-01-01" });
      assert.equal(local.latest.synthesis.score, null);
    });

    test("published assessments are public per country, with the disagreement flag against the forecast rank", async () => {
      let res = await publishedAssessmentsForCountry(deps(), "MMR");
      assert.deepEqual(res.assessments.map((a) => [a.id, a.version]), [[id, 1]]);
      assert.equal(res.disagreement.flag, null); // no forecast stored yet
      // A run where Myanmar ranks 100 of 120: analysts (score > 0.9) strongly disagree.
      const [dv] = await tocsin.store.db.insert(datasetVersions).values({ dataset: "test", source: "test", fileName: "t", sha256: randomUUID(), rowCounts: {} }).returning();
      const [run] = await tocsin.store.db.insert(forecastRuns).values({ modelId: "default", modelDescription: "t", baseYear: 2024, dataVersionId: dv.id, params: {}, baselineDefinition: "t", intervals: { resamples: 0, level: 0.9, seed: 1 } }).returning();
      const others = (await new CountryRepository(tocsin.store.db).list()).map((c) => c.iso3).filter((c) => c !== "MMR").slice(0, 119);
      const order = [...others.slice(0, 99), "MMR", ...others.slice(99)];
      await tocsin.store.db.insert(forecasts).values(order.map((iso3, i) => ({ runId: run.id, countryIso3: iso3, horizon: "two-year", targetFrom: 2025, targetTo: 2026, risk: 0.1 / (i + 1), rank: i + 1, intervalLow: 0, intervalHigh: 1, score: 0, baseline: 0, contributions: {}, inputs: {} })));
      res = await publishedAssessmentsForCountry(deps(), "MMR");
      assert.deepEqual(res.statistical && [res.statistical.rank, res.statistical.ranked], [100, 120]);
      assert.equal(res.disagreement.flag, "analyst-higher");

      const http = await app.inject("/api/countries/mmr/assessments");
      assert.equal(http.statusCode, 200);
      assert.equal(http.json().disagreement.flag, "analyst-higher");
      assert.equal(http.json().assessments[0].reviewerId, undefined);
      // What a country brief prints: the synthesis in words, overall first, one line per factor.
      const lines = http.json().assessments[0].synthesisSummary as string[];
      assert.equal(lines.length, UN_FRAMEWORK_2014.factors.length + 1);
      assert.match(lines[0], /^Overall: very high \(score \d\.\d\d, \d+ % of indicators known\)\.$/);
    });

    test("createExampleAssessment() publishes a full Myanmar assessment written and reviewed by two analysts", async () => {
      const { assessment, evidence } = await createExampleAssessment(tocsin.store, "MMR", { today: "2025-06-30" });
      assert.deepEqual([assessment.latest.status, assessment.framework.key], ["published", UN_FRAMEWORK_2014.key]);
      assert.notEqual(assessment.latest.authorId, assessment.latest.reviewerId);
      assert.ok(assessment.latest.synthesis.sufficient && assessment.latest.synthesis.coverage > 0.9);
      assert.equal(Object.keys(assessment.latest.content.answers).length, indicatorsOf(UN_FRAMEWORK_2014).length);
      // The test store holds no EWP episodes; the forecast inserted above is linked.
      assert.deepEqual([evidence.episodes, evidence.forecasts, evidence.urls], [0, 1, 2]);
      await assert.rejects(createExampleAssessment(tocsin.store, "FRA"), RangeError);
    });

    test("routes: frameworks for anyone; workflow behind authentication and the four-eyes rule", async () => {
      const fw = await app.inject("/api/frameworks");
      assert.equal(fw.statusCode, 200);
      assert.deepEqual(fw.json().frameworks.map((f: { key: string }) => f.key), ["un-framework-2014", "ten-stages", "rabat-threshold"]);
      assert.equal((await app.inject({ method: "POST", url: "/api/assessments", payload: {} })).statusCode, 400);
      const anon = await app.inject({ method: "POST", url: "/api/assessments", payload: { countryIso3: "MMR", title: "t", framework: { key: "ten-stages", version: 1 }, assessedOn: "2025-01-01" } });
      assert.equal(anon.statusCode, 401);
      const { token } = await createApiToken(tocsin.store, actors.author, { name: "t", scopes: ["assessment:write", "assessment:review", "assessment:read"] });
      const auth = { authorization: `Bearer ${token}` };
      const made = await app.inject({ method: "POST", url: "/api/assessments", headers: auth, payload: { countryIso3: "MMR", title: "t", framework: { key: "ten-stages", version: 1 }, assessedOn: "2025-01-01", summary: "s", answers: {} } });
      assert.equal(made.statusCode, 201);
      const aid = made.json().id;
      const incomplete = await app.inject({ method: "POST", url: `/api/assessments/${aid}/submit`, headers: auth });
      assert.equal(incomplete.statusCode, 400);
      await updateDraft(deps(), actors.author, aid, { answers: Object.fromEntries(indicatorsOf((await listFrameworks(deps(), actors.author)).find((f) => f.key === "ten-stages")!).map((i) => [i.id, { answer: "unknown", confidence: "low", rationale: "r", evidence: [] }])) });
      assert.equal((await app.inject({ method: "POST", url: `/api/assessments/${aid}/submit`, headers: auth })).statusCode, 200);
      const self = await app.inject({ method: "POST", url: `/api/assessments/${aid}/review`, headers: auth, payload: { decision: "approve", note: "mine" } });
      assert.deepEqual([self.statusCode, self.json().error.code], [409, "four_eyes"]);
      const hist = await app.inject({ url: `/api/assessments/${aid}/history`, headers: auth });
      assert.equal(hist.statusCode, 200);
      const exp = await app.inject({ url: `/api/assessments/${aid}/export`, headers: auth });
      assert.equal(exp.json().format, "tocsin-assessment/1");
    });
  });
}
