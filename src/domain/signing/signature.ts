/**
 * Ed25519 detached signatures and public-key fingerprints, pure (no key storage here; the
 * instance's private key lives in `infra/secrets/instance-key.ts`).
 *
 * Fingerprint = SHA-256 of the public key's DER SubjectPublicKeyInfo, as 64 hex digits in groups of
 * four separated by `:` so a person can read it aloud when confirming a partner's key.
 */
import { createHash, createPublicKey, verify, type KeyObject } from "node:crypto";

/** A public key could not be read. */
export class PublicKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PublicKeyError";
  }
}

/**
 * Reads an Ed25519 public key from PEM.
 * @throws {PublicKeyError} when the text is not an Ed25519 public key
 */
export function readPublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new PublicKeyError("not a PEM public key");
  }
  if (key.asymmetricKeyType !== "ed25519") throw new PublicKeyError(`expected an Ed25519 key, got ${key.asymmetricKeyType ?? "unknown"}`);
  return key;
}

/** The fingerprint of a public key (PEM or key object). */
export function fingerprint(publicKey: string | KeyObject): string {
  const key = typeof publicKey === "string" ? readPublicKey(publicKey) : publicKey;
  const hex = createHash("sha256").update(key.export({ type: "spki", format: "der" })).digest("hex");
  return hex.match(/.{4}/g)!.join(":");
}

/** A fingerprint as typed by a person, normalised (case, spaces and colons ignored). */
export function normaliseFingerprint(text: string): string {
  const hex = text.toLowerCase().replace(/[\s:]/g, "");
  return /^[0-9a-f]{64}$/.test(hex) ? hex.match(/.{4}/g)!.join(":") : "";
}

/** True when `signature` (base64) is `publicKey`'s Ed25519 signature of `data`. */
export function verifyDetached(publicKey: string | KeyObject, data: Uint8Array, signature: string): boolean {
  try {
    const key = typeof publicKey === "string" ? readPublicKey(publicKey) : publicKey;
    return verify(null, data, key, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}

/** A detached signature as stored beside what it signs. */
export interface DetachedSignature {
  algorithm: "Ed25519";
  /** Fingerprint of the signing key (informational: verifiers use keys they trust, not this). */
  keyFingerprint: string;
  /** Base64 signature. */
  signature: string;
}

/**
 * Checks a detached signature against trusted public keys.
 * @returns the fingerprint of the key that verified, or a reason why none did
 */
export function checkSignature(trusted: readonly string[], data: Uint8Array, sig: DetachedSignature | undefined): { ok: true; fingerprint: string } | { ok: false; reason: string } {
  if (!sig || sig.algorithm !== "Ed25519" || typeof sig.signature !== "string") return { ok: false, reason: "no Ed25519 signature" };
  for (const pem of trusted) {
    if (verifyDetached(pem, data, sig.signature)) return { ok: true, fingerprint: fingerprint(pem) };
  }
  const known = trusted.some((pem) => fingerprint(pem) === sig.keyFingerprint);
  return { ok: false, reason: known ? "signature does not match the signed content (altered after signing)" : `signed by unknown key ${sig.keyFingerprint}` };
}
