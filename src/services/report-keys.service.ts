/**
 * Key rotation (`tocsin keys rotate`): every encrypted report field and every attachment's wrapped
 * file key is decrypted with whichever key wrote it and re-encrypted with the new current key, in
 * one transaction, each changed row audited (its new hash recorded, so `audit verify` stays green).
 */
import type { Keyring } from "../infra/secrets/keyring.ts";
import type { Store } from "../infra/store/database.ts";
import { ReportRepository } from "../infra/store/report.repository.ts";
import { recordAudit } from "./audit.service.ts";
import { reencryptWebhookSecrets } from "./delivery.service.ts";

const FIELDS = [
  ["reporterSecret", "reporter_secret"],
  ["locationSecret", "location_secret"],
] as const;

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
      const set: Record<string, string> = {};
      for (const [prop, column] of FIELDS) {
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
    // Webhook signing secrets are sealed with the same keyring.
    const webhooks = await reencryptWebhookSecrets(tx, ring, now);
    return { rows: rows + webhooks, fields: fields + webhooks };
  });
}
