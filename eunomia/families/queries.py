"""Reads of Family Focus. A family and everything of it (members, facts, evidence, plan, claim lines)
is seen by the family's owning (lead) organisation and the organisations it is shared with under an
agreement, as a case is (casework.queries): elsewhere it is not found. A programme auditor sees only
the claim lines of the families drawn for a spot check, with their frozen evidence. Counts for the
programme's figures read every family of the partnership and show no one."""

from django.db.models import Exists, OuterRef, Q

from eunomia.accounts.permissions import has_permission, organisations_of
from eunomia.accounts.roles import Permission
from eunomia.casework import queries as casework
from eunomia.families import rules as rule_documents
from eunomia.families.models import Claim, ClaimLine, Family, FamilyShare, RuleSet, SpotCheck


def may_work_families(user, partnership):
    return casework.may_work_cases(user, partnership)


def _family_visible(orgs, *, family="pk", owner="owner_organisation_id"):
    shared = FamilyShare.objects.filter(family_id=OuterRef(family), organisation_id__in=orgs)
    return Q(**{f"{owner}__in": orgs}) | Q(Exists(shared))


def families_visible_to(user, partnership):
    if not may_work_families(user, partnership):
        return Family.objects.none()
    return Family.objects.filter(_family_visible(organisations_of(user, partnership)), partnership=partnership)


def owns_family(user, partnership, family):
    """Changes to a family are its lead organisation's: partners it is shared with read it."""
    return family.owner_organisation_id in organisations_of(user, partnership)


def may_manage(user, partnership):
    return has_permission(user, Permission.FAMILY_MANAGE, partnership=partnership)


def may_verify(user, partnership):
    return has_permission(user, Permission.CLAIM_VERIFY, partnership=partnership)


def rule_sets_of(partnership):
    """Rule sets hold no personal data: every member of the partnership may read them."""
    return RuleSet.objects.filter(partnership=partnership)


def rules_of(rule_set):
    """The parsed rules of `rule_set` (checked when it was saved)."""
    return rule_documents.parse(rule_set.rules)


def claims_of(partnership):
    """Claims as totals (no one named) for members who work families, manage or verify the programme."""
    return Claim.objects.filter(partnership=partnership).select_related("rule_set")


def may_see_claims(user, partnership):
    return may_work_families(user, partnership) or may_manage(user, partnership) or may_verify(user, partnership)


def claimable_families(user, partnership):
    """The families the CSP manager may put in a claim: every family of the partnership, since the claim
    is the partnership's. A claim lists them by reference, attachment date and amount only, never their
    members; their pages stay behind families_visible_to."""
    if not may_manage(user, partnership):
        return families_visible_to(user, partnership)
    return Family.objects.filter(partnership=partnership)


def lines_visible_to(user, partnership, claim):
    """The lines of `claim` the reader may see with their frozen evidence (references, dates and counts,
    no names): all of them for the CSP manager, whose claim return it is; those of families they see for
    others; for a programme auditor, also those of the families drawn for its spot check."""
    lines = ClaimLine.objects.filter(claim=claim)
    if may_manage(user, partnership):
        return lines.select_related("family")
    seen = Q(family__in=families_visible_to(user, partnership))
    if may_verify(user, partnership) and hasattr(claim, "spot_check"):
        seen |= Q(family_id__in=claim.spot_check.sample)
    return lines.filter(seen).select_related("family")


def claim_lines_visible_to(user, partnership):
    """The lines of every claim of the partnership the reader sees on their claims' pages: nothing without
    `may_see_claims`; then each claim's lines as `lines_visible_to` gives them."""
    lines = ClaimLine.objects.filter(claim__partnership=partnership)
    if not may_see_claims(user, partnership):
        return lines.none()
    if may_manage(user, partnership):
        return lines
    seen = Q(family__in=families_visible_to(user, partnership))
    if may_verify(user, partnership):
        for claim_id, sample in SpotCheck.objects.filter(claim__partnership=partnership).values_list("claim_id",
                                                                                                    "sample"):
            seen |= Q(claim_id=claim_id, family_id__in=sample)
    return lines.filter(seen)


def sampled_lines(claim):
    """The lines of the families drawn for `claim`'s spot check, in the order drawn."""
    if not hasattr(claim, "spot_check"):
        return []
    order = {pk: n for n, pk in enumerate(claim.spot_check.sample)}
    lines = ClaimLine.objects.filter(claim=claim, family_id__in=order).select_related("family", "checked_by")
    return sorted(lines, key=lambda line: (order[line.family_id], line.outcome))
