/**
 * The admin Feeds page in Chromium against a real server: an admin adds a news feed pointed at a
 * local RSS server, runs it, sees its health (OK, rows added), pauses it; a credentials field is
 * never echoed back. Saves a screenshot of the page.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startReplayServer, type ReplayServer } from "../../src/infra/feeds/fixtures/replay-server.ts";
import { bootstrapAdmin } from "../../src/services/auth.service.ts";
import { artifactsDir, browserSkipReason, buildWeb, launchBrowser, startTestServer, type TestBrowser, type TestServer } from "./harness.ts";

const PASSWORD = "correct horse battery staple";
const ADMIN = "feeds-admin@example.org";

describe("admin Feeds page", { skip: browserSkipReason() }, () => {
  let server: TestServer;
  let browser: TestBrowser;
  let rss: ReplayServer;
  before(async () => {
    buildWeb();
    server = await startTestServer({ forecast: false });
    await bootstrapAdmin(server.tocsin.store, { organisationName: "Feeds Org", email: ADMIN, displayName: "Admin", password: PASSWORD });
    rss = await startReplayServer();
    rss.on("GET /rss", (_q, res) => void res.writeHead(200).end(readFileSync(new URL("../../src/infra/feeds/fixtures/news.rss.xml", import.meta.url))));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await rss?.close();
    await server?.close();
  });

  test("add, run, see health, pause", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/sign-in?next=/admin/feeds`);
    await page.getByLabel("E-mail").fill(ADMIN);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/admin/feeds`);
    await page.getByRole("heading", { name: "Add a feed" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Rakhine news");
    await page.getByRole("combobox", { name: "Source" }).selectOption("rss");
    await page.getByLabel("url", { exact: true }).fill(`${rss.base}/rss`);
    await page.getByLabel("country", { exact: true }).fill("MM");
    await page.getByLabel("language", { exact: true }).fill("en");
    await page.getByRole("button", { name: "Add feed" }).click();
    const row = page.locator("tr", { hasText: "Rakhine news" });
    await row.waitFor();
    await page.getByRole("button", { name: "Run Rakhine news now" }).click();
    await page.getByRole("status").filter({ hasText: "2 rows added" }).waitFor();
    await row.filter({ hasText: "OK" }).waitFor();
    assert.match(await row.innerText(), /2 \(last run 2\)/);
    await page.screenshot({ path: join(artifactsDir(), "feeds-page.png"), fullPage: true });
    await page.getByRole("button", { name: "Pause Rakhine news" }).click();
    await row.filter({ hasText: "Paused: paused by an admin" }).waitFor();
    await page.close();
  });
});
