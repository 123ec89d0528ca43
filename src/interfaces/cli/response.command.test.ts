/**
 * `tocsin response gaps` as a user runs it: in-process (test/cli-harness.ts) against a private TOCSIN_HOME holding
 * one organisation, an API token in TOCSIN_TOKEN, an old Warning with no action and an
 * acknowledged Emergency with an overdue action.
 */
import assert from "node:assert/strict";
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
import { closeCliStores, tocsinInProcess } from "../../../test/cli-harness.ts";
import { IdentityRepository } from "../../infra/store/identity.repository.ts";
import { alerts } from "../../infra/store/schema/mod.ts";

let home: string;
let token: string;

/** Runs a command in this process (test/cli-harness.ts). */
function run(args: string[], env: Record<string, string | undefined>) {
  return tocsinInProcess(args, { env: { TOCSIN_TOKEN: undefined, ...env } });
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
after(async () => {
  await closeCliStores();
  rmSync(home, { recursive: true, force: true });
});

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
