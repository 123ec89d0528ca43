/**
 * Test helpers for the store: a fresh, private store per test file, on PGlite or (when
 * `TEST_DATABASE_URL` is set) on its own throw-away database in a real PostgreSQL server.
 */
import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import { openStore, type Store } from "./database.ts";

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), "migrations");

let template: Promise<Blob> | undefined;

/**
 * A migrated, empty PGlite data directory, made once per set of migrations and kept in the
 * system's temporary folder for every test process (named by a hash of the migration files, so a
 * new migration makes a new template). Loading it takes a fraction of running the migrations.
 */
export function pgliteTemplate(): Promise<Blob> {
  return (template ??= (async () => {
    const hash = createHash("sha256");
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const path = join(dir, name.name);
        if (name.isDirectory()) walk(path);
        else hash.update(name.name).update(readFileSync(path));
      }
    };
    walk(MIGRATIONS);
    const file = join(tmpdir(), `tocsin-pglite-template-${hash.digest("hex").slice(0, 16)}.tar`);
    try {
      return new Blob([readFileSync(file)]);
    } catch {
      const store = await openStore({ dataDir: "memory://" });
      const image = await ((store.db as unknown as { $client: PGlite }).$client).dumpDataDir("none");
      await store.close();
      // Written aside and renamed: concurrent test processes never read a half-written template.
      const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
      writeFileSync(partial, Buffer.from(await image.arrayBuffer()));
      renameSync(partial, file);
      return image;
    }
  })());
}

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
  // Migrations still run on open; on the template they find nothing to do.
  if (engine === "pglite") return openStore({ dataDir: "memory://", loadDataDir: await pgliteTemplate() });
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
