/**
 * The security commands as an operator runs them (child processes on a private TOCSIN_HOME with
 * the embedded store): `users create-admin`, `audit verify`, `evidence export|verify` and
 * `keys rotate`.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash, createPublicKey, generateKeyPairSync, sign as cryptoSign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { createServer, createTocsin } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { REPO_ROOT } from "../../src/infra/importers/mirror.ts";
import tar from "tar-stream";
import { entryHash, rowHash } from "../../src/domain/audit/chain.ts";
import { jpegWithGps, newKey, PASSWORD, REPORTER, reportBody, signIn } from "./harness.ts";

const BIN = join(REPO_ROOT, "bin/tocsin.js");
interface Run { code: number | null; stdout: string; stderr: string }

function tocsin(args: string[], env: Record<string, string>, stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const clean = { ...process.env };
    delete clean.TOCSIN_SECRET_KEY;
    delete clean.DATABASE_URL;
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...clean, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}

describe("security CLI", () => {
  let home: string;
  let env: Record<string, string>;
  let reportId: string;

  /** Runs `work` against the home's store with the HTTP app, then closes it (PGlite is single-process). */
  async function withApp<T>(work: (app: Awaited<ReturnType<typeof createServer>>, t: Awaited<ReturnType<typeof createTocsin>>) => Promise<T>): Promise<T> {
    const config = { ...loadConfig({ TOCSIN_HOME: home }), webDir: join(home, "none") };
    const t = await createTocsin(config, { env: {} });
    const app = await createServer(t, { logLevel: false });
    try {
      return await work(app, t);
    } finally {
      await app.close();
      await t.close();
    }
  }

  before(() => {
    home = mkdtempSync(join(tmpdir(), "tocsin-seccli-"));
    env = { TOCSIN_HOME: home };
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  test("users create-admin bootstraps an organisation and refuses weak passwords and duplicates", async () => {
    const weak = await tocsin(["users", "create-admin", "--email", "root@x.test", "--organisation", "Org X", "--password-stdin"], env, "short\n");
    assert.equal(weak.code, 1);
    assert.match(weak.stderr, /at least 12 characters/);
    const run = await tocsin(["users", "create-admin", "--email", "root@x.test", "--organisation", "Org X", "--password-stdin"], env, `${PASSWORD}\n`);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).role, "admin");
    assert.ok(!run.stdout.includes(PASSWORD) && !run.stderr.includes(PASSWORD));
    const again = await tocsin(["users", "create-admin", "--email", "root@x.test", "--organisation", "Org Y", "--password-stdin"], env, `${PASSWORD}\n`);
    assert.equal(again.code, 1);
    // The admin signs in and builds a team and a verified report.
    reportId = await withApp(async (app) => {
      const admin = await signIn(app, "root@x.test");
      for (const [email, role] of [["an1@x.test", "analyst"], ["an2@x.test", "analyst"], ["mon@x.test", "monitor"]]) {
        const r = await app.inject({ method: "POST", url: "/api/users", headers: admin.headers, payload: { email, displayName: role, role, password: PASSWORD } });
        assert.equal(r.statusCode, 201, r.body);
      }
      const mon = await signIn(app, "mon@x.test");
      const res = await app.inject({ method: "POST", url: "/api/reports", headers: { ...mon.headers, "idempotency-key": newKey() }, payload: reportBody() });
      assert.equal(res.statusCode, 201, res.body);
      const id = res.json().id as string;
      const an1 = await signIn(app, "an1@x.test");
      const an2 = await signIn(app, "an2@x.test");
      await app.inject({ method: "POST", url: `/api/reports/${id}/review`, headers: an1.headers, payload: { to: "under_review" } });
      const v = await app.inject({ method: "POST", url: `/api/reports/${id}/review`, headers: an2.headers, payload: { to: "verified", reason: "corroborated" } });
      assert.equal(v.json().status, "verified");
      return id;
    });
  });

  test("audit verify passes on an untouched store", async () => {
    const run = await tocsin(["audit", "verify"], env);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.ok, true);
    assert.ok(out.entries >= 8 && out.blobsChecked === 2, run.stdout);
  });

  test("evidence export writes originals, manifest and custody log; verify checks it offline and catches tampering", async () => {
    const out = join(home, "bundle.tar");
    const exp = await tocsin(["evidence", "export", reportId, "--out", out], env);
    assert.equal(exp.code, 0, exp.stderr);
    const tarBytes = readFileSync(out);
    const original = jpegWithGps();
    assert.ok(tarBytes.includes(original), "the untouched original is in the bundle");
    assert.ok(!tarBytes.toString("latin1").includes(REPORTER.contact.replace(/ /g, "")) && !tarBytes.toString("latin1").includes(`"${REPORTER.name}"`), "no decrypted identity in the manifest");
    const ok = await tocsin(["evidence", "verify", out], env);
    assert.equal(ok.code, 0, ok.stderr);
    const check = JSON.parse(ok.stdout);
    assert.equal(check.files, 1);
    assert.ok(check.custodyEntries >= 4);
    const manifest = JSON.parse(tarBytes.toString("latin1").slice(tarBytes.indexOf("{\n"), tarBytes.indexOf("\n}") + 2));
    assert.ok(manifest.custody.some((e: { action: string }) => e.action === "report.verified"));
    assert.ok(manifest.attachments[0].capturedAt && manifest.attachments[0].receivedAt);

    const tampered = Buffer.from(tarBytes);
    const at = tampered.indexOf(original) + original.length - 4;
    tampered[at] ^= 0xff;
    writeFileSync(join(home, "tampered.tar"), tampered);
    const bad = await tocsin(["evidence", "verify", join(home, "tampered.tar")], env);
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /originals\/[0-9a-f]{64} \(village\.jpg\) does not match/);
  });

  test("keys show prints the signing key; a forged bundle with every hash recomputed fails verify; rotation keeps old bundles verifiable", async () => {
    const shown = await tocsin(["keys", "show"], env);
    assert.equal(shown.code, 0, shown.stderr);
    const pem = shown.stdout.slice(0, shown.stdout.indexOf("-----END PUBLIC KEY-----") + 25);
    assert.match(shown.stdout, /^-----BEGIN PUBLIC KEY-----/);
    const fp = /fingerprint SHA256:([0-9a-f:]{79})/.exec(shown.stdout)![1];
    assert.equal(createHash("sha256").update(createPublicKey(pem).export({ type: "spki", format: "der" })).digest("hex"), fp.replace(/:/g, ""));
    assert.ok(!shown.stdout.includes("PRIVATE"), "no private key printed");
    writeFileSync(join(home, "instance.pem"), pem);

    const out = join(home, "bundle-forge.tar");
    assert.equal((await tocsin(["evidence", "export", reportId, "--out", out], env)).code, 0);
    const files = await readTar(readFileSync(out));
    const manifest = JSON.parse(files.get("manifest.json")!.toString());
    // The forger swaps the image, rewrites the description and victim counts and recomputes
    // every hash: originals' names, row hashes, custody entries, links, head, manifest.sha256.
    const fake = Buffer.from("a different photograph");
    const fakeSha = createHash("sha256").update(fake).digest("hex");
    const oldSha = manifest.attachments[0].sha256;
    files.delete(`originals/${oldSha}`);
    files.set(`originals/${fakeSha}`, fake);
    Object.assign(manifest.attachments[0], { sha256: fakeSha, path: `originals/${fakeSha}`, sizeBytes: fake.length });
    for (const a of manifest.rows.attachments) Object.assign(a, { sha256: fakeSha, sizeBytes: fake.length });
    manifest.rows.report.description = "Nothing happened here.";
    for (const k of Object.keys(manifest.rows.report)) if (/^victims/i.test(k) && typeof manifest.rows.report[k] === "number") manifest.rows.report[k] = 0;
    const rows = [["report", manifest.rows.report], ...manifest.rows.attachments.map((r: object) => ["attachment", r]), ...manifest.rows.reviews.map((r: object) => ["review", r])];
    let prev: string | null = null;
    for (const link of manifest.chain) {
      const e = manifest.custody.find((c: { seq: number }) => c.seq === link.seq);
      if (prev) link.prevHash = prev;
      if (e) {
        e.prevHash = link.prevHash;
        const row = rows.find(([entity, r]) => entity === e.entity && r.id === e.entityId);
        if (row && e.rowHash) e.rowHash = rowHash(row[1]);
        e.hash = entryHash({ ...e, at: new Date(e.at) });
        link.hash = e.hash;
      } else link.hash = createHash("sha256").update(`${link.prevHash}${link.seq}`).digest("hex");
      prev = link.hash;
    }
    manifest.chainHead = prev;
    const json = Buffer.from(JSON.stringify(manifest, null, 2));
    files.set("manifest.json", json);
    files.set("manifest.sha256", Buffer.from(`${createHash("sha256").update(json).digest("hex")}\n`));
    const forger = generateKeyPairSync("ed25519");
    const forgerPem = forger.publicKey.export({ type: "spki", format: "pem" }).toString();
    const forged = join(home, "forged.tar");
    writeFileSync(forged, await writeTar(files));
    // The genuine signature over a rewritten manifest fails.
    const bad = await tocsin(["evidence", "verify", forged, "--public-key", join(home, "instance.pem")], env);
    assert.equal(bad.code, 3, bad.stdout);
    assert.match(bad.stderr, /manifest\.sig: signature does not match/);
    // Re-signed with the forger's own key: unknown signer.
    files.set("manifest.sig", Buffer.from(JSON.stringify({ algorithm: "Ed25519", keyFingerprint: "forger", signature: cryptoSign(null, json, forger.privateKey).toString("base64") })));
    writeFileSync(forged, await writeTar(files));
    const bad2 = await tocsin(["evidence", "verify", forged, "--public-key", join(home, "instance.pem")], env);
    assert.equal(bad2.code, 3);
    assert.match(bad2.stderr, /signed by unknown key/);
    writeFileSync(join(home, "forger.pem"), forgerPem);
    assert.equal((await tocsin(["evidence", "verify", forged, "--public-key", join(home, "forger.pem")], env)).code, 0, "the forgery is internally consistent: only the key tells");

    // Rotation: the old bundle still verifies with the instance's keys; the new key is another.
    const rotated = await tocsin(["keys", "rotate", "--signing"], env);
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.notEqual(JSON.parse(rotated.stdout).fingerprint, fp);
    assert.deepEqual(JSON.parse(rotated.stdout).retired, [fp]);
    assert.equal((await tocsin(["evidence", "verify", out], env)).code, 0, "signed before rotation, still verifies");
    const keyFile = JSON.parse(readFileSync(join(home, "secret-keys.json"), "utf8"));
    assert.ok(keyFile.keys && keyFile.current, "field-encryption keys kept beside the signing key");
    assert.equal(JSON.stringify(keyFile.signing.retired).includes("PRIVATE"), false, "old private key dropped");
  });

  test("keys rotate re-encrypts every protected field under a new key; data stays readable and the audit stays valid", async () => {
    const file = join(home, "secret-keys.json");
    const before = JSON.parse(readFileSync(file, "utf8"));
    const run = await tocsin(["keys", "rotate"], env);
    assert.equal(run.code, 0, run.stderr);
    const after = JSON.parse(readFileSync(file, "utf8"));
    assert.notEqual(after.current, before.current);
    assert.deepEqual(Object.keys(after.keys), [after.current], "old key removed");
    assert.ok(!run.stdout.includes(after.keys[after.current]) && !run.stderr.includes(after.keys[after.current]), "key material never printed");
    assert.equal(JSON.parse(run.stdout).fields, 4, "reporter, protected location, source details and the attachment's file key");
    // Analysts read identities only once approved (#14 point 3); the first is approved by the operator.
    const approve = await tocsin(["users", "approve-role", "an1@x.test"], env);
    assert.equal(approve.code, 0, approve.stderr);
    await withApp(async (app, t) => {
      const r = await t.store.db.execute(sql`select reporter_secret from reports where id = ${reportId}`);
      const row = ((Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { reporter_secret: string }[])[0];
      assert.ok(row.reporter_secret.startsWith(`v1.${after.current}.`));
      const an = await signIn(app, "an1@x.test");
      assert.equal((await app.inject({ url: `/api/reports/${reportId}`, headers: an.headers })).json().reporter.name, REPORTER.name);
    });
    const verify = await tocsin(["audit", "verify"], env);
    assert.equal(verify.code, 0, verify.stderr);
  });

  test("audit verify exits non-zero and names the first broken entry after a row is altered", async () => {
    await withApp(async (_app, t) => {
      await t.store.db.execute(sql`update attachments set captured_at = '2020-01-01T00:00:00Z' where report_id = ${reportId}`);
    });
    const run = await tocsin(["audit", "verify"], env);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /audit verify FAILED: entry \d+: attachment [0-9a-f-]{36} no longer matches audit entry \d+ \(the row was altered\)/);
  });
});

async function readTar(bytes: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: unknown) => chunks.push(c as Buffer));
      stream.on("end", () => {
        files.set(header.name, Buffer.concat(chunks));
        next();
      });
    });
    extract.on("finish", resolve);
    extract.on("error", reject);
  });
  extract.end(bytes);
  await done;
  return files;
}

async function writeTar(files: Map<string, Buffer>): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve) => pack.on("end", () => resolve()));
  for (const [name, data] of files) pack.entry({ name, size: data.length }, data);
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}
