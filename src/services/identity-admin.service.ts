/**
 * What the dashboard's admin pages need beyond `auth.service.ts`: disable or re-enable a user, read
 * one's own organisation, and read the role → permission table. Every use case calls `authorize`
 * first; state changes are audited in the same transaction.
 */
import { authorize, HiddenResourceError, PERMISSIONS, ROLE_PERMISSIONS, ROLES, type Actor, type Permission, type Role } from "../domain/identity/permissions.ts";
import type { Store } from "../infra/store/database.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { withOrg } from "../infra/store/org-scope.ts";
import { recordAudit, userAuditRow } from "./audit.service.ts";
import { InvalidInputError, userView, type UserView } from "./auth.service.ts";

/**
 * Disables (or re-enables) a user of the admin's organisation. A disabled user's sessions and API
 * tokens stop working at once, because every request re-reads the user.
 * @throws {ForbiddenError} without `user:manage`
 * @throws {InvalidInputError} when admins try to disable themselves (an organisation could lose its last admin)
 * @throws {HiddenResourceError} when the user is not in the admin's organisation
 */
export async function setUserDisabled(store: Store, actor: Actor, userId: string, disabled: boolean, now = new Date()): Promise<UserView> {
  authorize(actor, "user:manage");
  if (disabled && userId === actor.userId) throw new InvalidInputError("you cannot disable your own account", "disabled");
  return withOrg(store, actor.organisationId, async (tx) => {
    const row = await new IdentityRepository(tx).setDisabled(actor.organisationId, userId, disabled);
    if (!row) throw new HiddenResourceError("user");
    await recordAudit(tx, { organisationId: actor.organisationId, actor: `user:${actor.userId}`, action: disabled ? "user.disabled" : "user.enabled", entity: "user", entityId: userId, row: userAuditRow(row), at: now });
    return userView(row);
  });
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
