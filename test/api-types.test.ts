/**
 * The committed dashboard API types (`web/src/api/schema.d.ts`) must match what the current routes
 * generate; a route change without `npm run api:types` fails here.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { generateApiTypes, SCHEMA_FILE } from "../scripts/api-types.ts";
import { REPO_ROOT } from "../src/infra/importers/mirror.ts";

test("web/src/api/schema.d.ts is generated from the current OpenAPI document (run `npm run api:types` when this fails)", async () => {
  const committed = readFileSync(join(REPO_ROOT, SCHEMA_FILE), "utf8");
  const fresh = await generateApiTypes();
  assert.ok(fresh.includes('"/api/forecasts"'), "the generator lost the routes");
  if (committed !== fresh) {
    const a = committed.split("\n");
    const b = fresh.split("\n");
    const line = a.findIndex((l, i) => l !== b[i]);
    assert.fail(`${SCHEMA_FILE} is stale: first difference at line ${line + 1}:\n  committed: ${a[line]}\n  generated: ${b[line]}\nRun \`npm run api:types\`.`);
  }
});
