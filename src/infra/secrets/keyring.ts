/**
 * Field encryption at rest: AES-256-GCM with the ciphertext bound to its row and column.
 *
 * Envelope (one text value): `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). The
 * additional authenticated data is `tocsin:v1|<table>|<rowId>|<column>`, so a ciphertext copied
 * to another row or column fails to decrypt instead of revealing someone else's data there.
 *
 * Keys: 32 random bytes. Sources, in order:
 * - `TOCSIN_SECRET_KEY`: base64 (or 64 hex digits) of one key; comma-separate older keys after it
 *   to keep decrypting during a manual rotation (`NEW,OLD`).
 * - a key file (`TOCSIN_KEY_FILE`, default `$TOCSIN_HOME/secret-keys.json`, mode 0600):
 *   `{ "current": "<id>", "keys": { "<id>": "<base64>" } }`, created on first use when absent.
 * A key's id is the first 12 hex digits of SHA-256("tocsin-key-id" ‖ key): it names the key
 * without revealing it. Key material is never logged or printed.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** A ciphertext could not be decrypted (wrong key, wrong row, or tampered). */
export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptionError";
  }
}

/** Where a ciphertext lives; part of the authenticated data. */
export interface FieldAddress {
  table: string;
  rowId: string;
  column: string;
}

/** The id of a key (not secret). */
export function keyId(key: Buffer): string {
  return createHash("sha256").update("tocsin-key-id").update(key).digest("hex").slice(0, 12);
}

/** A set of keys: one current key that encrypts, any number that still decrypt. */
export class Keyring {
  private readonly keys: Map<string, Buffer>;
  constructor(readonly currentId: string, keys: Map<string, Buffer>) {
    if (!keys.has(currentId)) throw new RangeError(`current key ${currentId} is not in the keyring`);
    for (const [id, k] of keys) if (k.length !== 32) throw new RangeError(`key ${id} must be 32 bytes, is ${k.length}`);
    this.keys = keys;
  }

  /** A keyring holding one new random key. */
  static generate(): Keyring {
    const key = randomBytes(32);
    return new Keyring(keyId(key), new Map([[keyId(key), key]]));
  }

  /** Ids of every key held. */
  get ids(): string[] {
    return [...this.keys.keys()];
  }

  /** Encrypts `plaintext` for `where` with the current key. */
  encrypt(plaintext: string, where: FieldAddress): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.keys.get(this.currentId)!, iv);
    cipher.setAAD(aad(where));
    const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return ["v1", this.currentId, b64(iv), b64(cipher.getAuthTag()), b64(ct)].join(".");
  }

  /**
   * Decrypts an envelope written for `where`.
   * @throws {DecryptionError} for an unknown key, another row/column, or altered bytes
   */
  decrypt(envelope: string, where: FieldAddress): string {
    const parts = envelope.split(".");
    if (parts.length !== 5 || parts[0] !== "v1") throw new DecryptionError(`${where.table}.${where.column} of ${where.rowId}: not a v1 envelope`);
    const key = this.keys.get(parts[1]);
    if (!key) throw new DecryptionError(`${where.table}.${where.column} of ${where.rowId}: key ${parts[1]} is not in the keyring`);
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(parts[2], "base64url"));
      decipher.setAAD(aad(where));
      decipher.setAuthTag(Buffer.from(parts[3], "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(parts[4], "base64url")), decipher.final()]).toString("utf8");
    } catch {
      throw new DecryptionError(`${where.table}.${where.column} of ${where.rowId}: authentication failed (wrong row or altered)`);
    }
  }

  /**
   * Whether `value` has the shape of an envelope. Used to find values stored in clear before a
   * column was encrypted: e-mail addresses (`@`) and URLs (`:`) can never have this shape.
   */
  static isEnvelope(value: string): boolean {
    return /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
  }

  /** The key id an envelope was written with. */
  static envelopeKeyId(envelope: string): string | undefined {
    return envelope.split(".")[1];
  }

  /** A copy with `key` added and made current. */
  withNewCurrent(key: Buffer): Keyring {
    const keys = new Map(this.keys);
    keys.set(keyId(key), key);
    return new Keyring(keyId(key), keys);
  }

  /** A copy holding only the current key. */
  onlyCurrent(): Keyring {
    return new Keyring(this.currentId, new Map([[this.currentId, this.keys.get(this.currentId)!]]));
  }

  /** The key-file form (contains secrets: write with mode 0600 only). */
  toFileJson(): string {
    return JSON.stringify({ current: this.currentId, keys: Object.fromEntries([...this.keys].map(([id, k]) => [id, k.toString("base64")])) }, null, 2);
  }

  /** Never serialise key material by accident (logs, JSON responses). */
  toJSON(): { currentId: string; ids: string[] } {
    return { currentId: this.currentId, ids: this.ids };
  }
}

function aad(where: FieldAddress): Buffer {
  return Buffer.from(`tocsin:v1|${where.table}|${where.rowId}|${where.column}`, "utf8");
}
function b64(b: Buffer): string {
  return b.toString("base64url");
}

/**
 * Parses one key given as base64 or 64 hex digits.
 * @throws {RangeError} when it is not 32 bytes
 */
export function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64");
  if (key.length !== 32) throw new RangeError(`a secret key must be 32 bytes (base64 or 64 hex digits); got ${key.length} bytes`);
  return key;
}

/** Where keys come from. */
export interface KeySource {
  /** `TOCSIN_SECRET_KEY` (comma-separated, current first). */
  envKeys?: string;
  /** Key file path. */
  keyFile: string;
}

/**
 * Loads the keyring: from the environment when set, else from the key file (created with a new
 * random key when missing and `create` is true).
 * @throws {RangeError} for a malformed key or key file
 */
export function loadKeyring(source: KeySource, options: { create?: boolean } = {}): Keyring {
  if (source.envKeys && source.envKeys.trim()) {
    const keys = source.envKeys.split(",").map(parseKey);
    return new Keyring(keyId(keys[0]), new Map(keys.map((k) => [keyId(k), k])));
  }
  let parsed: { current?: unknown; keys?: Record<string, unknown> } | undefined;
  if (existsSync(source.keyFile)) {
    try {
      parsed = JSON.parse(readFileSync(source.keyFile, "utf8"));
    } catch {
      throw new RangeError(`${source.keyFile}: not a Tocsin key file (JSON expected)`);
    }
  }
  // A file holding only the signing or queue keys (created first) gets its field keys added below.
  if (parsed && (parsed.current !== undefined || parsed.keys !== undefined)) {
    if (typeof parsed.current !== "string" || !parsed.keys || typeof parsed.keys !== "object") throw new RangeError(`${source.keyFile}: needs "current" and "keys"`);
    const keys = new Map(Object.values(parsed.keys).map((v) => parseKey(String(v))).map((k) => [keyId(k), k] as const));
    return new Keyring(parsed.current, keys);
  }
  if (options.create === false) throw new RangeError(`no secret key: set TOCSIN_SECRET_KEY or create ${source.keyFile}`);
  const ring = Keyring.generate();
  saveKeyring(ring, source.keyFile);
  return ring;
}

/**
 * Writes the key file atomically with mode 0600. Other sections of the file (the instance signing
 * key, `infra/secrets/instance-key.ts`) are kept as they are.
 */
export function saveKeyring(ring: Keyring, file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  let others: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      const { current: _c, keys: _k, ...rest } = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      others = rest;
    } catch {
      others = {};
    }
  }
  writeFileSync(tmp, JSON.stringify({ ...JSON.parse(ring.toFileJson()), ...others }, null, 2), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}
