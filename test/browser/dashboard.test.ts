/**
 * The dashboard in a real browser: Debian's Chromium (headless, driven by playwright-core) against
 * a real Tocsin server on loopback holding the full EWP data and a forecast run. Checks the map,
 * the ranked table, navigation by mouse and keyboard, axe-core, phone width, print, that nothing
 * leaves the origin; saves screenshots to test-artifacts/ and the README's to docs/screenshots/.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import type { Topology, GeometryCollection } from "topojson-specification";
import { formatRisk } from "../../web/src/lib/risk-scale.ts";
import { OMITTED_SHAPES, SHAPE_ALIASES } from "../../web/src/lib/world-map.ts";
import { artifactsDir, browserSkipReason, buildWeb, launchBrowser, REPO_ROOT, startTestServer, type TestBrowser, type TestServer } from "./harness.ts";

const require = createRequire(import.meta.url);
const skip = browserSkipReason();
if (skip) process.stderr.write(`browser tests skipped: ${skip}\n`);

interface ApiCountry { iso3: string; isoNumeric: string | null; name: string; historical: boolean }
interface ApiForecast { iso3: string; name: string; rank: number; risk: number }

describe("dashboard in Chromium", { skip }, () => {
  let server: TestServer;
  let browser: TestBrowser;
  /** Every request any page made, to check that none leaves the origin. */
  const requests: string[] = [];
  /** Console errors and page errors (CSP violations land here). */
  const problems: string[] = [];

  before(async () => {
    buildWeb();
    server = await startTestServer();
    browser = await launchBrowser();
    browser.context.on("request", (r) => requests.push(r.url()));
    browser.context.on("page", (p) => {
      p.on("console", (m) => { if (m.type() === "error") problems.push(`${p.url()}: ${m.text()}`); });
      p.on("pageerror", (e) => problems.push(`${p.url()}: ${e.message}`));
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openWorld(page: Page): Promise<void> {
    await page.goto(`${server.url}/`);
    await page.waitForSelector("svg.world-map a.country path");
  }

  async function api<T>(path: string): Promise<T> {
    const res = await fetch(`${server.url}${path}`);
    assert.equal(res.status, 200, path);
    return (await res.json()) as T;
  }

  test("the map draws every registry country that has a shape, forecast countries in their band's colour", async () => {
    const page = await browser.context.newPage();
    await openWorld(page);
    const { countries } = await api<{ countries: ApiCountry[] }>("/api/countries");
    const { forecasts } = await api<{ forecasts: ApiForecast[] }>("/api/forecasts?model=ewp-glmnet");
    const atlas = JSON.parse(readFileSync(require.resolve("world-atlas/countries-50m.json"), "utf8")) as Topology;
    const shapes = (atlas.objects.countries as GeometryCollection<{ name: string }>).geometries;
    const ids = new Set(shapes.map((g) => String(g.id ?? "")).filter((id) => id && !OMITTED_SHAPES.has(id)));
    const names = new Set([...shapes.filter((g) => g.id === undefined).map((g) => (g.properties as { name: string }).name)]);
    const expected = countries
      .filter((c) => !c.historical && ((c.isoNumeric && ids.has(c.isoNumeric)) || names.has(c.name)))
      .map((c) => c.iso3);
    assert.ok(expected.length > 220, `only ${expected.length} registry countries have a shape`);
    const drawn = new Set(await page.$$eval("svg.world-map path[data-iso3]", (ps) => ps.map((p) => p.getAttribute("data-iso3")!)));
    const missing = expected.filter((iso3) => !drawn.has(iso3));
    assert.deepEqual(missing, [], `not drawn: ${missing.join(" ")}`);
    for (const alias of Object.values(SHAPE_ALIASES)) assert.ok(drawn.has(alias));

    // Every forecast with a shape is a link filled with a band colour; the others are hatched.
    const linked = await page.$$eval("svg.world-map a.country path[data-iso3]", (ps) => ps.map((p) => [p.getAttribute("data-iso3"), p.getAttribute("fill")]));
    const linkedIso = new Set(linked.map(([iso3]) => iso3));
    const withShape = forecasts.filter((f) => expected.includes(f.iso3)).map((f) => f.iso3);
    assert.deepEqual(withShape.filter((iso3) => !linkedIso.has(iso3)), []);
    assert.ok(linked.every(([, fill]) => /^#[0-9a-f]{6}$/.test(fill!)));
    const hatched = await page.$$eval("svg.world-map .no-forecast path", (ps) => ps.map((p) => p.getAttribute("fill")));
    assert.ok(hatched.length > 50 && hatched.every((f) => f === "url(#no-data)"));
    // Small states get a marker.
    assert.equal(await page.locator("svg.world-map [data-marker='SGP']").count(), 1);
    await page.close();
  });

  test("the ranked table matches /api/forecasts and the filters narrow it", async () => {
    const page = await browser.context.newPage();
    await openWorld(page);
    const list = await api<{ forecasts: ApiForecast[] }>("/api/forecasts?model=ewp-glmnet");
    const rows = await page.$$eval("table.ranked tbody tr[data-iso3]", (trs) =>
      trs.map((tr) => ({ iso3: tr.getAttribute("data-iso3"), cells: [...tr.querySelectorAll("td")].map((td) => td.textContent!.trim()) })),
    );
    assert.equal(rows.length, list.forecasts.length);
    rows.forEach((row, i) => {
      const f = list.forecasts[i];
      assert.deepEqual([row.iso3, row.cells[0], row.cells[1], row.cells[2]], [f.iso3, String(f.rank), f.name, formatRisk(f.risk)], `row ${i + 1}`);
    });
    await page.selectOption(".filters select >> nth=0", "Europe");
    const europe = await page.$$eval("table.ranked tbody tr[data-iso3]", (trs) => trs.map((tr) => tr.getAttribute("data-iso3")));
    assert.ok(europe.length > 10 && europe.length < rows.length);
    assert.ok(europe.includes("NOR") && !europe.includes("MMR"));
    assert.match(await page.locator(".filters [role=status]").innerText(), new RegExp(`^${europe.length} of ${rows.length}`));
    assert.equal(await page.locator("svg.world-map a.country.faded path[data-iso3='MMR']").count(), 1, "filtered-out countries fade on the map");
    await page.close();
  });

  test("clicking a country on the map opens its page; Enter on a focused country does too", async () => {
    const page = await browser.context.newPage();
    await openWorld(page);
    await page.locator("svg.world-map path[data-iso3='MMR']").click();
    await page.waitForURL(/\/countries\/MMR$/);
    await page.waitForSelector("h1:has-text('Myanmar')");
    await page.waitForSelector("#risk-h ~ .chart svg[role=img]");
    assert.match(await page.locator(".risk-summary").innerText(), /rank 1 of \d+/);
    assert.ok((await page.locator(".episodes li").count()) >= 4, "Myanmar's EWP episodes are listed");
    assert.match(await page.locator("section:has(#events-h)").innerText(), /No event data|events per month/);
    await page.goBack();
    await page.waitForSelector("svg.world-map a.country");
    await page.locator("svg.world-map a.country:has(path[data-iso3='SDN'])").focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/countries\/SDN$/);
    await page.waitForSelector("h1:has-text('Sudan')");
    await page.close();
  });

  test("keyboard: the first Tab reaches the skip link, and the ranked table's links are reachable", async () => {
    const page = await browser.context.newPage();
    await openWorld(page);
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to content");
    await page.locator("a.skip[href='#ranked-table']").focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.closest("table")?.className), "ranked");
    await page.close();
  });

  test("axe-core finds no serious or critical violations on the world view and a country page", async () => {
    const source = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
    const page = await browser.context.newPage();
    for (const path of ["/", "/countries/MMR"]) {
      await page.goto(`${server.url}${path}`);
      await page.waitForSelector(path === "/" ? "svg.world-map a.country" : "#risk-h ~ .chart svg");
      // evaluate() runs outside the page's CSP, which (rightly) forbids injected inline scripts.
      await page.evaluate(source);
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
      });
      const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      assert.deepEqual(serious, [], `${path}: ${JSON.stringify(serious, null, 1)}`);
    }
    await page.close();
  });

  test("no horizontal overflow at phone width (390 px), right-to-left included", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ["/", "/countries/MMR"]) {
      await page.goto(`${server.url}${path}`);
      await page.waitForSelector(path === "/" ? "svg.world-map a.country" : "#risk-h ~ .chart svg");
      for (const dir of ["ltr", "rtl"]) {
        await page.evaluate((d) => document.documentElement.setAttribute("dir", d), dir);
        const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
        assert.ok(scroll <= client, `${path} (${dir}) overflows: ${scroll} > ${client}`);
      }
      await page.evaluate(() => document.documentElement.setAttribute("dir", "ltr"));
      await page.screenshot({ path: join(artifactsDir(), `phone-${path === "/" ? "world" : "MMR"}.png`), fullPage: true });
    }
    await page.close();
  });

  test("print: filters and navigation hidden, map and charts kept; brief saved as PDF", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/countries/MMR`);
    await page.waitForSelector("#risk-h ~ .chart svg");
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator("button.print").isVisible(), false);
    assert.equal(await page.locator("#risk-h ~ .chart svg").isVisible(), true);
    await page.pdf({ path: join(artifactsDir(), "brief-MMR.pdf"), format: "A4", printBackground: true });
    await page.goto(`${server.url}/`);
    await page.waitForSelector("svg.world-map a.country");
    assert.equal(await page.locator(".filters").isVisible(), false);
    assert.equal(await page.locator("svg.world-map").isVisible(), true);
    await page.close();
  });

  test("screenshots of the world view and a country page (test-artifacts/ and docs/screenshots/)", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await openWorld(page);
    const world = join(artifactsDir(), "world-view.png");
    await page.screenshot({ path: world });
    await page.goto(`${server.url}/countries/MMR`);
    await page.waitForSelector("#history-h ~ .chart svg");
    const country = join(artifactsDir(), "country-MMR.png");
    await page.screenshot({ path: country, fullPage: true });
    const docs = join(REPO_ROOT, "docs", "screenshots");
    mkdirSync(docs, { recursive: true });
    copyFileSync(world, join(docs, "world-view.png"));
    copyFileSync(country, join(docs, "country-page.png"));
    // A PNG of a drawn page is far larger than a blank one.
    assert.ok(readFileSync(world).length > 50_000);
    await page.close();
  });

  test("nothing left the origin and no page logged an error (CSP included)", () => {
    const foreign = requests.filter((u) => !u.startsWith(server.url) && !u.startsWith("data:") && !u.startsWith("blob:"));
    assert.deepEqual(foreign, []);
    assert.deepEqual(problems, []);
  });
});
