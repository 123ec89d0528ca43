import assert from "node:assert/strict";
import { test } from "node:test";
import { JSDOM } from "jsdom";
import type { EventMonth } from "../api.ts";
import { eventsChart } from "./events-chart.ts";

const { document } = new JSDOM("<!doctype html><body></body>").window;
const month = (m: string, events: number, civilianDeaths: number): EventMonth => ({ month: m, events, fatalities: civilianDeaths * 2, civilianDeaths, oneSidedEvents: 0 });
const months = [month("2017-07-01", 3, 0), month("2017-08-01", 40, 700), month("2017-09-01", 12, 90)];

test("eventsChart() draws one bar per month and describes total and peak", () => {
  const svg = eventsChart(months, { document, measure: "civilianDeaths", country: "Myanmar" });
  assert.equal(svg.querySelectorAll("g.months rect").length, 3);
  assert.match(svg.getAttribute("aria-label")!, /Civilian deaths per month in Myanmar/);
  assert.equal(svg.querySelector("desc")!.textContent, "2017-07 to 2017-09: 790 in total; peak 700 in 2017-08.");
  const events = eventsChart(months, { document });
  assert.match(events.querySelector("desc")!.textContent!, /55 in total; peak 40 in 2017-08/);
});

test("eventsChart() rejects an unknown measure", () => {
  assert.throws(() => eventsChart(months, { document, measure: "fatalities" as never }), RangeError);
});
