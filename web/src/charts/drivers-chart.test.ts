import assert from "node:assert/strict";
import { test } from "node:test";
import { JSDOM } from "jsdom";
import type { Driver } from "../api.ts";
import { driversChart, LOWERS, RAISES } from "./drivers-chart.ts";

const { document } = new JSDOM("<!doctype html><body></body>").window;
const drivers: Driver[] = [
  { predictor: "coup.try.5yr", label: "Coup attempt in the last five years", contribution: 0.57, value: 1 },
  { predictor: "freediscussion", label: "Freedom of discussion", contribution: -0.31, value: 0.82 },
  { predictor: "popsize.log2", label: "Population (log2)", contribution: 0.33, value: 25.7 },
  { predictor: "tiny", label: "Tiny effect", contribution: 0.01, value: null },
];

test("driversChart() draws one labelled bar per driver, coloured by direction", () => {
  const svg = driversChart(drivers, { document, country: "Myanmar" });
  assert.equal(svg.tagName.toLowerCase(), "svg");
  assert.match(svg.getAttribute("aria-label")!, /Drivers of the forecast for Myanmar/);
  const bars = [...svg.querySelectorAll("g.bars rect")];
  assert.equal(bars.length, 4);
  assert.deepEqual(bars.map((b) => b.getAttribute("fill")), [RAISES, RAISES, LOWERS, RAISES], "sorted by |contribution|: coup, population, discussion, tiny");
  const text = svg.textContent!;
  assert.match(text, /Coup attempt in the last five years \(1\)/);
  assert.match(text, /Freedom of discussion \(0\.82\)/);
  assert.match(text, /\+0\.57/);
  assert.match(text, /-0\.31/);
  assert.match(svg.querySelector("desc")?.textContent ?? "", /Population \(log2\) \(25\.70\): \+0\.33/);
});

test("driversChart() keeps the largest `max` drivers and rejects a bad max", () => {
  const svg = driversChart(drivers, { document, max: 2 });
  assert.equal(svg.querySelectorAll("g.bars rect").length, 2);
  assert.doesNotMatch(svg.textContent!, /Freedom/);
  assert.throws(() => driversChart(drivers, { document, max: 0 }), RangeError);
});

test("driversChart() is one image: no ARIA labels on its inner groups", () => {
  const svg = driversChart(drivers, { document });
  assert.equal(svg.getAttribute("role"), "img");
  assert.equal(svg.querySelectorAll("[aria-label]").length, 0);
});
