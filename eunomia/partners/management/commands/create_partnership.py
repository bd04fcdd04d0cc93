"""The first run: a partnership, its first member organisation and its CSP manager in one step,

    python manage.py create_partnership --name "Harrowdale CSP" --slug harrowdale --lad E07000110 \
        --organisation "Harrowdale Borough Council" --manager jo.smith@harrowdale.gov.uk --manager-name "Jo Smith"

or, for a force whose boundary and population files are not imported, with a district named as
police.uk writes it (`--district "City of London"`, repeatable; ADR 0055),
after which the manager signs in and adds everything else through the pages. All or nothing: if any
part is refused, nothing is created. Running it again for an existing slug changes nothing."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from eunomia.accounts import actions as accounts
from eunomia.accounts.models import User
from eunomia.core.dates import DateError, check_range
from eunomia.partners import actions
from eunomia.partners.models import Organisation, Partnership, ons_code_validator


class Command(BaseCommand):
    help = ("Create a partnership with its first member organisation and its CSP manager (idempotent: an "
            "existing partnership with the same slug is left as it is).")

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True, help="Used in web addresses: /p/SLUG/")
        parser.add_argument("--lad", action="append", default=[], metavar="CODE",
                            help="ONS code of a local authority the partnership covers, like E07000110; repeat "
                                 "for several")
        parser.add_argument("--district", action="append", default=[], metavar="NAME",
                            help="A district as police.uk names it at the start of its LSOA names, like "
                                 "\"City of London\", for a partnership without ONS codes; repeat for several")
        parser.add_argument("--year-start-month", type=int, default=4, choices=range(1, 13), metavar="MONTH",
                            help="Month in which the plan year starts (default 4, April)")
        parser.add_argument("--email", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--website", default="")
        parser.add_argument("--address", default="", help="The partnership's postal address; lines separated by commas")
        parser.add_argument("--organisation", required=True, metavar="NAME",
                            help="The first member organisation (usually the council); one already in the "
                                 "directory is used as it is")
        parser.add_argument("--organisation-kind", default=Organisation.Kind.COUNCIL,
                            choices=Organisation.Kind.values)
        parser.add_argument("--joined", metavar="YYYY-MM-DD",
                            help="The day the organisation joined (default today); give the first plan year's "
                                 "start when bringing in past plans")
        parser.add_argument("--manager", required=True, metavar="EMAIL", help="The CSP manager's email address")
        parser.add_argument("--manager-name", metavar="NAME", help="The manager's full name, for a new account")

    def handle(self, *args, **options):
        if Partnership.objects.filter(slug=options["slug"]).exists():
            self.stdout.write(f"Partnership {options['slug']} already exists: nothing changed")
            return
        self._check(options)
        try:
            with transaction.atomic():
                partnership, organisation, manager, password = self._create(options)
        except ValidationError as error:
            raise CommandError("Nothing was created: " + "; ".join(error.messages)) from None
        self.stdout.write(f"Created {partnership} at /p/{partnership.slug}/, with {organisation} as its first "
                          f"member and {manager.email} as its CSP manager")
        if password:
            self.stdout.write(f"Their first password (shown once; ask them to change it): {password}")

    def _check(self, options):
        problems = []
        for code in options["lad"]:
            try:
                ons_code_validator(code)
            except ValidationError:
                problems.append(f"--lad {code} is not an ONS local authority code like E07000110")
        district_problem = actions.district_names_problem(actions.tidy_district_names(options["district"]))
        if district_problem:
            problems.append(f"--district {district_problem}")
        if not options["lad"] and not options["district"]:
            problems.append("Name at least one district: --lad with its ONS code, or --district with its name as "
                            "police.uk writes it")
        try:
            validate_email(options["manager"])
        except ValidationError:
            problems.append(f"--manager {options['manager']} is not an email address")
        if options["joined"]:
            try:
                check_range(datetime.date.fromisoformat(options["joined"]), what="--joined")
            except ValueError as error:
                problems.append(str(error) if isinstance(error, DateError)
                                else f"--joined {options['joined']} is not a date written YYYY-MM-DD")
        manager_exists = User.objects.filter(email=options["manager"].strip().lower()).exists()
        if not manager_exists and not (options["manager_name"] or "").strip():
            problems.append("A new manager's account needs --manager-name")
        if problems:
            raise CommandError("Nothing was created: " + "; ".join(problems))

    def _create(self, options):
        partnership = actions.create_partnership(
            by=None, name=options["name"], slug=options["slug"], local_authority_codes=options["lad"],
            district_names=options["district"],
            email=options["email"], phone=options["phone"], year_start_month=options["year_start_month"],
            website=options["website"].strip(),
            address="\n".join(line.strip() for line in options["address"].split(",") if line.strip()),
        )
        joined_on = datetime.date.fromisoformat(options["joined"]) if options["joined"] else None
        organisation = Organisation.objects.filter(name__iexact=options["organisation"].strip()).first()
        if organisation is None:
            organisation = actions.add_organisation(by=None, partnership=partnership, name=options["organisation"],
                                                    kind=options["organisation_kind"], joined_on=joined_on)
        else:
            actions.join_partnership(by=None, partnership=partnership, organisation=organisation,
                                     joined_on=joined_on)
        manager = User.objects.filter(email=options["manager"].strip().lower()).first()
        password = None
        if manager is None:
            password = secrets.token_urlsafe(12)
            manager = accounts.create_user(by=None, email=options["manager"], full_name=options["manager_name"],
                                           password=password)
        accounts.add_membership(by=None, user=manager, partnership=partnership, organisation=organisation,
                                role="csp_manager")
        return partnership, organisation, manager, password
