"""The member's own notifications: the count in the header, the list, marking read, the email
preference; someone else's notice, or a DA notice for a non-DA reader, is not found."""

import re

import pytest
from django.utils import timezone

from eunomia.accounts.models import Membership, User
from eunomia.audit.models import AuditEvent
from eunomia.notifications.models import Notification, Preference
from eunomia.notifications.queries import notifications_for, unread_count


def notice(user, partnership, kind="task_overdue", key=None, title="A tasking action for your organisation is overdue",
           path="/p/testvale/tasking/"):
    return Notification.objects.create(user=user, partnership=partnership, kind=kind, title=title, path=path,
                                       key=key or f"{kind}:{Notification.objects.count() + 1}",
                                       created_at=timezone.now())


@pytest.fixture
def da_notice(idva, partnership):
    return notice(idva, partnership, kind="da_attention", title="A domestic abuse record needs your attention",
                  path="/p/testvale/domestic-abuse/meetings/1/")


def test_the_header_counts_unread_notices_and_the_list_shows_them(client_for, practitioner, partnership):
    first, second = notice(practitioner, partnership), notice(practitioner, partnership)
    second.read_at = timezone.now()
    second.save()
    page = client_for(practitioner).get("/notifications/").content.decode()
    assert ('Notifications <strong class="govuk-tag govuk-tag--blue">1<span class="govuk-visually-hidden"> unread'
            in page)
    assert "You have 1 unread notification." in page
    # The open button, the hidden words of its mark-as-read button, and the read one.
    assert page.count(first.title) == 3
    assert "Unread" in page and "Read</strong>" in page
    unread_only = client_for(practitioner).get("/notifications/?show=unread").content.decode()
    assert unread_only.count("Mark as read") == 1


def test_no_count_in_the_header_with_nothing_unread(client_for, practitioner):
    page = client_for(practitioner).get("/notifications/").content.decode()
    assert "govuk-tag--blue" not in page and "No notifications yet" in page


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(client_for, practitioner, partnership):
    item = notice(practitioner, partnership)
    response = client_for(practitioner).post(f"/notifications/{item.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/p/testvale/tasking/"
    item.refresh_from_db()
    assert item.read_at is not None
    assert client_for(practitioner).get(f"/notifications/{item.pk}/open/").status_code == 405


def test_marking_one_and_all_read(client_for, practitioner, partnership):
    one, two, three = (notice(practitioner, partnership) for _ in range(3))
    client = client_for(practitioner)
    assert client.post(f"/notifications/{one.pk}/read/").status_code == 302
    assert unread_count(practitioner) == 2
    response = client.post("/notifications/read/", follow=True)
    assert "Marked 2 notifications as read" in response.content.decode()
    assert unread_count(practitioner) == 0
    assert AuditEvent.objects.filter(action__in=["notifications.read", "notifications.all_read"],
                                     actor=practitioner.email).count() == 2


def test_another_members_notice_is_not_found(client_for, practitioner, csu, partnership):
    theirs = notice(csu, partnership)
    client = client_for(practitioner)
    for url in (f"/notifications/{theirs.pk}/open/", f"/notifications/{theirs.pk}/read/"):
        assert client.post(url).status_code == 404
    assert client.post("/notifications/read/").status_code == 302
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert theirs.title not in client.get("/notifications/").content.decode()


def test_da_notices_are_invisible_without_the_da_permissions(client_for, idva, manager, da_notice, partnership):
    assert unread_count(idva) == 1
    # The manager holds no DA permission: even a DA notice addressed to them (it cannot be made so by the
    # rules) is not counted, listed or found.
    theirs = notice(manager, partnership, kind="da_attention", title=da_notice.title, key="marac_action_due:9")
    client = client_for(manager)
    assert unread_count(manager) == 0
    assert da_notice.title not in client.get("/notifications/").content.decode()
    for pk in (theirs.pk, da_notice.pk):
        assert client.post(f"/notifications/{pk}/open/").status_code == 404
    # A DA specialist who stops being one stops seeing them too.
    Membership.objects.filter(user=idva).update(role="csu_officer")
    idva = User.objects.get(pk=idva.pk)  # a new request: memberships are read again
    assert unread_count(idva) == 0
    assert client_for(idva).post(f"/notifications/{da_notice.pk}/open/").status_code == 404


def test_notices_of_a_partnership_left_are_not_shown(client_for, practitioner, partnership):
    item = notice(practitioner, partnership)
    Membership.objects.filter(user=practitioner).delete()
    practitioner = User.objects.get(pk=practitioner.pk)
    assert not notifications_for(practitioner).exists()
    assert client_for(practitioner).post(f"/notifications/{item.pk}/read/").status_code == 404


def test_the_email_preference_is_saved_and_audited(client_for, practitioner):
    client = client_for(practitioner)
    page = client.get("/notifications/preferences/").content.decode()
    assert "When should we email you about new notifications?" in page
    assert re.search(r'value="daily"\s+checked', page)
    response = client.post("/notifications/preferences/", {"email": "nonsense"})
    assert response.status_code == 400 and "govuk-error-summary" in response.content.decode()
    response = client.post("/notifications/preferences/", {})
    assert response.status_code == 400 and "Choose how often to be emailed" in response.content.decode()
    assert client.post("/notifications/preferences/", {"email": "immediate"}).status_code == 302
    assert Preference.objects.get(user=practitioner).email == "immediate"
    event = AuditEvent.objects.get(action="notifications.preference_changed")
    assert event.data == {"from": "daily", "to": "immediate"} and event.partnership_id is None


def test_the_header_count_costs_one_query(client_for, practitioner, partnership, django_assert_max_num_queries):
    notice(practitioner, partnership)
    client = client_for(practitioner)
    client.get("/notifications/preferences/")
    with django_assert_max_num_queries(6):  # session, user, memberships, preference, the count
        client.get("/notifications/preferences/")
