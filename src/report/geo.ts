/**
 * Minimal GeoJSON types and the two geometry chores a server-side map needs: d3-geo's winding
 * order (exterior rings clockwise, the opposite of RFC 7946) and thinning vertices too close
 * together to show at report size. Boundaries arrive as plain objects; nothing here reads files.
 */

export type Position = number[];
export type Ring = Position[];

export interface PolygonGeometry {
  type: "Polygon";
  coordinates: Ring[];
}

export interface MultiPolygonGeometry {
  type: "MultiPolygon";
  coordinates: Ring[][];
}

export interface GeoFeature {
  type: "Feature";
  properties: Record<string, unknown> | null;
  geometry: PolygonGeometry | MultiPolygonGeometry | null;
}

export interface GeoFeatureCollection {
  type: "FeatureCollection";
  features: GeoFeature[];
}

/** Twice the signed planar area of a lon/lat ring (positive = counter-clockwise). */
function signedArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x1 = 0, y1 = 0] = ring[j] ?? [];
    const [x2 = 0, y2 = 0] = ring[i] ?? [];
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

/** Drops vertices closer than `tolerance` degrees to the last kept one; keeps closed rings valid. */
function thinRing(ring: Ring, tolerance: number): Ring {
  if (tolerance <= 0 || ring.length <= 8) return ring;
  const t2 = tolerance * tolerance;
  const out: Ring = [];
  let last: Position | undefined;
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i] as Position;
    const isEnd = i === 0 || i === ring.length - 1;
    if (last && !isEnd) {
      const dx = (p[0] ?? 0) - (last[0] ?? 0);
      const dy = (p[1] ?? 0) - (last[1] ?? 0);
      if (dx * dx + dy * dy < t2) continue;
    }
    out.push(p);
    last = p;
  }
  return out.length >= 4 ? out : ring;
}

function fixPolygon(rings: Ring[], tolerance: number): Ring[] {
  return rings.map((ring, index) => {
    const thin = thinRing(ring, tolerance);
    const area = signedArea(thin);
    // d3-geo: exterior clockwise (negative planar area), holes counter-clockwise.
    const wantNegative = index === 0;
    return area > 0 === wantNegative ? [...thin].reverse() : thin;
  });
}

/**
 * Copies a FeatureCollection with rings wound the way d3-geo expects and vertices closer than
 * `tolerance` degrees (≈ 0.01° ≈ 1 km) thinned out.
 * @example prepareForMap(ccgBoundaries, 0.01).features.length // same as the input
 */
export function prepareForMap(fc: GeoFeatureCollection, tolerance: number): GeoFeatureCollection {
  return {
    type: "FeatureCollection",
    features: fc.features.map((f): GeoFeature => {
      const g = f.geometry;
      if (!g) return f;
      const geometry: PolygonGeometry | MultiPolygonGeometry =
        g.type === "Polygon"
          ? { type: "Polygon", coordinates: fixPolygon(g.coordinates, tolerance) }
          : {
              type: "MultiPolygon",
              coordinates: g.coordinates.map((p) => fixPolygon(p, tolerance)),
            };
      return { type: "Feature", properties: f.properties, geometry };
    }),
  };
}

/** The string property `key` of a feature, or null. */
export function featureProperty(feature: GeoFeature, key: string): string | null {
  const value = feature.properties?.[key];
  return typeof value === "string" ? value : null;
}
