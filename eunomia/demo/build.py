"""The demo: two invented partnerships in the invented county of Northshire.

Harrowdale has three years of plans: two years ago (closed, every actual recorded), last year
(approved and published) and this year (a draft two small steps from publishable: one actual and
one figure are missing, for a newcomer to record in the browser before approving and publishing).
Fenmarsh shares some organisations with Harrowdale and has one draft plan, to show a county
analyst working for two partnerships.

Harrowdale also has its geography and three years of police.uk crime data, for the strategic
assessment: invented files in the real formats (area.py), imported through the real importers;
partners' data and a residents' survey; casework, domestic abuse, Family Focus and tasking.

Everything is written through the same actions the pages use, by the demo users, so the audit
log, figure histories and permissions are as in real use. Years are counted from today, so the
demo never goes stale. What the demo is made of (names, plans, texts) is in `data/` (ADR 37).
"""

import datetime
import tempfile
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from eunomia.accounts import actions as account_actions
from eunomia.accounts import second_factor
from eunomia.accounts.models import User
from eunomia.accounts.roles import ROLES
from eunomia.audit import actions as audit
from eunomia.core.periods import year_containing
from eunomia.crime.importer import import_police_files
from eunomia.crime.models import CrimeRecord, DataMonth, Force
from eunomia.demo import area
from eunomia.demo.casereview_public import build_casereview_public
from eunomia.demo.casework import build_casework
from eunomia.demo.data import DEMO
from eunomia.demo.disclosure import build_disclosure_demo
from eunomia.demo.domestic_abuse import build_da_demo
from eunomia.demo.equality import build_equality_demo
from eunomia.demo.evidence import build_evidence
from eunomia.demo.families import build_families_demo
from eunomia.demo.governance import build_governance_demo
from eunomia.demo.hatereports import build_hate_reports_demo
from eunomia.demo.operations import build_operations_demo
from eunomia.demo.plans import build_fenmarsh_plan, build_harrowdale_plans
from eunomia.demo.projects import build_projects_demo, link_projects_to_plans
from eunomia.demo.tasking import build_tasking_demo
from eunomia.geography import actions as geography_actions
from eunomia.geography.models import Area
from eunomia.notifications import actions as notification_actions
from eunomia.notifications import rules as notification_rules
from eunomia.partners import actions as partner_actions
from eunomia.partners.models import Organisation, Partnership
from eunomia.plans.models import Action, PlanYear, PublishedVersion, Target
from eunomia.projects.models import Allocation

DEMO_PASSWORD = "harrowdale-demo"
# The authenticator key of every demo member whose role needs a second factor (ADR 46): published in
# the README, to add to an authenticator app (or skip, which only the demo allows).
DEMO_AUTHENTICATOR_KEY = "HARR OWDA LEDE MOTO TPKE YFOR THED EMO2"
HARROWDALE = "harrowdale"
FENMARSH = "fenmarsh"
DEMO_EMAILS = [user["email"] for user in DEMO["users"]]


class DemoError(Exception):
    """The demo cannot be removed or built as asked."""


@dataclass
class Demo:
    """What the builders share: this plan year, and the users, organisations, contacts and working
    groups made so far, by their keys in the data."""

    current: int
    users: dict = field(default_factory=dict)
    orgs: dict = field(default_factory=dict)
    contacts: dict = field(default_factory=dict)
    groups: list = field(default_factory=list)

    @property
    def manager(self):
        return self.users["manager"]

    @property
    def analyst(self):
        return self.users["analyst"]


def demo_exists():
    return Partnership.objects.filter(slug=HARROWDALE).exists()


def build_demo():
    """Build the demo unless it is already there. Returns the Harrowdale partnership, or None when
    the demo existed already (so running it twice changes nothing)."""
    if demo_exists():
        return None
    # Both demo partnerships keep the usual April-to-March year.
    demo = Demo(current=year_containing(timezone.localdate(), 4))
    with transaction.atomic():
        _users(demo)
        harrowdale = _harrowdale(demo)
        fenmarsh = _fenmarsh(demo)
        _memberships(demo, {HARROWDALE: harrowdale, FENMARSH: fenmarsh})
        _authenticator_apps(demo)
        _harrowdale_area(demo)
        build_evidence(demo, harrowdale)
        build_casework(demo, harrowdale)
        build_casereview_public(demo, harrowdale)
        build_hate_reports_demo(demo, harrowdale)
        build_da_demo(demo, harrowdale)
        build_families_demo(demo, harrowdale)
        projects = build_projects_demo(demo, harrowdale)
        build_disclosure_demo(demo, harrowdale)
        build_harrowdale_plans(demo, harrowdale)
        link_projects_to_plans(demo, harrowdale, projects)
        build_tasking_demo(demo, harrowdale)
        build_operations_demo(demo, harrowdale)
        build_governance_demo(demo, harrowdale)
        build_equality_demo(demo, harrowdale)
        build_fenmarsh_plan(demo, fenmarsh)
        # Notifications waiting for the demo's members, as the first send_notifications run makes them.
        notification_actions.create_notifications(notices=notification_rules.notices(), now=timezone.now())
    return harrowdale


def _users(demo):
    # One hash for every demo user: hashing is slow on purpose (most of a second each), and the
    # demo users share one published password anyway.
    hashed = make_password(DEMO_PASSWORD)
    for user_data in DEMO["users"]:
        user = User.objects.filter(email=user_data["email"]).first()
        if user is None:
            user = account_actions.create_user(by=None, email=user_data["email"], full_name=user_data["name"])
            user.password = hashed
            user.save(update_fields=["password"])
        demo.users[user_data["key"]] = user


def _seat(demo, *, by, partnership, key, joined_on):
    """Give the organisation a seat, adding it to the directory first if it is not there."""
    details = DEMO["organisations"][key]
    organisation = Organisation.objects.filter(name=details["name"]).first()
    if organisation is None:
        organisation = partner_actions.add_organisation(by=by, partnership=partnership, joined_on=joined_on, **details)
    else:
        partner_actions.join_partnership(by=by, partnership=partnership, organisation=organisation, joined_on=joined_on)
    demo.orgs[key] = organisation


def _harrowdale(demo):
    partnership = partner_actions.create_partnership(
        by=demo.manager, name="Harrowdale Community Safety Partnership (demo)", slug=HARROWDALE, is_demo=True,
        # Made up: the shape of an English district's ONS code, in a range no district uses.
        local_authority_codes=["E07999901"],
        address="Community Safety Unit\nCivic Centre\nMarket Street\nHarrowdale\nHW1 2AB",
        phone="01632 960123", email="csp@harrowdale.example", website="www.harrowdale-safer.example",
    )
    joined_on = datetime.date(demo.current - 8, 4, 1)
    for key in DEMO["harrowdale"]["members"]:
        _seat(demo, by=demo.manager, partnership=partnership, key=key, joined_on=joined_on)
    for contact in DEMO["harrowdale"]["contacts"]:
        demo.contacts[contact["key"]] = partner_actions.add_contact(
            by=demo.manager, partnership=partnership, organisation=demo.orgs[contact["organisation"]],
            name=contact["name"], job_title=contact["job_title"], email=contact["email"], phone=contact["phone"])
    for group in DEMO["harrowdale"]["working_groups"]:
        demo.groups.append(partner_actions.save_working_group(
            by=demo.manager, partnership=partnership, name=group["name"], purpose=group["purpose"],
            lead_organisation=demo.orgs[group["lead_organisation"]], lead_contact=demo.contacts[group["lead_contact"]],
            member_organisations=[demo.orgs[m] for m in group["members"]]))
    return partnership


def _fenmarsh(demo):
    partnership = partner_actions.create_partnership(
        by=demo.users["fenmarsh_manager"], name="Fenmarsh Community Safety Partnership (demo)", slug=FENMARSH,
        is_demo=True, local_authority_codes=["E07999902"],  # made up, like Harrowdale's
        address="Council Offices\nDyke Road\nFenmarsh\nFX1 2AB", phone="01632 960501",
        email="csp@fenmarsh.example", website="www.fenmarsh.example/community-safety",
    )
    joined_on = datetime.date(demo.current - 3, 4, 1)
    for key in DEMO["fenmarsh"]["members"]:
        _seat(demo, by=demo.users["fenmarsh_manager"], partnership=partnership, key=key, joined_on=joined_on)
    return partnership


def _memberships(demo, partnerships):
    # Each partnership's manager is set up by the installation (as create_partnership does), then adds
    # everyone else: the actions let only a CSP manager or an organisation lead manage members.
    listed = [(user, membership) for user in DEMO["users"] for membership in user["memberships"]]
    listed.sort(key=lambda pair: pair[1]["role"] != "csp_manager")
    for user, membership in listed:
        slug = membership["partnership"]
        by = demo.users["fenmarsh_manager"] if slug == FENMARSH else demo.manager
        added = account_actions.add_membership(by=None if membership["role"] == "csp_manager" else by,
                                               user=demo.users[user["key"]], partnership=partnerships[slug],
                                               organisation=demo.orgs[membership["organisation"]],
                                               role=membership["role"])
        if membership.get("organisation_lead"):
            account_actions.set_organisation_lead(by=by, membership=added, lead=True)
        if "ended_days_ago" in membership:
            account_actions.end_membership(by=by, membership=added, ended_on=timezone.localdate()
                                           - datetime.timedelta(days=membership["ended_days_ago"]))
    for invitation in DEMO.get("invitations", []):
        account_actions.invite(by=demo.manager, partnership=partnerships[HARROWDALE],
                               organisation=demo.orgs[invitation["organisation"]], role=invitation["role"],
                               email=invitation["email"], full_name=invitation["name"],
                               link_for=lambda token: f"/accounts/invitation/{token}/")


def _authenticator_apps(demo):
    for user in demo.users.values():
        if second_factor.is_required(user):
            second_factor.add_authenticator_with_key(user=user, key=DEMO_AUTHENTICATOR_KEY)


def _harrowdale_area(demo):
    """Harrowdale's boundaries, population and three years of police.uk data: written as files in
    the real formats (area.py) and imported through the real importers, as a partnership would, so
    the strategic assessment has data on a machine with nothing downloaded."""
    with tempfile.TemporaryDirectory(prefix="eunomia-demo-") as directory:
        files = area.write_demo_files(directory, today=timezone.localdate())
        for path in files.boundaries:
            geography_actions.import_boundaries(by=demo.analyst, path=path)
        geography_actions.import_population(by=demo.analyst, path=files.population)
        report = import_police_files(by=demo.analyst, paths=[files.police])
    if report.refused:
        raise DemoError("The demo's police.uk files were refused: " + "; ".join(report.refused))


def _remove_harrowdale_area():
    """Harrowdale's crime data and areas, which only the demo writes (its codes are invented)."""
    months = DataMonth.objects.filter(force__name=area.FORCE)
    CrimeRecord.objects.filter(data_month__in=months).delete()
    months.delete()
    Force.objects.filter(name=area.FORCE, months__isnull=True).delete()
    # Areas point at their district with PROTECT: LSOAs first, then wards and MSOAs, then the district.
    Area.objects.filter(type=Area.Type.LSOA, lad__code=area.LAD_CODE).delete()
    Area.objects.filter(lad__code=area.LAD_CODE).delete()
    Area.objects.filter(code=area.LAD_CODE).delete()


def remove_demo():
    """Delete the demo partnerships, their plans, figures and people, so the demo can be built again.

    A published version can never be deleted (the database refuses on PostgreSQL, by design), so a
    demo whose plans have been published cannot be removed from inside Eunomia: raises DemoError
    saying how to start again instead."""
    partnerships = list(Partnership.objects.filter(is_demo=True))
    if PublishedVersion.objects.filter(plan__partnership__in=partnerships).exists():
        database = connection.settings_dict["NAME"]
        empty_it = (f"delete the file {database}" if connection.vendor == "sqlite"
                    else f"drop the database {database} and create it again")
        raise DemoError(
            "The demo holds published plans, and published versions can never be deleted. To start the demo "
            f"again from an empty database, {empty_it}, then run `python manage.py migrate` and "
            "`python manage.py load_demo`.")
    with transaction.atomic():
        for partnership in partnerships:
            plans = PlanYear.objects.filter(partnership=partnership)
            # Targets hold their figures and actions their priorities with PROTECT: delete from the leaves.
            Allocation.objects.filter(fund__partnership=partnership).delete()
            Target.objects.filter(action__plan__in=plans).delete()
            Action.objects.filter(plan__in=plans).delete()
            plans.delete()
            audit.record(by=None, action="demo.removed", obj=partnership, data={"name": partnership.name})
            partnership.delete()
        _remove_harrowdale_area()
        User.objects.filter(email__in=DEMO_EMAILS).delete()
        for details in DEMO["organisations"].values():
            try:
                with transaction.atomic():
                    Organisation.objects.filter(name=details["name"], seats__isnull=True).delete()
            except ProtectedError:
                pass  # still used by a partnership that is not part of the demo


def sign_in_details():
    """(email, what the person can do) for every demo user, for the command to print."""
    lines = []
    for user in DEMO["users"]:
        roles = "; ".join(f"{ROLES[m['role']].label}, {DEMO['organisations'][m['organisation']]['name']} "
                          f"({m['partnership']}){', left' if 'ended_days_ago' in m else ''}"
                          for m in user["memberships"])
        lines.append((user["email"], f"{user['name']}: {roles}"))
    return lines
