/**
 * A monitor reads only its own reports; a colleague's report must answer exactly like a random id
 * (same status and body), or the difference tells which ids are reports of the organisation.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { permissionsFor, type Actor, type Role } from "../../src/domain/identity/permissions.ts";
import type { Store } from "../../src/infra/store/database.ts";
import { IdentityRepository } from "../../src/infra/store/identity.repository.ts";
import { openTestStore } from "../../src/infra/store/testing.ts";
import { withOrg } from "../../src/infra/store/org-scope.ts";
import { ReportRepository } from "../../src/infra/store/report.repository.ts";
import { getReport, type ReportDeps } from "../../src/services/report.service.ts";
import { NotFoundError } from "../../src/services/errors.ts";
import { HiddenResourceError } from "../../src/domain/identity/permissions.ts";

describe("a colleague's report is indistinguishable from a missing one", () => {
  let store: Store;
  const users: Record<string, Extract<Actor, { kind: "user" }>> = {};
  let reportId: string;
  before(async () => {
    store = await openTestStore("pglite");
    const repo = new IdentityRepository(store.db);
    const organisationId = randomUUID();
    await repo.insertOrganisation({ id: organisationId, name: "Org", createdAt: new Date() });
    for (const [name, role] of [["m1", "monitor"], ["m2", "monitor"]] as [string, Role][]) {
      const u = await repo.insertUser({ id: randomUUID(), organisationId, email: `${name}@x.test`, displayName: name, role, passwordHash: "x", createdAt: new Date() });
      users[name] = { kind: "user", userId: u.id, organisationId, role, permissions: permissionsFor(role), via: "session" };
    }
    reportId = randomUUID();
    const now = new Date();
    await withOrg(store, organisationId, (tx) =>
      new ReportRepository(tx).insert({
        id: reportId, organisationId, submittedBy: users.m1.userId, idempotencyKey: "key-00000001", requestHash: "h", status: "received", firstReviewerId: null, duplicateOf: null,
        occurredFrom: now, occurredTo: null, timePrecision: "day", countryIso3: null, adminArea: null, lat: null, lon: null, locationPrecisionM: null, locationProtected: false,
        locationSecret: null, blurredLat: null, blurredLon: null, blurM: null, description: "d", victims: {}, perpetratorType: "unknown", targetedGroup: null, sources: [],
        reporterSecret: null, published: false, publishBlurM: null, receivedAt: now, updatedAt: now,
      }),
    );
  });
  after(async () => store?.close());

  test("another monitor gets the same NotFoundError for the colleague's report as for a random id", async () => {
    const deps = { store } as unknown as ReportDeps;
    assert.equal((await getReport(deps, users.m1, reportId)).id, reportId);
    const shape = async (id: string) => {
      try {
        await getReport(deps, users.m2, id);
        return "found";
      } catch (error) {
        assert.ok(!(error instanceof HiddenResourceError), "a hidden report must not answer differently from a missing one");
        assert.ok(error instanceof NotFoundError);
        return `${error.entity}|${error.message.replace(id, "ID")}`;
      }
    };
    assert.equal(await shape(reportId), await shape(randomUUID()));
  });
});
