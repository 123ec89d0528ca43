/**
 * Seals a report for the offline queue with WebCrypto, so what waits in IndexedDB on a seized
 * device is unreadable: only the server's private key opens it. Mirrors `tocsin-sealed/1` in
 * `src/infra/secrets/queue-key.ts`: ephemeral ECDH P-256 → HKDF-SHA-256 → AES-256-GCM, with the
 * Idempotency-Key in the additional data. The ephemeral private key is never stored.
 */

/** The server's queue key as `GET /api/reports/queue-key` returns it. */
export interface QueuePublicKey {
  kid: string;
  /** Uncompressed P-256 point, base64. */
  publicKey: string;
}

/** A sealed report (what is stored and sent). */
export interface SealedReport {
  v: 1;
  kid: string;
  epk: string;
  iv: string;
  ct: string;
}

const FORMAT = "tocsin-sealed/1";

function b64(bytes: ArrayBuffer | Uint8Array): string {
  const u = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = "";
  for (const x of u) s += String.fromCharCode(x);
  return btoa(s);
}
function unb64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * Seals `body` (any JSON value) for the server.
 * @param idempotencyKey bound into the ciphertext: the server refuses it under another key
 */
export async function sealReport(body: unknown, idempotencyKey: string, server: QueuePublicKey, subtle: SubtleCrypto = crypto.subtle): Promise<SealedReport> {
  const serverKey = await subtle.importKey("raw", unb64(server.publicKey), { name: "ECDH", namedCurve: "P-256" }, false, []);
  const eph = await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"]);
  const shared = await subtle.deriveBits({ name: "ECDH", public: serverKey }, eph.privateKey, 256);
  const hkdf = await subtle.importKey("raw", shared, "HKDF", false, ["deriveKey"]);
  const aes = await subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(32), info: new TextEncoder().encode(FORMAT) },
    hkdf, { name: "AES-GCM", length: 256 }, false, ["encrypt"],
  );
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(`${FORMAT}|${server.kid}|${idempotencyKey}`) },
    aes, new TextEncoder().encode(JSON.stringify(body)),
  );
  const epk = await subtle.exportKey("raw", eph.publicKey);
  return { v: 1, kid: server.kid, epk: b64(epk), iv: b64(iv), ct: b64(ct) };
}

const CACHE = "tocsin-queue-key";

/**
 * The server's queue key: fetched when online and cached (it is public), so reports can be sealed
 * offline later. Null when never fetched and offline now: the caller must not queue in clear.
 */
export async function queuePublicKey(): Promise<QueuePublicKey | null> {
  try {
    const res = await fetch("/api/reports/queue-key", { credentials: "same-origin" });
    if (res.ok) {
      const key = (await res.json()) as QueuePublicKey;
      localStorage.setItem(CACHE, JSON.stringify(key));
      return key;
    }
  } catch {
    // offline: use the cached key
  }
  const cached = localStorage.getItem(CACHE);
  return cached ? (JSON.parse(cached) as QueuePublicKey) : null;
}
