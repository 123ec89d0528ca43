import { test } from "node:test";
import assert from "node:assert/strict";
import { countryRegistry } from "../../domain/country/registry.ts";
import { registryCountryResolver } from "./event-country.ts";

test("the registry resolves GED, ACLED and GDELT country references", () => {
  const resolve = registryCountryResolver(countryRegistry());
  assert.equal(resolve("Myanmar (Burma)", 775), "MMR");
  assert.equal(resolve("Somewhere unknown", 775), "MMR", "GW code when the name is unknown");
  assert.equal(resolve("Myanmar", null, { isoNumeric: 104 }), "MMR");
  assert.equal(resolve("Burma", null, { fips: "BM" }), "MMR");
  assert.equal(resolve("Atlantis", null), undefined);
});
