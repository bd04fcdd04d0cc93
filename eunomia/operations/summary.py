"""What a record's page lists about it, as (label, text) rows for a GOV.UK summary list: one function
per type, so the pages share one template."""

from eunomia.core.formatting import plain_number
from eunomia.operations.models import (
    Campaign, EnforcementOperation, Event, PaybackProject, Premises, PremisesVisit, Scheme, TestPurchase,
    TrainingSession,
)


def _day(day):
    return f"{day:%-d %B %Y}" if day else ""


def _names(organisations):
    return ", ".join(str(o) for o in organisations) or "None"


def _priority(priority):
    return f"{priority.plan.label}: {priority.title}" if priority else "None"


def _premises(record):
    return [("Kind", record.get_kind_display()), ("Address", record.address), ("Postcode", record.postcode)]


def _test_purchase(record):
    return [("Premises", str(record.premises)), ("Date", _day(record.made_on)),
            ("Product", record.get_product_display()), ("Result", record.get_result_display()),
            ("Follow-up", record.follow_up or "None recorded")]


def _visit(record):
    return [("Premises", str(record.premises)), ("Date", _day(record.visited_on)),
            ("Purpose", record.get_purpose_display()), ("Findings", record.findings)]


def _training(record):
    rows = [("Topic", record.topic), ("Date", _day(record.held_on))]
    rows += [(f"People from {row.organisation}", plain_number(row.people)) for row in record.attendance.all()]
    return rows + [("People in all", plain_number(record.attendees))]


def _payback(record):
    return [("Nominated by", str(record.nominated_by)), ("Site", record.site), ("Work done", record.work or "None"),
            ("Date nominated", _day(record.nominated_on)), ("Hours of work", plain_number(record.hours)),
            ("Date completed", _day(record.completed_on) or "Not yet completed")]


def _scheme(record):
    return [("What it does", record.description or "None"), ("Started", _day(record.started_on))]


def _enforcement(record):
    return [("First day", _day(record.starts_on)), ("Last day", _day(record.ends_on) or "Not yet ended"),
            ("Partners", _names(record.partners.all())), ("Results", record.results or "None recorded")]


def _campaign(record):
    return [("Aim", record.aim or "None"), ("First day", _day(record.starts_on)),
            ("Last day", _day(record.ends_on) or "No end date"), ("Plan priority", _priority(record.priority))]


def _event(record):
    return [("Date", _day(record.held_on)), ("Campaign", str(record.campaign or "Not part of a campaign")),
            ("Audience", record.audience), ("Place", record.place), ("Partners", _names(record.partners.all())),
            ("Materials", record.materials or "None"), ("People who attended", plain_number(record.people_attended)),
            ("Leaflets given out", plain_number(record.leaflets)), ("Online views", plain_number(record.online_views)),
            ("Plan priority", _priority(record.priority))]


ROWS = {Premises: _premises, TestPurchase: _test_purchase, PremisesVisit: _visit, TrainingSession: _training,
        PaybackProject: _payback, Scheme: _scheme, EnforcementOperation: _enforcement, Campaign: _campaign,
        Event: _event}


def rows(record):
    """The record's rows, then who recorded it."""
    return ROWS[type(record)](record) + [("Recorded by", str(record.owner_organisation))]
