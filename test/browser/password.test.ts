/**
 * Passwords in a real Chromium (issue 14 point 7): an admin forces a reset from the users page,
 * the user signs in with the temporary password, lands on the password page (nothing else works
 * until then), chooses a new one and goes on; the old password no longer signs in.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { permissionsFor, type Actor } from "../../src/domain/identity/permissions.ts";
import { bootstrapAdmin, createUser } from "../../src/services/auth.service.ts";
import { artifactsDir, browserSkipReason, buildWeb, launchBrowser, startTestServer, type TestBrowser, type TestServer } from "./harness.ts";

const skip = browserSkipReason();
const PASSWORD = "correct horse battery staple";
const TEMPORARY = "temporary passphrase 31";
const CHOSEN = "chosen by the monitor 2026";

describe("forced password reset and change in Chromium", { skip }, () => {
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
    browser.context.on("page", (p) => p.on("pageerror", (e) => problems.push(`${p.url()}: ${e.message}`)));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(email: string, password: string) {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    return page;
  }

  test("the admin resets, the user must choose a new password first, then goes on", async () => {
    const admin = await signIn("admin@example.org", PASSWORD);
    await admin.waitForURL(`${server.url}/admin`);
    await admin.locator("main table").waitFor();
    admin.once("dialog", (d) => void d.accept(TEMPORARY));
    await admin.getByRole("button", { name: "Force password reset for Mona Monitor" }).click();
    await admin.getByText("Mona Monitor must choose a new password").waitFor();
    await admin.close();

    const monitor = await signIn("monitor@example.org", TEMPORARY);
    await monitor.waitForURL(`${server.url}/password?forced=1`);
    await monitor.getByText("An administrator reset your password").waitFor();
    await monitor.getByLabel("Current password").fill(TEMPORARY);
    await monitor.getByLabel("New password (at least 12 characters)").fill(CHOSEN);
    await monitor.getByLabel("New password again").fill(CHOSEN);
    await monitor.screenshot({ path: join(artifactsDir(), "password-forced.png"), fullPage: true });
    await monitor.getByRole("button", { name: "Change password" }).click();
    await monitor.waitForURL(`${server.url}/`);
    const me = await monitor.evaluate(async () => (await fetch("/api/auth/me")).json());
    assert.ok((me as { permissions: string[] }).permissions.includes("report:create"), "permissions back after the change");
    await monitor.close();

    const old = await server.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: "monitor@example.org", password: PASSWORD } });
    assert.equal(old.statusCode, 401, "the password from before the reset");
    assert.deepEqual(problems, []);
  });
});
