"""Plane geometry on GeoJSON Polygon and MultiPolygon coordinates (lon/lat), written here rather
than taken from shapely/GEOS: the few operations the app needs are short, and a C library is a lot
to install for them.

Coordinates are treated as if flat. Over one LSOA or ward (a few kilometres) the error is far below
the precision of the generalised boundaries; centroids are unaffected by the east-west stretch of
lon/lat because a centroid moves with any affine map of the plane."""

import math

GEOMETRY_TYPES = ("Polygon", "MultiPolygon")


def polygons(geometry):
    """The polygons of a geometry, each a list of rings (exterior first, then holes)."""
    if geometry is None:
        return []
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def signed_area(ring):
    """Shoelace formula; positive when the ring runs anticlockwise."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        total += x1 * y2 - x2 * y1
    return total / 2


def polygon_area(polygon):
    exterior, *holes = polygon
    return abs(signed_area(exterior)) - sum(abs(signed_area(hole)) for hole in holes)


def _ring_moments(ring):
    """Signed area and first moments of a ring, for the centroid of a region with holes."""
    area = mx = my = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        cross = x1 * y2 - x2 * y1
        area += cross
        mx += (x1 + x2) * cross
        my += (y1 + y2) * cross
    return area / 2, mx / 6, my / 6


def polygon_centroid(polygon):
    """Area-weighted centroid of one polygon, holes taken out. A degenerate polygon (no area)
    falls back to the mean of its exterior's vertices."""
    exterior, *holes = polygon
    area = mx = my = 0.0
    for index, ring in enumerate(polygon):
        a, x, y = _ring_moments(ring)
        # Holes subtract whatever way round they were drawn.
        sign = (1 if a >= 0 else -1) * (1 if index == 0 else -1)
        area += sign * a
        mx += sign * x
        my += sign * y
    if abs(area) < 1e-15:
        points = exterior[:-1] or exterior
        return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
    return mx / area, my / area


def point_in_ring(x, y, ring):
    """Ray casting: count the edges a ray running east from the point crosses. The half-open test
    on y counts a vertex lying exactly on the ray once, not twice."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def point_in_polygon(x, y, polygon):
    exterior, *holes = polygon
    return point_in_ring(x, y, exterior) and not any(point_in_ring(x, y, hole) for hole in holes)


def point_in_geometry(x, y, geometry):
    return any(point_in_polygon(x, y, polygon) for polygon in polygons(geometry))


def interior_point(polygon, y):
    """A point of the polygon on the horizontal line through y: the middle of the widest stretch
    of that line lying inside, or None if the line misses the polygon."""
    crossings = []
    for ring in polygon:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
            if (y1 > y) != (y2 > y):
                crossings.append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
    crossings.sort()
    stretches = list(zip(crossings[::2], crossings[1::2]))
    if not stretches:
        return None
    left, right = max(stretches, key=lambda s: s[1] - s[0])
    return (left + right) / 2, y


def centroid(geometry):
    """The point an area is placed at: the centroid of its largest polygon, or, when that falls
    outside the polygon (a crescent, an L-shape), a point inside it on the same latitude.
    None for a missing geometry."""
    parts = polygons(geometry)
    if not parts:
        return None
    largest = max(parts, key=polygon_area)
    x, y = polygon_centroid(largest)
    if point_in_polygon(x, y, largest):
        return x, y
    return interior_point(largest, y) or (x, y)


def bounding_box(geometry):
    xs = [p[0] for polygon in polygons(geometry) for p in polygon[0]]
    ys = [p[1] for polygon in polygons(geometry) for p in polygon[0]]
    return min(xs), min(ys), max(xs), max(ys)


def _segment_distance(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def distance_to_geometry(x, y, geometry):
    """Distance (in degrees) from a point to the nearest edge of a geometry; 0 inside it."""
    if point_in_geometry(x, y, geometry):
        return 0.0
    return min(
        _segment_distance(x, y, ax, ay, bx, by)
        for polygon in polygons(geometry)
        for ring in polygon
        for (ax, ay), (bx, by) in zip(ring, ring[1:])
    )


def simplify_line(points, tolerance):
    """Douglas-Peucker: keep the ends, and any point further than `tolerance` from the line
    through the points kept either side of it. Iterative, so long rings cannot exhaust the
    stack. A closed ring works too: with both ends the same point, the first split is at the
    vertex furthest from it."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first][:2], points[last][:2]
        furthest, distance = None, tolerance
        for index in range(first + 1, last):
            d = _segment_distance(points[index][0], points[index][1], ax, ay, bx, by)
            if d > distance:
                furthest, distance = index, d
        if furthest is not None:
            keep[furthest] = True
            stack.append((first, furthest))
            stack.append((furthest, last))
    return [point for point, kept in zip(points, keep) if kept]


def simplify_ring(ring, tolerance, digits=6):
    """A simplified ring that is still a valid one (closed, at least a triangle, with area);
    the original ring, rounded, when simplifying would leave less than that."""
    rounded = [[round(p[0], digits), round(p[1], digits)] for p in ring]
    simple = simplify_line(rounded, tolerance)
    if len(simple) < 4 or signed_area(simple) == 0:
        return rounded
    return simple


def simplify(geometry, tolerance, digits=6):
    """The geometry with every ring simplified and coordinates rounded to `digits` places
    (6 places of a degree is about 10 cm)."""
    if geometry is None:
        return None
    coordinates = [[simplify_ring(ring, tolerance, digits) for ring in polygon] for polygon in polygons(geometry)]
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": coordinates[0]}
    return {"type": "MultiPolygon", "coordinates": coordinates}
