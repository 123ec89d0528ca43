/**
 * Analyst assessments in a real Chromium against a real server: one analyst creates and fills a
 * Ten Stages assessment (keyboard included), sees the server's refusals (incomplete draft, a web
 * page the SSRF guard will not fetch, reviewing their own work), submits; a second analyst reviews
 * and publishes; the country page then shows the synthesis and the analyst-vs-model disagreement
 * flag. Then a new version, its history diff, the comparison and the JSON export. axe-core and
 * 390 px checks on every page; screenshots to test-artifacts/ and docs/screenshots/.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { permissionsFor, type Actor } from "../../src/domain/identity/permissions.ts";
import { bootstrapAdmin, createUser } from "../../src/services/auth.service.ts";
import { artifactsDir, browserSkipReason, buildWeb, launchBrowser, REPO_ROOT, startTestServer, type TestBrowser, type TestServer } from "./harness.ts";

const require = createRequire(import.meta.url);
const skip = browserSkipReason();
const PASSWORD = "correct horse battery staple";

describe("analyst assessments in Chromium", { skip }, () => {
  let server: TestServer;
  let author: TestBrowser;
  let reviewer: TestBrowser;
  /** A country the model ranks low, so a high analyst view raises the disagreement flag. */
  let iso3: string;
  let countryName: string;
  let assessmentUrl: string;
  const problems: string[] = [];

  before(async () => {
    buildWeb();
    server = await startTestServer();
    const { organisationId, user } = await bootstrapAdmin(server.tocsin.store, { organisationName: "Analysts Network", email: "admin@example.org", displayName: "Ada Admin", password: PASSWORD });
    const admin: Actor = { kind: "user", userId: user.id, organisationId, role: "admin", permissions: permissionsFor("admin"), via: "session" };
    await createUser(server.tocsin.store, admin, { email: "first@example.org", displayName: "First Analyst", role: "analyst", password: PASSWORD });
    await createUser(server.tocsin.store, admin, { email: "second@example.org", displayName: "Second Analyst", role: "analyst", password: PASSWORD });
    const list = (await (await fetch(`${server.url}/api/forecasts?model=ewp-glmnet&horizon=two-year`)).json()) as { forecasts: { iso3: string; name: string; rank: number }[] };
    const lowest = list.forecasts.reduce((a, b) => (b.rank > a.rank ? b : a));
    ({ iso3, name: countryName } = lowest);
    author = await launchBrowser();
    reviewer = await launchBrowser();
    for (const b of [author, reviewer]) {
      b.context.on("page", (p) => {
        p.on("pageerror", (e) => problems.push(`${p.url()}: ${e.message}`));
        p.on("console", (m) => {
          // Refusals the test provokes answer 4xx; the browser logs those as failed resources.
          if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) problems.push(`${p.url()}: ${m.text()}`);
        });
      });
    }
  });
  after(async () => {
    await author?.close();
    await reviewer?.close();
    await server?.close();
  });

  /** Signs in on the sign-in page, which returns to a path (it takes no query string), then opens `target`. */
  async function signIn(page: Page, email: string, target: string): Promise<void> {
    const next = target.split("?")[0];
    await page.goto(`${server.url}/sign-in?next=${encodeURIComponent(next)}`);
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}${next}`);
    if (target !== next) await page.goto(`${server.url}${target}`);
  }

  async function axe(page: Page, what: string): Promise<void> {
    await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
    });
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(serious, [], `${what}: ${JSON.stringify(serious, null, 1)}`);
  }

  async function fitsPhone(page: Page, what: string): Promise<void> {
    const before = page.viewportSize()!;
    await page.setViewportSize({ width: 390, height: 844 });
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    await page.screenshot({ path: join(artifactsDir(), `phone-assessment-${what}.png`), fullPage: false });
    await page.setViewportSize(before);
    assert.ok(scroll <= client, `${what} overflows at 390 px: ${scroll} > ${client}`);
  }

  const docs = () => {
    const dir = join(REPO_ROOT, "docs", "screenshots");
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  test("an analyst creates and fills an assessment, sees the server's refusals, and submits it", async () => {
    const page = await author.context.newPage();
    await signIn(page, "first@example.org", `/assessments/new?country=${iso3}`);
    await page.getByLabel("Title").fill(`Desk assessment of ${countryName}`);
    await page.getByLabel("Framework").selectOption("ten-stages@1");
    await page.getByRole("button", { name: "Create draft" }).click();
    await page.waitForURL(/\/assessments\/[0-9a-f-]{36}$/);
    assessmentUrl = page.url();
    await page.waitForSelector("form.fill");
    await axe(page, "fill form");

    // Keyboard: focus the first indicator's first answer and move with the arrow keys, as radio groups do.
    const first = page.locator("fieldset.indicator").first();
    await first.locator('input[type="radio"][value="absent"]').focus();
    await page.keyboard.press("ArrowRight");
    assert.equal(await first.locator('input[type="radio"][value="present"]').isChecked(), true);

    // Every stage strongly present; the answers' details appear once answered.
    await page.evaluate(() => document.querySelectorAll("details.factor").forEach((d) => ((d as HTMLDetailsElement).open = true)));
    const radios = page.locator('input[type="radio"][value="strongly_present"]');
    const n = await radios.count();
    assert.equal(n, 25);
    for (let i = 0; i < n; i++) await radios.nth(i).check();
    await first.getByLabel(/^Confidence/).selectOption("high");
    await first.getByLabel(/^Rationale for/).fill("Official media label the group as foreign; documented in the evidence below.");
    await first.getByRole("button", { name: /^Add evidence to/ }).click();
    await first.getByLabel("Reference").fill(`${server.url}/api/health`);

    // Archiving a loopback address is refused by the SSRF guard, and the refusal is recorded on the link.
    await page.getByRole("button", { name: "Save and archive web evidence" }).click();
    await page.getByText("Archived 0 of 1 web page.").waitFor();
    await page.evaluate(() => document.querySelectorAll("details.factor").forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await page.locator(".archive.failed", { hasText: "refused: 127.0.0.1 is a private or special address" }).first().waitFor();
    const fill = join(artifactsDir(), "assessment-fill.png");
    await page.locator("details.factor").first().screenshot({ path: fill });
    copyFileSync(fill, join(docs(), "assessment-fill.png"));
    await fitsPhone(page, "fill");

    // Submitting without every rationale: the server's refusal names the field.
    await page.getByLabel("Summary").fill("Stages of classification through persecution are strongly present; the statistical model does not see it yet.");
    await page.getByRole("button", { name: "Save and submit for review" }).click();
    const refusal = page.locator(".server-refusal");
    await refusal.waitFor();
    assert.match((await refusal.textContent())!, /every answer needs a rationale to submit/);

    for (const box of await page.getByLabel(/^Rationale for/).all()) if (!(await box.inputValue())) await box.fill("Seen in three independent reports this quarter.");
    await page.getByRole("button", { name: "Save and submit for review" }).click();
    await page.getByText("Submitted for review by a second analyst.").waitFor();
    assert.equal(await page.locator(".status-badge").textContent(), "Submitted for review");
    await page.locator(".overall", { hasText: "Very high" }).waitFor();

    // The author may not review their own work: the server's four-eyes refusal is shown.
    await page.getByLabel("Review note").fill("Looks right to me.");
    await page.getByRole("button", { name: "Approve" }).click();
    await page.locator(".server-refusal", { hasText: "four-eyes" }).waitFor();
    assert.match((await page.locator(".server-refusal").textContent())!, /the reviewer must be a second analyst, not the author/);
    await page.screenshot({ path: join(artifactsDir(), "assessment-four-eyes.png"), fullPage: false });
    await page.close();
  });

  test("a second analyst reviews and publishes it", async () => {
    const page = await reviewer.context.newPage();
    await signIn(page, "second@example.org", new URL(assessmentUrl).pathname);
    await page.locator(".review").waitFor();
    await axe(page, "review page");
    await fitsPhone(page, "review");
    await page.getByLabel("Review note").fill("Checked every rationale and the evidence; approve.");
    await page.getByRole("button", { name: "Approve" }).click();
    await page.getByText("Approved: ready to publish.").waitFor();
    const shot = join(artifactsDir(), "assessment-review.png");
    await page.screenshot({ path: shot, fullPage: false });
    copyFileSync(shot, join(docs(), "assessment-review.png"));
    await page.getByRole("button", { name: "Publish this version" }).click();
    await page.getByText("Published.", { exact: true }).waitFor();
    assert.equal(await page.locator(".status-badge").textContent(), "Published");
    await page.close();
  });

  test("the country page shows the published synthesis and the disagreement flag, for anyone", async () => {
    const { context } = await launchBrowser().then((b) => { after(() => b.close()); return b; });
    const page = await context.newPage();
    await page.goto(`${server.url}/countries/${iso3}`);
    const flag = page.locator(".disagreement-flag");
    await flag.waitFor();
    assert.match((await flag.textContent())!, /Analysts see more risk than the statistical model/);
    assert.match((await flag.textContent())!, new RegExp(`ranks the country \\d+ of \\d+`));
    assert.equal(await page.locator(".assessment-panel .factor-bars li").count(), 10);
    await page.locator(".assessment-panel .overall", { hasText: "Very high" }).waitFor();
    await axe(page, "country page with assessments");
    await fitsPhone(page, "country");
    await page.locator("#assess-h").scrollIntoViewIfNeeded();
    const shot = join(artifactsDir(), "country-assessment.png");
    await page.locator(".assessment-panel").screenshot({ path: shot });
    copyFileSync(shot, join(docs(), "country-assessment.png"));
    await page.close();
  });

  test("a new version: history shows the diff, compare lines the factors up, and the JSON export has both versions", async () => {
    const page = await reviewer.context.newPage();
    await page.goto(assessmentUrl);
    await page.getByRole("button", { name: "Start a new version" }).click();
    await page.getByText("New draft version started.").waitFor();
    const first = page.locator("fieldset.indicator").first();
    await first.locator('input[type="radio"][value="absent"]').check();
    await first.getByLabel(/^Rationale for/).fill("New reporting contradicts the earlier view.");
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.getByText("Draft saved.").waitFor();

    await page.getByRole("link", { name: "History" }).click();
    await page.locator(".history").waitFor();
    const changes = await page.locator(".history > li").first().locator(".changes li").allTextContents();
    assert.ok(changes.some((c) => /^Indicator 1\.1 answer: Strongly present → Absent$/.test(c)), changes.join("\n"));
    await axe(page, "history");
    await fitsPhone(page, "history");

    await page.getByRole("button", { name: "Compare" }).click();
    await page.waitForURL(/\/assessments\/compare\?/);
    const row = page.locator(".compare-factors tbody tr").first();
    await row.waitFor();
    const cells = await row.locator("td").allTextContents();
    assert.equal(cells[0], "1.00");
    assert.ok(Number(cells[1]) < 1, cells.join(" "));
    await page.locator("text=Indicators answered differently (1)").waitFor();
    await axe(page, "compare");
    await fitsPhone(page, "compare");
    const shot = join(artifactsDir(), "assessment-compare.png");
    await page.screenshot({ path: shot, fullPage: true });
    copyFileSync(shot, join(docs(), "assessment-compare.png"));

    const exported = await page.request.get(`${server.url}/api/assessments/${new URL(assessmentUrl).pathname.split("/").pop()}/export`);
    assert.equal(exported.status(), 200);
    const doc = (await exported.json()) as { format: string; assessment: { versions: { status: string }[] } };
    assert.equal(doc.format, "tocsin-assessment/1");
    assert.deepEqual(doc.assessment.versions.map((v) => v.status), ["published", "draft"]);
    await page.close();
  });

  test("no page threw or logged an unexpected error", () => {
    assert.deepEqual(problems, []);
  });
});
