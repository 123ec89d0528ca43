/**
 * `tocsin response gaps` as a user runs it: a child process against a private TOCSIN_HOME holding
 * one organisation, an API token in TOCSIN_TOKEN, an old Warning with no action and an
 * acknowledged Emergency with an overdue action.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { createTocsin } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { permissionsFor } from "../../domain/identity/permissions.ts";
import { acknowledgeAlert, createAction } from "../../services/response.service.ts";
import { createApiToken } from "../../services/auth.service.ts";
import { REPO_ROOT } from "../../infra/importers/mirror.ts";
import { IdentityRepository } from "../../infra/store/identity.repository.ts";
import { alerts } from "../../infra/store/schema/mod.ts";

const BIN = join(REPO_ROOT, "bin/tocsin.js");
let home: string;
let token: string;

function run(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, TOCSIN_TOKEN: undefined, ...env } as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

before(async () => {
  home = mkdtempSync(join(tmpdir(), "tocsin-response-cli-"));
  const tocsin = await createTocsin({ ...loadConfig({ TOCSIN_HOME: home }), webDir: "/nonexistent" });
  try {
    const repo = new IdentityRepository(tocsin.store.db);
    const org = randomUUID();
    await repo.insertOrganisation({ id: org, name: "Org", createdAt: new Date() });
    const u = await repo.insertUser({ id: randomUUID(), organisationId: org, email: "a@example.invalid", displayName: "A", role: "analyst", passwordHash: "x", createdAt: new Date() });
    const actor = { kind: "user" as const, userId: u.id, organisationId: org, role: "analyst" as const, permissions: permissionsFor("analyst"), via: "session" as const };
    token = (await createApiToken(tocsin.store, actor, { name: "cli", scopes: ["response:read"] })).token;
    const day = 86_400_000;
    const now = Date.now();
    const [mmr, sdn] = [randomUUID(), randomUUID()];
    for (const [id, iso3, level, age] of [[mmr, "MMR", "warning", 20], [sdn, "SDN", "emergency", 3]] as const) {
      await tocsin.store.db.insert(alerts).values({ id, countryIso3: iso3, situation: "", level, previousLevel: "none", computedLevel: level, explanation: "", signals: [], current: true, basis: {}, createdAt: new Date(now - age * day) });
    }
    await acknowledgeAlert({ store: tocsin.store, now: () => new Date(now - 3 * day + 6 * 3_600_000) }, actor, sdn);
    await createAction({ store: tocsin.store, now: () => new Date(now - 2 * day) }, actor, sdn, { description: "envoy", deadline: new Date(now - day).toISOString().slice(0, 10) });
  } finally {
    await tocsin.close();
  }
});
after(() => rmSync(home, { recursive: true, force: true }));

test("tocsin response gaps prints a table per country and JSON with --json; needs a token", async () => {
  const table = await run(["response", "gaps"], { TOCSIN_HOME: home, TOCSIN_TOKEN: token });
  assert.equal(table.code, 0, table.stderr);
  const lines = table.stdout.trim().split("\n");
  assert.match(lines[0], /^country\s+alerts\s+acked\s+ack median/);
  assert.deepEqual(lines.slice(1).map((l) => l.split(/\s+/)[0]), ["MMR", "SDN", "all"]);
  const sdn = lines.find((l) => l.startsWith("SDN"))!.split(/\s{2,}/);
  assert.deepEqual([sdn[1], sdn[2], sdn[3]], ["1", "1", "6.0 h"]);
  assert.deepEqual(sdn.slice(-3), ["0", "1", "0"]);
  assert.deepEqual(lines.find((l) => l.startsWith("MMR"))!.split(/\s{2,}/).slice(-3), ["1", "0", "0"]);

  const json = await run(["response", "gaps", "--json", "--days", "30", "--country", "mmr"], { TOCSIN_HOME: home, TOCSIN_TOKEN: token });
  assert.equal(json.code, 0, json.stderr);
  const g = JSON.parse(json.stdout);
  assert.deepEqual([g.noActionDays, g.country, g.overall.alerts, g.overall.unanswered.length], [30, "MMR", 1, 0]);

  const missing = await run(["response", "gaps"], { TOCSIN_HOME: home });
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /TOCSIN_TOKEN/);
  const bad = await run(["response", "gaps"], { TOCSIN_HOME: home, TOCSIN_TOKEN: "tcn_forged" });
  assert.notEqual(bad.code, 0);
});
