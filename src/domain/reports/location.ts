/**
 * Location blurring for published and lower-privilege views.
 *
 * Blurring snaps a point to the centre of a grid cell `precisionMeters` wide. Snapping (rather than
 * adding random noise) is deliberate: noise re-drawn on every view can be averaged away by an
 * adversary who asks many times, a fixed cell cannot. Cells are ~`precisionMeters` on a side:
 * latitude step = m / 111 320 degrees; longitude step = m / (111 320 · cos(snapped latitude)).
 */

const METERS_PER_DEGREE = 111_320;

/** Smallest blur a published view may use (metres). */
export const MIN_PUBLIC_BLUR_M = 1_000;
/** Blur used for views that may not see a protected location (metres). */
export const DEFAULT_BLUR_M = 10_000;

/**
 * The centre of the grid cell holding (`lat`, `lon`).
 * @param precisionMeters cell size in metres (> 0)
 * @returns the snapped point, rounded to 6 decimals
 * @throws {RangeError} for coordinates outside the globe or a non-positive precision
 * @example
 * blurPoint(16.8409, 96.1735, 10_000); // a point within ~7 km of the original
 */
export function blurPoint(lat: number, lon: number, precisionMeters: number): { lat: number; lon: number } {
  if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) throw new RangeError(`not a point on the globe: ${lat}, ${lon}`);
  if (!(precisionMeters > 0)) throw new RangeError(`precision must be positive metres, got ${precisionMeters}`);
  const latStep = precisionMeters / METERS_PER_DEGREE;
  const snappedLat = clamp((Math.floor(lat / latStep) + 0.5) * latStep, -90, 90);
  const lonStep = Math.min(360, precisionMeters / (METERS_PER_DEGREE * Math.max(Math.cos((snappedLat * Math.PI) / 180), 1e-6)));
  const snappedLon = clamp((Math.floor(lon / lonStep) + 0.5) * lonStep, -180, 180);
  return { lat: round6(snappedLat), lon: round6(snappedLon) };
}

/** Great-circle distance in metres (haversine, mean Earth radius 6 371 km). */
export function distanceMeters(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(r(b.lat - a.lat) / 2) ** 2 + Math.cos(r(a.lat)) * Math.cos(r(b.lat)) * Math.sin(r(b.lon - a.lon) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** A published area: a latitude/longitude box (degrees) and the nominal size it was made for. */
export interface PublishedArea {
  south: number;
  north: number;
  west: number;
  east: number;
  sizeMeters: number;
}

/** The grid cell (as a box) holding the point, `precisionMeters` on a side, as `blurPoint` snaps. */
export function cellOf(lat: number, lon: number, precisionMeters: number): PublishedArea {
  blurPoint(lat, lon, precisionMeters); // validates the point and size
  const latStep = precisionMeters / METERS_PER_DEGREE;
  const south = Math.floor(lat / latStep) * latStep;
  const centreLat = clamp(south + latStep / 2, -90, 90);
  const lonStep = Math.min(360, precisionMeters / (METERS_PER_DEGREE * Math.max(Math.cos((centreLat * Math.PI) / 180), 1e-6)));
  const west = Math.floor(lon / lonStep) * lonStep;
  return { south, north: south + latStep, west, east: west + lonStep, sizeMeters: precisionMeters };
}

function boxAround(centre: { lat: number; lon: number }, m: number): PublishedArea {
  const halfLat = m / METERS_PER_DEGREE / 2;
  const halfLon = Math.min(180, m / (METERS_PER_DEGREE * Math.max(Math.cos((centre.lat * Math.PI) / 180), 1e-6)) / 2);
  return { south: clamp(centre.lat - halfLat, -90, 90), north: clamp(centre.lat + halfLat, -90, 90), west: centre.lon - halfLon, east: centre.lon + halfLon, sizeMeters: m };
}

/** The centre of an area. */
export function areaCentre(a: PublishedArea): { lat: number; lon: number } {
  return { lat: round6((a.south + a.north) / 2), lon: round6((a.west + a.east) / 2) };
}

/**
 * The area to publish for a report whose first published area is `first`, at `precisionMeters`.
 *
 * Why: snapping the true point again at each new size lands on different grids, and intersecting
 * the answers narrows the point down (1000, 1130, 1270 … m gave a 280×187 m box). So the first
 * published cell is fixed, and later publications are derived from *it*, never from the true
 * point: a smaller size keeps the first cell; a larger one is a box of that size centred on the
 * first cell, which contains it. Every answer contains the first cell, so intersecting any number
 * of them leaves at least the first cell.
 * @param first the area published first (null when never published: then the true point's cell)
 */
export function publicationArea(first: PublishedArea | null, exact: { lat: number; lon: number }, precisionMeters: number): PublishedArea {
  if (!first) return cellOf(exact.lat, exact.lon, precisionMeters);
  if (precisionMeters <= first.sizeMeters) return first;
  return boxAround(areaCentre(first), precisionMeters);
}
