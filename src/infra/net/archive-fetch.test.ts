/**
 * `isPublicAddress` (issue 14 point 13): the IPv6 forms that reach private or special IPv4 space,
 * or are special themselves, are refused as webhook and archive targets — IPv4-compatible IPv6
 * (`::7f00:1` is 127.0.0.1), local-use NAT64 `64:ff9b:1::/48`, and site-local `fec0::/10` — while
 * ordinary public addresses still pass.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { isPublicAddress } from "./archive-fetch.ts";

test("isPublicAddress() refuses IPv4-compatible IPv6, 64:ff9b:1::/48 and fec0::/10", () => {
  for (const a of ["::7f00:1", "::a00:1", "::c0a8:101", "::8.8.8.8", "::127.0.0.1", "64:ff9b:1::a00:1", "64:ff9b:1:ffff::1", "fec0::1", "feff:ffff::1", "::", "::1"]) {
    assert.equal(isPublicAddress(a), false, a);
  }
});

test("isPublicAddress() still accepts public IPv4 and IPv6", () => {
  for (const a of ["8.8.8.8", "2606:4700:4700::1111", "2001:4860:4860::8888", "64:ff9b:2::1", "fe00::1".replace("fe00", "2a00")]) {
    assert.equal(isPublicAddress(a), true, a);
  }
});
