/**
 * Crash safety: the server process is killed (SIGKILL) while report submissions with attachments
 * are in flight, restarted, and every submission is retried with its Idempotency-Key. Afterwards
 * each report exists exactly once with all of its attachments, and the audit chain and evidence
 * files verify. Runs on the embedded store and, when TEST_DATABASE_URL is set, on PostgreSQL.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { createTocsin } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { REPO_ROOT } from "../../src/infra/importers/mirror.ts";
import { availableEngines } from "../../src/infra/store/testing.ts";
import { ReportRepository } from "../../src/infra/store/report.repository.ts";
import { verifyAudit } from "../../src/services/audit.service.ts";
import { bootstrapAdmin, createUser, login, resolveSession } from "../../src/services/auth.service.ts";
import { jpegWithGps, PASSWORD, reportBody, TEST_KEY } from "./harness.ts";

const BIN = join(REPO_ROOT, "bin/tocsin.js");
const SUBMISSIONS = 16;

function start(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, "start", "--no-import"], { env: { ...process.env, ...env, PORT: "0", LOG_LEVEL: "warn" }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  return new Promise((resolve, reject) => {
    child.stderr!.on("data", (c: Buffer) => {
      stderr += c;
      const m = /serving .* on (http:\/\/\S+)/.exec(stderr);
      if (m) resolve({ child, url: m[1] });
    });
    child.once("exit", (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
}

async function signInOver(url: string): Promise<Record<string, string>> {
  const res = await fetch(`${url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "mon@crash.test", password: PASSWORD }) });
  const body = (await res.json()) as { csrfToken: string };
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("tocsin_session="))!.split(";")[0];
  return { cookie, "x-csrf-token": body.csrfToken, "content-type": "application/json" };
}

/** Submission `i`: three attachments, one of them ~1.5 MB so requests are still in flight at the kill. */
function submission(i: number): string {
  const jpeg = Buffer.concat([jpegWithGps().subarray(0, -2), Buffer.from(`${i}`), Buffer.from([0xff, 0xd9])]);
  return JSON.stringify(
    reportBody({
      description: `crash test report ${i}`,
      attachments: [
        { fileName: `photo-${i}.jpg`, mediaType: "image/jpeg", data: jpeg.toString("base64") },
        { fileName: `statement-${i}.txt`, mediaType: "text/plain", data: Buffer.from(`statement ${i}`).toString("base64") },
        { fileName: `video-${i}.mp4`, mediaType: "video/mp4", data: randomBytes(1_500_000).toString("base64") },
      ],
    }),
  );
}

for (const engine of availableEngines()) {
  describe(`crash safety on ${engine}`, () => {
    const home = mkdtempSync(join(tmpdir(), "tocsin-crash-"));
    const dbName = `tocsin_crash_${process.pid}_${randomBytes(3).toString("hex")}`;
    let databaseUrl: string | undefined;
    let server: ChildProcess | undefined;
    after(async () => {
      server?.kill("SIGKILL");
      rmSync(home, { recursive: true, force: true });
      if (databaseUrl) {
        const { default: pg } = await import("pg");
        const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await admin.end();
      }
    });

    test("SIGKILL during submissions, restart, retry with the same keys: every report exactly once with all attachments", async (t) => {
      if (engine === "postgres") {
        const { default: pg } = await import("pg");
        const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${dbName}`);
        await admin.end();
        const u = new URL(process.env.TEST_DATABASE_URL!);
        u.pathname = `/${dbName}`;
        databaseUrl = u.toString();
      }
      const env: Record<string, string> = { TOCSIN_HOME: home, TOCSIN_SECRET_KEY: TEST_KEY, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
      const config = loadConfig(env);
      {
        const t0 = await createTocsin(config, { env });
        const boot = await bootstrapAdmin(t0.store, { organisationName: "Crash", email: "admin@crash.test", displayName: "A", password: PASSWORD });
        const s = await login(t0.store, { email: boot.user.email, password: PASSWORD });
        await createUser(t0.store, (await resolveSession(t0.store, s.sessionToken))!.actor, { email: "mon@crash.test", displayName: "M", role: "monitor", password: PASSWORD });
        await t0.close();
      }
      const keys = Array.from({ length: SUBMISSIONS }, (_, i) => `crash-${i}-${randomBytes(4).toString("hex")}`);
      const bodies = keys.map((_, i) => submission(i));

      let first = await start(env);
      server = first.child;
      let headers = await signInOver(first.url);
      const outcomes: (number | "killed")[] = Array(SUBMISSIONS).fill("killed");
      let done = 0;
      const killed = new Promise<void>((resolve) => first.child.once("exit", () => resolve()));
      const inflight = keys.map((key, i) =>
        fetch(`${first.url}/api/reports`, { method: "POST", headers: { ...headers, "idempotency-key": key }, body: bodies[i] })
          .then((r) => {
            outcomes[i] = r.status;
            done += 1;
            // Kill the server once a few submissions have committed and the rest are in flight.
            if (done === 3) first.child.kill("SIGKILL");
          })
          .catch(() => undefined),
      );
      await Promise.all(inflight);
      await killed;
      const completed = outcomes.filter((o) => o !== "killed").length;
      t.diagnostic(`before the kill: ${completed} of ${SUBMISSIONS} submissions answered`);
      assert.ok(completed >= 3 && completed < SUBMISSIONS, `kill landed mid-run (${completed} answered)`);

      first = await start(env);
      server = first.child;
      headers = await signInOver(first.url);
      const retries = await Promise.all(
        keys.map((key, i) => fetch(`${first.url}/api/reports`, { method: "POST", headers: { ...headers, "idempotency-key": key }, body: bodies[i] }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: string; attachments: unknown[] } }))),
      );
      for (const [i, r] of retries.entries()) {
        assert.ok(r.status === 200 || r.status === 201, `retry ${i}: ${r.status}`);
        if (outcomes[i] !== "killed") assert.equal(r.status, 200, `submission ${i} answered before the kill must replay`);
        assert.equal(r.body.attachments.length, 3);
      }
      t.diagnostic(`after restart: ${retries.filter((r) => r.status === 200).length} replayed, ${retries.filter((r) => r.status === 201).length} created`);
      const exited = new Promise((r) => first.child.once("exit", r));
      first.child.kill("SIGINT");
      await exited;
      server = undefined;

      const t1 = await createTocsin(config, { env });
      try {
        const repo = new ReportRepository(t1.store.db);
        const reports = await repo.all();
        assert.equal(reports.length, SUBMISSIONS, "each submission exactly once");
        assert.equal(new Set(reports.map((r) => r.idempotencyKey)).size, SUBMISSIONS);
        for (const r of reports) assert.equal((await repo.attachments(r.organisationId, r.id)).length, 3, `report ${r.description} has all attachments`);
        const audit = await verifyAudit(t1.store, { blobs: t1.context.protection!.blobs });
        assert.equal(audit.ok, true, JSON.stringify(audit.firstBreak));
      } finally {
        await t1.close();
      }
    });
  });
}
