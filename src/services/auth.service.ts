/**
 * Identity use cases: bootstrap an organisation and its first admin, manage users, sign in and out
 * (argon2id passwords, lockout after repeated failures), sessions with CSRF tokens, and scoped,
 * revocable API tokens. Secrets (session, CSRF and API tokens) are random 32-byte values shown
 * once; the store keeps only their SHA-256.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { hash as argonHash, verify as argonVerify } from "@node-rs/argon2";
import { afterFailure, isLocked, MAX_FAILURES } from "../domain/identity/lockout.ts";
import { authorize, ForbiddenError, HiddenResourceError, isRole, permissionsFor, type Actor, type Permission, PERMISSIONS, type Role } from "../domain/identity/permissions.ts";
import type { Store } from "../infra/store/database.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { withOrg } from "../infra/store/org-scope.ts";
import { actorLabel, recordAudit, tokenAuditRow, userAuditRow } from "./audit.service.ts";
import { ConflictError, NotFoundError } from "./errors.ts";
import { stripBidiControls } from "../domain/text/safe-text.ts";

/** Session lifetime, ms (12 hours). */
export const SESSION_MS = 12 * 60 * 60 * 1000;
/** Shortest accepted password. */
export const MIN_PASSWORD = 12;

/** Sign-in failed: wrong e-mail or password (deliberately not saying which), or locked. */
export class AuthenticationError extends Error {
  constructor(readonly reason: "invalid_credentials" | "locked" | "invalid_token") {
    // A locked account answers exactly like a wrong password (no account enumeration); the reason
    // stays available to the server for auditing.
    super(reason === "invalid_token" ? "Invalid or expired credentials" : "Wrong e-mail or password");
    this.name = "AuthenticationError";
  }
}

/** Input that breaks a rule the schema cannot express (weak password, foreign scope). */
export class InvalidInputError extends Error {
  constructor(message: string, readonly field: string) {
    super(message);
    this.name = "InvalidInputError";
  }
}

// OWASP-recommended argon2id parameters (19 MiB, 2 passes, 1 lane).
const ARGON = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
// A hash of a random password: verifying against it when the e-mail is unknown keeps the
// response time the same, so timing does not reveal which e-mails have accounts.
let dummyHash: Promise<string> | undefined;

/** SHA-256 hex of a token. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function newSecret(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}

function checkPassword(password: string, field = "password"): void {
  if (password.length < MIN_PASSWORD) throw new InvalidInputError(`password must have at least ${MIN_PASSWORD} characters`, field);
  if (password.length > 1024) throw new InvalidInputError("password must have at most 1024 characters", field);
}

/** Who a user is, without secrets. */
export interface UserView {
  id: string;
  organisationId: string;
  email: string;
  displayName: string;
  role: Role;
  /** A disabled user can neither sign in nor use their sessions or API tokens. */
  disabled: boolean;
  /** After an admin's forced reset: the user holds no permission until they change their password. */
  passwordChangeRequired: boolean;
  createdAt: string;
}

/** The secret-free view of a user row. */
export function userView(u: { id: string; organisationId: string; email: string; displayName: string; role: string; disabled?: boolean; passwordResetRequired?: boolean; createdAt: Date }): UserView {
  return {
    id: u.id, organisationId: u.organisationId, email: u.email, displayName: stripBidiControls(u.displayName), role: u.role as Role, disabled: u.disabled ?? false,
    passwordChangeRequired: u.passwordResetRequired ?? false, createdAt: new Date(u.createdAt).toISOString(),
  };
}

/**
 * Creates an organisation and its first admin (the `users create-admin` bootstrap).
 * @throws {InvalidInputError} for a weak password
 * @throws {ConflictError} when the e-mail is taken
 */
export async function bootstrapAdmin(
  store: Store,
  input: { organisationName: string; email: string; displayName: string; password: string },
  now = new Date(),
): Promise<{ organisationId: string; user: UserView }> {
  checkPassword(input.password);
  const email = input.email.trim().toLowerCase();
  const passwordHash = await argonHash(input.password, ARGON);
  return store.transaction(async (tx) => {
    const repo = new IdentityRepository(tx);
    if (await repo.userByEmail(email)) throw new ConflictError("a user with that e-mail exists");
    const organisationId = randomUUID();
    await repo.insertOrganisation({ id: organisationId, name: stripBidiControls(input.organisationName), createdAt: now });
    await recordAudit(tx, { organisationId, actor: "cli", action: "organisation.created", entity: "organisation", entityId: organisationId, at: now });
    const user = await repo.insertUser({ id: randomUUID(), organisationId, email, displayName: stripBidiControls(input.displayName), role: "admin", passwordHash, createdAt: now });
    await recordAudit(tx, { organisationId, actor: "cli", action: "user.created", entity: "user", entityId: user.id, row: userAuditRow(user), details: { role: "admin" }, at: now });
    return { organisationId, user: userView(user) };
  });
}

/**
 * An admin adds a user to their own organisation.
 * @throws {ForbiddenError} without `user:manage`
 * @throws {ConflictError} when the e-mail is taken (in any organisation)
 */
export async function createUser(
  store: Store,
  actor: Actor,
  input: { email: string; displayName: string; role: Role; password: string },
  now = new Date(),
): Promise<UserView> {
  authorize(actor, "user:manage");
  if (!isRole(input.role)) throw new InvalidInputError(`unknown role ${input.role}`, "role");
  checkPassword(input.password);
  const email = input.email.trim().toLowerCase();
  const passwordHash = await argonHash(input.password, ARGON);
  // E-mail uniqueness is global; checking it needs the system view (RLS hides other organisations).
  if (await new IdentityRepository(store.db).userByEmail(email)) throw new ConflictError("a user with that e-mail exists");
  return withOrg(store, actor.organisationId, async (tx) => {
    const user = await new IdentityRepository(tx).insertUser({ id: randomUUID(), organisationId: actor.organisationId, email, displayName: stripBidiControls(input.displayName), role: input.role, passwordHash, createdAt: now });
    await recordAudit(tx, { organisationId: actor.organisationId, actor: `user:${actor.userId}`, action: "user.created", entity: "user", entityId: user.id, row: userAuditRow(user), details: { role: input.role }, at: now });
    return userView(user);
  });
}

/** Users of the actor's organisation. @throws {ForbiddenError} without `user:manage` */
export async function listUsers(store: Store, actor: Actor): Promise<UserView[]> {
  authorize(actor, "user:manage");
  return withOrg(store, actor.organisationId, async (tx) => (await new IdentityRepository(tx).listUsers(actor.organisationId)).map(userView));
}

/** A new session: the cookie token and the CSRF token, both shown only now. */
export interface NewSession {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserView;
}

/** Where an e-mail's sign-in failures are counted: a hash, so the table lists no addresses. */
export function loginAttemptKey(email: string): string {
  return tokenHash(`login:${email.trim().toLowerCase()}`);
}

/**
 * Signs in. Five failures in a row lock the e-mail for 15 minutes (also against the right password).
 * Failures are counted per e-mail whether an account has it or not, and an unknown or disabled
 * account is checked against a dummy hash: the answer, the time (one argon2 verification) and the
 * writes (one counter upsert, one audit entry on locking) are the same, so nothing tells a prober
 * which e-mails exist.
 * @throws {AuthenticationError} for a wrong e-mail/password or a locked e-mail
 */
export async function login(store: Store, input: { email: string; password: string }, now = new Date()): Promise<NewSession> {
  const repo = new IdentityRepository(store.db);
  const email = input.email.trim().toLowerCase();
  const attemptKey = loginAttemptKey(email);
  const user = await repo.userByEmail(email);
  const live = user && !user.disabled ? user : undefined;
  const attempts = await repo.loginAttempts(attemptKey);
  dummyHash ??= argonHash(newSecret(), ARGON);
  const verified = await argonVerify(live ? live.passwordHash : await dummyHash, input.password).catch(() => false);
  // A lock holds even against the right password, and costs the same verification as a guess.
  if (isLocked(attempts, now)) throw new AuthenticationError("locked");
  if (!live || !verified) {
    // Counted in SQL, not from the row read above: concurrent wrong guesses must each count, or
    // racing attempts would keep the counter below the lock threshold.
    const lockUntil = afterFailure({ failedLogins: MAX_FAILURES - 1 }, now).lockedUntil!;
    const next = await store.transaction(async (tx) => {
      const counted = await new IdentityRepository(tx).recordFailedLogin(attemptKey, MAX_FAILURES, lockUntil, now);
      // Audited for known and unknown e-mails alike (the same write); an account's organisation
      // sees its own lock, an unknown e-mail's lock belongs to no organisation.
      if (counted.lockedUntil && counted.failed === MAX_FAILURES) {
        await recordAudit(tx, { organisationId: user?.organisationId ?? null, actor: "system", action: "login.locked", entity: user ? "user" : "login", entityId: user?.id ?? attemptKey.slice(0, 16), details: { failedLogins: counted.failed }, at: now });
      }
      return counted;
    });
    throw new AuthenticationError(next.lockedUntil ? "locked" : "invalid_credentials");
  }
  const sessionToken = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(now.getTime() + SESSION_MS);
  await store.transaction(async (tx) => {
    const r = new IdentityRepository(tx);
    await r.clearLoginAttempts(attemptKey);
    await r.insertSession({ id: tokenHash(sessionToken), userId: live.id, organisationId: live.organisationId, csrfHash: tokenHash(csrfToken), createdAt: now, expiresAt, revokedAt: null });
  });
  return { sessionToken, csrfToken, expiresAt, user: userView(live) };
}

/** The actor behind a session cookie, with its stored CSRF hash; null when invalid or expired. */
export async function resolveSession(store: Store, sessionToken: string, now = new Date()): Promise<{ actor: Extract<Actor, { kind: "user" }>; csrfHash: string; sessionId: string } | null> {
  const repo = new IdentityRepository(store.db);
  const s = await repo.sessionByHash(tokenHash(sessionToken));
  if (!s || s.revokedAt || new Date(s.expiresAt).getTime() <= now.getTime()) return null;
  const user = await repo.userById(s.userId);
  if (!user || user.disabled || !isRole(user.role)) return null;
  return {
    // After a forced reset the session may only change the password (and sign out): no permission at all.
    actor: { kind: "user", userId: user.id, organisationId: user.organisationId, role: user.role, permissions: user.passwordResetRequired ? new Set() : permissionsFor(user.role, null, { identityApproved: user.identityApprovedAt !== null }), via: "session" },
    csrfHash: s.csrfHash,
    sessionId: s.id,
  };
}

/** Whether `csrfToken` is the one issued with the session (constant-time). */
export function csrfMatches(csrfHash: string, csrfToken: string | undefined): boolean {
  if (!csrfToken) return false;
  const a = Buffer.from(tokenHash(csrfToken), "hex");
  const b = Buffer.from(csrfHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A user changes their own password (signed in with a session, never an API token): the current
 * password is checked (a wrong one counts towards the sign-in lock), the user's other sessions end,
 * a forced reset is cleared; audited.
 * @throws {ForbiddenError} when not signed in
 * @throws {InvalidInputError} for an API token (`authorization`), a wrong current password (`currentPassword`), a weak or unchanged new one (`newPassword`)
 */
export async function changePassword(
  store: Store,
  actor: Actor,
  input: { currentPassword: string; newPassword: string; sessionId: string | null },
  now = new Date(),
): Promise<UserView> {
  if (actor.kind !== "user") throw new ForbiddenError("user:manage", true);
  // An API token (possibly leaked, scoped) must not be able to take the account over.
  if (actor.via !== "session") throw new InvalidInputError("a password is changed from a signed-in session, not with an API token", "authorization");
  checkPassword(input.newPassword, "newPassword");
  const repo = new IdentityRepository(store.db);
  const user = await repo.userById(actor.userId);
  if (!user || user.disabled) throw new HiddenResourceError("user");
  const attemptKey = loginAttemptKey(user.email);
  if (isLocked(await repo.loginAttempts(attemptKey), now)) throw new InvalidInputError("too many wrong passwords: try again in 15 minutes", "currentPassword");
  if (!(await argonVerify(user.passwordHash, input.currentPassword).catch(() => false))) {
    const lockUntil = afterFailure({ failedLogins: MAX_FAILURES - 1 }, now).lockedUntil!;
    await repo.recordFailedLogin(attemptKey, MAX_FAILURES, lockUntil, now);
    throw new InvalidInputError("the current password is wrong", "currentPassword");
  }
  if (input.newPassword === input.currentPassword) throw new InvalidInputError("the new password must differ from the current one", "newPassword");
  const passwordHash = await argonHash(input.newPassword, ARGON);
  const changed = await withOrg(store, actor.organisationId, async (tx) => {
    const r = new IdentityRepository(tx);
    // Only over the password that was checked: a reset committed meanwhile is not undone.
    const row = await r.setPassword(actor.organisationId, actor.userId, passwordHash, false, { expectedHash: user.passwordHash });
    if (!row) throw new ConflictError("the password was changed or reset meanwhile; sign in again");
    const sessions = await r.revokeOtherSessions(actor.userId, input.sessionId, now);
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "user.password-changed", entity: "user", entityId: actor.userId, row: userAuditRow(row), details: { otherSessionsEnded: sessions, wasForced: user.passwordResetRequired }, at: now });
    return userView(row);
  });
  // The counters live outside organisations (system context; the app role has no grant on them).
  await repo.clearLoginAttempts(attemptKey);
  return changed;
}

/**
 * An admin forces a user of their organisation to choose a new password: the temporary password
 * they hand over replaces the old one, every session and API token of the user ends, and until the
 * user changes it they hold no permission, and any approval to read identities is withdrawn (a
 * second identity reader approves again). Audited (tokens each).
 * @throws {ForbiddenError} without `user:manage`
 * @throws {InvalidInputError} for oneself (`id`: change your own instead) or a weak temporary password
 * @throws {HiddenResourceError} when the user is not in the admin's organisation
 */
export async function forcePasswordReset(store: Store, actor: Actor, userId: string, temporaryPassword: string, now = new Date()): Promise<UserView> {
  authorize(actor, "user:manage");
  // A leaked admin token must not be able to take accounts over.
  if (actor.kind === "user" && actor.via !== "session") throw new InvalidInputError("a password is reset from a signed-in session, not with an API token", "authorization");
  if (userId === actor.userId) throw new InvalidInputError("change your own password instead of resetting it", "id");
  checkPassword(temporaryPassword, "temporaryPassword");
  const passwordHash = await argonHash(temporaryPassword, ARGON);
  const reset = await withOrg(store, actor.organisationId, async (tx) => {
    const r = new IdentityRepository(tx);
    // The admin chose the temporary password, so the account's access to identities is withdrawn
    // until another identity reader approves it again: otherwise an admin could reset an analyst,
    // sign in as them and read reporters (#14 point 3).
    const before = await r.userById(userId);
    const row = await r.setPassword(actor.organisationId, userId, passwordHash, true, { clearIdentityApproval: true });
    if (!row) throw new HiddenResourceError("user");
    const revoked = await r.revokeCredentials(userId, now);
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "user.password-reset", entity: "user", entityId: userId, row: userAuditRow(row), details: { sessions: revoked.sessions, tokens: revoked.tokens.length, identityApprovalWithdrawn: Boolean(before?.identityApprovedAt) }, at: now });
    for (const token of revoked.tokens) {
      await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "token.revoked", entity: "token", entityId: token.id, row: tokenAuditRow(token), details: { reason: "password reset" }, at: now });
    }
    return userView(row);
  });
  // A lock from earlier guesses must not keep the user from the temporary password (system context).
  await new IdentityRepository(store.db).clearLoginAttempts(loginAttemptKey(reset.email));
  return reset;
}

/**
 * Forgets sign-in failure counters a day after their last failure, once no lock holds: an attacker
 * spraying random e-mails must not grow the table without end.
 * @returns counters deleted
 */
export async function pruneLoginAttempts(store: Store, now = new Date()): Promise<number> {
  return new IdentityRepository(store.db).pruneLoginAttempts(new Date(now.getTime() - 86_400_000), now);
}

/** Ends a session. */
export async function logout(store: Store, sessionToken: string, now = new Date()): Promise<void> {
  await new IdentityRepository(store.db).revokeSession(tokenHash(sessionToken), now);
}

/** An API token as listed (never its secret). */
export interface TokenView {
  id: string;
  userId: string;
  name: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

function tokenView(t: { id: string; userId: string; name: string; scopes: string[]; createdAt: Date; expiresAt: Date | null; revokedAt: Date | null }): TokenView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return { id: t.id, userId: t.userId, name: t.name, scopes: t.scopes, createdAt: new Date(t.createdAt).toISOString(), expiresAt: iso(t.expiresAt), revokedAt: iso(t.revokedAt) };
}

/**
 * Creates an API token for the actor, limited to `scopes` (each must be a permission the actor holds).
 * @returns the token (`tcn_…`, shown once) and its listing
 * @throws {ForbiddenError} without `token:manage`
 * @throws {InvalidInputError} for a scope the actor does not hold
 */
export async function createApiToken(
  store: Store,
  actor: Actor,
  input: { name: string; scopes: string[]; expiresInDays?: number },
  now = new Date(),
): Promise<{ token: string; info: TokenView }> {
  authorize(actor, "token:manage");
  for (const s of input.scopes) {
    if (!(PERMISSIONS as readonly string[]).includes(s) || !actor.permissions.has(s as Permission)) throw new InvalidInputError(`scope ${s} is not one of your permissions`, "scopes");
  }
  // A token cannot mint tokens: scoped credentials must not escalate to broader ones.
  if (actor.via === "token") throw new InvalidInputError("API tokens cannot create API tokens; sign in", "scopes");
  const token = newSecret("tcn_");
  const row = {
    id: randomUUID(), organisationId: actor.organisationId, userId: actor.userId, name: input.name, tokenHash: tokenHash(token), scopes: [...new Set(input.scopes)],
    createdAt: now, expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null, revokedAt: null,
  };
  await withOrg(store, actor.organisationId, async (tx) => {
    await new IdentityRepository(tx).insertToken(row);
    await recordAudit(tx, { organisationId: actor.organisationId, actor: `user:${actor.userId}`, action: "token.created", entity: "token", entityId: row.id, row: tokenAuditRow(row), details: { scopes: row.scopes }, at: now });
  });
  return { token, info: tokenView(row) };
}

/** The actor's tokens (all of the organisation's with `user:manage`). */
export async function listApiTokens(store: Store, actor: Actor): Promise<TokenView[]> {
  authorize(actor, "token:manage");
  return withOrg(store, actor.organisationId, async (tx) =>
    (await new IdentityRepository(tx).listTokens(actor.organisationId, actor.permissions.has("user:manage") ? undefined : actor.userId)).map(tokenView),
  );
}

/**
 * Revokes a token: the owner's own, or any in the organisation with `user:manage`.
 * @throws {NotFoundError} when no such token is visible to the actor
 */
export async function revokeApiToken(store: Store, actor: Actor, id: string, now = new Date()): Promise<void> {
  authorize(actor, "token:manage");
  await withOrg(store, actor.organisationId, async (tx) => {
    const repo = new IdentityRepository(tx);
    const t = await repo.token(actor.organisationId, id);
    if (!t || (t.userId !== actor.userId && !actor.permissions.has("user:manage"))) throw new NotFoundError("token", id);
    await repo.revokeToken(actor.organisationId, id, now);
    const revoked = await repo.token(actor.organisationId, id);
    await recordAudit(tx, { organisationId: actor.organisationId, actor: `user:${actor.userId}`, action: "token.revoked", entity: "token", entityId: id, row: revoked && tokenAuditRow(revoked), at: now });
  });
}

/** The actor behind an API token, permissions narrowed to its scopes; null when invalid. */
export async function resolveApiToken(store: Store, token: string, now = new Date()): Promise<Extract<Actor, { kind: "user" }> | null> {
  if (!token.startsWith("tcn_") || token.length > 200) return null;
  const repo = new IdentityRepository(store.db);
  const t = await repo.tokenByHash(tokenHash(token));
  if (!t || t.revokedAt || (t.expiresAt && new Date(t.expiresAt).getTime() <= now.getTime())) return null;
  const user = await repo.userById(t.userId);
  if (!user || user.disabled || user.passwordResetRequired || !isRole(user.role) || user.organisationId !== t.organisationId) return null;
  return { kind: "user", userId: user.id, organisationId: user.organisationId, role: user.role, permissions: permissionsFor(user.role, t.scopes, { identityApproved: user.identityApprovedAt !== null }), via: "token" };
}
