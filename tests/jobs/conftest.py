"""Handlers for the tests, registered by each test that needs them and unregistered after, so no
test kind leaks into the rest of the suite."""

import pytest

from eunomia.jobs import registry


@pytest.fixture
def register():
    registered = []

    def add(kind, function, **options):
        registry.handler(kind, **options)(function)
        registered.append(kind)
        return kind

    yield add
    for kind in registered:
        registry.unregister(kind)


class FakeClock:
    """A monotonic clock the test moves by hand, to test throttling without waiting."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()
