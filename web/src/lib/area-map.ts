/**
 * The admin-area map of a country page as data: the country's outline from the world atlas and one
 * proportional symbol per first-order administrative area, placed at the mean location of the
 * area's geolocated events (no admin1 boundaries ship offline in npm; the symbols carry the data).
 */
import { geoMercator, geoPath } from "d3-geo";
import type { Feature, FeatureCollection, Geometry, MultiPoint } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";

/** One area from `GET /api/countries/:iso3/events/areas`. */
export interface AreaEvents {
  admin1: string;
  events: number;
  lat: number | null;
  lon: number | null;
}

/** A placed symbol. */
export interface AreaSymbol {
  admin1: string;
  events: number;
  x: number;
  y: number;
  /** Radius in pixels; the area of the circle is proportional to the events. */
  r: number;
}

/** What {@link areaMapModel} returns. */
export interface AreaMapModel {
  width: number;
  height: number;
  /** SVG path of the country outline, or null when the atlas has no shape for it. */
  outline: string | null;
  /** Largest first, so small circles are drawn on top. */
  symbols: AreaSymbol[];
  /** Areas without any geolocated event (listed, not drawn). */
  unplaced: string[];
}

/**
 * Projects the country and its areas' symbols (Mercator fitted to both, so no symbol falls outside).
 * @param topology world-atlas `countries-50m.json`
 * @param country the registry's ISO numeric code and name (the name finds shapes without an id)
 * @param areas events per admin1
 * @param options.width pixels (default 640); `maxRadius` of the busiest area's circle (default 26)
 * @returns the model, or one with no symbols and no outline when there is nothing to draw
 * @throws {RangeError} for a width or radius that is not positive
 */
export function areaMapModel(
  topology: Topology,
  country: { isoNumeric: string | null; name: string },
  areas: readonly AreaEvents[],
  options: { width?: number; maxRadius?: number } = {},
): AreaMapModel {
  const { width = 640, maxRadius = 26 } = options;
  if (!(width > 0) || !(maxRadius > 0)) throw new RangeError("width and maxRadius must be positive");
  const object = topology.objects?.countries as GeometryCollection<{ name?: string }> | undefined;
  const shapes = object ? (feature(topology, object) as FeatureCollection<Geometry, { name?: string }>).features : [];
  const shape = shapes.find((f) => (country.isoNumeric && String(f.id) === country.isoNumeric) || f.properties?.name === country.name) ?? null;
  const placed = areas.filter((a) => a.lat !== null && a.lon !== null && a.events > 0);
  const unplaced = areas.filter((a) => !placed.includes(a)).map((a) => a.admin1);
  if (!shape && placed.length === 0) return { width, height: 0, outline: null, symbols: [], unplaced };

  const points: MultiPoint = { type: "MultiPoint", coordinates: placed.map((a) => [a.lon!, a.lat!]) };
  const fitTo: FeatureCollection = { type: "FeatureCollection", features: [...(shape ? [shape as Feature] : []), { type: "Feature", properties: {}, geometry: points }] };
  const pad = maxRadius + 4;
  // Height follows the country's shape: fit the width first, then measure.
  const probe = geoMercator().fitWidth(width - 2 * pad, fitTo);
  const [[, y0], [, y1]] = geoPath(probe).bounds(fitTo);
  const height = Math.max(120, Math.min(Math.ceil(y1 - y0) + 2 * pad, width));
  const projection = geoMercator().fitExtent([[pad, pad], [width - pad, height - pad]], fitTo);
  const outline = shape ? geoPath(projection)(shape) : null;
  const most = Math.max(1, ...placed.map((a) => a.events));
  const symbols = placed
    .map((a) => {
      const [x, y] = projection([a.lon!, a.lat!])!;
      return { admin1: a.admin1, events: a.events, x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10, r: Math.max(2, maxRadius * Math.sqrt(a.events / most)) };
    })
    .sort((a, b) => b.events - a.events);
  return { width, height, outline, symbols, unplaced };
}
