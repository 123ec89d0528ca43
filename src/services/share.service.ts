/**
 * Sharing on purpose (issue 16 part 2): an analyst shares an alert, an assessment or a verified
 * report with named partner organisations on this instance, or publishes it. What is stored and
 * shown to recipients is the redacted shared shape (`domain/sharing/shared-item.ts`), built by rule
 * from the original and validated against its schema; the original never leaves its organisation's
 * tables. Recipients see the origin (organisation, who, when), acknowledge it, and lose it when the
 * sharer revokes. Every share, revocation and acknowledgement is audited.
 *
 * Recipients record response actions on alerts shared with them (`recordShareResponse`). Those rows
 * are the recipient's own (its organisation, under row-level security), like its actions on public
 * alerts: what an organisation does about a warning can expose its people and partners, so the
 * sharer does not see them by default. The recipient may choose, per action, to tell the sharer
 * (`visibleToSharer`); the sharer then reads the action's description, status and outcome and the
 * recipient organisation's name, never who recorded it. The database enforces the same rule.
 */
import { randomUUID } from "node:crypto";
import { authorize, type Actor } from "../domain/identity/permissions.ts";
import { ACTION_STATUSES, type ActionStatus } from "../domain/response/gap-metrics.ts";
import { redactAlert, redactAssessment, redactReport, type ShareItemType } from "../domain/sharing/shared-item.ts";
import type { Store } from "../infra/store/database.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { withOrg } from "../infra/store/org-scope.ts";
import { PartnerRepository } from "../infra/store/partner.repository.ts";
import { ShareRepository, type ShareResponseRow, type ShareRow } from "../infra/store/share.repository.ts";
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

/** A response action a recipient recorded on a shared alert. */
export interface ShareResponseView {
  id: string;
  shareId: string;
  /** The recipient organisation that acts. */
  organisation: string;
  description: string;
  status: ActionStatus;
  outcome: string | null;
  /** Whether the recipient lets the sharer see this action. */
  visibleToSharer: boolean;
  createdAt: string;
  updatedAt: string;
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
  /**
   * For a recipient: its own response actions on the shared alert. For the sharer: the actions
   * recipients chose to show it.
   */
  responses: ShareResponseView[];
}

function user(actor: Actor): User {
  if (actor.kind !== "user") throw new InvalidInputError("sharing needs a signed-in user", "actor");
  return actor;
}

async function names(store: Store): Promise<Map<string, string>> {
  return new Map((await new PartnerRepository(store.db).list()).map((o) => [o.id, o.name]));
}

function responseView(r: ShareResponseRow, orgNames: Map<string, string>): ShareResponseView {
  return {
    id: r.id, shareId: r.shareId, organisation: orgNames.get(r.organisationId) ?? "(unknown organisation)", description: r.description, status: r.status, outcome: r.outcome,
    visibleToSharer: r.visibleToSharer, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}

function shareView(r: ShareRow, orgNames: Map<string, string>, acknowledgedAt: Date | null, responses: ShareResponseRow[] = []): ShareView {
  return {
    id: r.id, itemType: r.itemType, itemId: r.itemId, payload: r.payload,
    origin: { organisationId: r.organisationId, organisation: orgNames.get(r.organisationId) ?? "(unknown organisation)", sharedBy: r.sharedByName, sharedAt: r.createdAt.toISOString() },
    recipients: r.recipients.map((id) => ({ id, name: orgNames.get(id) ?? "(unknown organisation)" })), published: r.published,
    revokedAt: r.revokedAt ? r.revokedAt.toISOString() : null, acknowledgedAt: acknowledgedAt ? acknowledgedAt.toISOString() : null,
    responses: responses.filter((x) => x.shareId === r.id).map((x) => responseView(x, orgNames)),
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

/** The organisation's own shares (revoked ones too), newest first, with the response actions recipients chose to show it. */
export async function listOutgoingShares(deps: { store: Store }, actor: Actor): Promise<ShareView[]> {
  authorize(actor, "share:read");
  const me = user(actor);
  const orgNames = await names(deps.store);
  return withOrg(deps.store, me.organisationId, async (tx) => {
    const repo = new ShareRepository(tx);
    const rows = await repo.listOwn(me.organisationId);
    const told = await repo.responsesToldTo(me.organisationId, rows.map((r) => r.id));
    return rows.map((r) => shareView(r, orgNames, null, told));
  });
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
    const responses = await repo.responsesOf(me.organisationId, rows.map((r) => r.id));
    return rows.map((r) => shareView(r, orgNames, acks.get(r.id) ?? null, responses));
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
    return shareView(share, orgNames, now, await repo.responsesOf(me.organisationId, [id]));
  });
}

/** A response action a recipient records on a shared alert. */
export interface ShareResponseInput {
  description: string;
  status?: ActionStatus;
  outcome?: string | null;
  /** Let the sharer see this action (default: no). */
  visibleToSharer?: boolean;
}

function checkStatus(status: unknown): ActionStatus {
  if (!(ACTION_STATUSES as readonly unknown[]).includes(status)) throw new InvalidInputError(`must be one of ${ACTION_STATUSES.join(", ")}`, "status");
  return status as ActionStatus;
}

function checkOutcome(outcome: string | null | undefined): string | null {
  const o = outcome?.trim() ?? "";
  if (o.length > 2000) throw new InvalidInputError("at most 2000 characters", "outcome");
  return o || null;
}

/**
 * Records a response action on an alert shared with the actor's organisation: stored in the
 * recipient's organisation, shown to the sharer only with `visibleToSharer`. Audited under the
 * recipient's organisation.
 * @throws {ForbiddenError} without `response:write`
 * @throws {NotFoundError} when the share is not addressed to the organisation (or was revoked)
 * @throws {InvalidInputError} for a share that is not of an alert (field `id`), a missing or too long
 *   description, an unknown status or a too long outcome (naming the field)
 */
export async function recordShareResponse(deps: { store: Store; now?: () => Date }, actor: Actor, shareId: string, input: ShareResponseInput): Promise<ShareResponseView> {
  authorize(actor, "response:write");
  const me = user(actor);
  const now = deps.now?.() ?? new Date();
  const description = (input.description ?? "").trim();
  if (description.length < 3 || description.length > 2000) throw new InvalidInputError("describe the action in 3–2000 characters", "description");
  const status = checkStatus(input.status ?? "planned");
  const outcome = checkOutcome(input.outcome);
  const orgNames = await names(deps.store);
  return withOrg(deps.store, me.organisationId, async (tx) => {
    const repo = new ShareRepository(tx);
    const share = await repo.incoming(me.organisationId, shareId);
    if (!share) throw new NotFoundError("share", shareId);
    if (share.itemType !== "alert") throw new InvalidInputError(`response actions are recorded on shared alerts; this share is a${share.itemType === "assessment" ? "n" : ""} ${share.itemType}`, "id");
    const row = await repo.insertResponse({
      id: randomUUID(), organisationId: me.organisationId, shareId, description, status, outcome, visibleToSharer: input.visibleToSharer ?? false,
      createdBy: me.userId, createdAt: now, updatedAt: now,
    });
    await recordAudit(tx, {
      organisationId: me.organisationId, actor: actorLabel(me), action: "share_response.created", entity: "share_response", entityId: row.id, row,
      details: { shareId, from: share.organisationId, status, visibleToSharer: row.visibleToSharer }, at: now,
    });
    return responseView(row, orgNames);
  });
}

/**
 * Changes the status, outcome or visibility of one of the organisation's response actions on a
 * shared alert. Audited.
 * @throws {ForbiddenError} without `response:write`
 * @throws {NotFoundError} when it is not the organisation's action on that share
 * @throws {InvalidInputError} for an unknown status or a too long outcome
 */
export async function updateShareResponse(
  deps: { store: Store; now?: () => Date },
  actor: Actor,
  shareId: string,
  responseId: string,
  patch: { status?: ActionStatus; outcome?: string | null; visibleToSharer?: boolean },
): Promise<ShareResponseView> {
  authorize(actor, "response:write");
  const me = user(actor);
  const now = deps.now?.() ?? new Date();
  const set: Partial<Pick<ShareResponseRow, "status" | "outcome" | "visibleToSharer" | "updatedAt">> = { updatedAt: now };
  if (patch.status !== undefined) set.status = checkStatus(patch.status);
  if (patch.outcome !== undefined) set.outcome = checkOutcome(patch.outcome);
  if (patch.visibleToSharer !== undefined) set.visibleToSharer = patch.visibleToSharer;
  const orgNames = await names(deps.store);
  return withOrg(deps.store, me.organisationId, async (tx) => {
    const repo = new ShareRepository(tx);
    const old = await repo.ownResponse(me.organisationId, shareId, responseId);
    if (!old) throw new NotFoundError("response action", responseId);
    const row = (await repo.updateResponse(me.organisationId, responseId, set))!;
    await recordAudit(tx, {
      organisationId: me.organisationId, actor: actorLabel(me), action: "share_response.updated", entity: "share_response", entityId: row.id, row,
      details: { shareId, status: row.status, visibleToSharer: row.visibleToSharer }, at: now,
    });
    return responseView(row, orgNames);
  });
}
