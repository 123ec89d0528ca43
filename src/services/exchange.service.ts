/**
 * Signed exchange between instances (issue 16 part 3): an organisation exports alerts, reviewed
 * or published assessments and verified reports, redacted by rule and signed with the instance key; a partner instance imports
 * the bundle only when the signature verifies with a key in its partner registry (confirmed by a
 * person once), the content is valid and the bundle was never imported before. A refused bundle
 * writes nothing but the audit entry saying it was refused.
 */
import { randomBytes, randomUUID } from "node:crypto";
import {
  EXCHANGE_FORMAT, ExchangeRefusedError, NotExchangeableError, openSignedExchange, redactAlert, redactAssessment, redactReport,
  type ExchangeBundle, type SignedExchange,
} from "../domain/exchange/exchange-bundle.ts";
import { authorize, type Actor } from "../domain/identity/permissions.ts";
import { fingerprint, normaliseFingerprint, readPublicKey, type DetachedSignature } from "../domain/signing/signature.ts";
import { AlertRepository } from "../infra/store/alert.repository.ts";
import type { Store } from "../infra/store/database.ts";
import { ExchangeRepository, type ExchangeItemRow, type PartnerRow } from "../infra/store/exchange.repository.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { isUuid, withOrg } from "../infra/store/org-scope.ts";
import { ReportRepository } from "../infra/store/report.repository.ts";
import { ShareRepository } from "../infra/store/share.repository.ts";
import { publishedSynthesis } from "./assessment.service.ts";
import { actorLabel, recordAudit } from "./audit.service.ts";
import { InvalidInputError } from "./auth.service.ts";
import { NotFoundError } from "./errors.ts";

export { ExchangeRefusedError };

/** Who acts: an organisation and the audit actor label (`cli` or `user:<id>`). */
export interface ExchangeActor {
  organisationId: string;
  actor: string;
}

/** The exchange actor for a signed-in user; sending needs `report:publish` (it is a publication). */
export function exchangeActorOf(actor: Actor, permission: "report:publish" | "report:review"): ExchangeActor {
  authorize(actor, permission);
  if (actor.kind !== "user") throw new InvalidInputError("sign in to exchange bundles", "actor");
  return { organisationId: actor.organisationId, actor: actorLabel(actor) };
}

/**
 * Registers a partner instance once a person has compared the key's fingerprint with the partner.
 * @throws {InvalidInputError} for a key that is not Ed25519 PEM, or a fingerprint that does not match it
 */
export async function addPartner(store: Store, input: { name: string; publicKeyPem: string; confirmFingerprint: string; by: string }, now = new Date()): Promise<PartnerRow> {
  const name = input.name.trim();
  if (!name || name.length > 200) throw new InvalidInputError("name must be 1–200 characters", "name");
  let fp: string;
  try {
    fp = fingerprint(readPublicKey(input.publicKeyPem));
  } catch (error) {
    throw new InvalidInputError(`public key: ${(error as Error).message}`, "publicKey");
  }
  const typed = normaliseFingerprint(input.confirmFingerprint);
  if (typed !== fp) throw new InvalidInputError(`the confirmed fingerprint does not match the key (the key's is ${fp}); compare it with the partner again`, "confirmFingerprint");
  return store.transaction(async (tx) => {
    const repo = new ExchangeRepository(tx);
    if ((await repo.partners()).some((p) => p.name === name || p.fingerprint === fp)) throw new InvalidInputError(`a partner with that name or key is registered`, "name");
    const row = await repo.insertPartner({ name, publicKey: input.publicKeyPem, fingerprint: fp, confirmedAt: now, confirmedBy: input.by });
    await recordAudit(tx, { organisationId: null, actor: input.by, action: "partner.added", entity: "partner_instance", entityId: row.id, row: { id: row.id, name, fingerprint: fp }, details: { fingerprint: fp }, at: now });
    return row;
  });
}

/**
 * Who confirmed a partner's fingerprint, for people: the audit label (`cli`, `operator:<name>`,
 * `user:<id>`) in words.
 */
export function confirmerLabel(by: string): string {
  if (by === "cli") return "the operator (command line)";
  if (by.startsWith("operator:")) return `${by.slice("operator:".length)} (operator, command line)`;
  if (by.startsWith("user:")) return `a signed-in user (${by.slice("user:".length)})`;
  return by;
}

/** Registered partners (no secrets: public keys only). */
export async function listPartners(store: Store): Promise<PartnerRow[]> {
  return new ExchangeRepository(store.db).partners();
}

/**
 * Builds and signs a bundle of the given alerts and the organisation's reviewed or published
 * assessment versions and verified reports.
 * @throws {NotFoundError} for an unknown alert, or an assessment version or report not in the organisation
 * @throws {NotExchangeableError} for a report that is not verified or an assessment version not through review
 */
export async function exportExchange(
  store: Store,
  who: ExchangeActor,
  signer: { sign(data: Uint8Array): DetachedSignature },
  input: { partner: string; alertIds?: string[]; assessmentIds?: string[]; reportIds?: string[] },
  now = new Date(),
): Promise<{ text: string; bundle: ExchangeBundle }> {
  const alertIds = input.alertIds ?? [];
  const assessmentIds = input.assessmentIds ?? [];
  const reportIds = input.reportIds ?? [];
  for (const [field, ids] of [["alertIds", alertIds], ["assessmentIds", assessmentIds], ["reportIds", reportIds]] as const) {
    ids.forEach((id, i) => {
      if (!isUuid(id)) throw new InvalidInputError(`${id} is not an id`, `${field}[${i}]`);
    });
  }
  const allAlerts = await new AlertRepository(store.db).all();
  return withOrg(store, who.organisationId, async (tx) => {
    const org = await new IdentityRepository(tx).organisation(who.organisationId);
    if (!org) throw new NotFoundError("organisation", who.organisationId);
    const items: ExchangeBundle["items"] = [];
    for (const id of alertIds) {
      const a = allAlerts.find((x) => x.id === id);
      if (!a) throw new NotFoundError("alert", id);
      items.push({ kind: "alert", data: redactAlert(a) });
    }
    const shares = new ShareRepository(tx);
    for (const id of assessmentIds) {
      // Reviewed or published versions only (the same rule as sharing); a draft is "not exchangeable".
      const a = await shares.assessmentSource(who.organisationId, id);
      if (!a) {
        const draft = await shares.anyAssessmentVersion(who.organisationId, id);
        if (draft) throw new NotExchangeableError(`assessment version ${id} is ${draft.status}; only reviewed or published assessments can be exchanged`);
        throw new NotFoundError("assessment version", id);
      }
      const synthesis = await publishedSynthesis(tx, a);
      items.push({ kind: "assessment", data: redactAssessment({ id, status: a.version.status, countryIso3: a.assessment.countryIso3, version: a.version.version, assessedOn: a.version.assessedOn, summary: a.version.content.summary, synthesis }) });
    }
    const repo = new ReportRepository(tx);
    for (const id of reportIds) {
      const r = await repo.get(who.organisationId, id);
      if (!r) throw new NotFoundError("report", id);
      items.push({ kind: "report", data: redactReport(r) });
    }
    const bundle: ExchangeBundle = {
      format: EXCHANGE_FORMAT, bundleId: randomUUID(), nonce: randomBytes(32).toString("hex"), createdAt: now.toISOString(),
      from: { organisation: org.name }, to: { partner: input.partner.slice(0, 200) }, items,
    };
    const text = JSON.stringify(bundle);
    const signed: SignedExchange = { bundle: text, signature: signer.sign(Buffer.from(text, "utf8")) };
    await recordAudit(tx, {
      organisationId: who.organisationId, actor: who.actor, action: "exchange.exported", entity: "exchange_bundle", entityId: bundle.bundleId,
      details: { partner: bundle.to.partner, alerts: alertIds.length, assessments: assessmentIds.length, reports: reportIds.length, keyFingerprint: signed.signature.keyFingerprint }, at: now,
    });
    return { text: `${JSON.stringify(signed, null, 2)}\n`, bundle };
  });
}

/**
 * Imports a signed bundle for the organisation, or refuses it with a reason and writes nothing
 * (except the audit entry of the refusal).
 * @throws {ExchangeRefusedError} for a malformed, unknown-signer, tampered, invalid or replayed bundle
 */
export async function importExchange(store: Store, who: ExchangeActor, text: string, now = new Date()): Promise<{ partner: string; bundleId: string; items: number }> {
  const repo = new ExchangeRepository(store.db);
  const partners = await repo.partners();
  try {
    const { partner, bundle } = openSignedExchange(text, partners.map((p) => ({ id: p.id, name: p.name, publicKey: p.publicKey })));
    if (await repo.receiptFor(bundle.bundleId, bundle.nonce)) throw new ExchangeRefusedError("replayed", `bundle ${bundle.bundleId} was imported before`);
    await withOrg(store, who.organisationId, async (tx) => {
      const r = new ExchangeRepository(tx);
      let receipt;
      try {
        receipt = await r.insertReceipt({ organisationId: who.organisationId, bundleId: bundle.bundleId, nonce: bundle.nonce, partnerId: partner.id, importedAt: now, fromOrganisation: bundle.from.organisation });
      } catch {
        // The unique indexes settle a race between two imports of the same bundle.
        throw new ExchangeRefusedError("replayed", `bundle ${bundle.bundleId} was imported before`);
      }
      const rows: Omit<ExchangeItemRow, "id">[] = bundle.items.map((i) => ({
        organisationId: who.organisationId, receiptId: receipt.id, partnerId: partner.id, kind: i.kind, sourceId: i.data.id, payload: i.data as unknown as Record<string, unknown>, importedAt: now,
      }));
      await r.insertItems(rows);
      await recordAudit(tx, {
        organisationId: who.organisationId, actor: who.actor, action: "exchange.imported", entity: "exchange_bundle", entityId: bundle.bundleId,
        details: { partner: partner.name, items: rows.length }, at: now,
      });
    });
    return { partner: partner.name, bundleId: bundle.bundleId, items: bundle.items.length };
  } catch (error) {
    if (error instanceof ExchangeRefusedError) {
      await withOrg(store, who.organisationId, (tx) =>
        recordAudit(tx, { organisationId: who.organisationId, actor: who.actor, action: "exchange.refused", entity: "exchange_bundle", entityId: "unknown", details: { reason: error.code }, at: now }),
      );
    }
    throw error;
  }
}

/** Items the organisation received from partner instances. */
export async function listReceived(store: Store, organisationId: string): Promise<ExchangeItemRow[]> {
  return withOrg(store, organisationId, (tx) => new ExchangeRepository(tx).items(organisationId));
}

/** A bundle the organisation received: from whom, when, and how many items of each kind. */
export interface ReceivedBundle {
  bundleId: string;
  /** The partner instance whose key signed it. */
  partner: string;
  /** The sending organisation as named in the bundle (null for bundles imported before it was kept). */
  fromOrganisation: string | null;
  importedAt: string;
  items: { alert: number; assessment: number; report: number };
}

/** Bundles the organisation imported from partner instances, newest first, with item counts. */
export async function listReceivedBundles(store: Store, organisationId: string): Promise<ReceivedBundle[]> {
  const partners = new Map((await new ExchangeRepository(store.db).partners()).map((p) => [p.id, p.name]));
  return withOrg(store, organisationId, async (tx) => {
    const repo = new ExchangeRepository(tx);
    const [receipts, items] = [await repo.receipts(organisationId), await repo.items(organisationId)];
    return receipts.map((r) => {
      const counts = { alert: 0, assessment: 0, report: 0 };
      for (const i of items) if (i.receiptId === r.id && i.kind in counts) counts[i.kind] += 1;
      return { bundleId: r.bundleId, partner: partners.get(r.partnerId) ?? "(removed partner)", fromOrganisation: r.fromOrganisation, importedAt: r.importedAt.toISOString(), items: counts };
    });
  });
}
