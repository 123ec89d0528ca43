/**
 * Archived copies of evidence URLs: the SSRF guard on its own (refuses loopback and private
 * addresses by default), and the service against a local HTTP server with the private-address
 * switch on — bytes in the blob store under their SHA-256, failures recorded on the link, server-
 * only archive records, the author-only rule, audit — on every store engine, plus the route.
 */
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createServer, createTocsin, type Tocsin } from "../app.ts";
import { loadConfig } from "../config.ts";
import type { IndicatorAnswer } from "../domain/assessment/assessment.ts";
import { TEN_STAGES } from "../domain/assessment/frameworks/mod.ts";
import { indicatorsOf } from "../domain/assessment/framework.ts";
import { AssessmentWorkflowError } from "../domain/assessment/workflow.ts";
import { permissionsFor, type Actor, type Role } from "../domain/identity/permissions.ts";
import { fetchForArchive, isPublicAddress } from "../infra/net/archive-fetch.ts";
import { AuditRepository } from "../infra/store/audit.repository.ts";
import { BlobStore } from "../infra/store/blob-store.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { availableEngines, openTestStore } from "../infra/store/testing.ts";
import { createAssessment, getAssessment, updateDraft } from "./assessment.service.ts";
import { createApiToken } from "./auth.service.ts";
import { archivedCopy, archiveEvidence } from "./evidence-archive.service.ts";
import { NotFoundError } from "./errors.ts";

type User = Extract<Actor, { kind: "user" }>;

const PAGE = Buffer.from("<!doctype html><title>Report</title><p>Evidence page</p>");
let site: Server;
let base: string;

before(async () => {
  site = createHttpServer((req, res) => {
    if (req.url === "/page") return res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
    if (req.url === "/moved") return res.writeHead(302, { location: "/page" }).end();
    if (req.url === "/loop") return res.writeHead(302, { location: "/loop" }).end();
    if (req.url === "/big") return res.writeHead(200, { "content-type": "application/octet-stream" }).end(Buffer.alloc(4096, 1));
    res.writeHead(404).end("gone");
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
});
after(() => new Promise<void>((resolve) => site.close(() => resolve())));

describe("the SSRF guard", () => {
  test("isPublicAddress() refuses loopback, private, link-local, IPv4-mapped and special ranges and accepts public ones", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "224.0.0.1", "::ffff:8.8.8.8", "::ffff:7f00:1", "not-an-ip"]) {
      assert.equal(isPublicAddress(a), false, a);
    }
    for (const a of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"]) assert.equal(isPublicAddress(a), true, a);
  });

  test("by default a fetch of 127.0.0.1, localhost or a private literal is refused before any connection", async () => {
    let hits = 0;
    site.once("request", () => { hits += 1; });
    for (const url of [`${base}/page`, base.replace("127.0.0.1", "localhost") + "/page", "http://[::1]/", "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/"]) {
      const r = await fetchForArchive(url, { timeoutMs: 2000 });
      assert.equal(r.ok, false, url);
      assert.match((r as { error: string }).error, /^refused: /, url);
    }
    for (const url of ["file:///etc/passwd", "ftp://example.org/x", "http://user:pw@example.org/"]) {
      const r = await fetchForArchive(url);
      assert.match((r as { error: string }).error, /^refused: /, url);
    }
    assert.equal(hits, 0);
  });

  test("with the test switch on it fetches, follows a redirect, and enforces the size and redirect limits", async () => {
    const ok = await fetchForArchive(`${base}/moved`, { allowPrivate: true });
    assert.ok(ok.ok);
    assert.deepEqual([ok.bytes, ok.contentType, ok.finalUrl], [PAGE, "text/html; charset=utf-8", `${base}/page`]);
    assert.match((await fetchForArchive(`${base}/big`, { allowPrivate: true, maxBytes: 1000 }) as { error: string }).error, /too large/);
    assert.match((await fetchForArchive(`${base}/loop`, { allowPrivate: true }) as { error: string }).error, /too many redirects/);
    assert.deepEqual(await fetchForArchive(`${base}/nothing`, { allowPrivate: true }), { ok: false, error: "the server answered HTTP 404", httpStatus: 404 });
  });
});

for (const engine of availableEngines()) {
  describe(`evidence archiving on ${engine}`, () => {
    let tocsin: Tocsin;
    let blobDir: string;
    let blobs: BlobStore;
    const actors: Record<string, User> = {};
    const deps = () => ({ store: tocsin.store, blobs, fetchOptions: { allowPrivate: true, maxBytes: 1000 } });

    async function addUser(organisationId: string, name: string, role: Role): Promise<User> {
      const u = await new IdentityRepository(tocsin.store.db).insertUser({ id: randomUUID(), organisationId, email: `${name}-${randomUUID()}@example.invalid`, displayName: name, role, passwordHash: "x", createdAt: new Date() });
      return { kind: "user", userId: u.id, organisationId, role, permissions: permissionsFor(role), via: "session" };
    }

    before(async () => {
      // A throw-away home: the route's blob store lives under it.
      blobDir = mkdtempSync(join(tmpdir(), "tocsin-archive-"));
      tocsin = await createTocsin({ ...loadConfig({ TOCSIN_HOME: blobDir }), webDir: "/nonexistent" }, { store: await openTestStore(engine), env: { TOCSIN_KEY_FILE: join(blobDir, "keys.json") } });
      blobs = new BlobStore(join(blobDir, "evidence"));
      const org = randomUUID();
      await new IdentityRepository(tocsin.store.db).insertOrganisation({ id: org, name: org, createdAt: new Date() });
      actors.author = await addUser(org, "author", "analyst");
      actors.other = await addUser(org, "other", "analyst");
    });
    after(async () => {
      await tocsin?.close();
      rmSync(blobDir, { recursive: true, force: true });
    });

    test("url evidence is archived into the blob store, failures are recorded, and clients cannot forge archive records", async () => {
      const [i1, i2] = indicatorsOf(TEN_STAGES).map((i) => i.id);
      const forged = { status: "archived" as const, fetchedAt: "2025-01-01T00:00:00Z", sha256: "0".repeat(64) };
      const answers: Record<string, IndicatorAnswer> = {
        [i1]: { answer: "present", confidence: "high", rationale: "r", evidence: [{ kind: "url", ref: `${base}/page`, archive: forged }, { kind: "url", ref: `${base}/nothing` }] },
        [i2]: { answer: "absent", confidence: "low", rationale: "r", evidence: [{ kind: "url", ref: `${base}/big` }, { kind: "episode", ref: "x" }].filter((l) => l.kind === "url") as IndicatorAnswer["evidence"] },
      };
      const created = await createAssessment({ store: tocsin.store }, actors.author, { countryIso3: "MMR", title: "t", framework: { key: TEN_STAGES.key, version: 1 }, assessedOn: "2025-01-01", answers });
      assert.equal(created.latest.content.answers[i1].evidence[0].archive, undefined, "a client's archive record is dropped");

      await assert.rejects(archiveEvidence(deps(), actors.other, created.id), (e) => e instanceof AssessmentWorkflowError && e.code === "not_author");
      const r = await archiveEvidence(deps(), actors.author, created.id);
      assert.equal(r.archived.length, 3);
      assert.equal(r.remaining, 0);
      const sha = createHash("sha256").update(PAGE).digest("hex");
      const byUrl = Object.fromEntries(r.archived.map((o) => [o.url.slice(base.length), o.archive]));
      assert.deepEqual({ ...byUrl["/page"], fetchedAt: "" }, { status: "archived", fetchedAt: "", sha256: sha, bytes: PAGE.length, contentType: "text/html; charset=utf-8", httpStatus: 200 });
      assert.deepEqual(await blobs.get(sha), PAGE);
      assert.deepEqual([byUrl["/nothing"].status, byUrl["/nothing"].httpStatus], ["failed", 404]);
      assert.match(byUrl["/big"].error!, /too large/);

      assert.deepEqual(await archivedCopy(deps(), actors.other, created.id, sha), { bytes: PAGE, contentType: "text/html; charset=utf-8" });
      // Only hashes this assessment records are served (the blob store also holds sealed report files).
      const unrelated = await blobs.put(Buffer.from("someone else's sealed file"));
      await assert.rejects(archivedCopy(deps(), actors.other, created.id, unrelated), NotFoundError);
      const stored = (await getAssessment({ store: tocsin.store }, actors.author, created.id)).latest.content.answers;
      assert.equal(stored[i1].evidence[0].archive?.sha256, sha);
      assert.equal(stored[i2].evidence[0].archive?.status, "failed");

      // Editing the answer keeps the server's record and ignores a forged one.
      await updateDraft({ store: tocsin.store }, actors.author, created.id, { answers: { [i1]: { ...answers[i1], rationale: "edited", evidence: [{ kind: "url", ref: `${base}/page`, archive: forged }, { kind: "url", ref: `${base}/nothing`, archive: forged }] } } });
      const after = (await getAssessment({ store: tocsin.store }, actors.author, created.id)).latest.content.answers[i1].evidence;
      assert.equal(after[0].archive?.sha256, sha);
      assert.equal(after[1].archive?.status, "failed");

      // Archived links are not fetched again; failed ones are unless asked not to.
      assert.equal((await archiveEvidence(deps(), actors.author, created.id, { retryFailed: false })).archived.length, 0);
      assert.equal((await archiveEvidence(deps(), actors.author, created.id)).archived.length, 2);

      const audit = await new AuditRepository(tocsin.store.db).forOrganisation(actors.author.organisationId);
      const entries = audit.filter((e) => e.action === "assessment.evidence_archived");
      assert.equal(entries.length, 2);
      assert.doesNotMatch(JSON.stringify(entries[0].details), /127\.0\.0\.1/);
    });

    test("the route archives for the author; by default (no test switch) it refuses a loopback URL and records why", async () => {
      const app = await createServer(tocsin, { logLevel: false });
      try {
        const { token } = await createApiToken(tocsin.store, actors.author, { name: "t", scopes: ["assessment:write", "assessment:read"] });
        const auth = { authorization: `Bearer ${token}` };
        const [i1] = indicatorsOf(TEN_STAGES).map((i) => i.id);
        const made = await app.inject({ method: "POST", url: "/api/assessments", headers: auth, payload: { countryIso3: "MMR", title: "t", framework: { key: "ten-stages", version: 1 }, assessedOn: "2025-01-01", answers: { [i1]: { answer: "present", confidence: "high", rationale: "r", evidence: [{ kind: "url", ref: `${base}/page` }] } } } });
        assert.equal(made.statusCode, 201, made.body);
        const res = await app.inject({ method: "POST", url: `/api/assessments/${made.json().id}/evidence/archive`, headers: auth, payload: {} });
        assert.equal(res.statusCode, 200, res.body);
        const [outcome] = res.json().archived;
        assert.equal(outcome.archive.status, "failed");
        assert.match(outcome.archive.error, /^refused: 127\.0\.0\.1 is a private or special address/);
        const view = await app.inject({ url: `/api/assessments/${made.json().id}`, headers: auth });
        assert.equal(view.json().latest.content.answers[i1].evidence[0].archive.status, "failed");

        // With the test switch the same link is archived, and the copy downloads only as an inert attachment.
        process.env.TOCSIN_ARCHIVE_ALLOW_PRIVATE = "1";
        try {
          const again = await app.inject({ method: "POST", url: `/api/assessments/${made.json().id}/evidence/archive`, headers: auth, payload: {} });
          assert.equal(again.json().archived[0].archive.status, "archived");
          const sha = again.json().archived[0].archive.sha256 as string;
          const copy = await app.inject({ url: `/api/assessments/${made.json().id}/evidence/${sha}`, headers: auth });
          assert.equal(copy.statusCode, 200);
          assert.deepEqual(copy.rawPayload, PAGE);
          assert.equal(copy.headers["content-type"], "application/octet-stream");
          assert.match(String(copy.headers["content-disposition"]), /^attachment;/);
          assert.equal(copy.headers["x-archived-content-type"], "text/html; charset=utf-8");
          assert.equal((await app.inject({ url: `/api/assessments/${made.json().id}/evidence/${"f".repeat(64)}`, headers: auth })).statusCode, 404);
        } finally {
          delete process.env.TOCSIN_ARCHIVE_ALLOW_PRIVATE;
        }
      } finally {
        await app.close();
      }
    });
  });
}
