/**
 * What the dashboard's admin pages need beyond `auth.service.ts`: disable or re-enable a user, read
 * one's own organisation, and read the role → permission table. Every use case calls `authorize`
 * first; state changes are audited in the same transaction.
 */
import { authorize, HiddenResourceError, isRole, PERMISSIONS, ROLE_PERMISSIONS, ROLES, roleReadsIdentities, type Actor, type Permission, type Role } from "../domain/identity/permissions.ts";
import type { Db, Store } from "../infra/store/database.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { withOrg } from "../infra/store/org-scope.ts";
import { recordAudit, tokenAuditRow, userAuditRow } from "./audit.service.ts";
import { InvalidInputError, userView, type UserView } from "./auth.service.ts";

/**
 * Disables (or re-enables) a user of the admin's organisation. Disabling also revokes every session
 * and API token of the user, so re-enabling does not revive them: the user signs in again.
 * @throws {ForbiddenError} without `user:manage`
 * @throws {InvalidInputError} when admins try to disable themselves (an organisation could lose its last admin)
 * @throws {HiddenResourceError} when the user is not in the admin's organisation
 */
export async function setUserDisabled(store: Store, actor: Actor, userId: string, disabled: boolean, now = new Date()): Promise<UserView> {
  authorize(actor, "user:manage");
  if (disabled && userId === actor.userId) throw new InvalidInputError("you cannot disable your own account", "disabled");
  return withOrg(store, actor.organisationId, async (tx) => {
    const repo = new IdentityRepository(tx);
    const row = await repo.setDisabled(actor.organisationId, userId, disabled);
    if (!row) throw new HiddenResourceError("user");
    const revoked = disabled ? await repo.revokeCredentials(userId, now) : undefined;
    await recordAudit(tx, { organisationId: actor.organisationId, actor: `user:${actor.userId}`, action: disabled ? "user.disabled" : "user.enabled", entity: "user", entityId: userId, row: userAuditRow(row), details: revoked && { sessions: revoked.sessions, tokens: revoked.tokens.length }, at: now });
    for (const token of revoked?.tokens ?? []) {
      await recordAudit(tx, { organisationId: actor.organisationId, actor: `user:${actor.userId}`, action: "token.revoked", entity: "token", entityId: token.id, row: tokenAuditRow(token), details: { reason: "user disabled" }, at: now });
    }
    return userView(row);
  });
}

/**
 * Approves a user's access to reporter identities (their role holds an identity permission, see
 * `IDENTITY_PERMISSIONS`). Only someone who already holds `report:read-identity` — approved in
 * turn — may approve, and never themselves; audited.
 * @throws {ForbiddenError} without `report:read-identity`
 * @throws {InvalidInputError} for oneself, a role without identity permissions, or an approved user
 * @throws {HiddenResourceError} when the user is not in the actor's organisation
 */
export async function approveIdentityAccess(store: Store, actor: Actor, userId: string, now = new Date()): Promise<UserView> {
  authorize(actor, "report:read-identity");
  if (userId === actor.userId) throw new InvalidInputError("a second person must approve your access", "id");
  return withOrg(store, actor.organisationId, (tx) => approveIn(tx, actor.organisationId, userId, `user:${actor.userId}`, now));
}

/**
 * The instance operator's approval (`tocsin users approve-role`), for the first identity reader of
 * an organisation, who has no one to approve them; audited with actor `cli`.
 * @throws {InvalidInputError} when no user has that e-mail, or as {@link approveIdentityAccess}
 */
export async function approveIdentityAccessByOperator(store: Store, email: string, now = new Date()): Promise<UserView> {
  const user = await new IdentityRepository(store.db).userByEmail(email.trim().toLowerCase());
  if (!user) throw new InvalidInputError(`no user with e-mail ${email}`, "email");
  return withOrg(store, user.organisationId, (tx) => approveIn(tx, user.organisationId, user.id, "cli", now));
}

async function approveIn(tx: Db, organisationId: string, userId: string, by: string, now: Date): Promise<UserView> {
  const repo = new IdentityRepository(tx);
  const user = await repo.user(organisationId, userId);
  if (!user) throw new HiddenResourceError("user");
  if (!isRole(user.role) || !roleReadsIdentities(user.role)) throw new InvalidInputError(`the role ${user.role} reads no identities; nothing to approve`, "id");
  if (user.identityApprovedAt) throw new InvalidInputError("this user's access is already approved", "id");
  const row = (await repo.approveIdentity(organisationId, userId, by, now))!;
  await recordAudit(tx, { organisationId, actor: by, action: "user.identity-approved", entity: "user", entityId: userId, details: { role: user.role }, at: now });
  return userView(row);
}

/** The actor's organisation. */
export interface OrganisationView {
  id: string;
  name: string;
  createdAt: string;
  /** Users by role (disabled users included). */
  members: Record<Role, number>;
}

/**
 * The admin's own organisation with its member counts.
 * @throws {ForbiddenError} without `user:manage`
 */
export async function ownOrganisation(store: Store, actor: Actor): Promise<OrganisationView> {
  authorize(actor, "user:manage");
  return withOrg(store, actor.organisationId, async (tx) => {
    const repo = new IdentityRepository(tx);
    const org = await repo.organisation(actor.organisationId);
    if (!org) throw new HiddenResourceError("organisation");
    const members = Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<Role, number>;
    for (const u of await repo.listUsers(actor.organisationId)) if (u.role in members) members[u.role as Role] += 1;
    return { id: org.id, name: org.name, createdAt: new Date(org.createdAt).toISOString(), members };
  });
}

/**
 * The access policy as a table, for the read-only roles page: every permission and the roles holding it.
 * @throws {ForbiddenError} without `user:manage`
 */
export function roleTable(actor: Actor): { roles: Role[]; permissions: { permission: Permission; roles: Role[] }[] } {
  authorize(actor, "user:manage");
  return { roles: [...ROLES], permissions: PERMISSIONS.map((permission) => ({ permission, roles: ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(permission)) })) };
}
