from eunomia.accounts.queries import current_memberships
from eunomia.accounts.roles import ROLES, Scope


def _memberships(user):
    """The user's current memberships (one ended today or before gives nothing), fetched once per
    request object and kept on it."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_eunomia_memberships", None)
    if cached is None:
        cached = list(current_memberships().filter(user=user))
        user._eunomia_memberships = cached
    return cached


def partnership_ids_for(user):
    return {m.partnership_id for m in _memberships(user)}


def has_permission(user, permission, *, partnership, obj=None):
    """May `user` do `permission` in `partnership` (to `obj`, where the grant is limited to the
    member's own organisation)? Objects limited that way say who owns them with
    `owner_organisation_id`, or with `owner_organisation_ids` where several organisations share it."""
    partnership_id = partnership if isinstance(partnership, int) else partnership.pk
    for membership in _memberships(user):
        if membership.partnership_id != partnership_id:
            continue
        scope = ROLES[membership.role].grants.get(permission)
        if scope is Scope.PARTNERSHIP:
            return True
        if scope is Scope.OWN_ORGANISATION and obj is not None:
            owners = getattr(obj, "owner_organisation_ids", None) or {getattr(obj, "owner_organisation_id", None)}
            if membership.organisation_id in owners:
                return True
    return False


def permissions_in(user, partnership):
    """Permissions the user holds partnership-wide, for templates deciding which buttons to show."""
    held = set()
    for membership in _memberships(user):
        if membership.partnership_id == partnership.pk:
            held |= {p for p, s in ROLES[membership.role].grants.items() if s is Scope.PARTNERSHIP}
    return held


def organisations_of(user, partnership):
    return {m.organisation_id for m in _memberships(user) if m.partnership_id == partnership.pk}


def organisations_granted(user, permission, partnership):
    """The organisations through whose memberships the user holds `permission` at all: for a grant
    limited to the member's own organisation, the records of these organisations are theirs to act
    on. Pages use it to show only the links a reader may follow."""
    return {m.organisation_id for m in _memberships(user)
            if m.partnership_id == partnership.pk and permission in ROLES[m.role].grants}
