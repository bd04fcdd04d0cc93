import secrets

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from eunomia.accounts import actions
from eunomia.accounts.models import User
from eunomia.accounts.roles import ROLES
from eunomia.partners.models import Organisation, Partnership


class Command(BaseCommand):
    help = "Give a person a role in a partnership, creating their account if needed."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", help="Full name, for a new account")
        parser.add_argument("--partnership", required=True, metavar="SLUG")
        parser.add_argument("--organisation", required=True, help="Name of a member organisation")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))

    def handle(self, *args, **options):
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"There is no partnership {options['partnership']}")
        organisation = Organisation.objects.filter(name__iexact=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"There is no organisation called {options['organisation']} in the directory")
        try:
            user = User.objects.filter(email=options["email"].lower()).first()
            password = None
            if user is None:
                if not options["name"]:
                    raise CommandError("A new account needs --name")
                password = secrets.token_urlsafe(12)
                user = actions.create_user(by=None, email=options["email"], full_name=options["name"], password=password)
            actions.add_membership(by=None, user=user, partnership=partnership, organisation=organisation,
                                   role=options["role"])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"{user.email} is {ROLES[options['role']].label} for {organisation} in {partnership}")
        if password:
            self.stdout.write(f"Their first password (shown once; ask them to change it): {password}")
