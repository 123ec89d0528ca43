import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRoute } from "./navigation.ts";

test("parseRoute() knows the world view, country pages and nothing else", () => {
  assert.deepEqual(parseRoute("/"), { page: "world" });
  assert.deepEqual(parseRoute("/countries/mmr/"), { page: "country", iso3: "MMR" });
  assert.deepEqual(parseRoute("/countries/MMRX"), { page: "missing", path: "/countries/MMRX" });
});
