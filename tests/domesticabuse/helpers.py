import datetime

from django.urls import get_resolver, reverse

from eunomia.domesticabuse import dash


def answers_with(yes):
    """A complete set of DASH answers: the first `yes` questions answered yes, the rest no."""
    return {str(n): "yes" if n <= yes else "no" for n in range(1, len(dash.QUESTIONS) + 1)}


def url_kwargs(*, person, checklist, referral, episode, area, meeting, meeting_action):
    """The parameters of every DA URL, by name."""
    pks = {"meeting": meeting, "meeting_case_new": meeting, "meeting_action_new": meeting, "meeting_minutes": meeting,
           "meeting_action_done": meeting_action,
           "person": person, "person_edit": person, "person_export": person, "incident_new": person,
           "checklist_new": person, "support_new": person, "safety_plan_new": person, "programme_new": person,
           "checklist": checklist, "referral_new": checklist, "referral": referral, "referral_send": referral,
           "support_end": episode, "area_edit": area}
    return {name: {"pk": obj.pk} for name, obj in pks.items()}


def da_urls(slug, **objects):
    """Every URL of the domesticabuse namespace for real records (a new URL without parameters
    here fails loudly)."""
    kwargs = url_kwargs(**objects)
    names = [name for name in get_resolver().namespace_dict["domesticabuse"][1].reverse_dict if isinstance(name, str)]
    return [reverse(f"domesticabuse:{name}", kwargs={"slug": slug, **kwargs.get(name, {})}) for name in names]


def da_records(partnership):
    """One of each DA record a URL names, made directly (for the shared URL sweeps)."""
    from eunomia.accounts.models import User
    from eunomia.domesticabuse.models import (
        Checklist,
        DaPerson,
        MaracArea,
        MaracMeeting,
        MeetingAction,
        Referral,
        SupportEpisode,
    )
    from eunomia.partners.models import Organisation

    assessor = User.objects.create_user(f"assessor.{partnership.slug}@eunomia.test", "x", full_name="Assessor")
    area = MaracArea.objects.create(partnership=partnership, name="Sweep MARAC")
    person = DaPerson.objects.create(partnership=partnership, first_name="Sam", last_name="Sweep")
    checklist = Checklist.objects.create(partnership=partnership, victim=person, marac_area=area, assessor=assessor,
                                         assessed_on=datetime.date(2026, 1, 1), answers=answers_with(14), score=14,
                                         level="high")
    referral = Referral.objects.create(partnership=partnership, checklist=checklist, victim=person, marac_area=area,
                                       grounds="actuarial", score=14, level="high")
    episode = SupportEpisode.objects.create(partnership=partnership, victim=person, kind="idva",
                                            risk_level_at_start="high", started_on=datetime.date(2026, 1, 2))
    meeting = MaracMeeting.objects.create(partnership=partnership, marac_area=area, held_on=datetime.date(2026, 1, 5))
    meeting_action = MeetingAction.objects.create(meeting=meeting, description="Visit",
                                                  due_on=datetime.date(2026, 1, 9),
                                                  owner_organisation=Organisation.objects.create(name="Sweep Refuge"))
    return {"person": person, "checklist": checklist, "referral": referral, "episode": episode, "area": area,
            "meeting": meeting, "meeting_action": meeting_action}


def da_url_kwargs(partnership):
    """{url name without the namespace: its parameters but the slug} for the shared URL sweeps."""
    return url_kwargs(**da_records(partnership))
