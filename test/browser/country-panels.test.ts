/**
 * The country page's monitoring panels in Chromium against a real server holding UCDP GED events
 * for Myanmar, analysed speech items and one published report: the weekly speech chart with its
 * hallmarks, the published report (blurred, no people) and the organisation's verified reports for
 * an analyst, the admin-area map (outline + one symbol per area) against the API; axe-core, RTL
 * text and 390 px. Saves the README's screenshot of the panels.
 */
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { permissionsFor, type Actor } from "../../src/domain/identity/permissions.ts";
import { resolveMirror } from "../../src/infra/importers/mirror.ts";
import { bootstrapAdmin, createUser } from "../../src/services/auth.service.ts";
import { importEvents } from "../../src/services/event-import.service.ts";
import { artifactsDir, browserSkipReason, buildWeb, launchBrowser, REPO_ROOT, startTestServer, type TestBrowser, type TestServer } from "./harness.ts";
import { approveIdentityAccessByOperator } from "../../src/services/identity-admin.service.ts";

const require = createRequire(import.meta.url);
const mirror = resolveMirror();
const gedPath = mirror && join(mirror, "ucdp-ged/ged_myanmar_1989_2023.csv");
const skip = browserSkipReason() || (!gedPath || !existsSync(gedPath) ? "no ucdp-ged in the mirror" : false);
const PASSWORD = "correct horse battery staple";

describe("country page panels in Chromium", { skip }, () => {
  let server: TestServer;
  let browser: TestBrowser;
  const problems: string[] = [];
  const sessions: Record<string, Record<string, string>> = {};
  let reportId = "";

  async function session(email: string): Promise<Record<string, string>> {
    const res = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: PASSWORD }) });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { csrfToken: string };
    const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    return { cookie, "x-csrf-token": body.csrfToken, "content-type": "application/json" };
  }
  async function call(who: string, method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Record<string, unknown>> {
    const res = await fetch(`${server.url}${path}`, { method, headers: { ...sessions[who], ...extra }, body: body === undefined ? undefined : JSON.stringify(body) });
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
    return (await res.json()) as Record<string, unknown>;
  }

  before(async () => {
    buildWeb();
    server = await startTestServer({ forecast: false });
    await importEvents(server.tocsin.store, server.tocsin.registry, { source: "ged", path: gedPath! });
    const { organisationId, user } = await bootstrapAdmin(server.tocsin.store, { organisationName: "Panel Org", email: "padmin@example.org", displayName: "Admin", password: PASSWORD });
    const admin: Actor = { kind: "user", userId: user.id, organisationId, role: "admin", permissions: permissionsFor("admin"), via: "session" };
    for (const [email, role] of [["pmonitor@example.org", "monitor"], ["panalyst1@example.org", "analyst"], ["panalyst2@example.org", "analyst"]] as const) {
      await createUser(server.tocsin.store, admin, { email, displayName: email.split("@")[0], role, password: PASSWORD });
      // Analysts read identities and exact points only once approved (the first by the operator).
      if (role === "analyst") await approveIdentityAccessByOperator(server.tocsin.store, email);
      sessions[role === "analyst" ? email.slice(1, 9) : role] = await session(email);
    }
    // Speech: two weeks of items about Myanmar, some carrying hallmarks.
    const texts = ["They are vermin and must be exterminated", "Drive them out of our land, they are cockroaches", "Peaceful rally in the city today", "Exterminate the traitors", "Market prices rose this week"];
    // Week w carries the first 2 + w texts, so the volume rises week by week.
    const items = texts.flatMap((text, i) => [0, 1, 2].filter((w) => i < 2 + w).map((w) => ({ id: `s-${i}-${w}`, text, time: new Date(Date.UTC(2026, 9, 5 + w * 7 + i)).toISOString(), source: "test", country: "MMR" })));
    await call("monitor", "POST", "/api/speech/items", { items });
    // A report through the whole workflow, then published blurred; the description has Arabic text.
    const report = await call("monitor", "POST", "/api/reports", {
      occurred: { from: "2026-10-20T06:00:00Z", precision: "day" }, description: "قرية محروقة — village burned at dawn", victims: { killed: 7, displaced: 300 },
      perpetratorType: "state_forces", sources: [{ kind: "witness" }], location: { lat: 20.14, lon: 92.9, precisionMeters: 100, countryIso3: "MMR", adminArea: "Rakhine", protect: true },
    }, { "idempotency-key": "panel-report-0001" });
    reportId = String(report.id);
    await call("analyst1", "POST", `/api/reports/${reportId}/review`, { to: "under_review" });
    await call("analyst2", "POST", `/api/reports/${reportId}/review`, { to: "verified", reason: "two witnesses" });
    await call("analyst1", "POST", `/api/reports/${reportId}/publish`, { blurMeters: 5000 });
    browser = await launchBrowser();
    browser.context.on("page", (p) => p.on("pageerror", (e) => problems.push(`${p.url()}: ${e.message}`)));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(page: Page): Promise<void> {
    await page.goto(`${server.url}/countries/MMR`);
    await page.locator("#speech-h ~ .chart svg").waitFor();
    await page.locator(".area-map svg circle").first().waitFor();
  }

  test("speech chart, published report and admin-area map match the API", async () => {
    const page = await browser.context.newPage();
    await open(page);
    const trends = (await (await fetch(`${server.url}/api/countries/MMR/speech/trends?period=week`)).json()) as { rows: { dimension: string; count: number }[] };
    const weeks = trends.rows.filter((r) => r.dimension === "volume");
    assert.equal(await page.locator("#speech-h ~ .chart svg g.weeks path").count(), 1);
    assert.match(await page.locator("#speech-h ~ .chart svg desc").textContent() ?? "", new RegExp(`^${weeks.length} weeks`));
    assert.match(await page.locator("#speech-h ~ .chart svg desc").textContent() ?? "", new RegExp(`${weeks.reduce((s, r) => s + r.count, 0)} items analysed`));
    assert.ok(trends.rows.some((r) => r.dimension === "hallmark"), "the fixture texts carry hallmarks");
    assert.ok(await page.locator("#speech-h ~ .row li").count() > 0);

    const published = page.locator("#reports-h ~ ul.reports li");
    assert.equal(await published.count(), 1);
    const text = await published.innerText();
    // The date in the reader's locale (English by default).
    assert.match(text, /Oct 20, 2026/);
    assert.match(text, /7 killed, 300 displaced/);
    assert.match(text, /blurred ±5 km/);
    assert.ok(!text.includes("20.14") && !text.includes("92.9"), "no exact point in the public view");
    assert.equal(await published.locator("p[dir=auto]").evaluate((el) => getComputedStyle(el).direction), "rtl");

    const areas = (await (await fetch(`${server.url}/api/countries/MMR/events/areas`)).json()) as { areas: { admin1: string; lat: number | null }[] };
    assert.ok(areas.areas.length > 10);
    assert.equal(await page.locator(".area-map svg circle").count(), areas.areas.filter((a) => a.lat !== null).length);
    assert.equal(await page.locator(".area-map svg path.outline").count(), 1);
    assert.ok((await page.locator("#areas-desc").textContent())?.includes(`most: ${areas.areas[0].admin1}`), "the busiest area is named first");
    await page.close();
  });

  test("an analyst also sees the organisation's verified reports with the exact point", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/sign-in?next=/countries/MMR`);
    await page.getByLabel("E-mail").fill("panalyst1@example.org");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Your organisation's verified reports" }).waitFor();
    const own = page.locator("h3:has-text(\"Your organisation\") + ul.reports li");
    assert.equal(await own.count(), 1);
    assert.match(await own.innerText(), /verified, published .* exact point 20\.140, 92\.900/);
    await page.context().clearCookies();
    await page.close();
  });

  test("axe-core, keyboard to the area table, 390 px; screenshot", async () => {
    const page = await browser.context.newPage();
    await open(page);
    await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
    });
    assert.deepEqual(violations.filter((v) => v.impact === "serious" || v.impact === "critical"), []);
    // The area table opens from the keyboard.
    await page.locator("#areas-h ~ details summary").focus();
    await page.keyboard.press("Enter");
    assert.equal(await page.locator("#areas-h ~ details").getAttribute("open"), "");
    assert.ok(await page.locator("#areas-h ~ details tbody tr").count() > 5);
    const shot = join(artifactsDir(), "country-panels-MMR.png");
    // Page coordinates (not the viewport's) of the panels: from the speech heading to the map's end.
    const [top, bottom] = await page.evaluate(() => [
      document.getElementById("speech-h")!.getBoundingClientRect().top + window.scrollY,
      document.querySelector(".area-map")!.getBoundingClientRect().bottom + window.scrollY,
    ]);
    await page.screenshot({ path: shot, fullPage: true, clip: { x: 0, y: top - 10, width: 1280, height: bottom - top + 20 } });
    mkdirSync(join(REPO_ROOT, "docs", "screenshots"), { recursive: true });
    copyFileSync(shot, join(REPO_ROOT, "docs", "screenshots", "country-panels.png"));
    await page.setViewportSize({ width: 390, height: 844 });
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
    assert.ok(scroll <= width, `overflows at 390 px: ${scroll} > ${width}`);
    await page.screenshot({ path: join(artifactsDir(), "phone-country-panels.png"), fullPage: true });
    await page.close();
  });

  test("no page threw an error", () => assert.deepEqual(problems, []));
});
