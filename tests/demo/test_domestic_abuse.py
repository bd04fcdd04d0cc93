"""The demo's domestic abuse caseload is made through the domain's own actions."""

from types import SimpleNamespace

from eunomia.demo.domestic_abuse import build_da_demo
from eunomia.domesticabuse.models import DaPerson, MaracMeeting, Referral, SupportEpisode


def test_the_demo_caseload_is_made_through_the_actions(partnership, council, housing, make_member):
    idva = make_member("da_specialist", partnership, council)
    orgs = {key: council for key in ("police", "brightwater", "council", "health", "probation")}
    build_da_demo(SimpleNamespace(users={"idva": idva}, orgs={**orgs, "harrowdale_homes": housing}), partnership)
    meeting = MaracMeeting.objects.get(partnership=partnership)
    assert (meeting.cases.count(), meeting.actions.count(), list(meeting.apologies.all())) == (1, 2, [housing])
    assert DaPerson.objects.filter(partnership=partnership).count() == 6
    assert [Referral.objects.filter(status=s).count() for s in ("sent", "draft")] == [1, 1]
    assert SupportEpisode.objects.filter(kind="idva", ended_on__isnull=True).count() == 2
