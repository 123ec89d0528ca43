import assert from "node:assert/strict";
import { test } from "node:test";
import { serviceWorkerSource } from "./offline-shell.plugin.ts";

/** Runs the generated worker against fakes and returns its listeners and what it cached. */
function load(files: string[]) {
  const listeners: Record<string, (event: unknown) => void> = {};
  const cached = new Map<string, string>();
  const self = { addEventListener: (type: string, fn: (e: unknown) => void) => (listeners[type] = fn), location: { origin: "https://tocsin.example" }, skipWaiting: () => undefined, clients: { claim: () => undefined } };
  const caches = {
    open: async () => ({ addAll: async (urls: string[]) => urls.forEach((u) => cached.set(u, `body of ${u}`)) }),
    match: async (url: string) => (cached.has(url) ? { body: cached.get(url) } : undefined),
    keys: async () => [],
    delete: async () => true,
  };
  new Function("self", "caches", "fetch", "Response", serviceWorkerSource("v1", files))(self, caches, async () => { throw new TypeError("offline"); }, { error: () => "error" });
  return { listeners, cached };
}

test("the service worker precaches the shell and assets, serves the shell offline, and leaves /api/ alone", async () => {
  const { listeners, cached } = load(["/assets/index-abc.js", "/assets/index-abc.css"]);
  let installed: Promise<unknown> | undefined;
  listeners.install({ waitUntil: (p: Promise<unknown>) => (installed = p) });
  await installed;
  assert.deepEqual([...cached.keys()], ["/", "/assets/index-abc.js", "/assets/index-abc.css"]);

  const respond = async (url: string, mode = "cors", method = "GET") => {
    let answer: Promise<unknown> | undefined;
    listeners.fetch({ request: { url, mode, method }, respondWith: (p: Promise<unknown>) => (answer = p) });
    return answer ? await answer : "network";
  };
  assert.deepEqual(await respond("https://tocsin.example/report", "navigate"), { body: "body of /" }, "offline navigation gets the shell");
  assert.deepEqual(await respond("https://tocsin.example/assets/index-abc.js"), { body: "body of /assets/index-abc.js" });
  assert.equal(await respond("https://tocsin.example/api/reports"), "network", "API answers are never cached or served from cache");
  assert.equal(await respond("https://tocsin.example/api/reports", "cors", "POST"), "network");
  assert.equal(await respond("https://elsewhere.example/assets/index-abc.js"), "network");
});
