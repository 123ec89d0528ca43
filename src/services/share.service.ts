/**
 * Sharing on purpose (issue 16 part 2): an analyst shares an alert, an assessment or a verified
 * report with named partner organisations on this instance, or publishes it. What is stored and
 * shown to recipients is the redacted shared shape (`domain/sharing/shared-item.ts`), built by rule
 * from the original and validated against its schema; the original never leaves its organisation's
 * tables. Recipients see the origin (organisation, who, when), acknowledge it, and lose it when the
 * sharer revokes. Every share, revocation and acknowledgement is audited.
 */
import { randomUUID } from "node:crypto";
import { authorize, type Actor } from "../domain/identity/permissions.ts";
import { redactAlert, redactAssessment, redactReport, type ShareItemType } from "../domain/sharing/shared-item.ts";
import type { Store } from "../infra/store/database.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { withOrg } from "../infra/store/org-scope.ts";
import { PartnerRepository } from "../infra/store/partner.repository.ts";
import { ShareRepository, type ShareRow } from "../infra/store/share.repository.ts";
import { publishedSynthesis } from "./assessment.service.ts";
import { actorLabel, recordAudit } from "./audit.service.ts";
import { InvalidInputError } from "./auth.service.ts";
import { ConflictError, NotFoundError } from "./errors.ts";

type User = Extract<Actor, { kind: "user" }>;

/** What a share sends. */
export interface ShareInput {
  itemType: ShareItemType;
  /** Alert id, assessment version id, or report id. */
  itemId: string;
  /** Partner organisations on this instance (ids), not the sharer's own. */
  recipients: string[];
  /** Also publish it: every organisation on the instance sees it. */
  publish: boolean;
}

/** A share as its sharer or a recipient sees it. */
export interface ShareView {
  id: string;
  itemType: ShareItemType;
  itemId: string;
  payload: Record<string, unknown>;
  origin: { organisationId: string; organisation: string; sharedBy: string; sharedAt: string };
  recipients: { id: string; name: string }[];
  published: boolean;
  revokedAt: string | null;
  /** For a recipient: when its organisation acknowledged it (null if not yet). */
  acknowledgedAt: string | null;
}

function user(actor: Actor): User {
  if (actor.kind !== "user") throw new InvalidInputError("sharing needs a signed-in user", "actor");
  return actor;
}

async function names(store: Store): Promise<Map<string, string>> {
  return new Map((await new PartnerRepository(store.db).list()).map((o) => [o.id, o.name]));
}

function shareView(r: ShareRow, orgNames: Map<string, string>, acknowledgedAt: Date | null): ShareView {
  return {
    id: r.id, itemType: r.itemType, itemId: r.itemId, payload: r.payload,
    origin: { organisationId: r.organisationId, organisation: orgNames.get(r.organisationId) ?? "(unknown organisation)", sharedBy: r.sharedByName, sharedAt: r.createdAt.toISOString() },
    recipients: r.recipients.map((id) => ({ id, name: orgNames.get(id) ?? "(unknown organisation)" })), published: r.published,
    revokedAt: r.revokedAt ? r.revokedAt.toISOString() : null, acknowledgedAt: acknowledgedAt ? acknowledgedAt.toISOString() : null,
  };
}

/**
 * Shares an item with partner organisations (and/or publishes it). The payload is the item's
 * redacted shared shape. Audited under the sharer's organisation (the audit names the recipients,
 * not the payload).
 * @throws {ForbiddenError} without `share:write`
 * @throws {InvalidInputError} for no recipient and no publish, the sharer's own organisation or an
 *   unknown organisation among the recipients (field `recipients`)
 * @throws {NotFoundError} when the item is not the organisation's to share (or not verified/reviewed)
 */
export async function shareItem(deps: { store: Store; now?: () => Date }, actor: Actor, input: ShareInput): Promise<ShareView> {
  authorize(actor, "share:write");
  const me = user(actor);
  const now = deps.now?.() ?? new Date();
  const recipients = [...new Set(input.recipients)];
  if (!recipients.length && !input.publish) throw new InvalidInputError("name at least one partner organisation, or publish", "recipients");
  const orgNames = await names(deps.store);
  recipients.forEach((id, i) => {
    if (id === me.organisationId) throw new InvalidInputError("your own organisation is not a partner", `recipients[${i}]`);
    if (!orgNames.has(id)) throw new InvalidInputError(`no organisation ${id} on this instance`, `recipients[${i}]`);
  });
  // "Not found" names the field, never echoes the id: whether another organisation's item exists is not said.
  const row = await withOrg(deps.store, me.organisationId, async (tx) => {
    const repo = new ShareRepository(tx);
    let payload: Record<string, unknown>;
    if (input.itemType === "alert") {
      const a = await repo.alertSource(me.organisationId, input.itemId);
      if (!a) throw new NotFoundError("alert", "itemId");
      payload = redactAlert(a);
    } else if (input.itemType === "assessment") {
      const a = await repo.assessmentSource(me.organisationId, input.itemId);
      if (!a) throw new NotFoundError("assessment version (reviewed or published)", "itemId");
      const synthesis = await publishedSynthesis(tx, a);
      payload = redactAssessment({ countryIso3: a.assessment.countryIso3, version: a.version.version, assessedOn: a.version.assessedOn, summary: a.version.content.summary, synthesis });
    } else {
      const r = await repo.reportSource(me.organisationId, input.itemId);
      if (!r) throw new NotFoundError("verified report", "itemId");
      payload = redactReport(r);
    }
    const sharer = await new IdentityRepository(tx).user(me.organisationId, me.userId);
    const saved = await repo.insert({
      id: randomUUID(), organisationId: me.organisationId, itemType: input.itemType, itemId: input.itemId, payload, recipients, published: input.publish,
      sharedBy: actorLabel(me), sharedByName: sharer?.displayName ?? "an analyst", createdAt: now, revokedAt: null, revokedBy: null,
    });
    await recordAudit(tx, { organisationId: me.organisationId, actor: actorLabel(me), action: "share.created", entity: "share", entityId: saved.id, row: saved, details: { itemType: input.itemType, itemId: input.itemId, recipients, published: input.publish }, at: now });
    return saved;
  });
  return shareView(row, orgNames, null);
}

/**
 * Revokes one of the organisation's shares: recipients no longer see it. Audited.
 * @throws {ForbiddenError} without `share:write`
 * @throws {NotFoundError} when it is not the organisation's share
 * @throws {ConflictError} when it is already revoked
 */
export async function revokeShare(deps: { store: Store; now?: () => Date }, actor: Actor, id: string): Promise<ShareView> {
  authorize(actor, "share:write");
  const me = user(actor);
  const now = deps.now?.() ?? new Date();
  const orgNames = await names(deps.store);
  const row = await withOrg(deps.store, me.organisationId, async (tx) => {
    const repo = new ShareRepository(tx);
    const existing = await repo.own(me.organisationId, id);
    if (!existing) throw new NotFoundError("share", id);
    if (existing.revokedAt) throw new ConflictError(`share ${id} is already revoked`);
    const revoked = (await repo.revoke(me.organisationId, id, actorLabel(me), now))!;
    await recordAudit(tx, { organisationId: me.organisationId, actor: actorLabel(me), action: "share.revoked", entity: "share", entityId: id, row: revoked, details: { itemType: revoked.itemType, recipients: revoked.recipients, published: revoked.published }, at: now });
    return revoked;
  });
  return shareView(row, orgNames, null);
}

/** The organisation's own shares (revoked ones too), newest first. */
export async function listOutgoingShares(deps: { store: Store }, actor: Actor): Promise<ShareView[]> {
  authorize(actor, "share:read");
  const me = user(actor);
  const orgNames = await names(deps.store);
  const rows = await withOrg(deps.store, me.organisationId, (tx) => new ShareRepository(tx).listOwn(me.organisationId));
  return rows.map((r) => shareView(r, orgNames, null));
}

/** Items partners shared with the organisation (or published), not revoked, newest first, with the organisation's acknowledgement. */
export async function listIncomingShares(deps: { store: Store }, actor: Actor): Promise<ShareView[]> {
  authorize(actor, "share:read");
  const me = user(actor);
  const orgNames = await names(deps.store);
  return withOrg(deps.store, me.organisationId, async (tx) => {
    const repo = new ShareRepository(tx);
    const rows = await repo.listIncoming(me.organisationId);
    const acks = new Map((await repo.acknowledgements(me.organisationId, rows.map((r) => r.id))).map((a) => [a.shareId, a.createdAt]));
    return rows.map((r) => shareView(r, orgNames, acks.get(r.id) ?? null));
  });
}

/**
 * Acknowledges an incoming share for the organisation, with an optional note kept in the
 * organisation. Audited.
 * @throws {ForbiddenError} without `share:acknowledge`
 * @throws {NotFoundError} when it is not addressed to the organisation (or was revoked)
 * @throws {ConflictError} when the organisation acknowledged it already
 */
export async function acknowledgeShare(deps: { store: Store; now?: () => Date }, actor: Actor, id: string, note = ""): Promise<ShareView> {
  authorize(actor, "share:acknowledge");
  const me = user(actor);
  const now = deps.now?.() ?? new Date();
  const orgNames = await names(deps.store);
  return withOrg(deps.store, me.organisationId, async (tx) => {
    const repo = new ShareRepository(tx);
    const share = await repo.incoming(me.organisationId, id);
    if (!share) throw new NotFoundError("share", id);
    const ack = await repo.acknowledge({ shareId: id, organisationId: me.organisationId, acknowledgedBy: actorLabel(me), note: note.trim(), createdAt: now });
    if (!ack) throw new ConflictError(`share ${id} is already acknowledged`);
    await recordAudit(tx, { organisationId: me.organisationId, actor: actorLabel(me), action: "share.acknowledged", entity: "share_acknowledgement", entityId: id, row: ack, details: { from: share.organisationId }, at: now });
    return shareView(share, orgNames, now);
  });
}
