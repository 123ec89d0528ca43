/**
 * Organisations as partners on one instance (issue 16): who is here (for sharing and the partners
 * page) and which of them the instance's operators designated public publisher — an organisation
 * whose alert overrides set the public level instead of only its own view. Designation is an
 * operator's act (command line), audited.
 */
import { authorize, type Actor } from "../domain/identity/permissions.ts";
import type { Store } from "../infra/store/database.ts";
import { PartnerRepository } from "../infra/store/partner.repository.ts";
import { recordAudit } from "./audit.service.ts";
import { NotFoundError } from "./errors.ts";

/** An organisation as partners see it: name and role on the instance, nothing about its people. */
export interface PartnerView {
  id: string;
  name: string;
  publicPublisher: boolean;
  /** True for the caller's own organisation. */
  self: boolean;
}

/**
 * The organisations on this instance, for any signed-in user allowed to read shares.
 * @throws {ForbiddenError} without `share:read`
 */
export async function listPartners(deps: { store: Store }, actor: Actor): Promise<PartnerView[]> {
  authorize(actor, "share:read");
  const me = actor.kind === "user" ? actor.organisationId : null;
  return (await new PartnerRepository(deps.store.db).list()).map((o) => ({ id: o.id, name: o.name, publicPublisher: o.publicPublisher, self: o.id === me }));
}

/** Every organisation on the instance, for the operators (command line). */
export async function listOrganisations(store: Store): Promise<Omit<PartnerView, "self">[]> {
  return (await new PartnerRepository(store.db).list()).map((o) => ({ id: o.id, name: o.name, publicPublisher: o.publicPublisher }));
}

/**
 * Designates (or, with `on = false`, withdraws) an organisation as public publisher. For the
 * instance's operators (command line); audited as the operator.
 * @param organisation id or exact name
 * @throws {NotFoundError} for an unknown organisation
 */
export async function setPublicPublisher(store: Store, organisation: string, on: boolean, options: { actor?: string; now?: Date } = {}): Promise<PartnerView> {
  return store.transaction(async (tx) => {
    const repo = new PartnerRepository(tx);
    const found = await repo.find(organisation);
    if (!found) throw new NotFoundError("organisation", organisation);
    const row = (await repo.setPublicPublisher(found.id, on))!;
    await recordAudit(tx, {
      organisationId: row.id, actor: options.actor ?? "cli", action: on ? "organisation.public-publisher-set" : "organisation.public-publisher-cleared",
      entity: "organisation", entityId: row.id, row, details: { publicPublisher: on }, at: options.now ?? new Date(),
    });
    return { id: row.id, name: row.name, publicPublisher: row.publicPublisher, self: false };
  });
}
