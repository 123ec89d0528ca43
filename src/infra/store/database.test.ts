import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { openStore, type Store } from "./database.ts";
import { createTestDatabase } from "./testing.ts";

const adminUrl = process.env.TEST_DATABASE_URL;

test("three stores opened together on one fresh PostgreSQL database all come up (migrations take a lock)", { skip: adminUrl ? false : "TEST_DATABASE_URL is not set: this test needs a PostgreSQL server" }, async () => {
  const database = await createTestDatabase(adminUrl!);
  const opened: Store[] = [];
  try {
    const results = await Promise.allSettled([0, 1, 2].map(() => openStore({ databaseUrl: database.url })));
    for (const r of results) if (r.status === "fulfilled") opened.push(r.value);
    const failures = results.flatMap((r) => (r.status === "rejected" ? [String((r.reason as Error).message)] : []));
    assert.deepEqual(failures, [], "every replica migrates or waits, none fails");
    const { rows } = (await opened[0]!.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)) as unknown as { rows: { n: number }[] };
    const journal = JSON.parse(readFileSync(new URL("./migrations/meta/_journal.json", import.meta.url), "utf8")) as { entries: unknown[] };
    assert.equal(rows[0]!.n, journal.entries.length, "each migration applied once");
  } finally {
    for (const s of opened) await s.close();
    await database.drop();
  }
});
