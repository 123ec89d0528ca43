/**
 * The world map as data: one projected SVG path per country shape in the world-atlas topology,
 * matched to the registry and to the forecasts. Pure (no DOM), so it is tested under node and the
 * component only turns the result into elements.
 *
 * Matching: a shape's `id` is its ISO 3166-1 numeric code, matched to the registry's `isoNumeric`.
 * Shapes without a code are matched by name (Kosovo) or, for territories that EWP counts as part
 * of a state, through {@link SHAPE_ALIASES}. Antarctica is left out (no population, no forecast;
 * it would take a fifth of the map's height).
 */
import { geoEqualEarth, geoPath } from "d3-geo";
import { feature } from "topojson-client";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import type { GeometryCollection, Topology } from "topojson-specification";

/** Shapes without an ISO code that EWP's country-year table counts as part of a state. */
export const SHAPE_ALIASES: Readonly<Record<string, string>> = {
  Somaliland: "SOM", // EWP's Somalia row covers the whole internationally recognised state
  "N. Cyprus": "CYP",
};

/** ISO numeric codes of shapes not drawn. */
export const OMITTED_SHAPES: ReadonlySet<string> = new Set(["010"]); // Antarctica

/** The registry fields the map needs. */
export interface MapCountry {
  iso3: string;
  isoNumeric: string | null;
  name: string;
  historical?: boolean;
}

/** The forecast fields the map needs. */
export interface MapForecast {
  iso3: string;
  risk: number;
  rank: number;
}

/** One drawn shape. Several shapes can belong to one country (aliases). */
export interface MapShape {
  /** Unique key: the shape's id or name. */
  key: string;
  /** The registry country it belongs to, or null for unmatched shapes. */
  iso3: string | null;
  /** The registry name (or the atlas name when unmatched). */
  name: string;
  /** SVG path data in map pixels. */
  d: string;
  /** The country's forecast, or null when it has none. */
  forecast: MapForecast | null;
  /**
   * For forecast countries whose shape is smaller than `minArea` square pixels (island and city
   * states): the centroid, where the map draws a marker so the country stays visible and clickable.
   */
  marker: { x: number; y: number } | null;
}

/** The projected map. */
export interface WorldMapModel {
  width: number;
  height: number;
  shapes: MapShape[];
}

/**
 * Projects the atlas (Equal Earth, equal-area so that colour per area is not distorted) to the given
 * width and matches every shape to the registry and the forecasts.
 * @param topology world-atlas `countries-50m.json` or `countries-110m.json` (object `countries`)
 * @param countries the registry (historical states are ignored)
 * @param forecasts current forecasts (any order)
 * @param options.width map width in pixels (default 960); height follows from the projection
 * @param options.minArea marker threshold in square pixels (default 12)
 * @param options.tolerance drop vertices closer than this many pixels (Manhattan) to the last one
 *   kept (default 0.5): the 50m atlas has many sub-pixel vertices at dashboard sizes, and a
 *   third of the path data renders the same picture far faster
 * @returns the map, shapes in atlas order
 * @throws {TypeError} when the topology has no `countries` object
 */
export function worldMapModel(
  topology: Topology,
  countries: readonly MapCountry[],
  forecasts: readonly MapForecast[],
  options: { width?: number; minArea?: number; tolerance?: number } = {},
): WorldMapModel {
  const { width = 960, minArea = 12 } = options;
  const object = topology.objects?.countries as GeometryCollection<{ name?: string }> | undefined;
  if (!object || object.type !== "GeometryCollection") throw new TypeError("topology has no GeometryCollection named `countries`");
  const collection = feature(topology, object) as FeatureCollection<Geometry, { name?: string }>;
  const features = collection.features.filter((f) => !OMITTED_SHAPES.has(String(f.id ?? "")));

  const byNumeric = new Map<string, MapCountry>();
  const byName = new Map<string, MapCountry>();
  const byIso3 = new Map<string, MapCountry>();
  for (const c of countries) {
    if (c.historical) continue;
    if (c.isoNumeric) byNumeric.set(c.isoNumeric, c);
    byName.set(c.name, c);
    byIso3.set(c.iso3, c);
  }
  const forecastOf = new Map(forecasts.map((f) => [f.iso3, f]));

  // No adaptive resampling: the atlas is already dense at this scale, and resampling tripled the work.
  const projection = geoEqualEarth().precision(0).fitWidth(width, { type: "FeatureCollection", features } as FeatureCollection);
  const path = geoPath(projection);
  const pen = new SimplifyingPen(options.tolerance ?? 0.5);
  const draw = geoPath(projection, pen);
  const [[, y0], [, y1]] = path.bounds({ type: "FeatureCollection", features } as FeatureCollection);
  const height = Math.ceil(y1 - Math.min(0, y0)) + 1;

  const shapes: MapShape[] = [];
  for (const f of features as Feature<Geometry, { name?: string }>[]) {
    const atlasName = f.properties?.name ?? "";
    const id = f.id === undefined ? null : String(f.id);
    const country = (id && byNumeric.get(id)) || byName.get(atlasName) || (SHAPE_ALIASES[atlasName] ? byIso3.get(SHAPE_ALIASES[atlasName]) : undefined) || null;
    pen.reset();
    draw(f);
    const d = pen.result();
    if (!d) continue;
    const forecast = country ? (forecastOf.get(country.iso3) ?? null) : null;
    let marker: MapShape["marker"] = null;
    if (forecast && path.area(f) < minArea) {
      const [x, y] = path.centroid(f);
      if (Number.isFinite(x) && Number.isFinite(y)) marker = { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 };
    }
    shapes.push({ key: id ?? atlasName, iso3: country?.iso3 ?? null, name: country?.name ?? atlasName, d, forecast, marker });
  }
  return { width, height, shapes };
}

/**
 * A d3-geo path context that writes SVG path data with one decimal, skipping vertices within
 * `tolerance` pixels of the previously kept one (rings keep their first point and close with Z).
 */
class SimplifyingPen {
  private parts: string[] = [];
  private x = Number.NaN;
  private y = Number.NaN;
  constructor(private readonly tolerance: number) {}
  reset(): void {
    this.parts = [];
  }
  result(): string {
    return this.parts.join("");
  }
  moveTo(x: number, y: number): void {
    this.parts.push(`M${round(x)},${round(y)}`);
    this.x = x;
    this.y = y;
  }
  lineTo(x: number, y: number): void {
    if (Math.abs(x - this.x) + Math.abs(y - this.y) < this.tolerance) return;
    this.parts.push(`L${round(x)},${round(y)}`);
    this.x = x;
    this.y = y;
  }
  closePath(): void {
    this.parts.push("Z");
  }
  beginPath(): void {
    // Each shape is reset() by the caller; nothing to do per polygon.
  }
  arc(_x: number, _y: number, _radius: number, _startAngle: number, _endAngle: number): void {
    // Only point geometries use arc(); the atlas has none.
  }
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
