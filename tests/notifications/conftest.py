import datetime

import pytest
from django.utils import timezone


def london(day, hour=12, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def csu(make_member, partnership, council):
    return make_member("csu_officer", partnership, council)


@pytest.fixture
def idva(make_member, partnership, council):
    return make_member("da_specialist", partnership, council)
