from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models

from eunomia.accounts.roles import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    """A person who signs in. Staff sign in with their work email address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name


class Membership(models.Model):
    """A user working in one organisation within one partnership, in one role. A person with two
    roles, or who serves two partnerships, has two memberships."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    partnership = models.ForeignKey(
        "partners.Partnership", on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=40, choices=Role.choices())
    # The day the membership ends: from that day (London midnight) it gives no access. None: current.
    ended_on = models.DateField(null=True, blank=True)
    # Named by the CSP manager: may manage the members of this organisation in the roles the
    # partnership lets its organisation leads give (accounts.permissions.may_manage, ADR 48).
    is_organisation_lead = models.BooleanField("organisation lead", default=False)

    class Meta:
        ordering = ["partnership__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership", "organisation", "role"], name="membership_unique"
            )
        ]

    def __str__(self):
        return f"{self.user} - {Role.get(self.role).label} - {self.organisation} ({self.partnership})"

    def is_current(self, on):
        """Whether it gives access on `on` (accounts.queries.current_memberships asks the same of the database)."""
        return self.ended_on is None or self.ended_on > on


class Invitation(models.Model):
    """A person asked by email to join a partnership in an organisation with a role. The link holds a
    random token of which only the SHA-256 hash is kept; it works once, for INVITATION_DAYS."""

    email = models.EmailField()
    full_name = models.CharField(max_length=200)
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=40, choices=Role.choices())
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation of {self.email} to {self.partnership}"

    def is_open(self, now):
        return self.accepted_at is None and self.cancelled_at is None and now < self.expires_at


class ApiToken(models.Model):
    """A key for the API, named by its owner, that expires. Only the SHA-256 of the key is kept, with
    a digest of the owner's password hash when it was made: a password change ends every token."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    password_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}...)"


class SignedInSession(models.Model):
    """One signed-in browser session, so its owner can see where they are signed in and end the
    others. The session itself is Django's (ended by deleting it); this row says whose it is."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    user_agent = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self):
        return f"{self.user} since {self.started_at:%Y-%m-%d %H:%M}"


class LoginFailure(models.Model):
    """One failed sign-in, kept for the throttle window (accounts.throttle)."""

    email = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
