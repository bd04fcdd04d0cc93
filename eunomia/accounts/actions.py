from django.core.exceptions import ValidationError
from django.db import transaction

from eunomia.accounts.models import Membership, User
from eunomia.accounts.roles import ROLES
from eunomia.audit import actions as audit


def create_user(*, by, email, full_name, password=None):
    email = email.strip().lower()
    with transaction.atomic():
        if User.objects.filter(email=email).exists():
            raise ValidationError({"email": f"There is already a user with the email address {email}"})
        user = User.objects.create_user(email, password, full_name=full_name.strip())
        audit.record(by=by, action="user.created", obj=user)
    return user


def add_membership(*, by, user, partnership, organisation, role):
    if role not in ROLES:
        raise ValidationError({"role": f"There is no role called {role}: choose one of {', '.join(ROLES)}"})
    if not partnership.seats.filter(organisation=organisation, left_on__isnull=True).exists():
        raise ValidationError({"organisation": f"{organisation} is not a member organisation of {partnership}"})
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, partnership=partnership, organisation=organisation, role=role
        )
        if created:
            audit.record(by=by, action="membership.added", obj=membership, partnership=partnership,
                         data={"user": user.pk, "organisation": organisation.pk, "role": role})
    return membership
