import { and, asc, eq, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { Db } from "./database.ts";
import { apiTokens, loginAttempts, organisations, sessions, users, type ApiTokenRow, type OrganisationRow, type SessionRow, type UserRow } from "./schema/mod.ts";

/**
 * SQL for organisations, users, sessions and API tokens. Methods taking an `organisationId` filter
 * by it explicitly (on top of row-level security); the `*ByHash` / `*ByEmail` lookups are for the
 * system context that authenticates a request before its organisation is known.
 */
export class IdentityRepository {
  constructor(private readonly db: Db) {}

  async insertOrganisation(row: Omit<OrganisationRow, "publicPublisher"> & { publicPublisher?: boolean }): Promise<void> {
    await this.db.insert(organisations).values(row);
  }

  async organisation(id: string): Promise<OrganisationRow | undefined> {
    const [row] = await this.db.select().from(organisations).where(eq(organisations.id, id));
    return row;
  }

  async insertUser(row: typeof users.$inferInsert): Promise<UserRow> {
    const [created] = await this.db.insert(users).values(row).returning();
    return created;
  }

  /** System context: the user with this (lower-cased) e-mail in any organisation. */
  async userByEmail(email: string): Promise<UserRow | undefined> {
    const [row] = await this.db.select().from(users).where(eq(users.email, email));
    return row;
  }

  async user(organisationId: string, id: string): Promise<UserRow | undefined> {
    const [row] = await this.db.select().from(users).where(and(eq(users.organisationId, organisationId), eq(users.id, id)));
    return row;
  }

  /** System context: a user by id. */
  async userById(id: string): Promise<UserRow | undefined> {
    const [row] = await this.db.select().from(users).where(eq(users.id, id));
    return row;
  }

  async listUsers(organisationId: string): Promise<UserRow[]> {
    return this.db.select().from(users).where(eq(users.organisationId, organisationId)).orderBy(asc(users.createdAt));
  }

  /** Disables or re-enables a user of `organisationId`; returns the updated row (undefined when not there). */
  async setDisabled(organisationId: string, id: string, disabled: boolean): Promise<UserRow | undefined> {
    const [row] = await this.db.update(users).set({ disabled }).where(and(eq(users.organisationId, organisationId), eq(users.id, id))).returning();
    return row;
  }

  /** Sets a user's language (null: the browser's); returns the updated row. */
  async setLocale(organisationId: string, id: string, locale: string | null): Promise<UserRow | undefined> {
    const [row] = await this.db.update(users).set({ locale }).where(and(eq(users.organisationId, organisationId), eq(users.id, id))).returning();
    return row;
  }

  /** Records who approved the user's access to identities. */
  async approveIdentity(organisationId: string, id: string, by: string, at: Date): Promise<UserRow | undefined> {
    const [row] = await this.db.update(users).set({ identityApprovedAt: at, identityApprovedBy: by }).where(and(eq(users.organisationId, organisationId), eq(users.id, id))).returning();
    return row;
  }

  /** Ends every live session and API token of a user (disabling must not be undone by re-enabling). */
  async revokeCredentials(userId: string, at: Date): Promise<{ sessions: number; tokens: ApiTokenRow[] }> {
    const s = await this.db.update(sessions).set({ revokedAt: at }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt))).returning({ id: sessions.id });
    // The revoked tokens are returned whole: their audit rows must record the revocation.
    const t = await this.db.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))).returning();
    return { sessions: s.length, tokens: t };
  }

  /** The sign-in failures recorded for an e-mail's hash (none: never failed, or signed in since). */
  async loginAttempts(emailHash: string): Promise<{ failed: number; lockedUntil: Date | null }> {
    const [row] = await this.db.select().from(loginAttempts).where(eq(loginAttempts.emailHash, emailHash));
    return { failed: row?.failed ?? 0, lockedUntil: row?.lockedUntil ? new Date(row.lockedUntil) : null };
  }

  /** Deletes counters last touched before `before` whose lock (if any) has ended by `now`. @returns how many */
  async pruneLoginAttempts(before: Date, now: Date): Promise<number> {
    const rows = await this.db
      .delete(loginAttempts)
      .where(and(lt(loginAttempts.updatedAt, before), or(isNull(loginAttempts.lockedUntil), lt(loginAttempts.lockedUntil, now))))
      .returning({ emailHash: loginAttempts.emailHash });
    return rows.length;
  }

  /** Forgets an e-mail's failures (after a successful sign-in or a password reset). */
  async clearLoginAttempts(emailHash: string): Promise<void> {
    await this.db.delete(loginAttempts).where(eq(loginAttempts.emailHash, emailHash));
  }

  /**
   * Counts one failed sign-in atomically (an upsert adding 1 in SQL, so concurrent failures are
   * never lost) and locks the e-mail until `lockUntil` once the count reaches `maxFailures`.
   * @returns the counters after this failure
   */
  async recordFailedLogin(emailHash: string, maxFailures: number, lockUntil: Date, now: Date): Promise<{ failed: number; lockedUntil: Date | null }> {
    const lock = sql`case when ${loginAttempts.failed} + 1 >= ${maxFailures} then ${lockUntil.toISOString()}::timestamptz else null end`;
    const [row] = await this.db
      .insert(loginAttempts)
      .values({ emailHash, failed: 1, lockedUntil: maxFailures <= 1 ? lockUntil : null, updatedAt: now })
      .onConflictDoUpdate({ target: loginAttempts.emailHash, set: { failed: sql`${loginAttempts.failed} + 1`, lockedUntil: lock, updatedAt: now } })
      .returning({ failed: loginAttempts.failed, lockedUntil: loginAttempts.lockedUntil });
    return { failed: row.failed, lockedUntil: row.lockedUntil ? new Date(row.lockedUntil) : null };
  }

  async insertSession(row: SessionRow): Promise<void> {
    await this.db.insert(sessions).values(row);
  }

  async sessionByHash(hash: string): Promise<SessionRow | undefined> {
    const [row] = await this.db.select().from(sessions).where(eq(sessions.id, hash));
    return row;
  }

  /**
   * Sets a user's password hash and whether they must change it before doing anything else.
   * @param expectedHash only when the stored hash is still this one (a change checked against it)
   * @param clearIdentityApproval withdraw access to identities (a forced reset: the admin knows the password)
   * @returns the row, or undefined when no user matched (or the hash changed meanwhile)
   */
  async setPassword(
    organisationId: string, id: string, passwordHash: string, resetRequired: boolean,
    options: { expectedHash?: string; clearIdentityApproval?: boolean } = {},
  ): Promise<UserRow | undefined> {
    const [row] = await this.db
      .update(users)
      .set({ passwordHash, passwordResetRequired: resetRequired, ...(options.clearIdentityApproval ? { identityApprovedAt: null, identityApprovedBy: null } : {}) })
      .where(and(eq(users.organisationId, organisationId), eq(users.id, id), options.expectedHash ? eq(users.passwordHash, options.expectedHash) : undefined))
      .returning();
    return row;
  }

  /** Ends a user's sessions except `keep` (the one changing the password). @returns how many */
  async revokeOtherSessions(userId: string, keep: string | null, at: Date): Promise<number> {
    const rows = await this.db
      .update(sessions)
      .set({ revokedAt: at })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keep ? ne(sessions.id, keep) : undefined))
      .returning({ id: sessions.id });
    return rows.length;
  }

  async revokeSession(hash: string, at: Date): Promise<void> {
    await this.db.update(sessions).set({ revokedAt: at }).where(and(eq(sessions.id, hash), isNull(sessions.revokedAt)));
  }

  async insertToken(row: ApiTokenRow): Promise<void> {
    await this.db.insert(apiTokens).values(row);
  }

  async tokenByHash(hash: string): Promise<ApiTokenRow | undefined> {
    const [row] = await this.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hash));
    return row;
  }

  async token(organisationId: string, id: string): Promise<ApiTokenRow | undefined> {
    const [row] = await this.db.select().from(apiTokens).where(and(eq(apiTokens.organisationId, organisationId), eq(apiTokens.id, id)));
    return row;
  }

  async listTokens(organisationId: string, userId?: string): Promise<ApiTokenRow[]> {
    const where = userId ? and(eq(apiTokens.organisationId, organisationId), eq(apiTokens.userId, userId)) : eq(apiTokens.organisationId, organisationId);
    return this.db.select().from(apiTokens).where(where).orderBy(asc(apiTokens.createdAt));
  }

  async revokeToken(organisationId: string, id: string, at: Date): Promise<void> {
    await this.db.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.organisationId, organisationId), eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
  }
}
