import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRoute } from "./navigation.ts";

test("parseRoute() knows the world view, country pages and nothing else", () => {
  assert.deepEqual(parseRoute("/"), { page: "world" });
  assert.deepEqual(parseRoute("/countries/mmr/"), { page: "country", iso3: "MMR" });
  assert.deepEqual(parseRoute("/countries/MMRX"), { page: "missing", path: "/countries/MMRX" });
});

test("parseRoute() knows sign-in, the report form and the admin sections", () => {
  assert.deepEqual(parseRoute("/sign-in"), { page: "sign-in" });
  assert.deepEqual(parseRoute("/password"), { page: "password" });
  assert.deepEqual(parseRoute("/report/"), { page: "report" });
  assert.deepEqual(parseRoute("/admin"), { page: "admin", section: "users" });
  assert.deepEqual(parseRoute("/admin/tokens"), { page: "admin", section: "tokens" });
  assert.deepEqual(parseRoute("/admin/secrets"), { page: "missing", path: "/admin/secrets" });
});

test("parseRoute() hands everything under /assessments to the assessment pages (they route among themselves)", () => {
  assert.deepEqual(parseRoute("/assessments"), { page: "assessments", path: "/assessments" });
  assert.deepEqual(parseRoute("/assessments/new"), { page: "assessments", path: "/assessments/new" });
  assert.deepEqual(parseRoute("/assessmentsx"), { page: "missing", path: "/assessmentsx" });
});
