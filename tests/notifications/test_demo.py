"""The demo leaves notifications waiting for several of its members, DA ones for the IDVA alone."""

from collections import Counter

from eunomia.notifications.models import Notification


def test_the_demo_leaves_notifications_waiting(demo_built):
    waiting = Counter(Notification.objects.values_list("user__email", flat=True))
    assert len(waiting) >= 4, waiting
    assert {"manager@harrowdale.example", "board@harrowdale.example", "csu@harrowdale.example",
            "idva@harrowdale.example"} <= set(waiting), waiting
    assert set(Notification.objects.filter(kind="da_attention").values_list("user__email", flat=True)) == {
        "idva@harrowdale.example"}
