"""One of each operations record, for the shared tests that visit every URL (tests/test_url_sweep.py,
tests/test_forms.py), and the bad input each of the operations forms must refuse."""

import datetime

from eunomia.accounts.models import Membership, User
from eunomia.operations import actions

DAY = datetime.date(2025, 6, 2)


def recorder(partnership, organisation):
    """A CSU officer of `organisation`, who may record for any member organisation."""
    email = f"operations.recorder.{partnership.slug}@eunomia.test"
    user = User.objects.filter(email=email).first() or User.objects.create_user(email, "not-used-to-sign-in",
                                                                                full_name="Operations recorder")
    Membership.objects.get_or_create(user=user, partnership=partnership, organisation=organisation,
                                     role="csu_officer")
    return user


def operations_objects(partnership, organisation):
    by = recorder(partnership, organisation)
    owned = {"by": by, "partnership": partnership, "owner_organisation": organisation}
    premises = actions.add_premises(**owned, name="Corner Shop", kind="shop", address="1 High Street",
                                    postcode="TV1 1AB")
    scheme = actions.set_up_scheme(**owned, name="Safer Towns", started_on=DAY)
    campaign = actions.start_campaign(**owned, name="Lock it", starts_on=DAY)
    return {
        "premises": premises,
        "test_purchase": actions.record_test_purchase(**owned, premises=premises, made_on=DAY, product="alcohol",
                                                      result="fail"),
        "visit": actions.record_visit(**owned, premises=premises, visited_on=DAY, purpose="routine",
                                      findings="All in order"),
        "training": actions.record_training(**owned, topic="Challenge 25", held_on=DAY,
                                            attendance={organisation: 4}),
        "payback": actions.record_payback_project(**owned, nominated_by=organisation, site="Mill Lane footpath",
                                                  nominated_on=DAY),
        "scheme": scheme,
        "member": actions.add_scheme_member(by=by, scheme=scheme, premises=premises, joined_on=DAY),
        "exclusion": actions.add_exclusion(by=by, scheme=scheme, reference="ST-2025-001", starts_on=DAY,
                                           ends_on=DAY + datetime.timedelta(days=90)),
        "enforcement": actions.record_enforcement_operation(**owned, name="Operation Lantern", starts_on=DAY),
        "campaign": campaign,
        "event": actions.record_event(**owned, name="Stall", held_on=DAY, audience="Shoppers", place="Market",
                                      campaign=campaign),
    }


# Which object each URL with a <pk> names.
URL_OBJECTS = {
    "premises": ["premises", "premises_edit"],
    "test_purchase": ["test_purchase", "test_purchase_edit"],
    "visit": ["visit", "visit_edit"],
    "training": ["training", "training_edit"],
    "payback": ["payback", "payback_edit"],
    "scheme": ["scheme", "scheme_edit", "scheme_member_new", "exclusion_new"],
    "member": ["member_leave"],
    "exclusion": ["exclusion_edit"],
    "enforcement": ["enforcement", "enforcement_edit"],
    "campaign": ["campaign", "campaign_edit"],
    "event": ["event", "event_edit"],
}


def operations_pks(partnership, organisation):
    """{URL name: pk} for every operations URL that names a record."""
    made = operations_objects(partnership, organisation)
    return {f"operations:{name}": made[key].pk for key, names in URL_OBJECTS.items() for name in names}


# Each new-record form page, a posting that misses or spoils one field, that field and the words refusing it.
def operations_posting(partnership, organisation, posted):
    """A posting completed with the recording organisation and, where it names "premises", real ones."""
    filled = {"owner_organisation": organisation.pk, **posted}
    if filled.get("premises") == "premises":
        filled["premises"] = actions.add_premises(
            by=recorder(partnership, organisation), partnership=partnership, owner_organisation=organisation,
            name="Posted Shop", kind="shop", address="3 High Street", postcode="TV1 1AD").pk
    return filled


BAD_FORMS = [
    ("premises/new/", {"name": "Corner Shop 2", "kind": "shop", "address": "2 High Street", "postcode": "TV1"},
     "id_postcode", "The postcode of the premises must be a UK postcode, like HW1 2AB"),
    ("test-purchases/new/", {"premises": "premises", "made_on": "2025-06-02", "product": "", "result": "fail"},
     "id_product", "Choose the product the volunteer tried to buy"),
    ("visits/new/", {"premises": "premises", "visited_on": "2025-06-31", "purpose": "routine", "findings": "Fine"},
     "id_visited_on", "Enter the date of the visit as a real date, like 2026-11-24"),
    ("training/new/", {"topic": "", "held_on": "2025-06-02"}, "id_topic", "Enter the topic of the session"),
    ("payback/new/", {"site": "Mill Lane", "nominated_on": "2025-06-02", "hours": "lots"}, "id_nominated_by",
     "Choose the organisation that nominated the project"),
    ("schemes/new/", {"name": "", "started_on": "2025-06-02"}, "id_name", "Enter the name of the scheme"),
    ("enforcement/new/", {"name": "Operation Dawn", "starts_on": ""}, "id_starts_on",
     "Enter the first day of the operation"),
    ("campaigns/new/", {"name": "", "starts_on": "2025-06-02"}, "id_name", "Enter the name of the campaign"),
    ("events/new/", {"name": "Stall", "held_on": "2025-06-02", "audience": "", "place": "Market"}, "id_audience",
     "Say who the event was for"),
]
