/**
 * A user's language: chosen in the dashboard's header, kept on the account so it follows them to
 * another device, and used for the alert e-mails and inbox messages they receive.
 */
import type { DashboardLocale } from "../domain/i18n/languages.ts";
import { ForbiddenError, HiddenResourceError, type Actor } from "../domain/identity/permissions.ts";
import type { Store } from "../infra/store/database.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { withOrg } from "../infra/store/org-scope.ts";
import { recordAudit } from "./audit.service.ts";

function signedIn(actor: Actor): Extract<Actor, { kind: "user" }> {
  // Any signed-in user may read and set their own language; anonymous callers get the usual 401.
  if (actor.kind !== "user") throw new ForbiddenError("user:manage", true);
  return actor;
}

/**
 * The caller's saved language (null: none chosen, the browser decides).
 * @throws {ForbiddenError} when not signed in
 */
export async function myLocale(store: Store, actor: Actor): Promise<string | null> {
  const user = signedIn(actor);
  return withOrg(store, user.organisationId, async (tx) => {
    const row = await new IdentityRepository(tx).user(user.organisationId, user.userId);
    if (!row) throw new HiddenResourceError("user");
    return row.locale ?? null;
  });
}

/**
 * Saves the caller's language (audited: it changes what the user's alert messages say).
 * @param locale an offered dashboard language, or null to follow the browser again
 * @throws {ForbiddenError} when not signed in
 */
export async function setMyLocale(store: Store, actor: Actor, locale: DashboardLocale | null, now = new Date()): Promise<string | null> {
  const user = signedIn(actor);
  return withOrg(store, user.organisationId, async (tx) => {
    const row = await new IdentityRepository(tx).setLocale(user.organisationId, user.userId, locale);
    if (!row) throw new HiddenResourceError("user");
    await recordAudit(tx, { organisationId: user.organisationId, actor: `user:${user.userId}`, action: "user.locale", entity: "user", entityId: user.userId, details: { locale }, at: now });
    return row.locale ?? null;
  });
}
