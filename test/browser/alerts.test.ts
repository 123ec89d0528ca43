/**
 * Alert levels and the warning→response loop in Chromium against a real server with the EWP data,
 * a quick forecast of the model the alert rules read, and levels computed by the service: the
 * country page shows the level and explanation the API gives; an analyst overrides with a reason
 * and the page shows it; the override is delivered to the analyst's inbox, where acknowledging
 * shows who and when; an action recorded on the country page appears in its table; the brief link
 * answers a PDF; the world view's alert column and filter; axe-core, keyboard, 390 px and print.
 * Saves the README's screenshots of the alert panel and the inbox.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { permissionsFor, type Actor } from "../../src/domain/identity/permissions.ts";
import { computeAlertLevels } from "../../src/services/alert-level.service.ts";
import { bootstrapAdmin, createUser } from "../../src/services/auth.service.ts";
import { deliverOnLevelChange } from "../../src/services/delivery.service.ts";
import { setPublicPublisher } from "../../src/services/partner.service.ts";
import { runForecast } from "../../src/services/forecast.service.ts";
import { artifactsDir, browserSkipReason, buildWeb, launchBrowser, REPO_ROOT, startTestServer, type TestBrowser, type TestServer } from "./harness.ts";

const require = createRequire(import.meta.url);
const skip = browserSkipReason();
const PASSWORD = "correct horse battery staple";
const ANALYST = "alert-analyst@example.org";
const REASON = "Credible reports of mass displacement in Rakhine this week";

type CountryAlert = { current: { id: string; level: string; label: string; explanation: string; override: { reason: string } | null } | null };

describe("alert levels and the response loop in Chromium", { skip }, () => {
  let server: TestServer;
  let browser: TestBrowser;
  const problems: string[] = [];
  let analyst: Record<string, string> = {};

  async function session(email: string): Promise<Record<string, string>> {
    const res = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: PASSWORD }) });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { csrfToken: string };
    const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    return { cookie, "x-csrf-token": body.csrfToken, "content-type": "application/json" };
  }
  async function get<T>(path: string, headers: Record<string, string> = {}): Promise<T> {
    const res = await fetch(`${server.url}${path}`, { headers });
    assert.ok(res.ok, `GET ${path}: ${res.status}`);
    return (await res.json()) as T;
  }
  async function signIn(page: Page, next: string): Promise<void> {
    await page.goto(`${server.url}/sign-in?next=${next}`);
    await page.getByLabel("E-mail").fill(ANALYST);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}${next}`);
  }
  async function axe(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
    await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
    });
    return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  }
  async function fitsPhone(page: Page): Promise<void> {
    await page.setViewportSize({ width: 390, height: 844 });
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
    const wide = scroll > width ? await page.evaluate((w) => [...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > w + 1).slice(0, 5).map((el) => `${el.tagName}.${el.className}`), width) : [];
    assert.ok(scroll <= width, `overflows at 390 px: ${scroll} > ${width}: ${wide.join(", ")}`);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  before(async () => {
    buildWeb();
    server = await startTestServer({ forecast: false });
    // The alert rules read the "default" model's forecasts; a quick run is enough for levels to move.
    await runForecast(server.tocsin.store, { modelId: "default", resamples: 3 });
    await computeAlertLevels({ store: server.tocsin.store, onLevelChange: deliverOnLevelChange });
    const { organisationId, user } = await bootstrapAdmin(server.tocsin.store, { organisationName: "Alert Org", email: "alert-admin@example.org", displayName: "Admin", password: PASSWORD });
    // Its analysts' overrides set the public level the country page shows (issue 16: public publisher).
    await setPublicPublisher(server.tocsin.store, organisationId, true);
    const admin: Actor = { kind: "user", userId: user.id, organisationId, role: "admin", permissions: permissionsFor("admin"), via: "session" };
    await createUser(server.tocsin.store, admin, { email: ANALYST, displayName: "Amina Analyst", role: "analyst", password: PASSWORD });
    analyst = await session(ANALYST);
    browser = await launchBrowser();
    browser.context.on("page", (p) => p.on("pageerror", (e) => problems.push(`${p.url()}: ${e.message}`)));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("the country page shows the level and explanation the API gives", async () => {
    const alerts = await get<{ alerts: { iso3: string; level: string }[] }>("/api/alerts?scope=country");
    assert.ok(alerts.alerts.length > 0, "the computation raised some level");
    const iso3 = alerts.alerts[0].iso3;
    const api = await get<CountryAlert>(`/api/countries/${iso3}/alert`);
    assert.ok(api.current);
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/countries/${iso3}`);
    const panel = page.locator(".alert-panel");
    await panel.locator(".alert-explanation").waitFor();
    assert.equal(await panel.locator(".alert-level .alert-badge").innerText(), api.current.label);
    // The explanation is rebuilt in the reader's language from the API's facts (web/src/alerts/explain.ts):
    // in English it keeps every number and level name of the server's text (percentages and rule
    // brackets are formatted by the dashboard), and anything not rebuilt is the server's own English.
    const shown = await panel.locator(".alert-explanation").innerText();
    for (const n of api.current.explanation.match(/\d+(\.\d+)?/g) ?? []) assert.ok(shown.includes(n), `${n} missing from ${shown}`);
    for (const l of ["No alert", "Watch", "Warning", "Emergency"]) if (api.current.explanation.includes(l)) assert.ok(shown.includes(l), `${l} missing from ${shown}`);
    for (const english of await panel.locator('.alert-explanation [lang="en"]').allInnerTexts()) assert.ok(api.current.explanation.includes(english.trim()), english);
    // Anonymous visitors get no override form, and are told actions are for members.
    assert.equal(await panel.locator(".override-form").count(), 0);
    assert.match(await panel.locator(".response-panel").innerText(), /sign in/i);
    // The world view's table shows the level, and the filter narrows to it.
    await page.goto(`${server.url}/`);
    const row = page.locator(`table.ranked tr[data-iso3="${iso3}"]`);
    await row.waitFor();
    assert.equal(await row.locator(".alert-badge").innerText(), api.current.label);
    await page.getByLabel("Alert level").selectOption(api.current.level);
    const badges = await page.locator("table.ranked tbody tr[data-iso3] .alert-badge").allInnerTexts();
    assert.ok(badges.length > 0 && badges.length <= alerts.alerts.filter((a) => a.level === api.current!.level).length);
    assert.deepEqual([...new Set(badges)], [api.current.label]);
    assert.equal(await page.locator("table.ranked tbody tr[data-iso3]").count(), badges.length);
    await page.close();
  });

  test("an analyst overrides with a reason; the inbox gets it; acknowledging shows who and when", async () => {
    // A subscription for Myanmar, made through the inbox page's form.
    const page = await browser.context.newPage();
    await signIn(page, "/alerts");
    await page.getByLabel(/^Countries/).fill("mmr");
    await page.getByLabel("Lowest level delivered").selectOption("watch");
    await page.getByRole("button", { name: "Subscribe" }).click();
    await page.locator(".subs li", { hasText: "MMR: Watch and above" }).waitFor();

    await page.goto(`${server.url}/countries/MMR`);
    const panel = page.locator(".alert-panel");
    await panel.locator(".override-form summary").click();
    // The reason is required: without it nothing is sent.
    await panel.getByLabel("Level").selectOption("emergency");
    await panel.getByRole("button", { name: "Set level" }).click();
    await panel.locator(".form-outcome.error", { hasText: "reason" }).waitFor();
    await panel.getByLabel("Reason (required)").fill(REASON);
    await panel.getByRole("button", { name: "Set level" }).click();
    await panel.locator(".override-note", { hasText: REASON }).waitFor();
    assert.equal(await panel.locator(".alert-level .alert-badge").innerText(), "Emergency");
    const api = await get<CountryAlert>("/api/countries/MMR/alert");
    assert.equal(api.current?.level, "emergency");
    assert.equal(api.current?.override?.reason, REASON);

    // The change was delivered to the analyst's inbox.
    await page.goto(`${server.url}/alerts`);
    const item = page.locator(".inbox-item", { hasText: "MMR" }).first();
    await item.waitFor();
    assert.equal(await item.locator(".alert-badge").innerText(), "Emergency");
    assert.match(await item.innerText(), /unread/);
    await item.getByRole("button", { name: "Acknowledge" }).click();
    await item.locator(".ack-line", { hasText: "Acknowledged by Amina Analyst" }).waitFor();
    const ack = await get<{ acknowledgedAt: string | null; acknowledgedBy: { displayName: string } | null }>(`/api/alerts/${api.current!.id}/acknowledgements`, analyst);
    assert.equal(ack.acknowledgedBy?.displayName, "Amina Analyst");
    assert.match(await item.locator(".ack-line").innerText(), new RegExp(ack.acknowledgedAt!.slice(0, 10)));
    await page.locator(".count", { hasText: /^0 unread/ }).waitFor();
    await page.close();
  });

  test("an action recorded on the country page appears; the brief link answers a PDF", async () => {
    const page = await browser.context.newPage();
    await signIn(page, "/countries/MMR");
    const panel = page.locator(".alert-panel");
    await panel.locator(".ack-line", { hasText: "Acknowledged by Amina Analyst" }).waitFor();
    assert.ok(await panel.locator(".recommended li").count() > 0, "an Emergency has recommended options");
    await panel.locator(".add-action summary").click();
    const form = panel.locator(".add-action");
    const option = await form.locator("select").first().locator("option").nth(1).getAttribute("value");
    await form.locator("select").first().selectOption(option!);
    await form.getByLabel("What was done or is planned").fill("Briefed the UN Special Adviser's office");
    await form.getByLabel("Deadline").fill("2030-01-15");
    await form.getByRole("button", { name: "Record the action" }).click();
    const row = panel.locator("table.response-actions tbody tr", { hasText: "Briefed the UN Special Adviser" });
    await row.waitFor();
    assert.match(await row.innerText(), /Amina Analyst[\s\S]*2030-01-15/);
    const actions = await get<{ actions: { description: string; status: string }[] }>(`/api/alerts/${(await get<CountryAlert>("/api/countries/MMR/alert")).current!.id}/actions`, analyst);
    assert.deepEqual(actions.actions.map((a) => [a.description, a.status]), [["Briefed the UN Special Adviser's office", "planned"]]);

    const href = await panel.getByRole("link", { name: "Download brief (PDF)" }).getAttribute("href");
    assert.equal(href, "/api/countries/MMR/brief?format=pdf");
    const res = await fetch(`${server.url}${href}`, { headers: { cookie: analyst.cookie } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/pdf");
    assert.equal(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString(), "%PDF-");
    await page.close();
  });

  test("axe-core, keyboard, 390 px and print; screenshots of the panel and the inbox", async () => {
    const page = await browser.context.newPage();
    await signIn(page, "/countries/MMR");
    const panel = page.locator(".alert-panel");
    await panel.locator("table.response-actions").waitFor();
    assert.deepEqual(await axe(page), []);
    // The override form opens from the keyboard.
    await panel.locator(".override-form summary").focus();
    await page.keyboard.press("Enter");
    assert.equal(await panel.locator(".override-form").getAttribute("open"), "");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), "SELECT");
    await panel.locator(".override-form summary").click();
    await fitsPhone(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await panel.screenshot({ path: join(artifactsDir(), "phone-alert-panel.png") });
    await page.setViewportSize({ width: 1280, height: 900 });
    // Printed, the forms go and the level stays.
    await page.emulateMedia({ media: "print" });
    assert.equal(await panel.locator(".override-form").isVisible(), false);
    assert.equal(await panel.locator(".alert-level").isVisible(), true);
    await page.emulateMedia({ media: "screen" });
    mkdirSync(join(REPO_ROOT, "docs", "screenshots"), { recursive: true });
    const shot = join(artifactsDir(), "alert-panel.png");
    await panel.screenshot({ path: shot });
    copyFileSync(shot, join(REPO_ROOT, "docs", "screenshots", "alert-panel.png"));

    await page.goto(`${server.url}/alerts`);
    await page.locator(".inbox-item").first().waitFor();
    await page.locator(".subs li").first().waitFor();
    assert.deepEqual(await axe(page), []);
    await fitsPhone(page);
    const inbox = join(artifactsDir(), "alerts-inbox.png");
    await page.screenshot({ path: inbox, fullPage: true });
    copyFileSync(inbox, join(REPO_ROOT, "docs", "screenshots", "alerts-inbox.png"));

    for (const path of ["/alerts/gaps", "/alerts/track-record"]) {
      await page.goto(`${server.url}${path}`);
      await page.locator("table").first().waitFor();
      assert.deepEqual(await axe(page), [], path);
      await page.screenshot({ path: join(artifactsDir(), `alerts-${path.split("/").pop()}.png`), fullPage: true });
      await fitsPhone(page);
    }
    // The gaps page counts the acknowledged Myanmar alert.
    await page.goto(`${server.url}/alerts/gaps`);
    const mmr = page.locator("table.gaps tr", { hasText: "MMR" });
    await mmr.waitFor();
    const gaps = await get<{ countries: { countryIso3: string; alerts: number; acknowledged: number }[] }>("/api/response/gaps", analyst);
    const g = gaps.countries.find((c) => c.countryIso3 === "MMR")!;
    assert.deepEqual((await mmr.locator("td").allInnerTexts()).slice(0, 2), [String(g.alerts), String(g.acknowledged)]);
    await page.close();
  });

  test("no page threw an error", () => assert.deepEqual(problems, []));
});
