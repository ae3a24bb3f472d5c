import ngeohash from 'ngeohash';

/** Precision of the geohash stored per account: ~150 m cells, fine enough for any radius. */
export const STORED_GEOHASH_PRECISION = 7;

const EARTH_RADIUS_M = 6_371_000;

export function geohashOf(lat: number, lng: number): string {
  return ngeohash.encode(lat, lng, STORED_GEOHASH_PRECISION);
}

/** Great-circle distance in metres (haversine). */
export function distanceM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Approximate cell height in metres per geohash precision (cells are at least this wide too, near the equator). */
const CELL_HEIGHT_M = [5_000_000, 625_000, 156_000, 19_500, 4_890, 610, 153];

/**
 * Geohash prefixes whose cells cover the circle: a handful of cells at the coarsest precision
 * whose cell is no smaller than the radius.
 */
export function coveringCells(lat: number, lng: number, radiusM: number): string[] {
  let precision = 1;
  while (precision < CELL_HEIGHT_M.length && (CELL_HEIGHT_M[precision] ?? 0) >= radiusM)
    precision++;
  const dLat = radiusM / 111_320;
  const dLng = radiusM / (111_320 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return ngeohash.bboxes(
    Math.max(-90, lat - dLat),
    Math.max(-180, lng - dLng),
    Math.min(90, lat + dLat),
    Math.min(180, lng + dLng),
    precision,
  );
}
