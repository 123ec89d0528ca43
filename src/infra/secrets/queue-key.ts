/**
 * The report-queue key: a P-256 ECDH key pair whose public half browsers use to seal reports
 * waiting in their offline queue (IndexedDB), so a seized device holds nothing readable; only this
 * server can open them.
 *
 * Scheme `tocsin-sealed/1` (mirrored by `web/src/lib/sealed-report.ts` with WebCrypto):
 * an ephemeral P-256 key per report; shared = ECDH(ephemeral, server) x-coordinate (32 bytes);
 * key = HKDF-SHA-256(shared, salt = 32 zero bytes, info = "tocsin-sealed/1") → AES-256-GCM;
 * additional data = "tocsin-sealed/1|<kid>|<Idempotency-Key>" (a sealed body cannot be sent under
 * another key). The browser never keeps the ephemeral private key.
 *
 * Kept in the key file under `"queue"`: `{ current: { privateKey: <pkcs8 PEM>, kid }, retired: [...] }`,
 * created on first use. Retired private keys are kept (they must still open reports queued before
 * a rotation).
 */
import { createDecipheriv, createECDH, createHash, createPrivateKey, generateKeyPairSync, hkdfSync } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export const SEALED_FORMAT = "tocsin-sealed/1";

/** A sealed report as the browser sends it. */
export interface SealedReport {
  v: 1;
  kid: string;
  /** Ephemeral public key, uncompressed point (65 bytes), base64. */
  epk: string;
  iv: string;
  ct: string;
}

/** A sealed report could not be opened (unknown key, altered, or bound to another Idempotency-Key). */
export class SealedReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SealedReportError";
  }
}

interface Entry { privateKey: string; kid: string }

/** The server's queue keys. */
export class QueueKey {
  private readonly keys: Map<string, Buffer>;
  /** Current public key, uncompressed point, base64. */
  readonly publicKey: string;
  readonly kid: string;
  constructor(current: Entry, retired: Entry[]) {
    this.keys = new Map([current, ...retired].map((e) => [e.kid, rawPrivate(e.privateKey)]));
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(this.keys.get(current.kid)!);
    this.publicKey = ecdh.getPublicKey().toString("base64");
    this.kid = current.kid;
  }

  /**
   * Opens a sealed report.
   * @returns the report's JSON text
   * @throws {SealedReportError} naming why it cannot be opened
   */
  open(sealed: SealedReport, idempotencyKey: string): string {
    const priv = this.keys.get(sealed.kid);
    if (!priv) throw new SealedReportError(`sealed with unknown key ${sealed.kid}`);
    try {
      const ecdh = createECDH("prime256v1");
      ecdh.setPrivateKey(priv);
      const shared = ecdh.computeSecret(Buffer.from(sealed.epk, "base64"));
      const key = Buffer.from(hkdfSync("sha256", shared, Buffer.alloc(32), Buffer.from(SEALED_FORMAT), 32));
      const iv = Buffer.from(sealed.iv, "base64");
      const data = Buffer.from(sealed.ct, "base64");
      if (iv.length !== 12 || data.length < 16) throw new Error("bad sizes");
      const decipher = createDecipheriv("aes-256-gcm", key, iv);
      decipher.setAAD(Buffer.from(`${SEALED_FORMAT}|${sealed.kid}|${idempotencyKey}`));
      decipher.setAuthTag(data.subarray(data.length - 16));
      return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
    } catch {
      throw new SealedReportError("the sealed report cannot be opened (altered, or sealed for another Idempotency-Key)");
    }
  }
}

function rawPrivate(pem: string): Buffer {
  const jwk = createPrivateKey(pem).export({ format: "jwk" }) as { d?: string; crv?: string };
  if (jwk.crv !== "P-256" || !jwk.d) throw new RangeError("the queue key must be a P-256 key");
  return Buffer.from(jwk.d, "base64url");
}

function newEntry(): Entry {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(rawPrivate(pem));
  return { privateKey: pem, kid: createHash("sha256").update(ecdh.getPublicKey()).digest("hex").slice(0, 16) };
}

/** Loads the queue key from the key file, creating it on first use (other sections kept). */
export function loadQueueKey(file: string): QueueKey {
  let whole: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      whole = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch {
      throw new RangeError(`${file}: not a Tocsin key file (JSON expected)`);
    }
  }
  const section = whole.queue as { current?: Entry; retired?: Entry[] } | undefined;
  if (section?.current) return new QueueKey(section.current, section.retired ?? []);
  const created = { current: newEntry(), retired: [] as Entry[] };
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.queue.tmp`;
  writeFileSync(tmp, JSON.stringify({ ...whole, queue: created }, null, 2), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return new QueueKey(created.current, []);
}
