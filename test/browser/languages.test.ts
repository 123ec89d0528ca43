/**
 * The dashboard in other languages, in real Chromium (issue 17): the world view, a country page and
 * the report form in Arabic (right to left) and Burmese at 1400 px and 390 px — lang and dir set, no
 * catalogue key shown, no text clipped or overflowing, axe-core clean — and a pseudo-locale run that
 * fails on any user-visible English that bypasses the catalogues. Screenshots go to test-artifacts/,
 * two of them to docs/screenshots/ for the README.
 */
import assert from "node:assert/strict";
import { copyFileSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { permissionsFor, type Actor } from "../../src/domain/identity/permissions.ts";
import { bootstrapAdmin, createUser } from "../../src/services/auth.service.ts";
import { artifactsDir, browserSkipReason, buildWeb, launchBrowser, REPO_ROOT, startTestServer, type TestBrowser, type TestServer } from "./harness.ts";

const require = createRequire(import.meta.url);
const skip = browserSkipReason();

const ALL_PAGES = [
  { name: "world", path: "/", ready: "svg.world-map a.country" },
  { name: "country", path: "/countries/MMR", ready: "#risk-h ~ .chart svg" },
  { name: "report", path: "/report", ready: "form.report-form" },
] as const;
/** `TOCSIN_LANG_PAGES=report,world` (or member page names, `assessment (fill form)`; a name matches up to its first comma) runs a subset while fixing a page. */
const chosen = (name: string) => !process.env.TOCSIN_LANG_PAGES || process.env.TOCSIN_LANG_PAGES.split(",").some((n) => name === n || name.startsWith(`${n},`));
const selected = chosen;
const PAGES = ALL_PAGES.filter((p) => chosen(p.name));

/** Looks like a catalogue key (`world.table.rank`) rather than a sentence. */
const KEY = /\b(?:app|common|errors|world|risk|level|country|panels|chart|report|signin|alertPanel|assess|assessPage|instrument|region|predictor|alerts|gaps|track|fill|change|evidence|archive|answers|confidence|admin|role|feeds|partners|share|ownLevel|models|framework|explain|password)\.[a-zA-Z_]+(?:\.[a-zA-Z_]+)*\b/;

const PASSWORD = "correct horse battery staple";
/** The signed-in pages, each with the role that sees it (`{A}` is an assessment's id, made in \`before\`). */
const ALL_MEMBER_PAGES = [
  { name: "alerts inbox", path: "/alerts", as: "analyst", ready: "form.sub-form" },
  { name: "response gaps", path: "/alerts/gaps", as: "analyst", ready: "main h1 ~ .note" },
  { name: "track record", path: "/alerts/track-record", as: "analyst", ready: "table.track" },
  { name: "assessment list", path: "/assessments", as: "analyst", ready: "main table" },
  { name: "new assessment", path: "/assessments/new", as: "analyst", ready: "main form select" },
  { name: "assessment (fill form)", path: "/assessments/{A}", as: "analyst", ready: "form.fill" },
  { name: "assessment history", path: "/assessments/{A}/history", as: "analyst", ready: "ol.history" },
  { name: "assessment comparison", path: "/assessments/compare?a={A}@1&b={A}@1", as: "analyst", ready: "table.compare-factors" },
  { name: "partners", path: "/partners", as: "analyst", ready: "#partners-h" },
  { name: "speech models", path: "/speech/models", as: "analyst", ready: "form h2" },
  { name: "country page, signed in", path: "/countries/MMR", as: "analyst", ready: "#own-level-h" },
  { name: "admin: users", path: "/admin/users", as: "admin", ready: "main table" },
  { name: "admin: organisation", path: "/admin/organisation", as: "admin", ready: "dl.identity" },
  { name: "admin: roles", path: "/admin/roles", as: "admin", ready: "table.roles" },
  { name: "admin: API tokens", path: "/admin/tokens", as: "admin", ready: "main table" },
  { name: "admin: feeds", path: "/admin/feeds", as: "admin", ready: "main table" },
  { name: "password", path: "/password", as: "analyst", ready: "#password-title" },
] as const;
const MEMBER_PAGES = ALL_MEMBER_PAGES.filter((p) => chosen(p.name));

/** Elements whose own box is too narrow for their text: content wider than the box (clipped or spilling out). */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const selector = "h1, h2, h3, h4, p, li, label, legend, summary, button, th, td, dt, dd, caption, option, .badge, .alert-badge, .count, .tagline, .brand";
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      if (el.closest(".visually-hidden, .skip, [hidden], details:not([open]) > :not(summary)")) continue;
      const style = getComputedStyle(el);
      if (style.display === "inline" || style.display === "none" || el.clientWidth === 0) continue;
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName.toLowerCase()}.${el.className}: "${el.textContent!.trim().slice(0, 40)}" ${el.scrollWidth} > ${el.clientWidth}`);
    }
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) {
      // Name the widest culprits: elements reaching past either edge of the viewport.
      const past = [...document.querySelectorAll<HTMLElement>("body *")].filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.left < -1 || r.right > doc.clientWidth + 1); });
      const leaves = past.filter((el) => !past.some((o) => o !== el && el.contains(o))).slice(0, 4).map((el) => `${el.tagName.toLowerCase()}.${el.className || ""}[${Math.round(el.getBoundingClientRect().width)}]`);
      out.push(`page: ${doc.scrollWidth} > ${doc.clientWidth} (${leaves.join(", ")})`);
    }
    return out;
  });
}

async function axeSerious(page: Page, source: string): Promise<unknown[]> {
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Lists text outside ⟦ ⟧ (pseudo-locale output) with English words, in text nodes and labelling attributes. */
const PSEUDO_LEAKS = `(() => {
  const out = [];
  // Data: marked translate="no", isolated in <bdi>, code, English marked lang="en", chart text, and what people typed (textarea).
  const isData = (el) => !!(el && el.closest('[translate="no"], bdi, code, script, style, textarea, [lang="en"], svg text, svg title, svg desc, option[lang]'));
  const check = (text, where) => {
    // Catalogue text may nest (a translated phrase as another's placeholder): drop the innermost ⟦ ⟧ first.
    let rest = text;
    for (let before = ""; before !== rest;) { before = rest; rest = rest.replace(/⟦[^⟦⟧]*⟧/g, " "); }
    const words = rest.match(/[A-Za-z]{3,}/g);
    if (words) out.push(where + ": " + words.slice(0, 4).join(" ") + ' <- "' + text.trim().slice(0, 60) + '"');
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim() || isData(n.parentElement)) continue;
    check(n.textContent, n.parentElement.tagName.toLowerCase());
  }
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
    if (isData(el)) continue;
    for (const a of ["aria-label", "title", "placeholder", "alt"]) if (el.hasAttribute(a)) check(el.getAttribute(a), el.tagName.toLowerCase() + "@" + a);
  }
  return out;
})()`;

describe("dashboard in Arabic, Burmese and the pseudo-locale", { skip }, () => {
  let server: TestServer;
  let browser: TestBrowser;
  const problems: string[] = [];
  const axe = skip ? "" : readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

  /** One browser per role, signed in; an assessment with one answer, a subscription and a token give the pages rows. */
  const members: Partial<Record<"admin" | "analyst", TestBrowser>> = {};
  let assessmentId = "";

  async function signIn(b: TestBrowser, email: string): Promise<void> {
    const page = await b.context.newPage();
    await page.goto(`${server.url}/sign-in?next=/`);
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/`);
    await page.close();
  }

  /** A JSON call from the signed-in page (cookie and CSRF header as the dashboard sends them). */
  async function call(b: TestBrowser, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const page = await b.context.newPage();
    await page.goto(`${server.url}/sign-in`);
    const result = await page.evaluate(async ({ method, path, body }) => {
      const csrf = /tocsin_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? "";
      const r = await fetch(path, { method, headers: { "content-type": "application/json", "x-csrf-token": decodeURIComponent(csrf) }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: r.status, json: await r.json().catch(() => null) };
    }, { method, path, body });
    await page.close();
    assert.ok(result.status < 300, `${method} ${path}: ${result.status} ${JSON.stringify(result.json)}`);
    return result.json as Record<string, unknown>;
  }

  before(async () => {
    buildWeb();
    server = await startTestServer();
    browser = await launchBrowser();
    browser.context.on("page", (p) => p.on("pageerror", (e) => problems.push(`${p.url()}: ${e.message}`)));
    const { organisationId, user } = await bootstrapAdmin(server.tocsin.store, { organisationName: "Languages Network", email: "admin@example.org", displayName: "Ada Admin", password: PASSWORD });
    const admin: Actor = { kind: "user", userId: user.id, organisationId, role: "admin", permissions: permissionsFor("admin"), via: "session" };
    await createUser(server.tocsin.store, admin, { email: "analyst@example.org", displayName: "Amina Analyst", role: "analyst", password: PASSWORD });
    for (const [role, email] of [["admin", "admin@example.org"], ["analyst", "analyst@example.org"]] as const) {
      const b = await launchBrowser();
      b.context.on("page", (p) => p.on("pageerror", (e) => problems.push(`${p.url()}: ${e.message}`)));
      await signIn(b, email);
      members[role] = b;
    }
    const analyst = members.analyst!;
    const { frameworks } = (await call(analyst, "GET", "/api/frameworks")) as { frameworks: { key: string; version: number; factors: { indicators: { id: string }[] }[] }[] };
    const fw = frameworks[0];
    const created = await call(analyst, "POST", "/api/assessments", { countryIso3: "MMR", title: "Rakhine 2026", framework: { key: fw.key, version: fw.version }, assessedOn: "2026-12-01" });
    assessmentId = String(created.id);
    const first = fw.factors[0].indicators[0].id;
    await call(analyst, "PATCH", `/api/assessments/${assessmentId}`, { summary: "Short summary.", answers: { [first]: { answer: "present", confidence: "high", rationale: "Seen in the field.", evidence: [{ kind: "url", ref: "https://example.org/a" }] } } });
    await call(analyst, "POST", "/api/subscriptions", { scope: "user", countries: ["MMR"], minLevel: "watch" });
    await call(members.admin!, "POST", "/api/tokens", { name: "nightly export", scopes: ["audit:read"] });
  });
  after(async () => {
    await browser?.close();
    for (const b of Object.values(members)) await b?.close();
    await server?.close();
  });

  for (const lang of ["ar", "my"] as const) {
    for (const width of [1400, 390]) {
      test(`${lang} at ${width} px: translated, ${lang === "ar" ? "right to left, " : ""}nothing clipped, axe-core clean`, async () => {
        const page = await browser.context.newPage();
        await page.setViewportSize({ width, height: 900 });
        for (const p of PAGES) {
          await page.goto(`${server.url}${p.path}?lang=${lang}`);
          await page.waitForSelector(p.ready);
          await page.waitForLoadState("networkidle");
          assert.equal(await page.getAttribute("html", "lang"), lang, p.name);
          assert.equal(await page.getAttribute("html", "dir"), lang === "ar" ? "rtl" : "ltr", p.name);
          const text = await page.evaluate(() => document.body.innerText);
          assert.doesNotMatch(text, KEY, `${lang} ${p.name}: a catalogue key is shown`);
          assert.deepEqual(await overflowing(page), [], `${lang} ${p.name} at ${width} px`);
          assert.deepEqual(await axeSerious(page, axe), [], `${lang} ${p.name} at ${width} px: axe`);
          const shot = join(artifactsDir(), `lang-${lang}-${p.name}-${width}.png`);
          await page.screenshot({ path: shot, fullPage: false });
          if (lang === "ar" && p.name === "world" && width === 1400) copyFileSync(shot, join(REPO_ROOT, "docs", "screenshots", "world-arabic.png"));
          if (lang === "my" && p.name === "report" && width === 390) copyFileSync(shot, join(REPO_ROOT, "docs", "screenshots", "report-burmese-phone.png"));
        }
        await page.close();
      });
    }
  }

  test("Arabic mirrors the layout: the navigation sits left of the brand, table text starts at the right", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${server.url}/?lang=ar`);
    await page.waitForSelector("svg.world-map a.country");
    const brand = (await page.locator(".brand").boundingBox())!;
    const nav = (await page.locator(".top nav").boundingBox())!;
    assert.ok(nav.x < brand.x, `nav at ${nav.x}, brand at ${brand.x}`);
    const align = await page.evaluate(() => getComputedStyle(document.querySelector("table.ranked th")!).textAlign);
    assert.ok(align === "start" || align === "right", align);
    await page.close();
  });

  test("the pseudo-locale shows no English outside the catalogues on the world view, a country page, sign-in and the report form", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    for (const p of [...PAGES, { name: "sign-in", path: "/sign-in", ready: "form" }]) {
      await page.goto(`${server.url}${p.path}?lang=en-XA`);
      await page.waitForSelector(p.ready);
      await page.waitForLoadState("networkidle");
      // Data (country names, codes, model ids, free text from reports) is marked translate="no" or isolated in <bdi>;
      // chart SVG text, titles and descriptions mix data (episode names, dates) with catalogue text and are skipped.
      // A string, not a function: tsx would wrap the helpers below in a `__name` the page does not have.
      const leaks = (await page.evaluate(PSEUDO_LEAKS)) as string[];
      assert.deepEqual(leaks, [], `${p.name}: hard-coded English`);
    }
    await page.close();
  });

  test("the pseudo-locale shows no English outside the catalogues on the alert, assessment, admin, partners and speech-model pages, signed in as the role that sees each", async () => {
    const found: string[] = [];
    for (const p of MEMBER_PAGES.filter((m) => selected(m.name))) {
      const page = await members[p.as]!.context.newPage();
      await page.setViewportSize({ width: 1400, height: 900 });
      const path = p.path.replaceAll("{A}", assessmentId);
      await page.goto(`${server.url}${path}${path.includes("?") ? "&" : "?"}lang=en-XA`);
      await page.waitForSelector(p.ready);
      await page.waitForLoadState("networkidle");
      // Closed <details> (the fill form's later factors, history entries) are opened so their text is checked too.
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => ((d as HTMLDetailsElement).open = true)));
      assert.equal(await page.getAttribute("html", "lang"), "en-XA", p.name);
      for (const leak of (await page.evaluate(PSEUDO_LEAKS)) as string[]) found.push(`${p.name}: ${leak}`);
      const text = await page.evaluate(() => document.body.innerText);
      if (KEY.test(text)) found.push(`${p.name}: a catalogue key is shown (${KEY.exec(text)![0]})`);
      if (p.name === "assessment (fill form)") {
        // The built-in framework's texts come from the catalogues now: none is exempted as English data,
        // and each factor name, description, indicator and guidance is pseudo-locale text.
        const framework = await page.evaluate(() => ({
          marked: document.querySelectorAll('form.fill details.factor > summary [lang="en"], form.fill details.factor > summary bdi, form.fill legend [lang="en"], form.fill details.factor > p[lang="en"]').length,
          texts: [...document.querySelectorAll("form.fill details.factor > summary > span[dir], form.fill details.factor > p.note, form.fill legend > span, form.fill p.guidance")].map((e) => e.textContent ?? ""),
        }));
        if (framework.marked > 0) found.push(`${p.name}: ${framework.marked} framework texts still marked as English data`);
        if (framework.texts.length < 100) found.push(`${p.name}: only ${framework.texts.length} framework texts found`);
        for (const x of framework.texts.filter((x) => !x.includes("⟦"))) found.push(`${p.name}: framework text not from the catalogue: "${x.slice(0, 60)}"`);
      }
      await page.close();
    }
    assert.deepEqual(found, [], "hard-coded English");
  });

  test("control: the same detector finds English that bypasses the catalogues on a converted page", async () => {
    const page = await members.admin!.context.newPage();
    await page.goto(`${server.url}/admin/users?lang=en-XA`);
    await page.waitForSelector("main table");
    await page.waitForLoadState("networkidle");
    assert.deepEqual(await page.evaluate(PSEUDO_LEAKS), []);
    // What a forgotten string looks like: English text, and an English label on a control.
    await page.evaluate(() => {
      const p = document.createElement("p");
      p.textContent = "Users of your organisation";
      document.querySelector("main")!.append(p);
      document.querySelector("main button")?.setAttribute("aria-label", "Disable this user");
    });
    const leaks = (await page.evaluate(PSEUDO_LEAKS)) as string[];
    assert.ok(leaks.some((l) => l.startsWith("p: Users")), leaks.join("\n"));
    assert.ok(leaks.some((l) => l.startsWith("button@aria-label: Disable")), leaks.join("\n"));
    await page.close();
  });

  test("no page error", () => {
    assert.deepEqual(problems, []);
  });
});
