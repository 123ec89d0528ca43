/**
 * GeoJSON (RFC 7946) FeatureCollections written piece by piece, so an export of a million features
 * never holds them all: {@link featureCollectionStart}, then one {@link geoJsonFeature} per row
 * (the first without, the rest with a leading comma), then {@link featureCollectionEnd}.
 * Coordinates are `[longitude, latitude]` in WGS 84; a row without a point is a feature with a
 * `null` geometry (RFC 7946 §3.2), so tables and maps count the same rows.
 */

/** The opening of a FeatureCollection, with collection-level metadata (`name`, licence …) as foreign members. */
export function featureCollectionStart(meta: Record<string, string | number> = {}): string {
  const head = JSON.stringify({ type: "FeatureCollection", ...meta });
  return `${head.slice(0, -1)},"features":[\n`;
}

/** The closing of a FeatureCollection. */
export function featureCollectionEnd(): string {
  return "\n]}\n";
}

/**
 * One Feature as JSON text.
 * @param point `[lon, lat]`, or null for a feature without geometry
 * @param properties the feature's properties (JSON-serialisable)
 * @param first whether this is the collection's first feature (no leading comma)
 * @throws {RangeError} for a point outside the globe
 */
export function geoJsonFeature(point: { lat: number; lon: number } | null, properties: Record<string, unknown>, first: boolean): string {
  if (point && !(Math.abs(point.lat) <= 90 && Math.abs(point.lon) <= 180)) throw new RangeError(`point out of range: ${point.lat}, ${point.lon}`);
  const geometry = point ? { type: "Point", coordinates: [point.lon, point.lat] } : null;
  return (first ? "" : ",\n") + JSON.stringify({ type: "Feature", geometry, properties });
}
