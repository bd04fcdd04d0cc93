"""Figures from the domestic abuse service for the plan. Counts only: a figure names no one, so figure
readers may see them without DA permissions (ADR 0026). The records behind a figure are listed only to
DA holders (ADR 69)."""

from django.db.models import Q
from django.urls import reverse

from eunomia.domesticabuse.models import DaPerson, Level, ProgrammeReferral, Referral, SupportEpisode
from eunomia.domesticabuse.queries import people_visible_to, programme_referrals_visible_to, referrals_visible_to
from eunomia.figures.drilldown import Counted, record_kind, records_of
from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, COUNTS_PEOPLE, measure

SOURCE = "Eunomia domestic abuse records (restricted; counts only)"
LEVELS = {"all": ("at any risk level", Level.values), "standard_or_medium": ("at standard or medium risk",
                                                                                [Level.STANDARD, Level.MEDIUM]),
          **{value: (f"at {label.lower()} risk", [value]) for value, label in Level.choices}}
SEXES = [("all", "of any sex"), ("female", "female"), ("male", "male")]

# What a DA figure counted (ADR 69), listed only to DA holders through the DA scoped queries: everyone else
# gets the count. DA records have no owning organisation (every DA holder of the partnership sees them,
# ADR 0026), so what a reader may not see is counted as held by the partnership's DA service.
DA_HOLDER = "partnership_id"
record_kind("domesticabuse.person", model=DaPerson, noun="person", plural="people", visible=people_visible_to,
            owner=DA_HOLDER, when="created_at", created="created_at", select_related=("partnership",),
            columns=[("Name", str), ("Sex", lambda p: p.get_sex_display() or "Not recorded")],
            url=lambda p: reverse("domesticabuse:person", args=[p.partnership.slug, p.pk]))
record_kind("domesticabuse.referral", model=Referral, noun="MARAC referral", plural="MARAC referrals",
            visible=referrals_visible_to, owner=DA_HOLDER, when="referred_on", created="created_at",
            select_related=("victim", "marac_area", "partnership"),
            columns=[("Victim", lambda r: str(r.victim)), ("MARAC area", lambda r: r.marac_area.name),
                     ("Grounds", lambda r: r.get_grounds_display()), ("Level", lambda r: r.get_level_display()),
                     ("Repeat", lambda r: "Yes" if r.is_repeat else "No")],
            url=lambda r: reverse("domesticabuse:referral", args=[r.partnership.slug, r.pk]))
record_kind("domesticabuse.programme_referral", model=ProgrammeReferral, noun="programme referral",
            plural="programme referrals", visible=programme_referrals_visible_to, owner=DA_HOLDER,
            when="referred_on", select_related=("perpetrator", "partnership"),
            columns=[("Perpetrator", lambda r: str(r.perpetrator)), ("Programme", lambda r: r.programme),
                     ("Referred by", lambda r: "Self-referral" if r.self_referral else r.referred_by),
                     ("Outcome", lambda r: r.get_outcome_display())],
            url=lambda r: reverse("domesticabuse:person", args=[r.partnership.slug, r.perpetrator_id]))


def _supported_in(partnership, period_start, period_end):
    """Support episodes open on at least one day of the period."""
    return SupportEpisode.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=period_start),
        partnership=partnership, started_on__lte=period_end)


def _sent_in(partnership, period_start, period_end):
    return Referral.objects.filter(partnership=partnership, status=Referral.Status.SENT,
                                   referred_on__gte=period_start, referred_on__lte=period_end)


@measure("domesticabuse.victims_supported", title="Domestic abuse victims supported", unit=Unit.COUNT, source=SOURCE,
         definition="Number of different victims with IDVA or volunteer support open on at least one day of the "
                    "figure's period, {level} when their support started, {sex}. A victim counts once however many "
                    "episodes of support they had.",
         params={"level": [(key, label) for key, (label, _) in LEVELS.items()], "sex": SEXES}, counts=COUNTS_PEOPLE,
         # A victim is one sex (or "other", or not recorded: so female and male make up no more than all).
         # Not the levels: a victim supported twice, at two levels, counts under both.
         partitions={"sex": [("all", ["female", "male"], False)]})
def victims_supported(*, partnership, period_start, period_end, level, sex):
    return victims_supported_in(partnership, period_start, period_end, level, sex).count()


def victims_supported_in(partnership, period_start, period_end, level, sex):
    episodes = _supported_in(partnership, period_start, period_end).filter(risk_level_at_start__in=LEVELS[level][1])
    victims = DaPerson.objects.filter(pk__in=episodes.values("victim_id"))
    return victims if sex == "all" else victims.filter(sex=sex)


@records_of("domesticabuse.victims_supported")
def victims_supported_counted(*, partnership, period_start, period_end, level, sex):
    return Counted("domesticabuse.person", victims_supported_in(partnership, period_start, period_end, level, sex))


@measure("domesticabuse.marac_idva_share", title="MARAC cases supported by the IDVA service", unit=Unit.PERCENTAGE,
         source=SOURCE,
         definition="Of the different victims referred to MARAC (referral sent) in the figure's period, the percentage "
                    "who had IDVA support open on or after the date of that referral, up to the end of the period. "
                    "No value when no one was referred.")
def marac_idva_share(*, partnership, period_start, period_end):
    referred, supported = _referred_and_supported(partnership, period_start, period_end)
    return _share(len(supported), len(referred))


def _share(supported, referred):
    return round(supported * 100 / referred, 1) if referred else None


def _referred_and_supported(partnership, period_start, period_end):
    """The victims referred to MARAC in the period, and those of them with IDVA support open on or after
    their first referral in it, up to the period's end."""
    referred = {}
    for victim_id, on in _sent_in(partnership, period_start, period_end).values_list("victim_id", "referred_on"):
        referred[victim_id] = min(on, referred.get(victim_id, on))
    supported = {victim_id for victim_id, on in referred.items() if SupportEpisode.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on), victim_id=victim_id, kind=SupportEpisode.Kind.IDVA,
        started_on__lte=period_end).exists()}
    return referred, supported


@records_of("domesticabuse.marac_idva_share")
def marac_idva_share_counted(*, partnership, period_start, period_end):
    referred, supported = _referred_and_supported(partnership, period_start, period_end)
    return Counted("domesticabuse.person", DaPerson.objects.filter(pk__in=referred),
                   numerator=Q(pk__in=supported), formula=lambda t: _share(t.numerator, t.count),
                   working=lambda t: f"{t.numerator:,} of {t.count:,} victims referred to MARAC had IDVA support")


GROUNDS = [("all", "on any grounds")] + [(value, f"on the grounds: {label[0].lower()}{label[1:]}")
                                          for value, label in Referral.Grounds.choices]


@measure("domesticabuse.marac_referrals", title="MARAC referrals", unit=Unit.COUNT, source=SOURCE,
         definition="Number of referrals to MARAC sent in the figure's period, {grounds}.", params={"grounds": GROUNDS},
         counts=COUNTS_EVENTS)
def marac_referrals(*, partnership, period_start, period_end, grounds):
    return marac_referrals_in(partnership, period_start, period_end, grounds).count()


def marac_referrals_in(partnership, period_start, period_end, grounds):
    sent = _sent_in(partnership, period_start, period_end)
    return sent if grounds == "all" else sent.filter(grounds=grounds)


@records_of("domesticabuse.marac_referrals")
def marac_referrals_counted(*, partnership, period_start, period_end, grounds):
    return Counted("domesticabuse.referral", marac_referrals_in(partnership, period_start, period_end, grounds))


@measure("domesticabuse.repeat_marac_referrals", title="Repeat MARAC referrals", unit=Unit.COUNT, source=SOURCE,
         definition="Number of referrals to MARAC sent in the figure's period that were repeats: the same victim and "
                    "perpetrator had been referred within the 12 calendar months before.", counts=COUNTS_EVENTS)
def repeat_marac_referrals(*, partnership, period_start, period_end):
    return _repeats_in(partnership, period_start, period_end).count()


def _repeats_in(partnership, period_start, period_end):
    return _sent_in(partnership, period_start, period_end).filter(is_repeat=True)


@records_of("domesticabuse.repeat_marac_referrals")
def repeat_marac_referrals_counted(*, partnership, period_start, period_end):
    return Counted("domesticabuse.referral", _repeats_in(partnership, period_start, period_end))


ROUTES = {"all": ("made by anyone", None), "self": ("made by the perpetrators themselves", True),
          "agency": ("made by an agency", False)}


@measure("domesticabuse.programme_referrals", title="Perpetrator programme referrals", unit=Unit.COUNT, source=SOURCE,
         definition="Number of referrals of perpetrators to a behaviour change programme in the figure's period, "
                    "{route}.", params={"route": [(key, label) for key, (label, _) in ROUTES.items()]},
                    counts=COUNTS_EVENTS)
def programme_referrals(*, partnership, period_start, period_end, route):
    return programme_referrals_in(partnership, period_start, period_end, route).count()


def programme_referrals_in(partnership, period_start, period_end, route):
    made = ProgrammeReferral.objects.filter(partnership=partnership, referred_on__gte=period_start,
                                            referred_on__lte=period_end)
    self_referral = ROUTES[route][1]
    return made if self_referral is None else made.filter(self_referral=self_referral)


@records_of("domesticabuse.programme_referrals")
def programme_referrals_counted(*, partnership, period_start, period_end, route):
    return Counted("domesticabuse.programme_referral",
                   programme_referrals_in(partnership, period_start, period_end, route))
