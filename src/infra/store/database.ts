/**
 * The one place that chooses the storage engine: PGlite (embedded PostgreSQL, the default) or a
 * PostgreSQL server when a URL is given. Both run the same Drizzle schema and the same SQL
 * migrations, so everything above this file is engine-agnostic.
 */
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema/mod.ts";

export type Schema = typeof schema;
/** A Drizzle database or transaction over the Tocsin schema; repositories accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Store {
  readonly db: Db;
  readonly kind: "pglite" | "postgres";
  /** Runs `work` in one transaction: all of it is stored, or none. */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** PostgreSQL URL; when set, PGlite is not used. */
  databaseUrl?: string;
  /** PGlite data directory; `undefined` or `"memory://"` keeps the store in memory. */
  dataDir?: string;
  /** Run pending migrations on open (default `true`). */
  migrate?: boolean;
  /**
   * PGlite only: start from this data directory image (`dumpDataDir()`'s tarball) instead of an
   * empty cluster. Tests load a migrated template so each store skips the migrations.
   */
  loadDataDir?: Blob;
}

/** Advisory lock key the migrator takes on PostgreSQL (any constant; "tocsin" in hex-ish). */
const MIGRATION_LOCK = 0x70c5_1e00;

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * Opens the store and brings its schema up to date.
 * @throws {Error} when the database cannot be reached or a migration fails
 * @example
 * const store = await openStore({ dataDir: "memory://" });
 * await store.close();
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const { databaseUrl, dataDir, migrate = true, loadDataDir } = options;
  if (databaseUrl) {
    const { default: pg } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    const db = drizzle(pool, { schema });
    if (migrate) {
      const { migrate: run } = await import("drizzle-orm/node-postgres/migrator");
      // Replicas started together on an empty database would all create the schema at once and
      // all but one fail; a session advisory lock (held on its own connection, released when it
      // closes even if this process dies) makes them migrate one after the other, the later ones
      // finding nothing to do.
      const lock = new pg.Client({ connectionString: databaseUrl });
      try {
        await lock.connect();
        await lock.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
        await run(db, { migrationsFolder: MIGRATIONS });
      } catch (error) {
        await pool.end();
        throw error;
      } finally {
        await lock.end().catch(() => undefined);
      }
    }
    return wrap(db as unknown as Db, "postgres", () => pool.end());
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (dataDir && dataDir !== "memory://") mkdirSync(dataDir, { recursive: true });
  // One options object: PGlite ignores the options argument when the data directory argument is undefined.
  const client = new PGlite({ ...(dataDir && dataDir !== "memory://" ? { dataDir } : {}), ...(loadDataDir ? { loadDataDir } : {}) });
  const db = drizzle(client, { schema });
  if (migrate) {
    const { migrate: run } = await import("drizzle-orm/pglite/migrator");
    await run(db, { migrationsFolder: MIGRATIONS });
  }
  return wrap(db as unknown as Db, "pglite", () => client.close());
}

function wrap(db: Db, kind: Store["kind"], close: () => Promise<void>): Store {
  return {
    db,
    kind,
    transaction: (work) => db.transaction((tx) => work(tx as unknown as Db)),
    close,
  };
}
