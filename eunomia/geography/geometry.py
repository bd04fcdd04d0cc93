"""Plane geometry, the one place Eunomia does it: GeoJSON Polygon and MultiPolygon coordinates, and
the open rings the data.police.uk client cuts into pieces. Written here rather than taken from
shapely/GEOS: the few operations the app needs are short, and a C library is a lot to install for
them.

Every point is (x, y) = (longitude, latitude), GeoJSON's order, here and everywhere in Eunomia that
holds coordinates. Where another system writes latitude first (data.police.uk's `poly`), the code
talking to it converts at that edge.

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


# Open rings: a polygon as its points without a closing point, for cutting an area into pieces ----

# About a tenth of a millimetre on the ground. Midpoints such as (51.2 + 51.4) / 2 come out a
# hair away from 51.3 in floating point; without a tolerance a vertex lying on a cut would count
# as outside it and the pieces would gain slivers and doubled points.
TOLERANCE = 1e-9
# Pieces smaller than this (about 10 cm by 10 cm) are what is left where a concave polygon only
# touches a quarter of its box: lines, points, no area worth a request.
MIN_AREA = 1e-12
X, Y = 0, 1


def open_ring(points):
    """The polygon as (x, y) floats, without a closing point that repeats the first (GeoJSON rings
    have one) and without consecutive repeats. ValueError if fewer than three distinct points are
    left."""
    cleaned = _without_repeats([(float(x), float(y)) for x, y in points])
    if len(cleaned) < 3:
        raise ValueError(f"A polygon needs at least three distinct points; this one has {len(cleaned)}.")
    return cleaned


def ring_bounds(points):
    """(west, south, east, north): the smallest and largest x and y, GeoJSON's bbox order."""
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def ring_area(points):
    """The area an open ring encloses, in square degrees."""
    return abs(signed_area(points + points[:1]))


def clip_to_box(points, *, west, south, east, north):
    """The part of the open ring inside the box, by Sutherland-Hodgman clipping against the box's
    four sides in turn (west, east, south, north). The box is convex, so this is exact for any
    simple polygon, concave ones included; where a concave polygon leaves the box and comes back,
    the pieces are joined by zero-width edges along the box's side, which enclose no area.
    Returns the points without repeats; fewer than three points means nothing is inside."""
    for axis, bound, keep_above in ((X, west, True), (X, east, False), (Y, south, True), (Y, north, False)):
        points = _clip_half_plane(points, axis, bound, keep_above)
        if not points:
            return []
    return _without_repeats(points)


def quarters(points):
    """The open ring cut along the middle lines of its bounding box, in the order south-west,
    south-east, north-west, north-east. Quarters the polygon does not reach, or only touches, are
    left out."""
    west, south, east, north = ring_bounds(points)
    middle_x, middle_y = (west + east) / 2, (south + north) / 2
    boxes = [(west, south, middle_x, middle_y), (middle_x, south, east, middle_y),
             (west, middle_y, middle_x, north), (middle_x, middle_y, east, north)]
    pieces = []
    for box_west, box_south, box_east, box_north in boxes:
        piece = clip_to_box(points, west=box_west, south=box_south, east=box_east, north=box_north)
        if len(piece) >= 3 and ring_area(piece) > MIN_AREA:
            pieces.append(piece)
    return pieces


def _clip_half_plane(points, axis, bound, keep_above):
    def inside(point):
        if keep_above:
            return point[axis] >= bound - TOLERANCE
        return point[axis] <= bound + TOLERANCE

    def crossing(start, end):
        # Only called with one end inside and the other beyond the tolerance, so no division by 0.
        fraction = (bound - start[axis]) / (end[axis] - start[axis])
        other = 1 - axis
        point = [0.0, 0.0]
        point[axis] = bound
        point[other] = start[other] + fraction * (end[other] - start[other])
        return tuple(point)

    kept = []
    for index, current in enumerate(points):
        previous = points[index - 1]
        if inside(current):
            if not inside(previous):
                kept.append(crossing(previous, current))
            kept.append(current)
        elif inside(previous):
            kept.append(crossing(previous, current))
    return kept


def _same(a, b):
    return abs(a[0] - b[0]) <= TOLERANCE and abs(a[1] - b[1]) <= TOLERANCE


def _without_repeats(points):
    kept = []
    for point in points:
        if not kept or not _same(kept[-1], point):
            kept.append(point)
    while len(kept) > 1 and _same(kept[0], kept[-1]):
        kept.pop()
    return kept
