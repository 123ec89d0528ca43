/**
 * HTML → PDF (and page-1 PNG) with headless Debian Chromium driven by playwright-core: the brief's
 * HTML is set as the page content (no navigation, no network: every request the page tries is
 * aborted) and printed with Chromium's own `page.pdf`. One browser per renderer, launched on first
 * use and reused for every later document (a launch costs about a second; a page a few tens of
 * milliseconds); `close()` ends it, and the server calls it on shutdown.
 *
 * Fonts are the system's: on Debian, `fonts-noto-core` renders Ethiopic, Myanmar, Arabic and the
 * other scripts a brief may quote.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { escapeHtml } from "../../domain/brief/text.ts";

/** Chromium is not installed where Tocsin looks for it. */
export class ChromiumMissingError extends Error {
  constructor(readonly executablePath: string) {
    super(`no Chromium at ${executablePath}: install Debian's chromium and fonts-noto-core (apt-get install chromium fonts-noto-core) or set TOCSIN_CHROMIUM to a Chromium executable`);
    this.name = "ChromiumMissingError";
  }
}

/** The document tried to leave the page (meta refresh, form, link target): nothing is printed. */
export class DocumentNavigatedError extends Error {
  constructor() {
    super("the document tried to navigate away; it was not rendered");
    this.name = "DocumentNavigatedError";
  }
}

/** Options of a PDF. */
export interface PdfOptions {
  /** Plain text shown left in every page's footer, with "page N of M" on the right. */
  footer?: string;
}

/** Turns HTML documents into PDFs and page images. */
export interface PdfRenderer {
  /** The PDF of a complete HTML document (A4, backgrounds printed). */
  pdf(html: string, options?: PdfOptions): Promise<Buffer>;
  /**
   * A PNG of the document's first A4 page as printed (print styles, A4 width and margins, blocks
   * that do not fit left for page 2), at 1.5 device pixels per CSS pixel.
   */
  firstPagePng(html: string): Promise<Buffer>;
  /** Ends the browser, if one was started. Safe to call more than once. */
  close(): Promise<void>;
}

/** The flags the browser tests and CI use (see `test/browser/harness.ts`). */
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
] as const;

/**
 * Where Chromium is: `TOCSIN_CHROMIUM`, else Debian's `/usr/bin/chromium`.
 * @param env environment to read
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.TOCSIN_CHROMIUM || "/usr/bin/chromium";
}

// A4 at CSS 96 dpi, and the margins the brief's @page rule sets (for page-1 images).
const A4 = { width: 794, height: 1123 };
const PAGE_MARGIN_MM = { top: 13, right: 14, bottom: 15, left: 14 };

/**
 * A renderer that starts Chromium lazily on first use.
 * @param options.executablePath the browser (default {@link chromiumPath})
 * @throws {ChromiumMissingError} from `pdf`/`firstPagePng` when the executable does not exist
 */
export function createChromiumPdfRenderer(options: { executablePath?: string } = {}): PdfRenderer {
  const executablePath = options.executablePath ?? chromiumPath();
  let starting: Promise<{ browser: Browser; context: BrowserContext; profile: string }> | null = null;

  const start = async () => {
    if (!existsSync(executablePath)) throw new ChromiumMissingError(executablePath);
    const { chromium } = await import("playwright-core");
    // A persistent context on a fresh, empty profile folder, exactly as the browser tests run it.
    const profile = mkdtempSync(join(tmpdir(), "tocsin-pdf-"));
    try {
      const context = await chromium.launchPersistentContext(profile, {
        executablePath, headless: true, args: [...CHROMIUM_ARGS], viewport: A4, deviceScaleFactor: 1.5, offline: true,
        // Documents quote attacker-controlled text: no script of theirs may run, whatever the
        // document's own CSP says (the renderer's layout code runs through the DevTools protocol).
        javaScriptEnabled: false,
      });
      // Nothing a brief needs comes from outside; refuse any request the document might try.
      // A navigation (meta refresh, form, link target) is answered "204 No Content", which keeps
      // the document in place: aborted, Chromium would replace it with its error page.
      await context.route("**/*", (route) => (route.request().isNavigationRequest() ? route.fulfill({ status: 204, body: "" }) : route.abort()));
      return { browser: context.browser()!, context, profile };
    } catch (error) {
      rmSync(profile, { recursive: true, force: true });
      throw error;
    }
  };
  const session = () => {
    starting ??= start().catch((error: unknown) => {
      starting = null; // the next call may try again (e.g. once Chromium is installed)
      throw error;
    });
    return starting;
  };
  const withPage = async <T>(html: string, work: (page: Page) => Promise<T>): Promise<T> => {
    const { context } = await session();
    const page = await context.newPage();
    // A document that navigates away (a meta refresh, a form) would be replaced by whatever loads
    // next — with every request aborted, Chromium's error page: refuse to print anything then.
    let navigated = false;
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame() && frame.url() !== "about:blank") navigated = true;
    });
    const refuseNavigation = () => {
      if (navigated) throw new DocumentNavigatedError();
    };
    try {
      await page.setContent(html, { waitUntil: "load" });
      // Wait for the system fonts the text needs before printing, or glyphs may be missing.
      await page.evaluate("document.fonts.ready.then(() => true)").catch(() => true);
      refuseNavigation();
      let result: T;
      try {
        result = await work(page);
      } catch (error) {
        refuseNavigation(); // printing fails when the page goes away under it: say why
        throw error;
      }
      refuseNavigation();
      return result;
    } finally {
      await page.close();
    }
  };

  return {
    pdf(html, pdfOptions = {}) {
      return withPage(html, async (page) => {
        const footer = pdfOptions.footer;
        const bytes = await page.pdf({
          format: "A4",
          printBackground: true,
          preferCSSPageSize: true,
          displayHeaderFooter: footer !== undefined,
          headerTemplate: "<span></span>",
          footerTemplate:
            footer === undefined
              ? "<span></span>"
              : `<div style="font-family:'Noto Sans',sans-serif;font-size:7px;color:#5a6570;width:100%;padding:0 14mm;display:flex;justify-content:space-between"><span>${escapeHtml(footer)}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
        });
        return Buffer.from(bytes);
      });
    },
    firstPagePng(html) {
      return withPage(html, async (page) => {
        // A screenshot has no @page margins and no page breaks: give the body the page margins, lay
        // it out at A4 width with print styles, and hide every block that would not fit on page 1
        // (sections avoid breaking inside, so Chromium's PDF moves them to page 2 the same way).
        await page.emulateMedia({ media: "print" });
        // Not `addStyleTag`: it waits for a load event that never comes with the page's scripts off.
        const css = `html{background:#fff}body{padding:${PAGE_MARGIN_MM.top}mm ${PAGE_MARGIN_MM.right}mm ${PAGE_MARGIN_MM.bottom}mm ${PAGE_MARGIN_MM.left}mm}`;
        await page.evaluate(`document.head.appendChild(Object.assign(document.createElement("style"), { textContent: ${JSON.stringify(css)} })) && true`);
        await page.evaluate(`(() => {
          const limit = ${A4.height} - ${PAGE_MARGIN_MM.bottom} * 96 / 25.4;
          // Blocks Chromium may split across pages (sections marked long, tables, lists); anything
          // else moves to page 2 whole. Once one block moves, everything after it does too.
          const breakable = (el) => el.matches("section.long, table, tbody, ul, ol");
          let past = false;
          const fit = (el) => {
            if (past) { el.style.display = "none"; return; }
            if (el.getBoundingClientRect().bottom <= limit) return;
            if (breakable(el) && el.children.length) { for (const child of [...el.children]) fit(child); return; }
            past = true;
            el.style.display = "none";
          };
          for (const el of [...document.querySelectorAll("main > *")]) fit(el);
        })()`);
        return Buffer.from(await page.screenshot({ type: "png", clip: { x: 0, y: 0, width: A4.width, height: A4.height } }));
      });
    },
    async close() {
      const current = starting;
      starting = null;
      if (!current) return;
      const s = await current.catch(() => null);
      if (!s) return;
      await s.context.close().catch(() => {});
      rmSync(s.profile, { recursive: true, force: true });
    },
  };
}
