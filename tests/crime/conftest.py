import pytest

from eunomia.geography.models import Area


@pytest.fixture
def media(settings, tmp_path):
    """Uploads go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def tonbridge(db):
    """The partnership's district, by the name police.uk files start its LSOA names with."""
    return Area.objects.create(code="E07000115", name="Tonbridge and Malling", type=Area.Type.LAD)
