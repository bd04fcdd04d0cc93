"""Assessment alerts: the places the strategic assessment shows rising fastest, offered to a
tasking meeting as issues it can raise with one click."""

from eunomia.assessment.analysis import assess

LEVELS = {"lsoa": "LSOA", "ward": "Ward"}


def alerts_from(assessment):
    """One alert per rising LSOA and ward, in the assessment's order, with what the assessment said."""
    alerts = []
    for level, places in (("ward", assessment.ward_rising), ("lsoa", assessment.lsoa_rising)):
        for place in places:
            alerts.append({
                "key": f"{level}:{place.code}", "level": level, "code": place.code, "name": place.name,
                "previous": place.previous, "current": place.current, "change": place.change_text,
                "previous_period": assessment.previous.label, "current_period": assessment.current.label,
                "title": f"Crime rising in {place.name} ({LEVELS[level]} {place.code})",
                "said": f"Recorded crime (anti-social behaviour apart) in {place.name}: {place.previous:,} in "
                        f"{assessment.previous.label}, {place.current:,} in {assessment.current.label}, "
                        f"{place.change_text}.",
            })
    return alerts


def current_alerts(partnership):
    """The alerts from the partnership's assessment as it stands (default periods); an empty list
    and the reason when there is no assessment to read (no crime data, no area)."""
    try:
        assessment = assess(partnership=partnership)
    except ValueError as problem:  # PeriodError, AreaError: nothing imported yet
        return [], str(problem)
    return alerts_from(assessment), ""
