/**
 * The webhook sender's guard against server-side request forgery: any member may subscribe a
 * webhook, so the server must refuse to POST to loopback, private and special addresses — given
 * literally or through a name that resolves to one — unless `allowPrivate` (tests, intranets) says
 * otherwise. A local receiver counts what actually arrived.
 */
import assert from "node:assert/strict";
import { lookup } from "node:dns/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { after, before, describe, test } from "node:test";
import { isPublicAddress } from "../net/archive-fetch.ts";
import { privateHostReason, webhookSender } from "./webhook.sender.ts";

describe("webhook sender SSRF guard", () => {
  let server: Server;
  let port = 0;
  let posts = 0;
  const request = (host: string) => ({ url: `http://${host}:${port}/hook`, headers: { "content-type": "application/json" }, body: "{}" });

  before(async () => {
    server = createServer((req, res) => {
      posts += 1;
      req.resume();
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("refuses literal loopback and special addresses before connecting", async () => {
    const send = webhookSender({ allowPrivate: false, timeoutMs: 3000 });
    for (const host of ["127.0.0.1", "localhost", "[::1]", "[::ffff:127.0.0.1]", "169.254.169.254", "10.0.0.1", "0.0.0.0"]) {
      const r = await send(request(host));
      assert.equal(r.ok, false, host);
      assert.match((r as { reason: string }).reason, /refused/, host);
    }
    assert.equal(posts, 0, "nothing reached the receiver");
  });

  test("refuses a name that resolves to a private address (checked on the socket's own lookup)", async (t) => {
    const name = hostname();
    const { address } = await lookup(name).catch(() => ({ address: "" }));
    if (!address || isPublicAddress(address) || name === "localhost") return t.skip(`host name ${name} does not resolve to a private address here`);
    const r = await webhookSender({ allowPrivate: false, timeoutMs: 3000 })(request(name));
    assert.deepEqual(r, { ok: false, reason: "refused URL (resolves to a private or special address)" });
    assert.equal(posts, 0);
  });

  test("delivers to a private receiver only when allowed", async () => {
    assert.deepEqual(await webhookSender({ allowPrivate: true, timeoutMs: 3000 })(request("127.0.0.1")), { ok: true });
    assert.equal(posts, 1);
  });

  test("privateHostReason: literal private hosts and localhost names, public ones pass", () => {
    for (const u of ["http://127.0.0.1/", "https://[fd00::1]/x", "http://192.168.1.1:8080/", "http://LOCALHOST./", "http://api.localhost/"]) assert.ok(privateHostReason(u), u);
    for (const u of ["https://hooks.example.org/x", "https://93.184.216.34/"]) assert.equal(privateHostReason(u), null, u);
  });
});
