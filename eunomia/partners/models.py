from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from eunomia.accounts.roles import DEFAULT_LEAD_ROLES, LEAD_GRANTABLE_ROLES, ROLES

ons_code_validator = RegexValidator(
    r"^[EWSN]\d{8}$", "Enter an ONS code: a letter E, W, S or N then 8 digits, like E07000115"
)


class OwnedByOrganisation(models.Model):
    """A record one organisation owns. The owner alone changes it; a permission granted only over
    the member's own organisation's records reads the owner from here (accounts.permissions), and
    personal data is seen through its owner and what the owner shares (casework.queries)."""

    owner_organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


def default_lead_roles():
    return list(DEFAULT_LEAD_ROLES)


def check_lead_roles(roles):
    """Organisation leads may be let give only roles of LEAD_GRANTABLE_ROLES: never CSP manager nor a
    domestic abuse role (ADR 48)."""
    refused = [key for key in roles if key not in LEAD_GRANTABLE_ROLES]
    if refused:
        names = ", ".join(ROLES[key].label if key in ROLES else key for key in refused)
        raise ValidationError(f"Organisation leads may not give {names}: only the CSP manager may")


class Partnership(models.Model):
    """A Community Safety Partnership: the body whose year Eunomia runs."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    # ONS codes of the local authority districts the partnership covers (one for a district CSP,
    # several for a merged or county one). Kept as a list: the geography app joins on the codes.
    local_authority_codes = models.JSONField(default=list, blank=True)
    # Districts named as police.uk writes them in its LSOA names ("City of London"), for a
    # partnership whose area has no boundary or population file imported (ADR 0055). A partnership
    # names at least one district, by code or by name.
    district_names = models.JSONField(default=list, blank=True)
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.CharField(max_length=200, blank=True)
    # Month in which the plan year starts: April for nearly every partnership (the financial year).
    year_start_month = models.PositiveSmallIntegerField(default=4)
    is_demo = models.BooleanField(default=False)
    # The roles (keys of accounts.roles.ROLES) its organisation leads may give their organisation's
    # members, chosen by the CSP manager (ADR 48); accounts.permissions.may_manage reads it.
    lead_roles = models.JSONField(default=default_lead_roles, blank=True, validators=[check_lead_roles])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_start_month__gte=1, year_start_month__lte=12),
                name="partnership_year_start_month_valid",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def partnership(self):
        return self


class Organisation(models.Model):
    """A body in the directory. One directory serves every partnership on the installation:
    Kent Police is one organisation whichever district partnerships it sits on."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Local authority"
        POLICE = "police", "Police"
        FIRE = "fire", "Fire and rescue"
        HEALTH = "health", "Health"
        PROBATION = "probation", "Probation"
        HOUSING = "housing", "Housing provider"
        YOUTH = "youth", "Youth services"
        EDUCATION = "education", "Education"
        VOLUNTARY = "voluntary", "Voluntary sector"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.CharField(max_length=200, blank=True)
    # Registered numbers, where the organisation has them: open data (360Giving) names an
    # organisation by them (GB-CHC-..., GB-COH-...).
    charity_number = models.CharField(max_length=20, blank=True)
    company_number = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PartnershipMember(models.Model):
    """A spell of an organisation's seat on a partnership, from the day it joined to the day it left,
    so the members of a past year stay true. An organisation that leaves and joins again has two
    spells, which never overlap; at most one is open (no leaving date)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="seats")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="seats")
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    # Order in which the plan's "membership and contact details" lists the organisations.
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "organisation"], condition=Q(left_on__isnull=True),
                                    name="one_open_seat_per_organisation"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="seat_left_after_joined",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} on {self.partnership}"


class Contact(models.Model):
    """A named person to contact at an organisation, for one partnership. Work contact details
    are personal data: read through partners.queries and audited."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="contacts")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="contacts")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.organisation})"


class WorkingGroup(models.Model):
    """A group that owns the action plan of a priority or cross-cutting theme."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="working_groups")
    name = models.CharField(max_length=200)
    purpose = models.TextField(blank=True)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_working_groups"
    )
    lead_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_working_groups"
    )
    member_organisations = models.ManyToManyField(Organisation, blank=True, related_name="working_groups")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="working_group_name_unique")
        ]

    def __str__(self):
        return self.name
