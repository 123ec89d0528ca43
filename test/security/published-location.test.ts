/**
 * Issue 14 point 5: republishing a report with other blur sizes must not let anyone narrow down
 * the true point by intersecting the published areas. 20 republishes at random sizes through the
 * API; the intersection of every public answer must stay at least as large as the first one.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { EXACT, newKey, openHarness, reportBody, type Harness } from "./harness.ts";
import { availableEngines } from "../../src/infra/store/testing.ts";

const M_PER_DEG = 111_320;
type Box = { south: number; north: number; west: number; east: number };

/** The area a public answer claims: a square of `precisionMeters` around its point. */
function boxOf(l: { lat: number; lon: number; precisionMeters: number }): Box {
  const dLat = l.precisionMeters / M_PER_DEG / 2;
  const dLon = l.precisionMeters / (M_PER_DEG * Math.cos((l.lat * Math.PI) / 180)) / 2;
  return { south: l.lat - dLat, north: l.lat + dLat, west: l.lon - dLon, east: l.lon + dLon };
}
/** Area in square metres (small boxes: flat-earth approximation at the box's latitude). */
function areaM2(b: Box): number {
  const h = Math.max(0, b.north - b.south) * M_PER_DEG;
  const w = Math.max(0, b.east - b.west) * M_PER_DEG * Math.cos((((b.north + b.south) / 2) * Math.PI) / 180);
  return h * w;
}

for (const engine of availableEngines()) describe(`published locations cannot be narrowed on ${engine}`, () => {
  let h: Harness;
  before(async () => {
    h = await openHarness(engine);
  });
  after(async () => h?.close());

  test("20 republishes at random blur sizes: the intersection of the public areas stays ≥ the first", async () => {
    const res = await h.app.inject({ method: "POST", url: "/api/reports", headers: { ...h.s.a.monitor.headers, "idempotency-key": newKey() }, payload: reportBody() });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().id as string;
    await h.app.inject({ method: "POST", url: `/api/reports/${id}/review`, headers: h.s.a.analyst.headers, payload: { to: "under_review" } });
    const v = await h.app.inject({ method: "POST", url: `/api/reports/${id}/review`, headers: h.s.a.analyst2.headers, payload: { to: "verified", reason: "corroborated" } });
    assert.equal(v.json().status, "verified", v.body);
    // Sizes as the attacker chose them first, then random ones.
    const sizes = [1000, 1130, 1270, 1430, 1610, ...Array.from({ length: 15 }, () => 1000 + Math.floor(Math.random() * 19_000))];
    const boxes: Box[] = [];
    for (const blurMeters of sizes) {
      const p = await h.app.inject({ method: "POST", url: `/api/reports/${id}/publish`, headers: h.s.a.analyst.headers, payload: { blurMeters } });
      assert.equal(p.statusCode, 200, p.body);
      const list = (await h.app.inject({ url: "/api/public/reports" })).json().reports as { id: string; location: { lat: number; lon: number; precisionMeters: number } }[];
      boxes.push(boxOf(list.find((r) => r.id === id)!.location));
    }
    const meet: Box = {
      south: Math.max(...boxes.map((b) => b.south)), north: Math.min(...boxes.map((b) => b.north)),
      west: Math.max(...boxes.map((b) => b.west)), east: Math.min(...boxes.map((b) => b.east)),
    };
    const first = areaM2(boxes[0]);
    const left = areaM2(meet);
    process.stderr.write(`first area ${Math.round(first)} m², intersection of ${boxes.length} answers ${Math.round(left)} m² (sizes ${sizes.join(",")})\n`);
    assert.ok(left >= first * 0.999, `narrowed to ${Math.round(left)} m² from ${Math.round(first)} m²`);
    assert.ok(meet.south <= EXACT.lat && EXACT.lat <= meet.north && meet.west <= EXACT.lon && EXACT.lon <= meet.east, "the true point is still inside");
  });
});
