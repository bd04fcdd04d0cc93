"""Figures from the domestic abuse service for the plan. Counts only: a figure names no one, so figure
readers may see them without DA permissions (ADR 0026)."""

from django.db.models import Q

from eunomia.domesticabuse.models import DaPerson, Level, ProgrammeReferral, Referral, SupportEpisode
from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, COUNTS_PEOPLE, measure

SOURCE = "Eunomia domestic abuse records (restricted; counts only)"
LEVELS = {"all": ("at any risk level", Level.values), "standard_or_medium": ("at standard or medium risk",
                                                                                [Level.STANDARD, Level.MEDIUM]),
          **{value: (f"at {label.lower()} risk", [value]) for value, label in Level.choices}}
SEXES = [("all", "of any sex"), ("female", "female"), ("male", "male")]


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
    episodes = _supported_in(partnership, period_start, period_end).filter(risk_level_at_start__in=LEVELS[level][1])
    victims = DaPerson.objects.filter(pk__in=episodes.values("victim_id"))
    return (victims if sex == "all" else victims.filter(sex=sex)).count()


@measure("domesticabuse.marac_idva_share", title="MARAC cases supported by the IDVA service", unit=Unit.PERCENTAGE,
         source=SOURCE,
         definition="Of the different victims referred to MARAC (referral sent) in the figure's period, the percentage "
                    "who had IDVA support open on or after the date of that referral, up to the end of the period. "
                    "No value when no one was referred.")
def marac_idva_share(*, partnership, period_start, period_end):
    referred = {}
    for victim_id, on in _sent_in(partnership, period_start, period_end).values_list("victim_id", "referred_on"):
        referred[victim_id] = min(on, referred.get(victim_id, on))
    if not referred:
        return None
    supported = sum(1 for victim_id, on in referred.items() if SupportEpisode.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on), victim_id=victim_id, kind=SupportEpisode.Kind.IDVA,
        started_on__lte=period_end).exists())
    return round(supported * 100 / len(referred), 1)


GROUNDS = [("all", "on any grounds")] + [(value, f"on the grounds: {label[0].lower()}{label[1:]}")
                                          for value, label in Referral.Grounds.choices]


@measure("domesticabuse.marac_referrals", title="MARAC referrals", unit=Unit.COUNT, source=SOURCE,
         definition="Number of referrals to MARAC sent in the figure's period, {grounds}.", params={"grounds": GROUNDS},
         counts=COUNTS_EVENTS)
def marac_referrals(*, partnership, period_start, period_end, grounds):
    sent = _sent_in(partnership, period_start, period_end)
    return (sent if grounds == "all" else sent.filter(grounds=grounds)).count()


@measure("domesticabuse.repeat_marac_referrals", title="Repeat MARAC referrals", unit=Unit.COUNT, source=SOURCE,
         definition="Number of referrals to MARAC sent in the figure's period that were repeats: the same victim and "
                    "perpetrator had been referred within the 12 calendar months before.", counts=COUNTS_EVENTS)
def repeat_marac_referrals(*, partnership, period_start, period_end):
    return _sent_in(partnership, period_start, period_end).filter(is_repeat=True).count()


ROUTES = {"all": ("made by anyone", None), "self": ("made by the perpetrators themselves", True),
          "agency": ("made by an agency", False)}


@measure("domesticabuse.programme_referrals", title="Perpetrator programme referrals", unit=Unit.COUNT, source=SOURCE,
         definition="Number of referrals of perpetrators to a behaviour change programme in the figure's period, "
                    "{route}.", params={"route": [(key, label) for key, (label, _) in ROUTES.items()]},
                    counts=COUNTS_EVENTS)
def programme_referrals(*, partnership, period_start, period_end, route):
    made = ProgrammeReferral.objects.filter(partnership=partnership, referred_on__gte=period_start,
                                            referred_on__lte=period_end)
    self_referral = ROUTES[route][1]
    return (made if self_referral is None else made.filter(self_referral=self_referral)).count()
