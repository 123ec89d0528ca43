/**
 * Every table with an `organisation_id` column keeps each organisation's rows to itself through
 * row-level security: RLS enabled and at least one policy, on every engine. A table that is
 * deliberately not scoped is listed in {@link EXCEPTIONS} with its reason; an exception that no
 * longer applies fails the test too, so the list stays true.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { Store } from "./database.ts";
import { availableEngines, openTestStore } from "./testing.ts";

/** Tables with `organisation_id` that are not row-level scoped, and why. */
const EXCEPTIONS: Readonly<Record<string, string>> = {
  speech_models:
    "organisation_id is provenance only (who uploaded the model); the active speech model is global, one per instance, " +
    "and read by every organisation's analysis (see schema/speech.ts). Scoping it is issue 16 part 1's per-organisation models.",
};

interface TableSecurity {
  table: string;
  rls: boolean;
  policies: number;
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

for (const engine of availableEngines()) {
  describe(`row-level security on ${engine}`, () => {
    let store: Store;
    before(async () => {
      store = await openTestStore(engine);
    });
    after(async () => store?.close());

    test("every table with organisation_id has RLS enabled and a policy, except the listed ones", async () => {
      const tables = rowsOf<TableSecurity>(
        await store.db.execute(sql`
          select c.table_name as "table", cl.relrowsecurity as rls,
                 (select count(*)::int from pg_policies p where p.schemaname = 'public' and p.tablename = c.table_name) as policies
          from information_schema.columns c
          join pg_namespace n on n.nspname = c.table_schema
          join pg_class cl on cl.relname = c.table_name and cl.relnamespace = n.oid and cl.relkind = 'r'
          where c.table_schema = 'public' and c.column_name = 'organisation_id'
          order by 1`),
      );
      assert.ok(tables.length >= 10, `found only ${tables.length} organisation tables: is the query wrong?`);
      const unprotected = tables.filter((t) => !(t.rls && t.policies > 0) && !(t.table in EXCEPTIONS));
      assert.deepEqual(unprotected.map((t) => `${t.table} (rls ${t.rls}, ${t.policies} policies)`), [], "add RLS and a policy (see org-scope.ts), or list the table in EXCEPTIONS with a reason");
      for (const [table, reason] of Object.entries(EXCEPTIONS)) {
        const t = tables.find((x) => x.table === table);
        assert.ok(t, `exception ${table} no longer has organisation_id: remove it from EXCEPTIONS`);
        assert.ok(!(t.rls && t.policies > 0), `${table} is now protected: remove it from EXCEPTIONS (${reason.slice(0, 40)}…)`);
      }
    });
  });
}
