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
