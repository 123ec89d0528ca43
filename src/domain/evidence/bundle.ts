/**
 * The evidence bundle's manifest and its offline check, pure (the tar reading is in the adapter).
 *
 * A bundle holds `manifest.json`, `manifest.sha256`, `manifest.sig` (the instance's Ed25519
 * signature of `manifest.json`) and every original file under `originals/<sha256>`. The manifest
 * carries the report's, attachments' and reviews' rows exactly as stored, the custody log (the
 * audit entries about them) and the chain links (seq, prevHash, hash of every audit entry from the
 * first custody entry to the head). Checks:
 * 1. the signature verifies with a public key the verifier trusts (given by them, never taken from
 *    the bundle) — hashes alone prove nothing against someone who recomputes them all;
 * 2. every original's bytes hash to its name and to the manifest's `sha256`, sizes agree;
 * 3. every custody entry's hash matches its content (no entry was edited);
 * 4. every custody entry sits in the chain links, each link names the one before, and the last link
 *    is the `chainHead` (no entry was dropped from between custody entries);
 * 5. the latest custody entry of each row carries that row's hash (rows were not edited after);
 * 6. `manifest.sha256` matches `manifest.json` (accidental corruption).
 * Compare `chainHead` with a head hash or signed checkpoint the organisation kept elsewhere
 * (`tocsin audit checkpoint`) to show the chain itself was not rewritten before the export.
 */
import { canonicalJson, entryHash, rowHash, sha256Hex, type AuditEntry } from "../audit/chain.ts";
import { checkSignature, type DetachedSignature } from "../signing/signature.ts";

export const BUNDLE_FORMAT = "tocsin-evidence/2";

/** One link of the audit chain (enough to show entries follow each other without their content). */
export interface ChainLink {
  seq: number;
  prevHash: string;
  hash: string;
}

/** The manifest of one report's bundle. */
export interface EvidenceManifest {
  format: typeof BUNDLE_FORMAT;
  reportId: string;
  exportedAt: string;
  /** Hash of the last audit entry when exported. */
  chainHead: string | null;
  attachments: { path: string; fileName: string; mediaType: string; sizeBytes: number; sha256: string; capturedAt: string | null; receivedAt: string }[];
  rows: { report: Record<string, unknown>; attachments: Record<string, unknown>[]; reviews: Record<string, unknown>[] };
  /** Audit entries about the report, its attachments and reviews, in chain order (dates as ISO). */
  custody: (Omit<AuditEntry, "at"> & { at: string })[];
  /** Links of every audit entry from the first custody entry to `chainHead`, in order. */
  chain: ChainLink[];
}

/** The outcome of checking a bundle. */
export interface BundleCheck {
  ok: boolean;
  problems: string[];
  files: number;
  custodyEntries: number;
  /** Fingerprint of the trusted key that verified the signature, or null. */
  signedBy: string | null;
}

/**
 * Checks a bundle's contents.
 * @param files every entry of the archive by path
 * @param trustedKeys PEM public keys the verifier trusts (the instance's own, or one given to them)
 */
export function checkBundle(files: ReadonlyMap<string, Buffer>, trustedKeys: readonly string[]): BundleCheck {
  const problems: string[] = [];
  const raw = files.get("manifest.json");
  if (!raw) return { ok: false, problems: ["manifest.json is missing"], files: 0, custodyEntries: 0, signedBy: null };
  const declared = files.get("manifest.sha256")?.toString("utf8").trim();
  if (declared !== sha256Hex(raw)) problems.push("manifest.sha256 does not match manifest.json");
  let signedBy: string | null = null;
  let sig: DetachedSignature | undefined;
  try {
    sig = files.has("manifest.sig") ? (JSON.parse(files.get("manifest.sig")!.toString("utf8")) as DetachedSignature) : undefined;
  } catch {
    sig = undefined;
  }
  if (trustedKeys.length === 0) problems.push("no trusted public key to check the signature with");
  else {
    const checked = checkSignature(trustedKeys, raw, sig);
    if (checked.ok) signedBy = checked.fingerprint;
    else problems.push(`manifest.sig: ${checked.reason}`);
  }
  let m: EvidenceManifest;
  try {
    m = JSON.parse(raw.toString("utf8")) as EvidenceManifest;
  } catch {
    return { ok: false, problems: [...problems, "manifest.json is not JSON"], files: 0, custodyEntries: 0, signedBy };
  }
  if (m.format !== BUNDLE_FORMAT) problems.push(`unknown format ${String(m.format)}`);
  for (const a of m.attachments ?? []) {
    const bytes = files.get(a.path);
    if (!bytes) problems.push(`${a.path} (${a.fileName}) is missing`);
    else if (sha256Hex(bytes) !== a.sha256 || a.path !== `originals/${a.sha256}`) problems.push(`${a.path} (${a.fileName}) does not match its SHA-256 ${a.sha256}`);
    else if (bytes.length !== a.sizeBytes) problems.push(`${a.path} has ${bytes.length} bytes, manifest says ${a.sizeBytes}`);
  }
  const latest = new Map<string, { seq: number; rowHash: string | null }>();
  for (const e of m.custody ?? []) {
    const entry = { ...e, at: new Date(e.at) };
    if (entryHash(entry) !== e.hash) problems.push(`custody entry ${e.seq} (${e.action}) does not match its hash`);
    if (e.rowHash) latest.set(`${e.entity}/${e.entityId}`, { seq: e.seq, rowHash: e.rowHash });
  }
  problems.push(...checkLinks(m));
  const rows: [string, Record<string, unknown>][] = [
    ["report", m.rows.report],
    ...m.rows.attachments.map((r) => ["attachment", r] as [string, Record<string, unknown>]),
    ...m.rows.reviews.map((r) => ["review", r] as [string, Record<string, unknown>]),
  ];
  for (const [entity, row] of rows) {
    const last = latest.get(`${entity}/${String(row.id)}`);
    if (!last) problems.push(`${entity} ${String(row.id)} has no custody entry`);
    else if (last.rowHash !== rowHash(row)) problems.push(`${entity} ${String(row.id)} differs from custody entry ${last.seq}`);
  }
  for (const a of m.attachments ?? []) {
    const row = m.rows.attachments.find((r) => r.sha256 === a.sha256);
    if (!row || canonicalJson({ fileName: row.fileName, capturedAt: row.capturedAt, receivedAt: row.receivedAt }) !== canonicalJson({ fileName: a.fileName, capturedAt: a.capturedAt, receivedAt: a.receivedAt })) {
      problems.push(`attachment ${a.fileName}: listed times or name differ from its stored row`);
    }
  }
  return { ok: problems.length === 0, problems, files: m.attachments?.length ?? 0, custodyEntries: m.custody?.length ?? 0, signedBy };
}

/** Custody entries sit in an unbroken run of chain links that ends at the chain head. */
function checkLinks(m: EvidenceManifest): string[] {
  const links = Array.isArray(m.chain) ? m.chain : [];
  if (links.length === 0) return (m.custody ?? []).length ? ["the chain links are missing"] : [];
  const problems: string[] = [];
  for (let k = 1; k < links.length; k++) {
    if (links[k].seq <= links[k - 1].seq || links[k].prevHash !== links[k - 1].hash) {
      problems.push(`chain link ${links[k].seq} does not follow link ${links[k - 1].seq}`);
      break;
    }
  }
  if (links.at(-1)!.hash !== m.chainHead) problems.push("the last chain link is not the chain head");
  const bySeq = new Map(links.map((l) => [l.seq, l]));
  for (const e of m.custody ?? []) {
    const link = bySeq.get(e.seq);
    if (!link || link.hash !== e.hash || link.prevHash !== e.prevHash) problems.push(`custody entry ${e.seq} (${e.action}) is not linked into the chain`);
  }
  if ((m.custody ?? [])[0]?.seq !== links[0].seq) problems.push("the chain links do not start at the first custody entry");
  return problems;
}
