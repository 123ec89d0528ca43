/**
 * The instance's Ed25519 signing key: signs evidence bundles, audit checkpoints and exchange
 * bundles so a reader elsewhere can tell they came from this instance unaltered.
 *
 * Kept in the keyring file (`TOCSIN_KEY_FILE`, default `$TOCSIN_HOME/secret-keys.json`, mode 0600)
 * under `"signing"`: `{ current: { privateKey, publicKey, createdAt }, retired: [{ publicKey,
 * createdAt, retiredAt }] }` (PEM). Created on first use. Rotation makes a new key current and keeps
 * only the *public* half of the old one, so signatures made before still verify while the old
 * private key is gone. The field-encryption keys in the same file are untouched by this module.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fingerprint, type DetachedSignature } from "../../domain/signing/signature.ts";

interface SigningSection {
  current: { privateKey: string; publicKey: string; createdAt: string };
  retired: { publicKey: string; createdAt: string; retiredAt: string }[];
}

/** The instance's signing key and the public keys it signed with before. */
export class InstanceKey {
  private readonly privateKey: KeyObject;
  /** PEM of the current public key. */
  readonly publicKeyPem: string;
  /** Fingerprint of the current public key. */
  readonly fingerprint: string;
  constructor(private readonly section: SigningSection) {
    this.privateKey = createPrivateKey(section.current.privateKey);
    if (this.privateKey.asymmetricKeyType !== "ed25519") throw new RangeError("the instance signing key must be Ed25519");
    this.publicKeyPem = createPublicKey(this.privateKey).export({ type: "spki", format: "pem" }).toString();
    this.fingerprint = fingerprint(this.publicKeyPem);
  }

  /** Signs `data` with the current key. */
  sign(data: Uint8Array): DetachedSignature {
    return { algorithm: "Ed25519", keyFingerprint: this.fingerprint, signature: sign(null, data, this.privateKey).toString("base64") };
  }

  /** Every public key this instance signed with (current first): what its own verifiers trust. */
  get publicKeys(): string[] {
    return [this.publicKeyPem, ...this.section.retired.map((r) => r.publicKey)];
  }

  /** Retired keys, newest first, for display. */
  get retired(): { fingerprint: string; createdAt: string; retiredAt: string }[] {
    return this.section.retired.map((r) => ({ fingerprint: fingerprint(r.publicKey), createdAt: r.createdAt, retiredAt: r.retiredAt }));
  }

  /** Never serialise the private key by accident. */
  toJSON(): { fingerprint: string; retired: number } {
    return { fingerprint: this.fingerprint, retired: this.section.retired.length };
  }
}

function newCurrent(now: Date): SigningSection["current"] {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
    createdAt: now.toISOString(),
  };
}

function readFile(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    throw new RangeError(`${file}: not a Tocsin key file (JSON expected)`);
  }
}

function writeSection(file: string, section: SigningSection): void {
  // Re-read so the field-encryption keys written by another command are kept as they are.
  const whole = { ...readFile(file), signing: section };
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.signing.tmp`;
  writeFileSync(tmp, JSON.stringify(whole, null, 2), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

function parseSection(file: string, raw: unknown): SigningSection {
  const s = raw as Partial<SigningSection>;
  if (!s || typeof s !== "object" || !s.current || typeof s.current.privateKey !== "string" || !Array.isArray(s.retired)) {
    throw new RangeError(`${file}: "signing" must hold { current: { privateKey, publicKey, createdAt }, retired: [] }`);
  }
  return s as SigningSection;
}

/**
 * Loads the instance key from the key file, creating it (and the file) when absent unless
 * `create` is false.
 * @throws {RangeError} for a malformed key file, or a missing key when `create` is false
 */
export function loadInstanceKey(file: string, options: { create?: boolean; now?: Date } = {}): InstanceKey {
  const whole = readFile(file);
  if (whole.signing !== undefined) return new InstanceKey(parseSection(file, whole.signing));
  if (options.create === false) throw new RangeError(`${file} holds no instance signing key (it is created by \`tocsin keys show\`)`);
  const section: SigningSection = { current: newCurrent(options.now ?? new Date()), retired: [] };
  writeSection(file, section);
  return new InstanceKey(section);
}

/** Makes a new signing key current; the old public key is kept for verification, its private key dropped. */
export function rotateInstanceKey(file: string, now = new Date()): InstanceKey {
  const old = loadInstanceKey(file, { now });
  const whole = readFile(file);
  const prev = parseSection(file, whole.signing);
  const section: SigningSection = {
    current: newCurrent(now),
    retired: [{ publicKey: old.publicKeyPem, createdAt: prev.current.createdAt, retiredAt: now.toISOString() }, ...prev.retired],
  };
  writeSection(file, section);
  return new InstanceKey(section);
}
