"""The hand-written plane geometry: centroids, point in polygon, simplification."""

import math

import pytest

from eunomia.geography import geometry
from eunomia.geography.models import lsoa_name_parts
from tests.geography.conftest import square


def polygon(*rings):
    return {"type": "Polygon", "coordinates": list(rings)}


def multipolygon(*polygons):
    return {"type": "MultiPolygon", "coordinates": [list(p) for p in polygons]}


def reverse(ring):
    return list(reversed(ring))


def close(a, b):
    return all(math.isclose(x, y, abs_tol=1e-9) for x, y in zip(a, b))


# Centroids -------------------------------------------------------------------------------------

def test_centroid_of_a_square_is_its_middle_whichever_way_it_is_drawn():
    assert close(geometry.centroid(polygon(square(0, 0, 2))), (1, 1))
    assert close(geometry.centroid(polygon(reverse(square(0, 0, 2)))), (1, 1))


def test_centroid_of_a_triangle_is_the_mean_of_its_corners():
    assert close(geometry.centroid(polygon([[0, 0], [6, 0], [0, 3], [0, 0]])), (2, 1))


def test_centroid_is_weighted_by_area_not_by_vertices():
    # Many vertices crowded along one edge must not pull the centroid towards them.
    ring = [[0, 0]] + [[x / 10, 0] for x in range(1, 40)] + [[4, 0], [4, 2], [0, 2], [0, 0]]
    assert close(geometry.centroid(polygon(ring)), (2, 1))


def test_a_hole_moves_the_centroid_away_from_it():
    # 4x4 square, centroid (2, 2); a 2x2 hole left of the middle, whichever way it is drawn.
    for hole in (square(0.5, 1, 2), reverse(square(0.5, 1, 2))):
        # Area 16 - 4 = 12; moment 16*2 - 4*1.5 = 26, so x = 26/12.
        assert close(geometry.polygon_centroid([square(0, 0, 4), hole]), (26 / 12, 2))


def test_a_centroid_falling_in_a_hole_is_moved_into_the_area():
    shape = polygon(square(0, 0, 4), square(0.5, 1, 2))
    x, y = geometry.centroid(shape)
    # The widest inside stretch of the line y = 2 runs from the hole's edge (2.5) to 4.
    assert close((x, y), (3.25, 2))
    assert geometry.point_in_geometry(x, y, shape)


def test_centroid_of_a_multipolygon_is_that_of_its_largest_part():
    shape = multipolygon([square(10, 10, 1)], [square(0, 0, 3)], [square(20, 0, 2)])
    assert close(geometry.centroid(shape), (1.5, 1.5))


def test_centroid_outside_a_crescent_is_moved_inside_it_on_the_same_latitude():
    # A U shape: the area-weighted centroid (3, 2.1...) lies in the gap between the arms.
    u_shape = [[0, 0], [6, 0], [6, 6], [5, 6], [5, 1], [1, 1], [1, 6], [0, 6], [0, 0]]
    raw = geometry.polygon_centroid([u_shape])
    assert not geometry.point_in_polygon(*raw, [u_shape])
    x, y = geometry.centroid(polygon(u_shape))
    assert geometry.point_in_polygon(x, y, [u_shape])
    assert y == raw[1] and x in (0.5, 5.5)


def test_no_geometry_has_no_centroid():
    assert geometry.centroid(None) is None


# Point in polygon ----------------------------------------------------------------------------

def test_point_in_a_simple_polygon():
    shape = polygon(square(0, 0, 4))
    assert geometry.point_in_geometry(2, 2, shape)
    assert not geometry.point_in_geometry(5, 2, shape)
    assert not geometry.point_in_geometry(2, -0.1, shape)


def test_a_point_in_a_hole_is_outside():
    shape = polygon(square(0, 0, 4), square(1, 1, 2))
    assert not geometry.point_in_geometry(2, 2, shape)
    assert geometry.point_in_geometry(0.5, 2, shape)
    assert geometry.point_in_geometry(3.5, 3.5, shape)


def test_point_in_any_part_of_a_multipolygon_with_holes():
    shape = multipolygon([square(0, 0, 4), square(1, 1, 2)], [square(10, 10, 2)])
    assert geometry.point_in_geometry(11, 11, shape)
    assert geometry.point_in_geometry(0.5, 0.5, shape)
    assert not geometry.point_in_geometry(2, 2, shape)
    assert not geometry.point_in_geometry(7, 7, shape)


def test_a_ray_through_a_vertex_is_counted_once():
    # A diamond: the ray east from (0, 0) passes exactly through the vertex at (2, 0).
    diamond = [[-2, 0], [0, -2], [2, 0], [0, 2], [-2, 0]]
    assert geometry.point_in_ring(0, 0, diamond)
    assert not geometry.point_in_ring(-3, 0, diamond)


def test_a_concave_polygon():
    u_shape = [[0, 0], [6, 0], [6, 6], [5, 6], [5, 1], [1, 1], [1, 6], [0, 6], [0, 0]]
    assert geometry.point_in_ring(0.5, 5, u_shape)
    assert not geometry.point_in_ring(3, 5, u_shape)


def test_distance_to_a_geometry():
    shape = polygon(square(0, 0, 2))
    assert geometry.distance_to_geometry(1, 1, shape) == 0
    assert math.isclose(geometry.distance_to_geometry(5, 1, shape), 3)
    assert math.isclose(geometry.distance_to_geometry(5, 6, shape), 5)


# Simplification ------------------------------------------------------------------------------

def test_simplify_drops_points_within_the_tolerance_and_keeps_the_corners():
    wobbly = [[0, 0], [1, 0.00001], [2, 0], [2, 2], [1, 2.00001], [0, 2], [0, 0]]
    simple = geometry.simplify(polygon(wobbly), 0.001)
    assert simple["coordinates"][0] == [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]


def test_simplify_keeps_points_beyond_the_tolerance():
    notched = [[0, 0], [1, 0.5], [2, 0], [2, 2], [0, 2], [0, 0]]
    assert geometry.simplify(polygon(notched), 0.1)["coordinates"][0] == notched


def test_simplified_rings_stay_closed_and_at_least_triangles():
    # A thin sliver: simplified at this tolerance it would collapse to a line, so it is kept.
    sliver = [[0, 0], [1, 0.00001], [2, 0], [1, -0.00001], [0, 0]]
    shape = multipolygon([square(0, 0, 5), sliver], [sliver])
    simple = geometry.simplify(shape, 0.01)
    for part in simple["coordinates"]:
        for ring in part:
            assert ring[0] == ring[-1]
            assert len(ring) >= 4
            assert geometry.signed_area(ring) != 0
    assert simple["coordinates"][1][0] == sliver


def test_simplify_rounds_coordinates_and_keeps_the_geometry_type():
    shape = polygon([[0.1234567891, 0], [1, 0], [1, 1], [0.1234567891, 0]])
    simple = geometry.simplify(shape, 0.0001)
    assert simple["type"] == "Polygon"
    assert simple["coordinates"][0][0] == [0.123457, 0]
    assert geometry.simplify(None, 0.1) is None


def test_simplify_a_long_ring_without_recursion_limits():
    circle = [[math.cos(a / 5000 * 2 * math.pi), math.sin(a / 5000 * 2 * math.pi)] for a in range(5000)]
    circle.append(circle[0])
    simple = geometry.simplify_line(circle, 0.0001)
    assert 20 < len(simple) < 5000 and simple[0] == simple[-1]


# The ONS naming convention -------------------------------------------------------------------

@pytest.mark.parametrize("name, parts", [
    ("Tonbridge and Malling 005A", ("Tonbridge and Malling", "005")),
    ("Kingston upon Hull 001A", ("Kingston upon Hull", "001")),
    ("Folkestone and Hythe 014E", ("Folkestone and Hythe", "014")),
    ("Tonbridge and Malling 005", None),
    ("Tonbridge and Malling", None),
    ("005A", None),
    ("", None),
    (None, None),
])
def test_lsoa_name_parts(name, parts):
    assert lsoa_name_parts(name) == parts


# Open rings, as the data.police.uk client cuts an area. Points are (x, y) = (longitude, latitude).

SQUARE = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]
# A U opening to the north: 3 by 3 with a 1-wide notch from the top down to latitude 1.
U_SHAPE = [(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3)]


def test_a_box_over_the_whole_polygon_keeps_it_as_it_is():
    assert geometry.clip_to_box(SQUARE, south=-1, west=-1, north=3, east=3) == SQUARE


def test_a_square_clipped_to_its_south_west_quarter():
    assert geometry.clip_to_box(SQUARE, south=0, west=0, north=1, east=1) == [
        (0.0, 1.0), (0.0, 0.0), (1.0, 0.0), (1.0, 1.0)]


def test_a_box_beside_the_polygon_leaves_nothing():
    assert geometry.clip_to_box(SQUARE, south=5, west=5, north=6, east=6) == []


def test_a_slanted_edge_is_cut_where_it_crosses_the_box():
    triangle = [(0, 0), (4, 0), (0, 4)]
    piece = geometry.clip_to_box(triangle, south=1, west=1, north=3, east=3)
    assert sorted(piece) == [(1, 1), (1, 3), (3, 1)]
    assert geometry.ring_area(piece) == pytest.approx(2)


def test_a_concave_polygon_clipped_across_its_notch_keeps_both_arms_and_no_more():
    piece = geometry.clip_to_box(U_SHAPE, south=2, west=0, north=3, east=3)
    assert set(piece) == {(0, 2), (0, 3), (1, 3), (1, 2), (2, 2), (2, 3), (3, 3), (3, 2)}
    assert all(2 <= lat <= 3 and 0 <= lng <= 3 for lng, lat in piece)
    # Two 1-by-1 arms; the zero-width edge joining them along latitude 2 adds nothing.
    assert geometry.ring_area(piece) == pytest.approx(2)


def test_the_quarters_of_a_concave_polygon_add_up_to_it():
    pieces = geometry.quarters(U_SHAPE)
    assert len(pieces) == 4
    assert geometry.ring_area(U_SHAPE) == pytest.approx(7)
    assert sum(geometry.ring_area(piece) for piece in pieces) == pytest.approx(7)
    assert [geometry.ring_area(piece) for piece in pieces] == pytest.approx([2, 2, 1.5, 1.5])


def test_a_quarter_the_polygon_only_touches_is_left_out():
    l_shape = [(0, 0), (2, 0), (2, 1), (1, 1), (1, 2), (0, 2)]
    pieces = geometry.quarters(l_shape)
    assert [sorted(piece) for piece in pieces] == [
        [(0, 0), (0, 1), (1, 0), (1, 1)],
        [(1, 0), (1, 1), (2, 0), (2, 1)],
        [(0, 1), (0, 2), (1, 1), (1, 2)],
    ]


def test_vertices_on_the_middle_lines_stay_single_points_despite_floating_point():
    # The middle latitude comes out as 51.349999999999994, a hair south of the vertices at 51.35.
    diamond = [(0.5, 51.3), (0.6, 51.35), (0.5, 51.4), (0.4, 51.35)]
    pieces = geometry.quarters(diamond)
    assert [len(piece) for piece in pieces] == [3, 3, 3, 3]
    assert [geometry.ring_area(piece) for piece in pieces] == pytest.approx([0.0025] * 4)


def test_a_ring_drops_its_closing_point_and_refuses_fewer_than_three_points():
    assert geometry.open_ring([("0.2", "51.2"), (0.3, 51.2), (0.3, 51.3), (0.2, 51.2)]) == [
        (0.2, 51.2), (0.3, 51.2), (0.3, 51.3)]
    with pytest.raises(ValueError, match="at least three distinct points; this one has 2"):
        geometry.open_ring([(0.2, 51.2), (0.3, 51.3), (0.2, 51.2)])
