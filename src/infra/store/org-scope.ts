/**
 * Runs work inside one organisation's boundary, enforced by the database itself: the transaction
 * sets `tocsin.org_id` and switches to the restricted role `tocsin_app`, for which row-level
 * security (policies in the identity/reports migration) hides and refuses every other
 * organisation's rows. This holds on PGlite and PostgreSQL alike, and also when the connecting role
 * is a superuser (superusers bypass RLS, the restricted role does not). Repositories filter by
 * organisation as well; the policies are the second, independent wall.
 */
import { sql } from "drizzle-orm";
import type { Db, Store } from "./database.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `work` in a transaction restricted to `organisationId`.
 * @throws {TypeError} when `organisationId` is not a UUID
 */
export async function withOrg<T>(store: Store, organisationId: string, work: (tx: Db) => Promise<T>): Promise<T> {
  if (!UUID.test(organisationId)) throw new TypeError(`organisation id must be a UUID, got "${organisationId}"`);
  return store.transaction(async (tx) => {
    await tx.execute(sql`select set_config('tocsin.org_id', ${organisationId}, true)`);
    await tx.execute(sql`set local role tocsin_app`);
    return work(tx);
  });
}

/** True when `value` looks like a UUID (ids from URLs are checked before they reach SQL). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
