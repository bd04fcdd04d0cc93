import pytest

from eunomia.geography.models import Area
# The browser fixtures (Chromium and its pages) for test_browser.py.
from tests.browser.conftest import chromium, new_page  # noqa: F401


@pytest.fixture
def areas(partnership):
    """The partnership's district with one ward and two LSOAs, and an LSOA of another district."""
    lad = Area.objects.create(code="E07000115", name="Tonbridge and Malling", type=Area.Type.LAD)
    other = Area.objects.create(code="E07000116", name="Tunbridge Wells", type=Area.Type.LAD)
    ward = Area.objects.create(code="E05005000", name="Castle", type=Area.Type.WARD, lad=lad)
    Area.objects.create(code="E01024717", name="Tonbridge and Malling 005A", type=Area.Type.LSOA, lad=lad, ward=ward)
    Area.objects.create(code="E01024718", name="Tonbridge and Malling 005B", type=Area.Type.LSOA, lad=lad)
    Area.objects.create(code="E01024800", name="Tunbridge Wells 001A", type=Area.Type.LSOA, lad=other)
    return lad


def csv_bytes(*lines, bom=False):
    return (("\ufeff" if bom else "") + "\n".join(lines) + "\n").encode("utf-8")
