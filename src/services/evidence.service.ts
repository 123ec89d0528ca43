/**
 * Evidence export and offline verification: `tocsin evidence export REPORT_ID --out B.tar` writes
 * the untouched originals, the rows as stored and the custody log (see `domain/evidence/bundle.ts`);
 * `tocsin evidence verify B.tar` checks a bundle without the database.
 *
 * Export runs as the operator on the server (CLI): it is a system action and is itself audited.
 * The bundle carries the originals in clear (opened from their sealed files: that is what a court
 * needs) but no other decrypted personal data — protected fields (reporter, exact point, witness
 * and source details in `sources_secret`) stay as their ciphertexts, so the row hashes still tie
 * to the audit chain; a court that needs the witnesses' details asks the organisation's analysts.
 * Treat bundles as sensitive: they hold images' GPS.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { rename } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import tar from "tar-stream";
import { sha256Hex } from "../domain/audit/chain.ts";
import { BUNDLE_FORMAT, checkBundle, type BundleCheck, type EvidenceManifest } from "../domain/evidence/bundle.ts";
import type { DetachedSignature } from "../domain/signing/signature.ts";
import { AuditRepository } from "../infra/store/audit.repository.ts";
import type { BlobStore } from "../infra/store/blob-store.ts";
import type { Store } from "../infra/store/database.ts";
import { isUuid } from "../infra/store/org-scope.ts";
import { ReportRepository } from "../infra/store/report.repository.ts";
import type { Keyring } from "../infra/secrets/keyring.ts";
import { recordAudit } from "./audit.service.ts";
import { readAttachmentFile } from "./report.service.ts";
import { NotFoundError } from "./errors.ts";

function plain(row: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(row)) as Record<string, unknown>;
}

/**
 * Writes the bundle of one report to `out` (via a temporary file, renamed when complete).
 * @throws {NotFoundError} for an unknown report
 * @throws {BlobIntegrityError} when an original is missing or altered on disk
 */
export async function exportEvidence(
  store: Store,
  files: { blobs: BlobStore; keyring: () => Keyring; signer: { sign(data: Uint8Array): DetachedSignature } },
  reportId: string,
  out: string,
  now = new Date(),
): Promise<EvidenceManifest> {
  if (!isUuid(reportId)) throw new NotFoundError("report", reportId);
  const repo = new ReportRepository(store.db);
  const report = (await repo.all()).find((r) => r.id === reportId);
  if (!report) throw new NotFoundError("report", reportId);
  const [attachments, reviews] = await Promise.all([repo.attachments(report.organisationId, reportId), repo.reviews(report.organisationId, reportId)]);
  const audit = new AuditRepository(store.db);
  const custody = await audit.forEntities(report.organisationId, [reportId, ...attachments.map((a) => a.id), ...reviews.map((r) => r.id)]);
  const all = await audit.all();
  const manifest: EvidenceManifest = {
    format: BUNDLE_FORMAT,
    reportId,
    exportedAt: now.toISOString(),
    chainHead: all.at(-1)?.hash ?? null,
    attachments: attachments.map((a) => ({
      path: `originals/${a.sha256}`, fileName: a.fileName, mediaType: a.mediaType, sizeBytes: a.sizeBytes, sha256: a.sha256,
      capturedAt: a.capturedAt ? new Date(a.capturedAt).toISOString() : null, receivedAt: new Date(a.receivedAt).toISOString(),
    })),
    rows: { report: plain(report), attachments: attachments.map(plain), reviews: reviews.map(plain) },
    custody: custody.map((e) => ({ ...e, at: e.at.toISOString() })),
    // Links from the first custody entry to the head: the verifier sees no entry was cut out
    // between custody entries without being shown other organisations' entries.
    chain: custody.length ? all.filter((e) => e.seq >= custody[0].seq).map((e) => ({ seq: e.seq, prevHash: e.prevHash, hash: e.hash })) : [],
  };
  const pack = tar.pack();
  const tmp = `${out}.partial`;
  const done = pipeline(pack, createWriteStream(tmp, { mode: 0o600 }));
  const json = Buffer.from(JSON.stringify(manifest, null, 2));
  const mtime = now;
  pack.entry({ name: "manifest.json", size: json.length, mtime }, json);
  pack.entry({ name: "manifest.sha256", mtime }, `${sha256Hex(json)}\n`);
  pack.entry({ name: "manifest.sig", mtime }, `${JSON.stringify(files.signer.sign(json))}\n`);
  const written = new Set<string>();
  for (const a of attachments) {
    if (written.has(a.sha256)) continue;
    written.add(a.sha256);
    // Opened with the attachment's data key and checked against its evidence hash.
    const bytes = await readAttachmentFile(files.blobs, files.keyring, a, "original");
    pack.entry({ name: `originals/${a.sha256}`, size: bytes.length, mtime }, bytes);
  }
  pack.finalize();
  await done;
  await rename(tmp, out);
  await store.transaction((tx) =>
    recordAudit(tx, { organisationId: report.organisationId, actor: "cli", action: "evidence.exported", entity: "report", entityId: reportId, details: { manifestSha256: sha256Hex(json), files: written.size }, at: now }),
  );
  return manifest;
}

/** Largest archive member read into memory when verifying (bundles hold files up to 8 MiB each). */
const MAX_MEMBER = 64 * 1024 * 1024;

/**
 * Checks a bundle offline.
 * @param trustedKeys PEM public keys whose signature is accepted
 * @throws {Error} when the file is not a readable tar archive
 */
export async function verifyEvidenceBundle(file: string, trustedKeys: readonly string[]): Promise<BundleCheck> {
  const files = new Map<string, Buffer>();
  const problems: string[] = [];
  const extract = tar.extract();
  extract.on("entry", (header, stream, next) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (c: unknown) => {
      const chunk = c as Buffer;
      size += chunk.length;
      if (size <= MAX_MEMBER) chunks.push(chunk);
    });
    stream.on("end", () => {
      if (size > MAX_MEMBER) problems.push(`${header.name} is larger than ${MAX_MEMBER} bytes`);
      else if (header.type === "file") {
        if (files.has(header.name)) problems.push(`${header.name} appears twice`);
        files.set(header.name, Buffer.concat(chunks));
      }
      next();
    });
    stream.resume();
  });
  await pipeline(createReadStream(file), extract);
  const check = checkBundle(files, trustedKeys);
  const expected = new Set(["manifest.json", "manifest.sha256", "manifest.sig"]);
  for (const name of files.keys()) if (!expected.has(name) && !name.startsWith("originals/")) problems.push(`unexpected file ${name}`);
  const all = [...problems, ...check.problems];
  return { ...check, ok: all.length === 0, problems: all };
}
