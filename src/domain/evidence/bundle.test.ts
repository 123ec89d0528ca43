import assert from "node:assert/strict";
import { generateKeyPairSync, sign } from "node:crypto";
import { test } from "node:test";
import { entryHash, GENESIS_HASH, rowHash, sha256Hex, type AuditEntry } from "../audit/chain.ts";
import { fingerprint } from "../signing/signature.ts";
import { BUNDLE_FORMAT, checkBundle, type EvidenceManifest } from "./bundle.ts";

function keys() {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
  return { pem, signJson: (json: Buffer) => JSON.stringify({ algorithm: "Ed25519", keyFingerprint: fingerprint(pem), signature: sign(null, json, privateKey).toString("base64") }) };
}

/** Builds a consistent chain for `rows` (one entry each, plus unrelated entries between). */
function chainFor(rows: [string, Record<string, unknown>][]): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  let seq = 0;
  const push = (entity: string, entityId: string, rh: string | null) => {
    seq += 1;
    const partial = { seq, at: new Date(Date.UTC(2026, 11, 1, 0, seq)), organisationId: "org", actor: "cli", action: `${entity}.written`, entity, entityId, rowHash: rh, details: {}, prevHash: prev };
    const e = { ...partial, hash: entryHash(partial) };
    out.push(e);
    prev = e.hash;
  };
  for (const [entity, row] of rows) {
    push(entity, String(row.id), rowHash(row));
    push("other", "unrelated", null);
  }
  return out;
}

/** The files of a bundle built from `original`, report row and signer, as export writes them. */
function bundle(original: Buffer, report: Record<string, unknown>, signJson: (b: Buffer) => string, sha = sha256Hex(original)): Map<string, Buffer> {
  const attachment = { id: "att-1", fileName: "village.jpg", sha256: sha, capturedAt: null, receivedAt: "2026-12-01T00:00:00.000Z" };
  const chain = chainFor([["report", report], ["attachment", attachment]]);
  const custody = chain.filter((e) => e.entity !== "other");
  const m: EvidenceManifest = {
    format: BUNDLE_FORMAT, reportId: String(report.id), exportedAt: "2026-12-02T00:00:00.000Z", chainHead: chain.at(-1)!.hash,
    attachments: [{ path: `originals/${sha}`, fileName: "village.jpg", mediaType: "image/jpeg", sizeBytes: original.length, sha256: sha, capturedAt: null, receivedAt: attachment.receivedAt }],
    rows: { report, attachments: [attachment], reviews: [] },
    custody: custody.map((e) => ({ ...e, at: e.at.toISOString() })),
    chain: chain.map((e) => ({ seq: e.seq, prevHash: e.prevHash, hash: e.hash })),
  };
  const json = Buffer.from(JSON.stringify(m, null, 2));
  return new Map([["manifest.json", json], ["manifest.sha256", Buffer.from(`${sha256Hex(json)}\n`)], ["manifest.sig", Buffer.from(signJson(json))], [`originals/${sha}`, original]]);
}

const report = { id: "rep-1", description: "Soldiers burned 40 houses in the village", victimsKilled: 12, victimsInjured: 30 };

test("checkBundle() accepts a genuine bundle signed by a trusted key", () => {
  const k = keys();
  const check = checkBundle(bundle(Buffer.from("genuine image"), report, k.signJson), [k.pem]);
  assert.deepEqual(check.problems, []);
  assert.equal(check.signedBy, fingerprint(k.pem));
});

test("checkBundle() refuses a forgery with every hash recomputed: swapped image, rewritten description and victim counts", () => {
  const instance = keys();
  const forger = keys();
  // The forger rebuilds the whole bundle consistently — row hashes, entry hashes, links,
  // manifest.sha256 — and signs it with a key of their own (they do not hold the instance's).
  const forged = bundle(Buffer.from("a different image"), { ...report, description: "Nothing happened", victimsKilled: 0, victimsInjured: 0 }, forger.signJson);
  const check = checkBundle(forged, [instance.pem]);
  assert.equal(check.ok, false);
  assert.ok(check.problems.some((p) => /manifest\.sig: signed by unknown key/.test(p)), check.problems.join("; "));
  // Unsigned, or the genuine signature left on altered content, fails too.
  const unsigned = new Map(forged);
  unsigned.delete("manifest.sig");
  assert.equal(checkBundle(unsigned, [instance.pem]).ok, false);
  const genuine = bundle(Buffer.from("genuine image"), report, instance.signJson);
  const altered = bundle(Buffer.from("a different image"), { ...report, victimsKilled: 0 }, () => genuine.get("manifest.sig")!.toString());
  assert.match(checkBundle(altered, [instance.pem]).problems.join(";"), /altered after signing/);
  assert.match(checkBundle(genuine, []).problems.join(";"), /no trusted public key/);
});

test("checkBundle() refuses custody entries that do not link into the chain up to its head", () => {
  const k = keys();
  const files = bundle(Buffer.from("img"), report, k.signJson);
  const m = JSON.parse(files.get("manifest.json")!.toString()) as EvidenceManifest;
  // Drop an entry between two custody entries, re-sign (as the instance would, had it been fooled).
  const cut = { ...m, chain: m.chain.filter((l) => l.seq !== 2) };
  const json = Buffer.from(JSON.stringify(cut));
  const resigned = new Map(files);
  resigned.set("manifest.json", json).set("manifest.sha256", Buffer.from(sha256Hex(json))).set("manifest.sig", Buffer.from(k.signJson(json)));
  assert.match(checkBundle(resigned, [k.pem]).problems.join(";"), /chain link 3 does not follow link 1/);
  const headless = { ...m, chainHead: "f".repeat(64) };
  const json2 = Buffer.from(JSON.stringify(headless));
  resigned.set("manifest.json", json2).set("manifest.sha256", Buffer.from(sha256Hex(json2))).set("manifest.sig", Buffer.from(k.signJson(json2)));
  assert.match(checkBundle(resigned, [k.pem]).problems.join(";"), /not the chain head/);
});
