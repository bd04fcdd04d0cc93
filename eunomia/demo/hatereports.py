"""A week of hate incidents reported to Harrowdale (ADR 62): two reporting centres (the Neighbourhood
Watch, whose centre worker sent one report signed in, and Kestrel Housing Association), the reports
sent to Northshire Police's CSU to triage, one of them turned into a casework report, one closed with
its reason, and the rest waiting in triage. Sent through the same actions as the public form, at the
hours they came in. What they say is in data/hate_reports.toml."""

import datetime
import tomllib

from django.utils import timezone

from eunomia.demo.data import FOLDER
from eunomia.hatereports import actions

with open(FOLDER / "hate_reports.toml", "rb") as data:
    HATE_REPORTS = tomllib.load(data)


def build_hate_reports_demo(demo, partnership):
    manager, csu = demo.manager, demo.users["csu"]
    actions.set_triage_organisation(by=manager, partnership=partnership, organisation=demo.orgs[HATE_REPORTS["triage"]])
    centres = {key: actions.designate_centre(by=manager, partnership=partnership, organisation=demo.orgs[key])
               for key in HATE_REPORTS["centres"]}
    today = timezone.localdate()
    for sent in HATE_REPORTS["reports"]:
        day = today - datetime.timedelta(days=sent["days_ago"])
        received = timezone.make_aware(datetime.datetime.combine(day, datetime.time(sent["hour"], 10)))
        centre = centres.get(sent.get("centre"))
        first_name, last_name = sent.get("name", ("", ""))
        report = actions.receive(
            partnership=partnership, reporter=sent["reporter"], description=sent["description"], occurred_on=day,
            occurred_time=datetime.time(sent["hour"] - 1, 30), motivations=sent["motivations"],
            other_motivation=sent.get("other_motivation", ""), address=sent["address"], postcode=sent["postcode"],
            anonymous=sent.get("anonymous", False), first_name=first_name, last_name=last_name,
            contact_by=sent.get("contact_by", ""), phone=sent.get("phone", ""),
            equality_answers=sent.get("equality"), centre=centre, by=demo.users["centre"] if centre else None,
            now=received)
        then = sent.get("then")
        if then == "opened":
            actions.record_read(by=csu, hate_report=report)
        elif then == "casework":
            actions.record_read(by=csu, hate_report=report)
            actions.turn_into_casework(by=csu, hate_report=report)
        elif then == "closed":
            actions.record_read(by=csu, hate_report=report)
            actions.close(by=csu, hate_report=report, reason=sent["close_reason"], note=sent["close_note"])
