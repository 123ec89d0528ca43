/**
 * Key rotation (`tocsin keys rotate`): every encrypted report field, every attachment's wrapped
 * file key and every subscription's contacts are decrypted with whichever key wrote them and
 * re-encrypted with the new current key, in one transaction, each changed row audited (its new
 * hash recorded, so `audit verify` stays green). Also the sealing, at start, of values stored in
 * clear before their column was encrypted (source details, subscription contacts).
 */
import type { Keyring } from "../infra/secrets/keyring.ts";
import type { Store } from "../infra/store/database.ts";
import { ReportRepository } from "../infra/store/report.repository.ts";
import { recordAudit } from "./audit.service.ts";
import { reencryptSubscriptionSecrets } from "./delivery.service.ts";
import { hasSourceDetails, sourceKinds } from "../domain/reports/report.ts";
import type { ReportRow } from "../infra/store/schema/mod.ts";

const FIELDS = [
  ["reporterSecret", "reporter_secret"],
  ["locationSecret", "location_secret"],
  ["sourcesSecret", "sources_secret"],
] as const;

/** Source details of a report written before they were encrypted: the envelope and the kinds-only list. */
function sealedSources(r: ReportRow, ring: Keyring): { sources: ReportRow["sources"]; sourcesSecret: string } | null {
  if (r.sourcesSecret || !hasSourceDetails(r.sources)) return null;
  return { sources: sourceKinds(r.sources), sourcesSecret: ring.encrypt(JSON.stringify(r.sources), { table: "reports", rowId: r.id, column: "sources_secret" }) };
}

/**
 * Seals values still stored in clear (rows written before their column was encrypted) under the
 * current key; envelopes are left alone. Run when the server starts; cheap when nothing is left.
 * @returns rows and fields sealed
 */
export async function sealClearFields(store: Store, ring: () => Keyring, now = new Date()): Promise<{ rows: number; fields: number }> {
  return store.transaction(async (tx) => {
    const repo = new ReportRepository(tx);
    let rows = 0;
    for (const r of await repo.withClearSourceDetails()) {
      const sealed = sealedSources(r, ring());
      if (!sealed) continue;
      const updated = await repo.update(r.organisationId, r.id, sealed);
      await recordAudit(tx, { organisationId: r.organisationId, actor: "system", action: "report.sealed", entity: "report", entityId: r.id, row: updated, details: { keyId: ring().currentId, fields: ["sources"] }, at: now });
      rows += 1;
    }
    const contacts = await reencryptSubscriptionSecrets(tx, ring, now, true);
    return { rows: rows + contacts.rows, fields: rows + contacts.fields };
  });
}

/**
 * Re-encrypts every protected field under `ring.currentId`.
 * @returns rows (reports, attachments, webhook subscriptions) and fields rewritten
 * @throws {DecryptionError} when a ciphertext cannot be read with `ring` (nothing is changed)
 */
export async function reencryptAll(store: Store, ring: Keyring, now = new Date()): Promise<{ rows: number; fields: number }> {
  return store.transaction(async (tx) => {
    const repo = new ReportRepository(tx);
    let rows = 0;
    let fields = 0;
    for (const r of await repo.all()) {
      const set: Partial<ReportRow> = sealedSources(r, ring) ?? {};
      if (set.sourcesSecret) fields += 1;
      for (const [prop, column] of FIELDS) {
        if (set[prop]) continue;
        const value = r[prop];
        if (!value) continue;
        const where = { table: "reports", rowId: r.id, column };
        set[prop] = ring.encrypt(ring.decrypt(value, where), where);
        fields += 1;
      }
      if (Object.keys(set).length === 0) continue;
      const updated = await repo.update(r.organisationId, r.id, set);
      await recordAudit(tx, { organisationId: r.organisationId, actor: "cli", action: "report.rekeyed", entity: "report", entityId: r.id, row: updated, details: { keyId: ring.currentId }, at: now });
      rows += 1;
    }
    // File data keys: re-wrapped only; the sealed files themselves never change.
    for (const a of await repo.allAttachments()) {
      if (!a.fileKey) continue;
      const where = { table: "attachments", rowId: a.id, column: "file_key" };
      const updated = await repo.updateAttachmentKey(a.organisationId, a.id, ring.encrypt(ring.decrypt(a.fileKey, where), where));
      await recordAudit(tx, { organisationId: a.organisationId, actor: "cli", action: "attachment.rekeyed", entity: "attachment", entityId: a.id, row: updated, details: { keyId: ring.currentId }, at: now });
      rows += 1;
      fields += 1;
    }
    // Webhook signing secrets and subscription contacts are sealed with the same keyring.
    const contacts = await reencryptSubscriptionSecrets(tx, () => ring, now);
    return { rows: rows + contacts.rows, fields: fields + contacts.fields };
  });
}
