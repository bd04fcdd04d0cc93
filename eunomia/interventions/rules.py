"""The escalation ladder's rules, as one pure function: given the facts, the reasons an
intervention may not be recorded, each a plain sentence keyed by the form field it is about.
No database here, so each rule can be tested at its edge on its own."""

from eunomia.interventions.models import Kind

# Each warning letter follows the one before it, for the same person in the same case.
LETTER_BEFORE = {Kind.LETTER_2: Kind.LETTER_1, Kind.LETTER_3: Kind.LETTER_2}

# The youngest a person may be on the day (Anti-social Behaviour, Crime and Policing Act 2014:
# Community Protection Warnings and Notices from 16, civil injunctions from 10).
MINIMUM_AGE = {Kind.CPW: 16, Kind.CPN: 16, Kind.INJUNCTION: 10}


def age_on(date_of_birth, day):
    """Whole years completed on `day`; someone born on 29 February turns a year older on 1 March."""
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def _label(kind):
    return Kind(kind).label


def _noun(kind):
    """The kind as it reads in a sentence: names of orders and notices keep their capitals."""
    return "civil injunction" if kind == Kind.INJUNCTION else _label(kind)


def _day(day):
    return f"{day:%-d %B %Y}"


def refusals(*, kind, person_name, date_of_birth, issued_on, today, case_opened_on, is_perpetrator,
             person_earlier, case_earlier, on_conviction):
    """Why this intervention may not be recorded: {field: sentence}, empty if it may.

    `person_earlier` and `case_earlier` are (kind, issued_on) pairs of the interventions already
    recorded in the case, for this person and for anyone."""
    errors = {}
    if kind not in Kind.values:
        return {"kind": "Choose a kind of intervention from the list"}
    label = _label(kind)
    if not is_perpetrator:
        errors["person"] = (f"{person_name} is not an alleged perpetrator in this case: "
                            "add them to the case in that role first")
    if issued_on > today:
        errors["issued_on"] = "The date cannot be in the future"
    elif issued_on < case_opened_on:
        errors["issued_on"] = f"The date cannot be before the case was opened, on {_day(case_opened_on)}"

    def given_before(needed, earlier):
        return any(k == needed and on <= issued_on for k, on in earlier)

    if kind in LETTER_BEFORE and not given_before(LETTER_BEFORE[kind], person_earlier):
        errors["kind"] = (f"{label} needs {_label(LETTER_BEFORE[kind]).lower()} first for {person_name} in this "
                          "case: a letter stage cannot be skipped")
    elif kind == Kind.CPN and not given_before(Kind.CPW, person_earlier):
        errors["kind"] = (f"A Community Protection Notice needs a Community Protection Warning first for "
                          f"{person_name} in this case")
    elif kind == Kind.CLOSURE_ORDER and not given_before(Kind.CLOSURE_NOTICE, case_earlier):
        errors["kind"] = "A closure order needs a closure notice first in this case"
    elif kind == Kind.CBO and not on_conviction:
        errors["on_conviction"] = ("A Criminal Behaviour Order is made only on conviction: record that "
                                   "the person has been convicted")

    if date_of_birth is not None and issued_on < date_of_birth and "issued_on" not in errors:
        errors["issued_on"] = f"{person_name} was born on {_day(date_of_birth)}, after this date: check the dates"
    if kind in MINIMUM_AGE and "kind" not in errors:
        minimum, label = MINIMUM_AGE[kind], _noun(kind)
        if date_of_birth is None:
            errors["kind"] = (f"{person_name}'s date of birth is not recorded: record it first, as a {label} "
                              f"needs the person to be {minimum} or over")
        elif "issued_on" not in errors and age_on(date_of_birth, issued_on) < minimum:
            errors["kind"] = (f"A {label} needs the person to be {minimum} or over: {person_name} was "
                              f"{age_on(date_of_birth, issued_on)} on {_day(issued_on)}")
    return errors


def breach_refusals(*, issued_on, breached_on, today, already_breached_on):
    errors = {}
    if already_breached_on is not None:
        errors["breached_on"] = f"A breach is already recorded, on {_day(already_breached_on)}"
    elif breached_on > today:
        errors["breached_on"] = "The date of the breach cannot be in the future"
    elif breached_on < issued_on:
        errors["breached_on"] = f"The breach cannot be before the intervention was given, on {_day(issued_on)}"
    return errors
