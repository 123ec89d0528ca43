/**
 * The signed-in pages in a real Chromium against a real Tocsin server: the offline report form
 * (IndexedDB outbox, Idempotency-Key, service-worker shell) and its exactly-once delivery, even
 * when the first answer is lost; the admin pages (users, organisation, roles, API tokens); and
 * axe-core, keyboard, right-to-left text and 390 px width on them. Screenshots go to
 * test-artifacts/ and the README's to docs/screenshots/.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { count } from "drizzle-orm";
import type { Page } from "playwright-core";
import { permissionsFor, type Actor } from "../../src/domain/identity/permissions.ts";
import { reports } from "../../src/infra/store/schema/mod.ts";
import { bootstrapAdmin, createUser } from "../../src/services/auth.service.ts";
import { artifactsDir, browserSkipReason, buildWeb, launchBrowser, REPO_ROOT, startTestServer, type TestBrowser, type TestServer } from "./harness.ts";

const require = createRequire(import.meta.url);
const skip = browserSkipReason();
const PASSWORD = "correct horse battery staple";

describe("report form and admin pages in Chromium", { skip }, () => {
  let server: TestServer;
  let browser: TestBrowser;
  const problems: string[] = [];

  before(async () => {
    buildWeb();
    server = await startTestServer({ forecast: false });
    const { organisationId, user } = await bootstrapAdmin(server.tocsin.store, { organisationName: "Field Monitors Network", email: "admin@example.org", displayName: "Ada Admin", password: PASSWORD });
    const admin: Actor = { kind: "user", userId: user.id, organisationId, role: "admin", permissions: permissionsFor("admin"), via: "session" };
    await createUser(server.tocsin.store, admin, { email: "monitor@example.org", displayName: "Mona Monitor", role: "monitor", password: PASSWORD });
    browser = await launchBrowser();
    browser.context.on("page", (p) => {
      // Failed fetches while offline are expected; anything else is a problem.
      p.on("pageerror", (e) => problems.push(`${p.url()}: ${e.message}`));
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Reports stored in the whole database (system view, every organisation). */
  async function storedReports(): Promise<number> {
    const [row] = await server.tocsin.store.db.select({ n: count() }).from(reports);
    return Number(row.n);
  }

  async function signIn(page: Page, email: string, next: string): Promise<void> {
    await page.goto(`${server.url}/sign-in?next=${next}`);
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}${next}`);
  }

  async function fillReport(page: Page, description: string): Promise<void> {
    await page.getByLabel(/^Description/).fill(description);
    await page.getByLabel("Latitude").fill("13.63");
    await page.getByLabel("Longitude").fill("25.35");
    await page.getByLabel("Country code").fill("SDN");
    await page.getByLabel("Killed").fill("4");
    await page.getByLabel(/^Photos, video/).setInputFiles({ name: "note.txt", mimeType: "text/plain", buffer: Buffer.from("witness statement, typed") });
  }

  const queued = (page: Page) => page.locator(".queue li", { hasText: "queued — will send when online" });

  async function axe(page: Page, label: string): Promise<void> {
    await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
    });
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(serious, [], `${label}: ${JSON.stringify(serious, null, 1)}`);
  }

  async function fitsPhone(page: Page, label: string): Promise<void> {
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
    assert.ok(scroll <= width, `${label} overflows at 390 px: ${scroll} > ${width}`);
  }

  test("offline: the report is queued, survives a reload, and is sent exactly once when back online", async () => {
    const page = await browser.context.newPage();
    await signIn(page, "monitor@example.org", "/report");
    await page.getByRole("heading", { name: "Report an incident" }).waitFor();
    // The service worker must control the page before it can serve the reload offline.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
    const before = await storedReports();
    // The server's queue key is fetched while online, so the offline report can be sealed.
    await page.waitForFunction(() => localStorage.getItem("tocsin-queue-key") !== null);

    await browser.context.setOffline(true);
    await page.getByText(/^Offline:/).waitFor();
    // Arabic text: shown right-to-left in the queue by dir="auto".
    await fillReport(page, "أحرقت منازل في السوق — houses burned near the market");
    await page.getByRole("button", { name: "Submit report" }).click();
    await queued(page).first().waitFor();
    assert.equal(await queued(page).count(), 1);
    // What waits on the device is sealed to the server's key: no plaintext in IndexedDB.
    const stored = await page.evaluate(() => new Promise<string>((resolve) => {
      const req = indexedDB.open("tocsin-outbox");
      req.onsuccess = () => { const all = req.result.transaction("reports").objectStore("reports").getAll(); all.onsuccess = () => resolve(JSON.stringify(all.result)); };
    }));
    assert.match(stored, /"sealed":\{"v":1/);
    for (const plain of ["houses burned", "أحرقت", "SDN", "13.63", "25.35", "note.txt", Buffer.from("witness statement, typed").toString("base64").slice(0, 16), "description", "victims"]) {
      assert.ok(!stored.includes(plain), `"${plain}" readable in the queued IndexedDB record`);
    }
    await page.screenshot({ path: join(artifactsDir(), "report-queued-offline.png"), fullPage: true });

    await page.reload();
    await page.getByRole("heading", { name: "Report an incident" }).waitFor();
    await queued(page).first().waitFor();
    assert.equal(await queued(page).count(), 1, "still queued after an offline reload");
    assert.equal(await storedReports(), before, "nothing reached the server while offline");

    await browser.context.setOffline(false);
    await page.getByText("Nothing waiting.").waitFor({ timeout: 15_000 });
    assert.equal(await storedReports(), before + 1);
    const mine = await page.evaluate(async () => (await (await fetch("/api/reports")).json()) as { reports: { description: string; attachments: unknown[]; victims: { killed?: number } }[] });
    assert.equal(mine.reports.length, 1);
    assert.equal(mine.reports[0].victims.killed, 4);
    assert.equal(mine.reports[0].attachments.length, 1);
    // Nothing personal is left on the device once the server has it.
    assert.equal(await page.evaluate(() => new Promise<number>((resolve) => {
      const req = indexedDB.open("tocsin-outbox");
      req.onsuccess = () => { const c = req.result.transaction("reports").objectStore("reports").count(); c.onsuccess = () => resolve(c.result); };
    })), 0);
    await page.close();
  });

  test("a lost answer: the request reaches the server, the retry with the same key stores nothing twice", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/report`);
    await page.getByRole("heading", { name: "Report an incident" }).waitFor();
    const before = await storedReports();
    const keys: string[] = [];
    let answered!: (status: number) => void;
    const lost = new Promise<number>((resolve) => { answered = resolve; });
    // Let the first POST reach the server, then drop its answer on the floor.
    await browser.context.route("**/api/reports/sealed", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      keys.push(route.request().headers()["idempotency-key"]);
      const response = await route.fetch();
      await route.abort("connectionreset");
      answered(response.status());
    });
    await fillReport(page, "Second incident: the answer to this one is lost");
    await page.getByRole("button", { name: "Submit report" }).click();
    assert.equal(await lost, 201, "the server created the report");
    await queued(page).filter({ hasText: "1 attempt" }).waitFor();
    assert.equal(await storedReports(), before + 1, "the server stored it although the browser never heard");

    await browser.context.unrouteAll({ behavior: "wait" });
    const retried: { key: string; status: number }[] = [];
    page.on("response", (r) => {
      if (r.url().endsWith("/api/reports/sealed") && r.request().method() === "POST") retried.push({ key: r.request().headers()["idempotency-key"], status: r.status() });
    });
    await page.reload();
    await page.getByText("Nothing waiting.").waitFor({ timeout: 15_000 });
    assert.equal(keys.length, 1);
    assert.deepEqual(retried, [{ key: keys[0], status: 200 }], "the retry reused the key and the server answered with the stored report");
    assert.equal(await storedReports(), before + 1, "exactly one report for the submission");
    await page.close();
  });

  test("the sign-in page and the report form: keyboard, axe-core, 390 px, field errors", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await axe(page, "/sign-in");
    await page.goto(`${server.url}/report`);
    await page.getByRole("heading", { name: "Report an incident" }).waitFor();
    await axe(page, "/report");
    // Submitting empty by keyboard names the missing description.
    await page.getByLabel(/^Description/).focus();
    await page.keyboard.press("Tab");
    await page.getByRole("button", { name: "Submit report" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("Say what happened.").waitFor();
    assert.equal(await page.getByLabel(/^Description/).getAttribute("aria-invalid"), "true");
    await axe(page, "/report with errors");
    await page.setViewportSize({ width: 390, height: 844 });
    await fitsPhone(page, "/report");
    await page.screenshot({ path: join(artifactsDir(), "phone-report.png"), fullPage: true });
    await page.close();
  });

  test("admin pages: add a user, disable them, read the organisation and roles, create and revoke a token", async () => {
    const page = await browser.context.newPage();
    await page.context().clearCookies();
    await signIn(page, "admin@example.org", "/admin/users");
    await page.getByRole("table").waitFor();
    await page.getByLabel("Name").fill("Rami Reporter");
    await page.getByLabel("E-mail").fill("rami@example.org");
    await page.getByLabel("Role").selectOption("monitor");
    await page.getByLabel(/^Initial password/).fill(PASSWORD);
    await page.getByRole("button", { name: "Add user" }).click();
    await page.getByRole("cell", { name: "rami@example.org" }).waitFor();
    await axe(page, "/admin/users");
    await page.getByRole("button", { name: "Disable Rami Reporter" }).click();
    await page.getByRole("button", { name: "Enable Rami Reporter" }).waitFor();
    // The disabled user cannot sign in.
    const login = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "rami@example.org", password: PASSWORD }) });
    assert.equal(login.status, 401);
    await page.screenshot({ path: join(artifactsDir(), "admin-users.png"), fullPage: true });

    await page.getByRole("link", { name: "Organisation" }).click();
    await page.getByText("Field Monitors Network").waitFor();
    assert.match(await page.locator("dl.identity").innerText(), /1 admin, 0 analysts, 2 monitors, 0 viewers/);

    await page.getByRole("link", { name: "Roles", exact: true }).click();
    await page.getByRole("table").waitFor();
    const row = page.getByRole("row", { name: /user:manage/ });
    assert.deepEqual(await row.locator("td").evaluateAll((tds) => tds.map((td) => td.textContent)), ["✓", "–", "–", "–"]);
    await axe(page, "/admin/roles");

    await page.getByRole("link", { name: "API tokens" }).click();
    await page.getByLabel("Name").fill("nightly export");
    await page.getByRole("checkbox", { name: "audit:read" }).check();
    await page.getByRole("button", { name: "Create token" }).click();
    const secret = await page.locator(".token-secret").innerText();
    assert.match(secret, /^tcn_/);
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    assert.deepEqual(((await me.json()) as { permissions: string[] }).permissions, ["audit:read"]);
    await axe(page, "/admin/tokens");
    await page.screenshot({ path: join(artifactsDir(), "admin-tokens.png"), fullPage: true });
    await page.getByRole("button", { name: "I have copied it" }).click();
    assert.equal(await page.locator(".token-secret").count(), 0, "the secret is gone once dismissed");
    await page.getByRole("button", { name: "Revoke nightly export" }).click();
    await page.getByRole("cell", { name: "revoked" }).waitFor();
    const after = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(after.status, 401);

    await page.setViewportSize({ width: 390, height: 844 });
    for (const section of ["users", "roles", "tokens"]) {
      await page.goto(`${server.url}/admin/${section}`);
      await page.getByRole("table").waitFor();
      await fitsPhone(page, `/admin/${section}`);
    }
    const docs = join(REPO_ROOT, "docs", "screenshots");
    mkdirSync(docs, { recursive: true });
    copyFileSync(join(artifactsDir(), "report-queued-offline.png"), join(docs, "report-form-offline.png"));
    copyFileSync(join(artifactsDir(), "admin-tokens.png"), join(docs, "admin-tokens.png"));
    await page.close();
  });

  test("no page threw an error", () => {
    assert.deepEqual(problems, []);
  });
});
