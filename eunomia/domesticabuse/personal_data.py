"""What the DA service holds on one of its people, for a subject access request. Deliberately not
registered with eunomia.records.registry `@holds`: that export is made from a casework person by
people without DA permissions, and DA people are not casework people (ADR 0027). A DA specialist
exports a DA person's records from the DA person page instead (audited)."""


# What apps above domestic abuse hold on a DA person (equality answers, say): functions
# person -> [(title, rows)], registered from their `personal_data` modules with `also_holds`.
_more_sections = []


def also_holds(function):
    _more_sections.append(function)
    return function


def _date(value):
    return f"{value:%-d %B %Y}" if value else ""


def sections_of(person):
    """Everything held on `person`, as subject access sections: [(title, [(heading, {label: text})])],
    the shape of eunomia.records.sar, with the sections that hold nothing left out."""
    sections = [
        ("Person", [(str(person), {
            "First name": person.first_name, "Last name": person.last_name,
            "Date of birth": _date(person.date_of_birth), "Sex": person.get_sex_display(),
            "Address": person.address, "Postcode": person.postcode, "Phone": person.phone})]),
        ("Incidents as victim", [(f"Incident, {_date(i.occurred_on)}", {"What happened": i.description})
                                 for i in person.incidents_as_victim.all()]),
        ("Incidents as perpetrator", [(f"Incident, {_date(i.occurred_on)}", {"What happened": i.description})
                                      for i in person.incidents_as_perpetrator.all()]),
        ("Risk checklists", [(f"DASH checklist, {_date(c.assessed_on)}", {
            "Score": c.score, "Risk": c.get_level_display(), "Judgement reasons": c.judgement_reasons})
            for c in person.checklists.all()]),
        ("MARAC referrals", [(f"MARAC referral, {r.get_status_display().lower()}", {
            "Sent": _date(r.referred_on), "Grounds": r.get_grounds_display(), "Repeat": "Yes" if r.is_repeat else "No"})
            for r in person.referrals_as_victim.all()]),
        ("Support", [(f"{e.get_kind_display()}, from {_date(e.started_on)}", {
            "Started": _date(e.started_on), "Ended": _date(e.ended_on), "Outcome": e.get_outcome_display()})
            for e in person.support_episodes.all()]),
        ("Safety plans", [(f"Safety plan, {_date(p.agreed_on)}", {
            "Agreed": _date(p.agreed_on), "Measures": p.measures, "Review by": _date(p.review_on)})
            for p in person.safety_plans.all()]),
        ("Perpetrator programme referrals", [(f"{p.programme}, {_date(p.referred_on)}", {
            "Programme": p.programme, "Referred": _date(p.referred_on),
            "Self-referral": "Yes" if p.self_referral else "No", "Outcome": p.get_outcome_display()})
            for p in person.programme_referrals.all()]),
    ]
    for more in _more_sections:
        sections.extend(more(person))
    return [(title, rows) for title, rows in sections if rows]
