/**
 * The evidence bundle's manifest and its offline check, pure (the tar reading is in the adapter).
 *
 * A bundle holds `manifest.json`, `manifest.sha256` and every original file under
 * `originals/<sha256>`. The manifest carries the report's, attachments' and reviews' rows exactly
 * as stored and the custody log (the audit entries about them). Checks:
 * 1. every original's bytes hash to its name and to the manifest's `sha256`, sizes agree;
 * 2. every custody entry's hash matches its content (no entry was edited);
 * 3. the latest custody entry of each row carries that row's hash (rows were not edited after);
 * 4. `manifest.sha256` matches `manifest.json` (accidental corruption).
 * What an offline check cannot prove alone: that no custody entry was *left out* — compare the
 * `chainHead` with the head hash the organisation published or noted (`tocsin audit verify`).
 */
import { canonicalJson, entryHash, rowHash, sha256Hex, type AuditEntry } from "../audit/chain.ts";

export const BUNDLE_FORMAT = "tocsin-evidence/1";

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
}

/** The outcome of checking a bundle. */
export interface BundleCheck {
  ok: boolean;
  problems: string[];
  files: number;
  custodyEntries: number;
}

/**
 * Checks a bundle's contents.
 * @param files every entry of the archive by path
 */
export function checkBundle(files: ReadonlyMap<string, Buffer>): BundleCheck {
  const problems: string[] = [];
  const raw = files.get("manifest.json");
  if (!raw) return { ok: false, problems: ["manifest.json is missing"], files: 0, custodyEntries: 0 };
  const declared = files.get("manifest.sha256")?.toString("utf8").trim();
  if (declared !== sha256Hex(raw)) problems.push("manifest.sha256 does not match manifest.json");
  let m: EvidenceManifest;
  try {
    m = JSON.parse(raw.toString("utf8")) as EvidenceManifest;
  } catch {
    return { ok: false, problems: [...problems, "manifest.json is not JSON"], files: 0, custodyEntries: 0 };
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
  return { ok: problems.length === 0, problems, files: m.attachments?.length ?? 0, custodyEntries: m.custody?.length ?? 0 };
}
