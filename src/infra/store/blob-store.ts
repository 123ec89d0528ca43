/**
 * Content-addressed file store for evidence: a file's name is the SHA-256 of its bytes
 * (`<root>/sha256/ab/cd/abcd…`), it is written once (temporary file, fsync, rename, fsync of the
 * folder) and made read-only, and it is never modified — storing the same bytes again is a no-op.
 * A crash mid-write leaves at most a temporary file, never a partial blob under a hash name.
 */
import { createHash, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access, chmod, mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";

/** A blob is missing or its bytes no longer match its name. */
export class BlobIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BlobIntegrityError";
  }
}

const SHA = /^[0-9a-f]{64}$/;

/** Content-addressed blobs under one folder. */
export class BlobStore {
  constructor(readonly root: string) {}

  /** The path for a hash. @throws {TypeError} for anything but 64 hex digits (no traversal). */
  path(sha256: string): string {
    if (!SHA.test(sha256)) throw new TypeError(`not a SHA-256 hex digest: "${sha256.slice(0, 80)}"`);
    return join(this.root, "sha256", sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Stores `bytes` durably; returns their SHA-256. */
  async put(bytes: Buffer): Promise<string> {
    const sha = createHash("sha256").update(bytes).digest("hex");
    const target = this.path(sha);
    if (await this.has(sha)) return sha;
    const dir = join(target, "..");
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = join(dir, `.tmp-${process.pid}-${randomBytes(6).toString("hex")}`);
    const fh = await open(tmp, "wx", 0o600);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await chmod(tmp, 0o400);
    await rename(tmp, target).catch(async (e) => {
      await rm(tmp, { force: true });
      throw e;
    });
    const d = await open(dir, "r");
    try {
      await d.sync();
    } finally {
      await d.close();
    }
    return sha;
  }

  /** Whether a blob exists. */
  async has(sha256: string): Promise<boolean> {
    try {
      await access(this.path(sha256), constants.R_OK);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The bytes of a blob, checked against its name.
   * @throws {BlobIntegrityError} when missing or altered
   */
  async get(sha256: string): Promise<Buffer> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path(sha256));
    } catch {
      throw new BlobIntegrityError(`evidence file ${sha256} is missing`);
    }
    if (createHash("sha256").update(bytes).digest("hex") !== sha256) throw new BlobIntegrityError(`evidence file ${sha256} was altered`);
    return bytes;
  }
}
