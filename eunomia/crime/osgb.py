"""Ordnance Survey National Grid easting/northing to WGS84 longitude/latitude.

The first police.uk files (2010 and 2011) gave locations as OSGB36 eastings and northings instead
of longitude and latitude. This is the Ordnance Survey's published method ("A guide to coordinate
systems in Great Britain"): the inverse Transverse Mercator projection on the Airy 1830 ellipsoid,
then a Helmert transformation from OSGB36 to WGS84, good to about 5 m, which is finer than
police.uk's own anonymised points.
"""

import math

# Airy 1830 ellipsoid and the National Grid's projection.
_A, _B = 6377563.396, 6356256.909
_F0 = 0.9996012717
_LAT0, _LON0 = math.radians(49), math.radians(-2)
_N0, _E0 = -100000.0, 400000.0
_E2 = 1 - (_B * _B) / (_A * _A)
_N = (_A - _B) / (_A + _B)

# Helmert transformation OSGB36 -> WGS84 (translations in metres, rotations in arc-seconds, scale in ppm).
_TX, _TY, _TZ = 446.448, -125.157, 542.060
_RX, _RY, _RZ = (math.radians(s / 3600) for s in (0.1502, 0.2470, 0.8421))
_S = -20.4894e-6

# WGS84 ellipsoid.
_A2, _B2 = 6378137.0, 6356752.3142
_E2_WGS = 1 - (_B2 * _B2) / (_A2 * _A2)


def _meridional_arc(lat):
    n = _N
    return _B * _F0 * (
        (1 + n + 5 / 4 * n**2 + 5 / 4 * n**3) * (lat - _LAT0)
        - (3 * n + 3 * n**2 + 21 / 8 * n**3) * math.sin(lat - _LAT0) * math.cos(lat + _LAT0)
        + (15 / 8 * n**2 + 15 / 8 * n**3) * math.sin(2 * (lat - _LAT0)) * math.cos(2 * (lat + _LAT0))
        - 35 / 24 * n**3 * math.sin(3 * (lat - _LAT0)) * math.cos(3 * (lat + _LAT0))
    )


def _osgb36_latlon(easting, northing):
    lat, m = _LAT0, 0.0
    while True:
        lat = (northing - _N0 - m) / (_A * _F0) + lat
        m = _meridional_arc(lat)
        if abs(northing - _N0 - m) < 0.00001:
            break
    sin_lat, cos_lat, tan_lat = math.sin(lat), math.cos(lat), math.tan(lat)
    nu = _A * _F0 / math.sqrt(1 - _E2 * sin_lat**2)
    rho = _A * _F0 * (1 - _E2) / (1 - _E2 * sin_lat**2) ** 1.5
    eta2 = nu / rho - 1
    vii = tan_lat / (2 * rho * nu)
    viii = tan_lat / (24 * rho * nu**3) * (5 + 3 * tan_lat**2 + eta2 - 9 * tan_lat**2 * eta2)
    ix = tan_lat / (720 * rho * nu**5) * (61 + 90 * tan_lat**2 + 45 * tan_lat**4)
    x = 1 / (cos_lat * nu)
    xi = 1 / (cos_lat * 6 * nu**3) * (nu / rho + 2 * tan_lat**2)
    xii = 1 / (cos_lat * 120 * nu**5) * (5 + 28 * tan_lat**2 + 24 * tan_lat**4)
    xiia = 1 / (cos_lat * 5040 * nu**7) * (61 + 662 * tan_lat**2 + 1320 * tan_lat**4 + 720 * tan_lat**6)
    de = easting - _E0
    lat = lat - vii * de**2 + viii * de**4 - ix * de**6
    lon = _LON0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7
    return lat, lon


def _to_cartesian(lat, lon, a, e2):
    nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    return (nu * math.cos(lat) * math.cos(lon), nu * math.cos(lat) * math.sin(lon), (1 - e2) * nu * math.sin(lat))


def _to_latlon(x, y, z, a, e2):
    lon = math.atan2(y, x)
    p = math.hypot(x, y)
    lat = math.atan2(z, p * (1 - e2))
    for _ in range(10):
        nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
        lat = math.atan2(z + e2 * nu * math.sin(lat), p)
    return lat, lon


def easting_northing_to_lonlat(easting, northing):
    """(longitude, latitude) in WGS84 degrees for an OSGB36 National Grid reference in metres."""
    lat, lon = _osgb36_latlon(easting, northing)
    x, y, z = _to_cartesian(lat, lon, _A, _E2)
    x2 = _TX + (1 + _S) * x - _RZ * y + _RY * z
    y2 = _TY + _RZ * x + (1 + _S) * y - _RX * z
    z2 = _TZ - _RY * x + _RX * y + (1 + _S) * z
    lat, lon = _to_latlon(x2, y2, z2, _A2, _E2_WGS)
    return math.degrees(lon), math.degrees(lat)
