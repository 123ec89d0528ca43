/**
 * The PDF renderer given a hostile document (attacker-controlled report text or speech snippets
 * that escaped escaping, or a future template bug): no script runs, and the page fetches nothing —
 * no images, styles, frames, refreshes, fetch or WebSocket — even without the brief's own CSP.
 * A local server counts every connection attempt; the PDF's text shows whether a script ran.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { extractText, getDocumentProxy } from "unpdf";
import { chromiumPath, createChromiumPdfRenderer, DocumentNavigatedError, type PdfRenderer } from "./chromium-pdf.ts";

const skip = existsSync(chromiumPath()) ? false : `no Chromium at ${chromiumPath()}`;

describe("chromium PDF renderer with a hostile document", { skip }, () => {
  let renderer: PdfRenderer;
  let server: Server;
  let hits = 0;
  let base = "";

  before(async () => {
    renderer = createChromiumPdfRenderer();
    server = createServer((req, res) => {
      hits += 1;
      res.end("x");
    });
    server.on("upgrade", (_req, socket) => {
      hits += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await renderer?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const hostile = () => `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="${base}/style.css"></head>
<body><p>Report text</p>
<img src="${base}/pixel.png"><iframe src="${base}/frame"></iframe><object data="${base}/object"></object>
<div style="background:url(${base}/bg.png)">bg</div>
<script>document.body.insertAdjacentText("beforeend", "SCRIPT-RAN"); fetch("${base}/fetch").catch(() => {}); try { new WebSocket("${base.replace("http", "ws")}/ws"); } catch {} navigator.sendBeacon && navigator.sendBeacon("${base}/beacon", "x");</script>
<img src="x" onerror="document.body.insertAdjacentText('beforeend', 'HANDLER-RAN')">
</body></html>`;

  test("pdf: no script or handler runs, no request leaves the page", async () => {
    const bytes = await renderer.pdf(hostile());
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
    assert.ok(text.includes("Report text"), text);
    assert.ok(!text.includes("SCRIPT-RAN") && !text.includes("HANDLER-RAN"), `a script ran: ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(hits, 0, "requests reached the network");
  });

  test("a document that navigates away (meta refresh) stays in place: its own text is printed, nothing is fetched", async () => {
    for (const target of [`${base}/refresh`, "data:text/html,<p>SWAPPED</p>"]) {
      const refreshing = `<!doctype html><html><head><meta http-equiv="refresh" content="0;url=${target}"></head><body><p>Report text</p></body></html>`;
      const bytes = await renderer.pdf(refreshing).catch((error: unknown) => {
        // The renderer's backstop: a navigation that got through is refused, never printed.
        assert.ok(error instanceof DocumentNavigatedError, String(error));
        return null;
      });
      if (bytes) {
        const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
        assert.ok(text.includes("Report text") && !text.includes("SWAPPED") && !/reached/.test(text), `${target}: ${text}`);
      }
      await renderer.firstPagePng(refreshing).catch((error: unknown) => assert.ok(error instanceof DocumentNavigatedError, String(error)));
    }
    assert.equal(hits, 0, "requests reached the network");
  });

  test("page-1 PNG: the same document fetches nothing, and the renderer's own layout code still works", async () => {
    const png = await renderer.firstPagePng(hostile());
    assert.equal(png.subarray(1, 4).toString("latin1"), "PNG");
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(hits, 0, "requests reached the network");
  });
});
