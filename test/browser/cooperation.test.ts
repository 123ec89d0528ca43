/**
 * Cooperation in Chromium (issue 16 part 5): organisation A's analyst overrides a level for A only;
 * the country page shows A's level beside the public one with the reason, and the world table's
 * "Your organisation" column marks it; A shares the alert with B from the country page; B's partners
 * page shows it marked with its origin and acknowledges it; A revokes it and B loses it. B's
 * partners page lists the partner instances (name, fingerprint, who confirmed it and when) and the
 * bundles B received; B records a response action on a shared alert from a button, and A sees it
 * only because B chose to show it.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { permissionsFor, type Actor } from "../../src/domain/identity/permissions.ts";
import { IdentityRepository } from "../../src/infra/store/identity.repository.ts";
import { loadInstanceKey } from "../../src/infra/secrets/instance-key.ts";
import { bootstrapAdmin, createUser } from "../../src/services/auth.service.ts";
import { addPartner, exportExchange, importExchange } from "../../src/services/exchange.service.ts";
import { artifactsDir, browserSkipReason, buildWeb, launchBrowser, startTestServer, type TestBrowser, type TestServer } from "./harness.ts";

const skip = browserSkipReason();
const PASSWORD = "correct horse battery staple";
const A = "coop-a@example.org";
const B = "coop-b@example.org";
const REASON = "Our field network reports killings in two townships";

describe("cooperation between organisations in Chromium", { skip }, () => {
  let server: TestServer;
  let browser: TestBrowser;
  const problems: string[] = [];
  let orgA: string;
  let orgB: string;
  let keyDir: string;

  async function session(email: string): Promise<Record<string, string>> {
    const res = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: PASSWORD }) });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { csrfToken: string };
    return { cookie: res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; "), "x-csrf-token": body.csrfToken, "content-type": "application/json" };
  }
  async function signIn(page: Page, email: string, next: string): Promise<void> {
    await browser.context.clearCookies();
    await page.goto(`${server.url}/sign-in?next=${next}`);
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}${next}`);
  }

  before(async () => {
    buildWeb();
    server = await startTestServer({ resamples: 2 });
    const store = server.tocsin.store;
    const first = await bootstrapAdmin(store, { organisationName: "Org A", email: "coop-admin-a@example.org", displayName: "Admin A", password: PASSWORD });
    orgA = first.organisationId;
    const adminA: Actor = { kind: "user", userId: first.user.id, organisationId: first.organisationId, role: "admin", permissions: permissionsFor("admin"), via: "session" };
    await createUser(store, adminA, { email: A, displayName: "Amina Analyst", role: "analyst", password: PASSWORD });
    // A second organisation on the same instance, with its own analyst.
    orgB = randomUUID();
    await new IdentityRepository(store.db).insertOrganisation({ id: orgB, name: "Org B", createdAt: new Date() });
    const adminB: Actor = { kind: "user", userId: randomUUID(), organisationId: orgB, role: "admin", permissions: permissionsFor("admin"), via: "session" };
    await createUser(store, adminB, { email: B, displayName: "Bo Analyst", role: "analyst", password: PASSWORD });
    browser = await launchBrowser();
    browser.context.on("page", (p) => p.on("pageerror", (e) => problems.push(`${p.url()}: ${e.message}`)));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  });

  test("A's override shows as A's own level beside the public one, on the country page and in the world table; B is unaffected", async () => {
    const a = await session(A);
    const res = await fetch(`${server.url}/api/countries/MMR/alert/override`, { method: "POST", headers: a, body: JSON.stringify({ level: "warning", reason: REASON }) });
    assert.equal(res.status, 201, await res.text());
    const pub = (await (await fetch(`${server.url}/api/countries/MMR/alert`)).json()) as { current: { level: string } | null };
    assert.notEqual(pub.current?.level, "warning", "the public level did not move");

    const page = await browser.context.newPage();
    await signIn(page, A, "/countries/MMR");
    const panel = page.locator(".own-level-panel");
    await panel.waitFor();
    assert.match(await panel.getByTestId("own-level").innerText(), /Warning/);
    assert.doesNotMatch(await panel.getByTestId("public-level").innerText(), /Warning/);
    assert.match(await panel.getByTestId("level-difference").innerText(), new RegExp(REASON));
    await page.screenshot({ path: join(artifactsDir(), "cooperation-own-level.png"), fullPage: false });

    await page.goto(`${server.url}/`);
    const row = page.locator('table.ranked tr[data-iso3="MMR"]');
    await row.waitFor();
    await page.locator("table.ranked th", { hasText: "Your organisation" }).waitFor();
    assert.match(await row.innerText(), /Warning/);
    assert.match((await row.locator("td[title]").getAttribute("title")) ?? "", new RegExp(REASON));

    await signIn(page, B, "/countries/MMR");
    await page.locator(".own-level-panel").waitFor();
    assert.doesNotMatch(await page.getByTestId("own-level").innerText(), /Warning/, "B's view is not A's");
    await page.close();
  });

  test("A shares the alert with B; B sees its origin and acknowledges; A revokes and B loses it", async () => {
    const page = await browser.context.newPage();
    await signIn(page, A, "/countries/MMR");
    await page.getByRole("button", { name: "Share this alert" }).click();
    await page.getByLabel("Org B").check();
    await page.getByRole("button", { name: "Share", exact: true }).click();
    await page.getByText(/Shared with Org B/).waitFor();

    await signIn(page, B, "/partners");
    const item = page.getByTestId("incoming-share");
    await item.waitFor();
    assert.match(await item.innerText(), /From Org A, shared by Amina Analyst on [A-Z][a-z]{2} \d{1,2}, \d{4}/);
    assert.match(await item.innerText(), /Alert: Warning for MMR/);
    assert.equal((await item.innerText()).includes(REASON), false, "the override's reason (an internal note) stays in A");
    await page.screenshot({ path: join(artifactsDir(), "cooperation-partners.png"), fullPage: true });
    await item.getByRole("button", { name: "Acknowledge" }).click();
    await item.getByText(/Acknowledged/).waitFor();

    await signIn(page, A, "/partners");
    await page.getByTestId("outgoing-share").getByRole("button", { name: "Revoke" }).click();
    await page.getByText(/Revoked: partners no longer see it/).waitFor();

    await signIn(page, B, "/partners");
    await page.getByText("Nothing shared with your organisation.").waitFor();
    assert.equal(await page.getByTestId("incoming-share").count(), 0);
    await page.close();
    assert.deepEqual(problems, []);
  });

  test("B's partners page lists partner instances and received bundles; B records a response on a shared alert and A sees it only when told", async () => {
    const a = await session(A);
    const own = (await (await fetch(`${server.url}/api/org/countries/MMR/alert`, { headers: a })).json()) as { current: { id: string } };
    const shared = await fetch(`${server.url}/api/shares`, { method: "POST", headers: a, body: JSON.stringify({ itemType: "alert", itemId: own.current.id, recipients: [orgB] }) });
    assert.equal(shared.status, 201, await shared.text());
    // A partner instance registered by the operator, and a signed bundle B imported from it.
    const store = server.tocsin.store;
    keyDir = mkdtempSync(join(tmpdir(), "tocsin-coop-keys-"));
    const partnerKey = loadInstanceKey(join(keyDir, "yangon.json"));
    await addPartner(store, { name: "Tocsin Yangon", publicKeyPem: partnerKey.publicKeyPem, confirmFingerprint: partnerKey.fingerprint, by: "operator:Jane Operator" });
    const { text } = await exportExchange(store, { organisationId: orgA, actor: "cli" }, partnerKey, { partner: "Org B", alertIds: [own.current.id] });
    await importExchange(store, { organisationId: orgB, actor: "cli" }, text);

    const page = await browser.context.newPage();
    await signIn(page, B, "/partners");
    const instances = page.getByTestId("partner-instances");
    await instances.waitFor();
    const row = await instances.locator("tbody tr").innerText();
    assert.match(row, /Tocsin Yangon/);
    assert.ok(row.includes(partnerKey.fingerprint), row);
    assert.match(row, /Jane Operator \(operator, command line\)/);
    assert.match(row, /[A-Z][a-z]{2} \d{1,2}, \d{4}/, "the confirmation date, formatted for the reader");
    assert.match(await page.getByTestId("received-bundles").locator("tbody tr").innerText(), /Org A, via Tocsin Yangon\s+[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s?[AP]M UTC\s+1 alert$/);

    const item = page.getByTestId("incoming-share");
    await item.waitFor();
    await item.getByRole("button", { name: "Record response" }).click();
    await item.getByLabel("What your organisation does").fill("Raised with the UN country team in Yangon");
    await item.getByLabel("Status").selectOption("in_progress");
    await item.getByLabel(/Let Org A see this action/).check();
    await item.getByRole("button", { name: "Save response" }).click();
    const response = item.getByTestId("share-response");
    await response.waitFor();
    assert.match(await response.innerText(), /Raised with the UN country team in Yangon — In progress, [A-Z][a-z]{2} \d{1,2}, \d{4} · shown to the sharer/);
    await page.getByText(/Response recorded; Org A can see it/).waitFor();
    // A second, private action stays in B.
    await item.getByRole("button", { name: "Record response" }).click();
    await item.getByLabel("What your organisation does").fill("Move our staff out of Sittwe");
    await item.getByRole("button", { name: "Save response" }).click();
    await page.getByText(/it stays in your organisation/).waitFor();
    // The list is read again after the message shows.
    await item.getByTestId("share-response").nth(1).waitFor();
    assert.equal(await item.getByTestId("share-response").count(), 2);
    await page.screenshot({ path: join(artifactsDir(), "cooperation-partner-instances.png"), fullPage: true });

    await signIn(page, A, "/partners");
    const told = page.getByTestId("told-response");
    await told.waitFor();
    assert.equal(await told.count(), 1);
    assert.match(await told.innerText(), /^Org B: Raised with the UN country team in Yangon — In progress/);
    assert.equal((await page.locator("body").innerText()).includes("Move our staff"), false, "B's private action stays in B");
    await page.close();
    assert.deepEqual(problems, []);
  });
});
