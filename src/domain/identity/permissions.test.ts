import assert from "node:assert/strict";
import { test } from "node:test";
import { authorize, ForbiddenError, HiddenResourceError, permissionsFor, ROLE_PERMISSIONS, type Actor, type Role } from "./permissions.ts";

const user = (role: Role, scopes?: string[]): Actor => ({ kind: "user", userId: "u1", organisationId: "o1", role, permissions: permissionsFor(role, scopes), via: scopes ? "token" : "session" });

test("authorize() refuses anonymous actors as unauthenticated", () => {
  assert.throws(() => authorize({ kind: "anonymous" }, "report:read"), (e) => e instanceof ForbiddenError && e.anonymous);
});

test("authorize() follows the role table for every role and permission", () => {
  for (const role of Object.keys(ROLE_PERMISSIONS) as Role[]) {
    for (const p of ["report:create", "report:read-identity", "user:manage", "audit:read", "report:review"] as const) {
      const allowed = ROLE_PERMISSIONS[role].includes(p);
      if (allowed) authorize(user(role), p);
      else assert.throws(() => authorize(user(role), p), ForbiddenError, `${role} ${p}`);
    }
  }
});

test("admins do not see reporter identity; analysts do", () => {
  assert.throws(() => authorize(user("admin"), "report:read-identity"), ForbiddenError);
  authorize(user("analyst"), "report:read-identity");
});

test("authorize() hides resources of another organisation", () => {
  assert.throws(() => authorize(user("analyst"), "report:read", { organisationId: "o2" }), HiddenResourceError);
});

test("monitors read only their own reports", () => {
  authorize(user("monitor"), "report:read", { organisationId: "o1", ownerId: "u1" });
  assert.throws(() => authorize(user("monitor"), "report:read", { organisationId: "o1", ownerId: "u2" }), HiddenResourceError);
});

test("token scopes narrow the role, never widen it", () => {
  const t = user("viewer", ["report:read", "user:manage"]);
  authorize(t, "report:read");
  assert.throws(() => authorize(t, "user:manage"), ForbiddenError);
  assert.throws(() => authorize(user("analyst", ["report:read"]), "report:create"), ForbiddenError);
});
