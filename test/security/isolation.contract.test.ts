/**
 * Organisation isolation enforced by the database itself, proven on every engine: inside
 * `withOrg(A)` raw SQL with no WHERE clause sees, changes and creates only organisation A's rows
 * (row-level security on the restricted role), and the audit log refuses UPDATE/DELETE/TRUNCATE
 * even from the owner.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { Db, Store } from "../../src/infra/store/database.ts";
import { withOrg } from "../../src/infra/store/org-scope.ts";
import { availableEngines, openTestStore } from "../../src/infra/store/testing.ts";
import { IdentityRepository } from "../../src/infra/store/identity.repository.ts";
import { ReportRepository } from "../../src/infra/store/report.repository.ts";
import { recordAudit } from "../../src/services/audit.service.ts";

async function rows(db: Db, query: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
  const r = await db.execute(query);
  return (Array.isArray(r) ? r : (r as { rows: Record<string, unknown>[] }).rows) as Record<string, unknown>[];
}

/** Rejects with `pattern` somewhere in the error or its causes (Drizzle wraps driver errors). */
async function rejectsWith(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    const messages: string[] = [];
    for (let e = error as { message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) messages.push(String(e.message));
    assert.match(messages.join(" | "), pattern);
    return true;
  });
}

for (const engine of availableEngines()) {
  describe(`organisation isolation in the database (${engine})`, () => {
    let store: Store;
    const orgA = randomUUID();
    const orgB = randomUUID();
    const userA = randomUUID();
    const userB = randomUUID();
    const now = new Date("2026-11-01T00:00:00Z");

    function report(org: string, user: string) {
      return {
        id: randomUUID(), organisationId: org, submittedBy: user, idempotencyKey: randomUUID(), requestHash: "h", status: "received", occurredFrom: now, timePrecision: "day",
        locationProtected: false, description: `report of ${org}`, victims: {}, perpetratorType: "unknown", sources: [], receivedAt: now, updatedAt: now,
      };
    }

    before(async () => {
      store = await openTestStore(engine);
      const repo = new IdentityRepository(store.db);
      for (const [org, user] of [[orgA, userA], [orgB, userB]]) {
        await repo.insertOrganisation({ id: org, name: org, createdAt: now });
        await repo.insertUser({ id: user, organisationId: org, email: `${user}@x.test`, displayName: "u", role: "analyst", passwordHash: "x", createdAt: now });
      }
      await withOrg(store, orgA, (tx) => new ReportRepository(tx).insert(report(orgA, userA)));
      await withOrg(store, orgB, (tx) => new ReportRepository(tx).insert(report(orgB, userB)));
    });
    after(async () => store?.close());

    test("raw SELECTs without a WHERE clause see only the scoped organisation's rows", async () => {
      await withOrg(store, orgA, async (tx) => {
        for (const table of ["reports", "users", "organisations"]) {
          const got = await rows(tx, sql.raw(`select * from ${table}`));
          assert.ok(got.length >= 1, `${table} empty`);
          for (const r of got) assert.equal(r.organisation_id ?? r.id, orgA, `${table} showed another organisation`);
        }
        assert.equal((await rows(tx, sql`select * from reports where organisation_id = ${orgB}`)).length, 0, "explicitly asking for B finds nothing");
      });
    });

    test("rows of another organisation cannot be created, changed or deleted", async () => {
      await rejectsWith(withOrg(store, orgA, (tx) => new ReportRepository(tx).insert(report(orgB, userB))), /row-level security|policy/i);
      await withOrg(store, orgA, (tx) => rows(tx, sql`update reports set description = 'overwritten' returning id`));
      const b = await rows(store.db, sql`select description from reports where organisation_id = ${orgB}`);
      assert.equal(b[0].description, `report of ${orgB}`, "B's report untouched by an unfiltered UPDATE in A");
      await rejectsWith(withOrg(store, orgA, (tx) => rows(tx, sql`delete from reports`)), /permission denied/i);
      await rejectsWith(
        withOrg(store, orgA, (tx) => recordAudit(tx, { organisationId: orgB, actor: "x", action: "x", entity: "report", entityId: "x", at: now })),
        /row-level security|policy/i,
      );
    });

    test("the restricted role without an organisation sees nothing", async () => {
      const got = await store.transaction(async (tx) => {
        await tx.execute(sql`set local role tocsin_app`);
        return rows(tx, sql`select * from reports`);
      });
      assert.equal(got.length, 0);
      await assert.rejects(withOrg(store, "' or 1=1 --", async () => 1), TypeError);
    });

    test("the audit log refuses UPDATE, DELETE and TRUNCATE, even from the owner", async () => {
      await store.transaction((tx) => recordAudit(tx, { organisationId: orgA, actor: "x", action: "x", entity: "report", entityId: "x", at: now }));
      await rejectsWith(store.db.execute(sql`update audit_log set actor = 'mallory'`), /append-only/);
      await rejectsWith(store.db.execute(sql`delete from audit_log`), /append-only/);
      await rejectsWith(store.db.execute(sql`truncate audit_log`), /append-only/);
    });
  });
}
