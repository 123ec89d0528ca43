/**
 * `tocsin feeds …` as a user runs it: a child process per command, a private TOCSIN_HOME, and a
 * local HTTP server on 127.0.0.1 standing in for a news site's RSS feed.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startReplayServer, type ReplayServer } from "../../infra/feeds/fixtures/replay-server.ts";
import { REPO_ROOT } from "../../infra/importers/mirror.ts";

const BIN = join(REPO_ROOT, "bin/tocsin.js");

function tocsin(args: string[], env: Record<string, string>, stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    child.stdin.end(stdin ?? "");
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("tocsin feeds", () => {
  let home: string;
  let server: ReplayServer;
  let env: Record<string, string>;
  before(async () => {
    home = mkdtempSync(join(tmpdir(), "tocsin-feeds-cli-"));
    env = { TOCSIN_HOME: home, TOCSIN_ADMIN_PASSWORD: "correct horse battery staple", DATABASE_URL: "" };
    server = await startReplayServer();
    server.on("GET /rss", (_q, res) => void res.writeHead(200).end(readFileSync(new URL("../../infra/feeds/fixtures/news.rss.xml", import.meta.url))));
  });
  after(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  test("add, run, list --json, pause, remove", async () => {
    const admin = await tocsin(["users", "create-admin", "--email", "admin@example.org", "--organisation", "Desk"], env);
    assert.equal(admin.code, 0, admin.stderr);
    const bad = await tocsin(["feeds", "add", "news", "--source", "rss", "--set", "url=nope", "--set", "country=MM"], env);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /config\.url/);
    const add = await tocsin(["feeds", "add", "news", "--source", "rss", "--set", `url=${server.base}/rss`, "--set", "country=MM", "--set", "language=en", "--schedule", "every 30 minutes"], env);
    assert.equal(add.code, 0, add.stderr);
    const run = await tocsin(["feeds", "run", "news"], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).rowsAdded, 2);
    const list = await tocsin(["feeds", "list", "--json"], env);
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(lines.length, 1);
    assert.deepEqual(Object.keys(lines[0]).slice(0, 6), ["name", "source", "schedule", "lastSuccessAt", "lastError", "rowsAdded"]);
    assert.equal(lines[0].name, "news");
    assert.equal(lines[0].source, "rss");
    assert.equal(lines[0].schedule, "every 30 minutes");
    assert.match(lines[0].lastSuccessAt, /^\d{4}-\d{2}-\d{2}T/);
    assert.equal(lines[0].lastError, null);
    assert.equal(lines[0].rowsAdded, 2);
    const pause = await tocsin(["feeds", "pause", "news"], env);
    assert.equal(JSON.parse(pause.stdout).paused, true);
    const remove = await tocsin(["feeds", "remove", "news"], env);
    assert.equal(remove.code, 0, remove.stderr);
    assert.equal((await tocsin(["feeds", "list", "--json"], env)).stdout, "");
  });
});
