/**
 * The brief's HTML, drawn from hand-made briefs: sections present and absent, escaping of every
 * stored string, direction and language of snippets, no external references, the chart's numbers.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { JSDOM } from "jsdom";
import { briefFileName } from "./brief.ts";
import { formatRisk, niceCeil, riskChartSvg } from "./chart.ts";
import { renderBriefHtml } from "./html.ts";
import { syntheticBrief } from "./synthetic.ts";
import { escapeHtml, textDirection } from "./text.ts";

const dom = (html: string) => new JSDOM(html).window.document;
/** The visible text of an element, its text nodes joined by spaces (as a reader sees cells). */
function sectionText(doc: Document, id: string): string {
  const el = doc.getElementById(id);
  if (!el) return "";
  const walker = doc.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
  const parts: string[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) parts.push(n.textContent ?? "");
  return parts.join(" ").replace(/\s+/g, " ").replace(/ ([),.])/g, "$1").replace(/\( /g, "(").trim();
}

describe("renderBriefHtml", () => {
  test("a full brief has every section with its numbers", () => {
    const data = syntheticBrief();
    const doc = dom(renderBriefHtml(data));
    assert.equal(doc.documentElement.lang, "en");
    assert.equal(doc.querySelector("h1")?.textContent, "Testland");
    assert.match(sectionText(doc, "level"), /Warning since 2026-10-01 previously Watch/);
    assert.match(sectionText(doc, "level"), /Analyst override: level set to Warning \(the rules say Watch\)/);
    assert.match(sectionText(doc, "risk"), /7\.4 %/);
    assert.match(sectionText(doc, "risk"), /#4 of 160/);
    assert.match(sectionText(doc, "risk"), /up from #6 \(2024–2025\)/);
    for (const d of data.risk!.drivers) assert.ok(sectionText(doc, "risk").includes(d.label), d.label);
    assert.equal(doc.querySelectorAll("#escalations tbody tr").length, 2);
    assert.match(sectionText(doc, "escalations"), /1,234 events and 5,678 deaths/);
    assert.match(sectionText(doc, "speech"), /318 items in 12 weeks/);
    assert.equal(doc.querySelectorAll("#incidents tbody tr").length, 3);
    assert.match(sectionText(doc, "assessment"), /Quarterly assessment/);
    assert.match(sectionText(doc, "response"), /No response actions recorded/);
    assert.match(sectionText(doc, "sources"), /ewp-predictors/);
    assert.ok(doc.querySelector("#risk svg.chart"), "the chart is inline SVG");
  });

  test("absent sections say so instead of disappearing", () => {
    const doc = dom(renderBriefHtml(syntheticBrief({ alert: null, risk: null, escalations: null, speech: null, incidents: [], assessment: null })));
    assert.match(sectionText(doc, "level"), /No alert level has been computed/);
    assert.match(sectionText(doc, "risk"), /No forecast is stored/);
    assert.match(sectionText(doc, "escalations"), /No conflict-event data/);
    assert.match(sectionText(doc, "speech"), /No monitored speech/);
    assert.match(sectionText(doc, "incidents"), /No verified incident reports/);
    assert.match(sectionText(doc, "assessment"), /No analyst assessment/);
    assert.equal(doc.querySelector("svg"), null);
  });

  test("response options show with their status when given, and mark the brief as organisation data", () => {
    const doc = dom(renderBriefHtml(syntheticBrief({
      audience: "organisation",
      response: { options: [{ instrument: "diplomatic", title: "Démarche to the capital", status: "in progress", owner: "Desk A", deadline: "2026-12-01", detail: null }], notes: ["No action 12 days after Warning"], organisationData: true },
    })));
    assert.equal(doc.querySelectorAll("#response tbody tr").length, 1);
    assert.match(sectionText(doc, "response"), /Démarche to the capital in progress Desk A 2026-12-01/);
    assert.match(doc.querySelector(".kicker")?.textContent ?? "", /organisation data/);
  });

  test("every stored string is escaped: no markup from the data reaches the document", () => {
    const evil = `<script>alert(1)</script><img src=x onerror=alert(2)>"'&`;
    const base = syntheticBrief();
    const html = renderBriefHtml({
      ...base,
      country: { ...base.country, name: evil, region: evil },
      alert: { ...base.alert!, explanation: evil, signals: [evil], override: { ...base.alert!.override!, reason: evil } },
      risk: { ...base.risk!, model: { id: evil, description: evil }, drivers: base.risk!.drivers.map((d) => ({ ...d, label: evil })) },
      escalations: { ...base.escalations!, alerts: base.escalations!.alerts.map((a) => ({ ...a, place: evil })), sources: [evil] },
      speech: { ...base.speech!, spikes: [{ period: evil, message: evil }], topHallmarks: [{ key: evil, count: 1 }] },
      incidents: base.incidents.map((i) => ({ ...i, description: { text: evil, lang: `x" onload="alert(3)` }, place: evil, targetedGroup: evil })),
      assessment: { ...base.assessment!, title: { text: evil }, summary: { text: evil }, lines: [evil], disagreement: { flag: "analyst-higher", explanation: evil } },
      response: { options: [{ instrument: evil, title: evil, status: evil, owner: evil, deadline: evil, detail: evil }], notes: [evil], organisationData: false },
      sources: { version: evil, datasets: [{ ...base.sources.datasets[0], dataset: evil, fileName: evil, sourceCommit: evil }] },
    });
    const doc = dom(html);
    assert.equal(doc.querySelectorAll("script, img, [onerror], [onload]").length, 0);
    assert.ok(!html.includes("<script"), "no script tag anywhere");
    assert.ok(doc.body.textContent!.includes("<script>alert(1)</script>"), "the text is shown, as text");
    assert.ok(doc.title.includes("<script>"), "the title too");
  });

  test("no external references: the document loads nothing", () => {
    const html = renderBriefHtml(syntheticBrief());
    const doc = dom(html);
    assert.equal(doc.querySelectorAll("link, script, img, iframe, object, embed").length, 0);
    assert.ok(!/\b(src|href)=/.test(html), "no src or href attributes");
    assert.ok(!/url\(/.test(html), "no CSS url()");
    assert.match(html, /@page \{ size: A4;/);
  });

  test("snippets carry their language and direction", () => {
    const doc = dom(renderBriefHtml(syntheticBrief()));
    const cells = [...doc.querySelectorAll("#incidents tbody tr td:nth-child(3) > span")];
    assert.deepEqual(cells.map((c) => [c.getAttribute("lang"), c.getAttribute("dir")]), [["am", "ltr"], ["my", "ltr"], [null, "rtl"]]);
  });
});

describe("text helpers", () => {
  test("escapeHtml escapes the five characters and drops characters HTML cannot carry", () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    assert.equal(escapeHtml("a\u0000b\u0007c\ud800d\n"), "abcd\n");
    assert.equal(escapeHtml(null), "");
    assert.equal(escapeHtml(3), "3");
  });

  test("textDirection follows the language, else the first strong letter", () => {
    assert.equal(textDirection("hello", "ar"), "rtl");
    assert.equal(textDirection("سلام", "fa-IR"), "rtl");
    assert.equal(textDirection("x", "az-Arab"), "rtl");
    assert.equal(textDirection("שלום"), "rtl");
    assert.equal(textDirection("123 مرحبا"), "rtl", "digits are weak");
    assert.equal(textDirection("ሰላም"), "ltr");
    assert.equal(textDirection("မင်္ဂလာပါ"), "ltr");
    assert.equal(textDirection("Hello مرحبا"), "ltr");
    assert.equal(textDirection("123"), "ltr");
  });

  test("briefFileName is safe and dated", () => {
    assert.equal(briefFileName("mmr", "2026-11-23T04:00:00Z", "pdf"), "tocsin-brief-MMR-2026-11-23.pdf");
    assert.equal(briefFileName("M\"M/R", "nonsense", "html"), "tocsin-brief-MMR-undated.html");
  });
});

describe("riskChartSvg", () => {
  test("draws the backtest line, the interval band and the newest point where the numbers say", () => {
    const risk = syntheticBrief().risk!;
    const doc = dom(`<body>${riskChartSvg(risk, { width: 380, height: 230 })}</body>`);
    const svg = doc.querySelector("svg")!;
    assert.equal(svg.getAttribute("viewBox"), "0 0 380 230");
    const lines = [...svg.querySelectorAll("polyline")];
    assert.equal(lines.length, 2, "risk and rank lines");
    assert.equal(lines[0].getAttribute("points")!.trim().split(/\s+/).length, risk.backtest.length);
    // The newest forecast's point sits between its interval's ends, and higher risk is higher up.
    const now = [...svg.querySelectorAll("circle.now")][0];
    const y = Number(now.getAttribute("cy"));
    const band = [...svg.querySelectorAll("rect.band")].at(-1)!;
    const top = Number(band.getAttribute("y"));
    const bottom = top + Number(band.getAttribute("height"));
    assert.ok(top < y && y < bottom, `${top} < ${y} < ${bottom}`);
    assert.match(svg.querySelector("desc")!.textContent!, /7\.4 % for 2025–2026 \(90 % interval 4\.1 % to 12 %\), rank 4 of 160/);
  });

  test("a higher risk is drawn higher", () => {
    const base = syntheticBrief().risk!;
    const cy = (risk: number) => Number(dom(riskChartSvg({ ...base, current: { ...base.current, risk } })).querySelector("circle.now")!.getAttribute("cy"));
    assert.ok(cy(0.1) < cy(0.05));
  });

  test("niceCeil and formatRisk", () => {
    assert.deepEqual([0.031, 0.2, 0.21, 7, 0].map(niceCeil), [0.05, 0.2, 0.25, 10, 1]);
    assert.deepEqual([0.1234, 0.0567, 0.00321, 0].map(formatRisk), ["12 %", "5.7 %", "0.32 %", "0 %"]);
  });
});
