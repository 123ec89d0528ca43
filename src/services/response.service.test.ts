/**
 * The warning→response loop through the store, on every engine: acknowledgements (idempotent,
 * audited), actions CRUD with validation, the catalogue (admin options, hidden built-ins),
 * organisation isolation (by the service and by row-level security itself), gap metrics on a
 * constructed timeline, the country summary for briefs, and the HTTP routes over them.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { createServer, createTocsin, type Tocsin } from "../app.ts";
import { loadConfig } from "../config.ts";
import type { AlertLevel } from "../domain/alerts/level.ts";
import { ForbiddenError, permissionsFor, type Actor, type Role } from "../domain/identity/permissions.ts";
import { AuditRepository } from "../infra/store/audit.repository.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { withOrg } from "../infra/store/org-scope.ts";
import { availableEngines, openTestStore } from "../infra/store/testing.ts";
import { alerts, responseActions } from "../infra/store/schema/mod.ts";
import {
  acknowledgeAlert, alertResponse, createAction, createOption, deleteAction, getAction, listAcknowledgements, listActions, listCatalogue,
  responseGaps, responseSummaryForCountry, setBuiltinHidden, setReassessment, updateAction, updateOption,
} from "./response.service.ts";
import { createApiToken, InvalidInputError } from "./auth.service.ts";
import { ConflictError, NotFoundError } from "./errors.ts";

type User = Extract<Actor, { kind: "user" }>;

const T0 = Date.parse("2026-03-01T00:00:00Z");
const at = (hours: number) => new Date(T0 + hours * 3_600_000);

for (const engine of availableEngines()) {
  describe(`response service on ${engine}`, () => {
    let tocsin: Tocsin;
    let app: FastifyInstance;
    const actors: Record<string, User> = {};
    let clock = at(0);
    const deps = () => ({ store: tocsin.store, now: () => clock });

    async function addUser(organisationId: string, name: string, role: Role): Promise<User> {
      const u = await new IdentityRepository(tocsin.store.db).insertUser({ id: randomUUID(), organisationId, email: `${name}-${randomUUID()}@example.invalid`, displayName: name, role, passwordHash: "x", createdAt: new Date() });
      return { kind: "user", userId: u.id, organisationId, role, permissions: permissionsFor(role), via: "session" };
    }

    async function addAlert(iso3: string, level: AlertLevel, hours: number, extra: Partial<typeof alerts.$inferInsert> = {}): Promise<string> {
      const id = randomUUID();
      await tocsin.store.db.insert(alerts).values({
        id, countryIso3: iso3, situation: "", level, previousLevel: "none", computedLevel: level, explanation: `${iso3} at ${level}`,
        signals: [{ kind: "escalation" }, { kind: "speech-spike" }], current: true, basis: {}, createdAt: at(hours), ...extra,
      });
      return id;
    }

    async function auditActions(organisationId: string): Promise<string[]> {
      return (await new AuditRepository(tocsin.store.db).all()).filter((e) => e.organisationId === organisationId).map((e) => e.action);
    }

    let sdn: string;

    before(async () => {
      tocsin = await createTocsin({ ...loadConfig({}), webDir: "/nonexistent" }, { store: await openTestStore(engine) });
      app = await createServer(tocsin, { logLevel: false });
      const repo = new IdentityRepository(tocsin.store.db);
      const [orgA, orgB] = [randomUUID(), randomUUID()];
      for (const id of [orgA, orgB]) await repo.insertOrganisation({ id, name: id, createdAt: new Date() });
      actors.analyst = await addUser(orgA, "Analyst Amina", "analyst");
      actors.analyst2 = await addUser(orgA, "Analyst Bo", "analyst");
      actors.admin = await addUser(orgA, "Admin Ada", "admin");
      actors.viewer = await addUser(orgA, "Viewer Vic", "viewer");
      actors.monitor = await addUser(orgA, "Monitor Mo", "monitor");
      actors.outsider = await addUser(orgB, "Outsider Olu", "analyst");
      sdn = await addAlert("SDN", "emergency", 0, { reassessOn: "2026-03-20" });
    });
    after(async () => {
      await app?.close();
      await tocsin?.close();
    });

    test("acknowledging is idempotent per organisation: the first time stays, each member is recorded once, audited", async () => {
      clock = at(2);
      const first = await acknowledgeAlert(deps(), actors.analyst, sdn);
      assert.equal(first.recorded, true);
      assert.equal(first.acknowledgedAt, at(2).toISOString());
      assert.equal(first.acknowledgedBy?.displayName, "Analyst Amina");
      clock = at(5);
      const again = await acknowledgeAlert(deps(), actors.analyst, sdn);
      assert.equal(again.recorded, false);
      assert.equal(again.acknowledgedAt, at(2).toISOString());
      assert.equal(again.acknowledgements.length, 1);
      clock = at(7);
      const second = await acknowledgeAlert(deps(), actors.analyst2, sdn);
      assert.equal(second.recorded, true);
      assert.equal(second.acknowledgedAt, at(2).toISOString(), "the organisation's time is its first acknowledgement");
      assert.deepEqual(second.acknowledgements.map((a) => [a.displayName, a.at]), [["Analyst Amina", at(2).toISOString()], ["Analyst Bo", at(7).toISOString()]]);
      assert.equal((await auditActions(actors.analyst.organisationId)).filter((a) => a === "alert.acknowledged").length, 2);
      assert.deepEqual((await listAcknowledgements(deps(), actors.viewer, sdn)).acknowledgedBy?.userId, actors.analyst.userId);
      await assert.rejects(acknowledgeAlert(deps(), actors.viewer, sdn), ForbiddenError);
      await assert.rejects(acknowledgeAlert(deps(), { kind: "anonymous" }, sdn), ForbiddenError);
      await assert.rejects(acknowledgeAlert(deps(), actors.analyst, randomUUID()), NotFoundError);
      // Another organisation's acknowledgement is its own: org A's stays untouched and unseen.
      const b = await acknowledgeAlert(deps(), actors.outsider, sdn);
      assert.equal(b.acknowledgedAt, at(7).toISOString());
      assert.equal(b.acknowledgements.length, 1);
      assert.equal((await listAcknowledgements(deps(), actors.analyst, sdn)).acknowledgements.length, 2);
    });

    let actionId: string;

    test("actions: create (option or free text), validate, update status, list, delete — each audited", async () => {
      clock = at(10);
      const a = await createAction(deps(), actors.analyst, sdn, { optionId: "legal.fact-finding", deadline: "2026-03-05", links: ["https://example.org/mission", "https://example.org/mission"] });
      actionId = a.id;
      assert.deepEqual([a.option?.id, a.option?.instrument, a.description, a.status, a.owner?.displayName, a.links.length], ["legal.fact-finding", "legal", "Fact-finding mission", "planned", "Analyst Amina", 1]);
      clock = at(11);
      const free = await createAction(deps(), actors.analyst, sdn, { description: "Briefed the regional envoy", ownerId: actors.analyst2.userId, status: "done", outcome: "Envoy raised it the next day" });
      assert.equal(free.option, null);
      assert.equal(free.owner?.displayName, "Analyst Bo");

      await assert.rejects(createAction(deps(), actors.analyst, sdn, {}), (e) => e instanceof InvalidInputError && e.field === "description");
      await assert.rejects(createAction(deps(), actors.analyst, sdn, { description: "x", links: ["javascript:alert(1)"] }), (e) => e instanceof InvalidInputError && e.field === "links[0]");
      await assert.rejects(createAction(deps(), actors.analyst, sdn, { description: "x", deadline: "2026-02-30" }), (e) => e instanceof InvalidInputError && e.field === "deadline");
      await assert.rejects(createAction(deps(), actors.analyst, sdn, { optionId: "magic.wand" }), (e) => e instanceof InvalidInputError && e.field === "optionId");
      await assert.rejects(createAction(deps(), actors.analyst, sdn, { description: "x", ownerId: actors.outsider.userId }), (e) => e instanceof InvalidInputError && e.field === "ownerId");
      await assert.rejects(createAction(deps(), actors.viewer, sdn, { description: "x" }), ForbiddenError);

      clock = at(200); // 2026-03-09: the 03-05 deadline has passed
      const listed = await listActions(deps(), actors.viewer, sdn);
      assert.deepEqual(listed.map((x) => [x.id, x.overdue]), [[actionId, true], [free.id, false]]);
      const moved = await updateAction(deps(), actors.analyst2, actionId, { status: "in_progress", outcome: "Mission team assembled" });
      assert.deepEqual([moved.status, moved.outcome, moved.overdue], ["in_progress", "Mission team assembled", true]);
      await assert.rejects(updateAction(deps(), actors.analyst, actionId, { description: "  " }), (e) => e instanceof InvalidInputError && e.field === "description");
      assert.equal((await getAction(deps(), actors.viewer, actionId)).status, "in_progress");

      const extra = await createAction(deps(), actors.analyst, sdn, { description: "Recorded by mistake" });
      await deleteAction(deps(), actors.analyst, extra.id);
      await assert.rejects(getAction(deps(), actors.analyst, extra.id), NotFoundError);
      await assert.rejects(deleteAction(deps(), actors.viewer, actionId), ForbiddenError);

      const log = await auditActions(actors.analyst.organisationId);
      assert.equal(log.filter((x) => x === "response_action.created").length, 3);
      assert.ok(log.includes("response_action.status_changed"));
      assert.ok(log.includes("response_action.deleted"));
      // Audit details hold ids and statuses, never the free text.
      const entries = (await new AuditRepository(tocsin.store.db).all()).filter((e) => e.entity === "response_action");
      assert.ok(!JSON.stringify(entries).includes("Mission team assembled") && !JSON.stringify(entries).includes("Briefed the regional envoy"));
    });

    test("organisation isolation: org B sees none of org A's actions, by the service and by row-level security", async () => {
      await assert.rejects(getAction(deps(), actors.outsider, actionId), NotFoundError);
      await assert.rejects(updateAction(deps(), actors.outsider, actionId, { status: "abandoned" }), NotFoundError);
      await assert.rejects(deleteAction(deps(), actors.outsider, actionId), NotFoundError);
      assert.deepEqual(await listActions(deps(), actors.outsider, sdn), []);
      const view = await alertResponse(deps(), actors.outsider, sdn);
      assert.equal(view.actions.length, 0);
      assert.equal(view.acknowledgement.acknowledgements.length, 1);
      // The database itself: under org B's boundary, org A's rows do not exist and cannot be written.
      const orgA = actors.analyst.organisationId;
      const seen = await withOrg(tocsin.store, actors.outsider.organisationId, (tx) => tx.select().from(responseActions));
      assert.equal(seen.length, 0);
      await assert.rejects(
        withOrg(tocsin.store, actors.outsider.organisationId, (tx) =>
          tx.insert(responseActions).values({ id: randomUUID(), organisationId: orgA, alertId: sdn, optionId: null, description: "forged", ownerId: null, deadline: null, status: "planned", outcome: null, links: [], createdBy: actors.outsider.userId, createdAt: new Date(), updatedAt: new Date() }),
        ),
      );
      const changed = await withOrg(tocsin.store, actors.outsider.organisationId, (tx) => tx.execute(sql`update response_actions set status = 'abandoned' returning id`));
      assert.equal((changed as unknown as { rows?: unknown[] }).rows?.length ?? (changed as unknown as unknown[]).length, 0);
      assert.equal((await getAction(deps(), actors.analyst, actionId)).status, "in_progress");
    });

    test("every response table is under row-level security with an org_isolation policy", async () => {
      const tables = ["response_options", "response_hidden_options", "alert_acknowledgements", "response_actions", "alert_reassessments"];
      const res = (await tocsin.store.db.execute(sql`
        select c.relname as name, c.relrowsecurity as rls, exists (select 1 from pg_policies p where p.tablename = c.relname and p.policyname = 'org_isolation') as policy
        from pg_class c where c.relname in ${tables} order by c.relname`)) as unknown as { rows: { name: string; rls: boolean; policy: boolean }[] };
      assert.equal(res.rows.length, tables.length);
      for (const r of res.rows) assert.deepEqual([r.name, r.rls, r.policy], [r.name, true, true]);
    });

    test("catalogue: admins add, edit, retire their options and hide built-ins; built-ins are read-only; recommendations follow", async () => {
      clock = at(210);
      const before = await alertResponse(deps(), actors.analyst, sdn);
      assert.ok(before.recommended.length > 0);
      assert.ok(before.recommended.every((r) => r.matched.length <= before.recommended[0].matched.length));
      assert.deepEqual(before.alert.signalKinds, ["escalation", "speech-spike"]);
      const top = before.recommended[0].option.id;

      await assert.rejects(createOption(deps(), actors.analyst, { instrument: "legal", title: "x", levels: ["warning"] }), ForbiddenError);
      await assert.rejects(createOption(deps(), actors.admin, { instrument: "legal", title: "x", levels: ["none"] }), (e) => e instanceof InvalidInputError && e.field === "levels[0]");
      const own = await createOption(deps(), actors.admin, { instrument: "information", title: "Radio drama on coexistence", description: "Our partner's programme", levels: ["emergency", "warning"], answers: ["speech-spike", "escalation", "verified-incident"] });
      assert.deepEqual(own.levels, ["warning", "emergency"]);
      const hidden = await setBuiltinHidden(deps(), actors.admin, top, true);
      assert.equal(hidden.changed, true);
      assert.equal((await setBuiltinHidden(deps(), actors.admin, top, true)).changed, false);
      await assert.rejects(setBuiltinHidden(deps(), actors.admin, "no.such", true), NotFoundError);
      await assert.rejects(updateOption(deps(), actors.admin, "legal.fact-finding", { title: "mine now" }), ConflictError);

      const after = await alertResponse(deps(), actors.analyst, sdn);
      const mine = after.recommended.findIndex((r) => r.option.id === own.id);
      assert.ok(mine >= 0, "the organisation's own option is recommended");
      assert.deepEqual(after.recommended[mine].matched, ["escalation", "speech-spike"]);
      assert.equal(after.recommended[mine].option.origin, "organisation");
      assert.ok(after.recommended.slice(0, mine).every((r) => r.matched.length === 2), "only options answering both signals rank above it");
      assert.ok(!after.recommended.some((r) => r.option.id === top), "the hidden built-in is not recommended");
      assert.ok((await listCatalogue(deps(), actors.viewer)).find((o) => o.id === top)?.hidden);
      assert.equal((await listCatalogue(deps(), { kind: "anonymous" })).some((o) => o.origin === "organisation"), false);
      assert.equal((await listCatalogue(deps(), actors.outsider)).some((o) => o.id === own.id), false);

      const edited = await updateOption(deps(), actors.admin, own.id, { title: "Radio drama", retired: true });
      assert.deepEqual([edited.title, edited.retired], ["Radio drama", true]);
      assert.ok(!(await alertResponse(deps(), actors.analyst, sdn)).recommended.some((r) => r.option.id === own.id));
      await assert.rejects(createAction(deps(), actors.analyst, sdn, { optionId: own.id }), (e) => e instanceof InvalidInputError && e.field === "optionId");
      await assert.rejects(updateOption(deps(), actors.outsider, own.id, { title: "x" }), ForbiddenError);
      const log = await auditActions(actors.admin.organisationId);
      for (const a of ["response_option.created", "response_option.hidden", "response_option.retired"]) assert.ok(log.includes(a), a);
    });

    test("gap metrics through the store on a constructed timeline", async () => {
      // Fresh country alerts so this test does not depend on the others.
      const mmr = await addAlert("MMR", "warning", 0); // no action for 20 days → unanswered
      const eth = await addAlert("ETH", "warning", 400, { reassessOn: "2026-03-10" }); // 3 days old at 480 h
      clock = at(4);
      await acknowledgeAlert(deps(), actors.analyst, mmr);
      clock = at(412);
      await acknowledgeAlert(deps(), actors.analyst, eth);
      clock = at(424);
      const act = await createAction(deps(), actors.analyst, eth, { description: "Asked the envoy to visit", deadline: "2026-03-15" });
      await setReassessment(deps(), actors.analyst, eth, "2026-03-18");
      clock = at(480); // 2026-03-21
      const g = await responseGaps(deps(), actors.viewer, { days: 7 });
      const country = (iso3: string) => g.countries.find((c) => c.countryIso3 === iso3)!;
      assert.equal(g.noActionDays, 7);
      assert.deepEqual(country("MMR").timeToAcknowledge, { count: 1, medianHours: 4, meanHours: 4 });
      assert.deepEqual(country("MMR").unanswered.map((u) => [u.alertId, u.ageDays]), [[mmr, 20]]);
      assert.deepEqual(country("ETH").timeToAcknowledge, { count: 1, medianHours: 12, meanHours: 12 });
      assert.deepEqual(country("ETH").timeToFirstAction, { count: 1, medianHours: 24, meanHours: 24 });
      assert.deepEqual(country("ETH").overdueActions.map((o) => [o.actionId, o.daysOverdue]), [[act.id, 6]]);
      assert.deepEqual(country("ETH").reassessmentsDue.map((r) => [r.reassessOn, r.source]), [["2026-03-18", "organisation"]]);
      // SDN: acknowledged at 2 h, first action at 10 h (earlier tests), the alert's own reassessment date is due.
      assert.deepEqual(country("SDN").timeToAcknowledge, { count: 1, medianHours: 2, meanHours: 2 });
      assert.deepEqual(country("SDN").timeToFirstAction, { count: 1, medianHours: 10, meanHours: 10 });
      assert.deepEqual(country("SDN").unanswered, []);
      assert.deepEqual(country("SDN").reassessmentsDue.map((r) => [r.reassessOn, r.source]), [["2026-03-20", "alert"]]);
      // Overall: three acknowledged alerts, hours 2, 4, 12.
      assert.deepEqual(g.overall.timeToAcknowledge, { count: 3, medianHours: 4, meanHours: 6 });
      // Filtered to one country, and with a 2-day threshold ETH is still answered (its action is open).
      const only = await responseGaps(deps(), actors.analyst, { country: "mmr", days: 2 });
      assert.deepEqual(only.countries.map((c) => c.countryIso3), ["MMR"]);
      // Org B responded to nothing of this, so every warning of its own view is unanswered.
      const b = await responseGaps(deps(), actors.outsider, { days: 7 });
      assert.deepEqual(b.overall.unanswered.map((u) => u.countryIso3).sort(), ["MMR", "SDN"]);
      assert.equal(b.overall.overdueActions.length, 0);
      await assert.rejects(responseGaps(deps(), actors.monitor, {}), ForbiddenError);
      await assert.rejects(responseGaps(deps(), actors.viewer, { days: -1 }), InvalidInputError);
    });

    test("country summary for briefs: recommendations for anyone; actions for members; names only when not public", async () => {
      clock = at(480);
      const anon = await responseSummaryForCountry(deps(), null, "sdn");
      assert.equal(anon.alert?.level, "emergency");
      assert.ok(anon.recommended.length > 0);
      assert.deepEqual([anon.actionsVisible, anon.actions.length], [false, 0]);
      const member = await responseSummaryForCountry(deps(), actors.viewer, "SDN");
      assert.equal(member.actionsVisible, true);
      assert.ok(member.actions.some((a) => a.owner === "Analyst Bo" && a.status === "done"));
      const pub = await responseSummaryForCountry(deps(), actors.viewer, "SDN", { public: true });
      assert.ok(pub.actions.length === member.actions.length && pub.actions.every((a) => !("owner" in a)));
      assert.ok(!JSON.stringify(pub).includes("Analyst"));
      const none = await responseSummaryForCountry(deps(), null, "NOR");
      assert.deepEqual([none.alert, none.recommended], [null, []]);
      const outsider = await responseSummaryForCountry(deps(), actors.outsider, "SDN");
      assert.equal(outsider.actions.length, 0);
    });

    test("HTTP: validated, authorised, organisation-scoped routes", async () => {
      const { token } = await createApiToken(tocsin.store, actors.analyst, { name: "t", scopes: ["response:read", "response:write"] });
      const auth = { authorization: `Bearer ${token}` };
      const { token: bToken } = await createApiToken(tocsin.store, actors.outsider, { name: "t", scopes: ["response:read", "response:write"] });
      const bAuth = { authorization: `Bearer ${bToken}` };
      assert.equal((await app.inject({ method: "POST", url: `/api/alerts/${sdn}/acknowledge` })).statusCode, 401);
      const ack = await app.inject({ method: "POST", url: `/api/alerts/${sdn}/acknowledge`, headers: auth });
      assert.equal(ack.statusCode, 200, ack.body);
      assert.equal(ack.json().recorded, false);
      assert.equal((await app.inject({ method: "POST", url: `/api/alerts/not-a-uuid/acknowledge`, headers: auth })).statusCode, 400);
      assert.equal((await app.inject({ method: "POST", url: `/api/alerts/${randomUUID()}/acknowledge`, headers: auth })).statusCode, 404);

      const made = await app.inject({ method: "POST", url: `/api/alerts/${sdn}/actions`, headers: auth, payload: { optionId: "military.arms-embargo", links: ["https://example.org/x"], deadline: "2026-04-01" } });
      assert.equal(made.statusCode, 201, made.body);
      const id = made.json().id as string;
      assert.equal((await app.inject({ method: "POST", url: `/api/alerts/${sdn}/actions`, headers: auth, payload: { description: "x", links: ["javascript:alert(1)"] } })).statusCode, 400);
      assert.equal((await app.inject({ method: "POST", url: `/api/alerts/${sdn}/actions`, headers: auth, payload: { description: "x", organisationId: randomUUID() } })).statusCode, 400);
      assert.equal((await app.inject({ method: "PATCH", url: `/api/actions/${id}`, headers: auth, payload: { status: "finished" } })).statusCode, 400);
      const patched = await app.inject({ method: "PATCH", url: `/api/actions/${id}`, headers: auth, payload: { status: "done", outcome: "Embargo adopted" } });
      assert.equal(patched.json().status, "done");
      assert.equal((await app.inject({ url: `/api/actions/${id}`, headers: bAuth })).statusCode, 404);
      assert.equal((await app.inject({ method: "DELETE", url: `/api/actions/${id}`, headers: bAuth })).statusCode, 404);
      const resp = await app.inject({ url: `/api/alerts/${sdn}/response`, headers: auth });
      assert.equal(resp.statusCode, 200, resp.body);
      assert.ok(resp.json().actions.some((a: { id: string }) => a.id === id));
      assert.ok(!(await app.inject({ url: `/api/alerts/${sdn}/response`, headers: bAuth })).body.includes(id));
      assert.equal((await app.inject({ method: "PUT", url: `/api/alerts/${sdn}/reassessment`, headers: auth, payload: { reassessOn: "2026-04-10" } })).statusCode, 200);
      const gaps = await app.inject({ url: "/api/response/gaps?country=SDN&days=3", headers: auth });
      assert.equal(gaps.statusCode, 200, gaps.body);
      assert.equal(gaps.json().noActionDays, 3);
      assert.equal((await app.inject({ url: "/api/response/gaps?days=-2", headers: auth })).statusCode, 400);
      assert.equal((await app.inject({ url: "/api/response/gaps" })).statusCode, 401);
      assert.equal((await app.inject({ method: "DELETE", url: `/api/actions/${id}`, headers: auth })).statusCode, 204);
      const cat = await app.inject("/api/response/catalogue");
      assert.equal(cat.statusCode, 200);
      assert.ok(cat.json().options.length >= 25);
      const pub = await app.inject("/api/countries/sdn/response");
      assert.equal(pub.statusCode, 200, pub.body);
      assert.equal(pub.json().actionsVisible, false);
      assert.equal((await app.inject({ method: "POST", url: "/api/response/catalogue", headers: auth, payload: { instrument: "legal", title: "x", levels: ["warning"] } })).statusCode, 403);
    });
  });
}
