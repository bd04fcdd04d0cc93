from eunomia.accounts.queries import current_memberships
from eunomia.accounts.roles import DA_ROLES, LEAD_GRANTABLE_ROLES, ROLES, Permission, Scope


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


# Managing members: the CSP manager, and organisation leads within their own organisation (ADR 48) ------

def lead_roles_of(partnership):
    """The roles the partnership lets its organisation leads give, in the order of ROLES. Never CSP
    manager nor a domestic abuse role, even if the setting held one."""
    chosen = set(partnership.lead_roles or ())
    return [key for key in LEAD_GRANTABLE_ROLES if key in chosen]


def organisations_led_by(user, partnership):
    """The organisations `user` is a lead of in `partnership`, through their current memberships."""
    return {m.organisation_id for m in _memberships(user)
            if m.partnership_id == partnership.pk and m.is_organisation_lead}


def may_see_people(user, partnership):
    """The people pages are the CSP manager's and each organisation lead's (who sees their own organisation's)."""
    return (has_permission(user, Permission.MEMBERS_VIEW, partnership=partnership)
            or bool(organisations_led_by(user, partnership)))


def may_manage(by, partnership, organisation, role):
    """The one rule for inviting someone to `role` in `organisation`, changing a member to or from it,
    and ending or restoring it. The CSP manager (members_manage) may, any role; an organisation lead
    only in an organisation they lead and only a role the partnership lets its leads give. A domestic
    abuse role only ever by the CSP manager. `by` None is the installation itself (the commands)."""
    if by is None:
        return True
    if has_permission(by, Permission.MEMBERS_MANAGE, partnership=partnership):
        return True
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    return (role not in DA_ROLES and role in lead_roles_of(partnership)
            and organisation_id in organisations_led_by(by, partnership))
