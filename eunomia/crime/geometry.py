"""Small polygon helpers for asking data.police.uk about an area.

A polygon is a list of (latitude, longitude) points, the order the API's `poly` parameter uses.
Coordinates are treated as flat: the pieces cut here are only ever a few kilometres across, and
the API itself joins the points with straight lines.
"""

# About a tenth of a millimetre on the ground. Midpoints such as (51.2 + 51.4) / 2 come out a
# hair away from 51.3 in floating point; without a tolerance a vertex lying on a cut would count
# as outside it and the pieces would gain slivers and doubled points.
TOLERANCE = 1e-9
# Pieces smaller than this (about 10 cm by 10 cm) are what is left where a concave polygon only
# touches a quarter of its box: lines, points, no area worth a request.
MIN_AREA = 1e-12


def ring(points):
    """The polygon as (latitude, longitude) floats, without a closing point that repeats the first
    (GeoJSON rings have one, the API does not want one) and without consecutive repeats.
    ValueError if fewer than three distinct points are left."""
    cleaned = _without_repeats([(float(lat), float(lng)) for lat, lng in points])
    if len(cleaned) < 3:
        raise ValueError(f"A polygon needs at least three distinct points; this one has {len(cleaned)}.")
    return cleaned


def bounding_box(points):
    """(south, west, north, east) of the points."""
    lats = [lat for lat, _ in points]
    lngs = [lng for _, lng in points]
    return min(lats), min(lngs), max(lats), max(lngs)


def area(points):
    """The area enclosed, in square degrees (the shoelace formula)."""
    total = 0.0
    for (lat1, lng1), (lat2, lng2) in zip(points, points[1:] + points[:1]):
        total += lng1 * lat2 - lng2 * lat1
    return abs(total) / 2


def clip_to_box(points, *, south, west, north, east):
    """The part of the polygon inside the box, by Sutherland-Hodgman clipping against the box's
    four sides in turn (west, east, south, north). The box is convex, so this is exact for any
    simple polygon, concave ones included; where a concave polygon leaves the box and comes back,
    the pieces are joined by zero-width edges along the box's side, which enclose no area.
    Returns the points without repeats; fewer than three points means nothing is inside."""
    for axis, bound, keep_above in ((1, west, True), (1, east, False), (0, south, True), (0, north, False)):
        points = _clip_half_plane(points, axis, bound, keep_above)
        if not points:
            return []
    return _without_repeats(points)


def quarters(points):
    """The polygon cut along the middle lines of its bounding box, in the order south-west,
    south-east, north-west, north-east. Quarters the polygon does not reach, or only touches,
    are left out."""
    south, west, north, east = bounding_box(points)
    middle_lat = (south + north) / 2
    middle_lng = (west + east) / 2
    boxes = [
        (south, west, middle_lat, middle_lng),
        (south, middle_lng, middle_lat, east),
        (middle_lat, west, north, middle_lng),
        (middle_lat, middle_lng, north, east),
    ]
    pieces = []
    for box_south, box_west, box_north, box_east in boxes:
        piece = clip_to_box(points, south=box_south, west=box_west, north=box_north, east=box_east)
        if len(piece) >= 3 and area(piece) > MIN_AREA:
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
