/**
 * Sealing evidence files at rest. Each attachment gets its own random 256-bit data key; the file
 * on disk is `TCNF1 ‖ iv(12) ‖ tag(16) ‖ AES-256-GCM(ciphertext)` with the plaintext's SHA-256 as
 * authenticated data, and is stored content-addressed by the SHA-256 of those sealed bytes (so it is
 * still written once and never modified). The data key is kept in the attachment's row, wrapped by
 * the keyring (`Keyring.encrypt`, bound to the row): rotating the master key re-wraps data keys in
 * the database and leaves every file untouched.
 *
 * Why: image originals keep their EXIF/GPS (courts need untouched originals), and a seized disk
 * must not hand the reporter's location to whoever seized it.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const MAGIC = Buffer.from("TCNF1", "latin1");

/** A sealed file could not be opened (wrong key, altered, or not the expected plaintext). */
export class SealedFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SealedFileError";
  }
}

/** A new random data key. */
export function newDataKey(): Buffer {
  return randomBytes(32);
}

/** Encrypts `plain` (whose SHA-256 hex is `plainSha256`) under `dataKey`. */
export function sealFile(plain: Buffer, plainSha256: string, dataKey: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", dataKey, iv);
  cipher.setAAD(Buffer.from(`tocsin-file|${plainSha256}`));
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), ct]);
}

/**
 * Decrypts a sealed file and checks it is the plaintext with SHA-256 `plainSha256`.
 * @throws {SealedFileError} when anything does not match
 */
export function openFile(sealed: Buffer, plainSha256: string, dataKey: Buffer): Buffer {
  if (sealed.length < MAGIC.length + 28 || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) throw new SealedFileError("not a sealed Tocsin file");
  try {
    const d = createDecipheriv("aes-256-gcm", dataKey, sealed.subarray(5, 17));
    d.setAAD(Buffer.from(`tocsin-file|${plainSha256}`));
    d.setAuthTag(sealed.subarray(17, 33));
    const plain = Buffer.concat([d.update(sealed.subarray(33)), d.final()]);
    if (createHash("sha256").update(plain).digest("hex") !== plainSha256) throw new Error("hash");
    return plain;
  } catch {
    throw new SealedFileError(`sealed file for ${plainSha256} cannot be opened (wrong key or altered)`);
  }
}
