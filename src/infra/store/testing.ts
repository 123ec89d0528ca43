/**
 * Test helpers for the store: a fresh, private store per test file, on PGlite or (when
 * `TEST_DATABASE_URL` is set) on its own throw-away database in a real PostgreSQL server.
 */
import { randomBytes } from "node:crypto";
import { openStore, type Store } from "./database.ts";

export type StoreEngine = "pglite" | "postgres";

/** The engines a contract suite should run on here: PGlite always, PostgreSQL when configured. */
export function availableEngines(env: NodeJS.ProcessEnv = process.env): StoreEngine[] {
  return env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

/**
 * Creates an empty PostgreSQL database on the server of `adminUrl` for one test.
 * @returns its URL, and `drop()` which removes it once its connections have gone
 */
export async function createTestDatabase(adminUrl: string, prefix = "tocsin_test"): Promise<{ url: string; drop(): Promise<void> }> {
  const { default: pg } = await import("pg");
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      // pg's Pool.end() resolves before its clients' sockets have closed; dropping WITH (FORCE)
      // while they close makes the server kill them, which surfaces as an uncaught "terminating
      // connection" error in the test that used them. Wait (briefly) for them to go first.
      for (let i = 0; i < 50; i++) {
        const { rows } = await again.query("select count(*)::int as n from pg_stat_activity where datname = $1", [name]);
        if ((rows[0] as { n: number }).n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

/**
 * Opens an empty, migrated store on `engine`. On PostgreSQL a new database is created and dropped
 * again by `close()`, so test files never see each other's rows.
 */
export async function openTestStore(engine: StoreEngine, env: NodeJS.ProcessEnv = process.env): Promise<Store> {
  if (engine === "pglite") return openStore({ dataDir: "memory://" });
  const adminUrl = env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set");
  const database = await createTestDatabase(adminUrl);
  const store = await openStore({ databaseUrl: database.url });
  return {
    ...store,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}
