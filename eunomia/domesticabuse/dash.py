"""The DASH risk checklist (SafeLives, 2009) in our own plain words, and the domain's date rules.
Pure functions, no database: the thresholds and edges are tested here directly."""


from eunomia.core.dates import add_months

QUESTIONS = [
    "Has the current incident resulted in injury?",
    "Is the victim very frightened?",
    "Is the victim afraid of further injury or violence, or of being killed?",
    "Does the victim feel isolated from family or friends, or is the abuser stopping them seeing them?",
    "Is the victim feeling depressed or having thoughts of suicide?",
    "Has the victim separated, or tried to separate, from the abuser in the past year?",
    "Is there conflict over contact with the children?",
    "Does the abuser keep texting, calling, contacting, following, stalking or harassing the victim?",
    "Is the victim pregnant, or have they had a baby in the last 18 months?",
    "Is the abuse happening more often?",
    "Is the abuse getting worse?",
    "Does the abuser try to control everything the victim does, or are they excessively jealous?",
    "Has the abuser ever used a weapon or an object to hurt the victim?",
    "Has the abuser ever threatened to kill the victim or someone else, and did the victim believe them?",
    "Has the abuser ever tried to strangle, choke, suffocate or drown the victim?",
    "Does the abuser do or say sexual things that make the victim feel bad or that hurt them?",
    "Is there anyone else who has threatened the victim, or whom the victim is afraid of?",
    "Does the victim know whether the abuser has hurt anyone else (children, other relatives, a former partner)?",
    "Has the abuser ever mistreated an animal or the family pet?",
    "Are there money problems, such as the victim depending on the abuser for money, or the abuser losing a job?",
    "Has the abuser had problems with drugs, alcohol or mental health in the past year?",
    "Has the abuser ever threatened or attempted suicide?",
    "Has the abuser ever broken bail conditions, an injunction or a court order?",
    "Does the abuser have a criminal history of violence?",
]
ANSWERS = [("yes", "Yes"), ("no", "No"), ("not_known", "Not known")]
# At this many "yes" answers the risk is high on the checklist alone (actuarial) and the victim must be
# referred to MARAC.
HIGH_RISK_SCORE = 14


def score(answers):
    """The number of "yes" answers."""
    return sum(1 for answer in answers.values() if answer == "yes")


def unanswered(answers):
    """The numbers of the questions with no answer (or an answer that is not one of the three)."""
    allowed = {value for value, _ in ANSWERS}
    return [n for n in range(1, len(QUESTIONS) + 1) if answers.get(str(n)) not in allowed]


def within_months(earlier, later, months):
    """Is `later` within `months` calendar months of `earlier`: on or after it and no later than the
    same date `months` months on? (12 months after 10 January 2025 is 10 January 2026 inclusive.)"""
    return earlier <= later <= add_months(earlier, months)


def escalation_reached(incident_dates, *, incidents, months):
    """Have `incidents` incidents happened within `months` calendar months, counting back from the
    latest? The latest incident and those on or after the date `months` months before it count."""
    dates = sorted(incident_dates)
    if not dates:
        return False
    latest = dates[-1]
    window_start = add_months(latest, -months)
    return sum(1 for d in dates if d >= window_start) >= incidents
