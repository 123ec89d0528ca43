/**
 * The Chromium PDF adapter: a brief with Amharic, Burmese and Arabic snippets becomes a one- to
 * two-page A4 PDF whose text can be read back; each script is drawn with a real font (the
 * platform font Chromium used for the snippet, asked through the DevTools protocol, is the Noto
 * family for that script, not a fallback box); a missing Chromium gives a clear error.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";
import { extractText, getDocumentProxy } from "unpdf";
import { renderBriefHtml } from "../../domain/brief/html.ts";
import { syntheticBrief } from "../../domain/brief/synthetic.ts";
import { CHROMIUM_ARGS, ChromiumMissingError, chromiumPath, createChromiumPdfRenderer, type PdfRenderer } from "./chromium-pdf.ts";

const skip = existsSync(chromiumPath()) ? false : `no Chromium at ${chromiumPath()}`;
const artifacts = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "test-artifacts");

describe("chromium PDF renderer", { skip }, () => {
  let renderer: PdfRenderer;
  before(() => {
    renderer = createChromiumPdfRenderer();
  });
  after(async () => {
    await renderer?.close();
  });

  test("a brief becomes an A4 PDF of one or two pages with its text", async () => {
    const bytes = await renderer.pdf(renderBriefHtml(syntheticBrief()), { footer: "Tocsin situation brief · Testland" });
    assert.equal(bytes.subarray(0, 5).toString("latin1"), "%PDF-");
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const page = await pdf.getPage(1);
    const [, , w, h] = page.view;
    // A4 is 595 × 842 points.
    assert.ok(Math.abs(w - 595.3) < 1 && Math.abs(h - 841.9) < 1, `${w} × ${h}`);
    const { totalPages, text } = await extractText(pdf, { mergePages: true });
    assert.ok(totalPages >= 1 && totalPages <= 2, `${totalPages} pages`);
    for (const s of ["Testland", "Warning", "Ongoing mass killings", "page 1 of"]) assert.ok(text.includes(s), s);
  });

  test("Amharic, Burmese and Arabic snippets are drawn with Noto fonts for their scripts", async () => {
    const html = renderBriefHtml(syntheticBrief());
    const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS] });
    try {
      const page = await browser.newPage();
      await page.setContent(html);
      await page.emulateMedia({ media: "print" });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("DOM.enable");
      await cdp.send("CSS.enable");
      const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
      const fontsOf = async (selector: string) => {
        const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
        const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
        return fonts.map((f) => f.familyName);
      };
      const expected: [string, RegExp][] = [['span[lang="am"]', /Noto Sans Ethiopic/], ['span[lang="my"]', /Noto Sans Myanmar/], ['span[dir="rtl"]', /Noto (Sans|Naskh) Arabic/]];
      for (const [selector, font] of expected) {
        const families = await fontsOf(selector);
        assert.ok(families.some((f) => font.test(f)), `${selector}: ${families.join(", ")}`);
      }
      // Keep a picture of the incidents for a person to look at.
      mkdirSync(artifacts, { recursive: true });
      writeFileSync(join(artifacts, "brief-scripts.png"), await page.locator("#incidents").screenshot());
    } finally {
      await browser.close();
    }
  });

  test("the first page as PNG has the A4 proportions", async () => {
    const png = await renderer.firstPagePng(renderBriefHtml(syntheticBrief()));
    assert.equal(png.subarray(1, 4).toString("latin1"), "PNG");
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    assert.ok(Math.abs(height / width - Math.SQRT2) < 0.01, `${width} × ${height}`);
  });
});

test("a missing Chromium is a clear error, and the renderer can still be closed", async () => {
  const renderer = createChromiumPdfRenderer({ executablePath: "/nonexistent/chromium" });
  await assert.rejects(renderer.pdf("<p>x</p>"), (e: unknown) => e instanceof ChromiumMissingError && /TOCSIN_CHROMIUM/.test(e.message) && /fonts-noto-core/.test(e.message));
  await renderer.close();
});
