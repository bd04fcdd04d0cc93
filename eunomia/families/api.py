"""The Family Focus API (ADR 43, ADR 68), read only: families through `queries.families_visible_to`
(another organisation's family, not shared with the reader's, is a 404), audited as the pages audit
them; claims as totals to whoever may see the programme's claims, with the lines `lines_visible_to`
gives the reader; and the programme's figures for a plan year, exact, to every member who reads
figures (the same numbers as the measures and, under the disclosure rule, the public page).

A DA incident used as evidence is given as its problem and source only ("da_incident") to a reader
without DA permission: its id is given only to DA holders, and that read is audited as the page's.
Money is exact: answered as text in pounds and pence ("1000.00"), never as a JSON number."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casework.api import Pagination
from eunomia.core.periods import check_plan_year, plan_period, year_label
from eunomia.domesticabuse import queries as domestic_abuse
from eunomia.families import assess, exports, figures, queries
from eunomia.families.models import Family
from eunomia.figures.queries import disclosure_rule
from eunomia.partners.access import partnership_for


def _money(help_text="", **kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, help_text=f"{help_text} (pounds and pence, as "
                                    "text)".strip(), **kwargs)


# Families ------------------------------------------------------------------------------------------------

class FamilySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField(help_text="identified, attached or closed")
    rule_set_id = serializers.IntegerField()
    rule_set = serializers.StringRelatedField(help_text="The programme and phase it is worked under")
    lead_organisation_id = serializers.IntegerField(source="owner_organisation_id")
    lead_organisation = serializers.StringRelatedField(source="owner_organisation")
    identified_on = serializers.DateField()
    attached_on = serializers.DateField(allow_null=True)
    plan_agreed_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    member_count = serializers.IntegerField(help_text="How many people are in it")


class FamilyMemberSerializer(serializers.Serializer):
    person_id = serializers.IntegerField(help_text="The casework person")
    relationship = serializers.CharField(help_text="parent, partner, child, grandparent, other_adult or other_child")


class FamilyProblemSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    held = serializers.BooleanField(help_text="Whether evidence the rule set accepts for it is recorded")
    evidence = serializers.IntegerField(help_text="How many pieces of that evidence")


class FamilyEligibilitySerializer(serializers.Serializer):
    eligible = serializers.BooleanField()
    problems_needed = serializers.IntegerField()
    problems_held = serializers.IntegerField()
    reasons = serializers.CharField(help_text="In words: what is held and what is missing")
    override_reason = serializers.CharField(help_text="Why the CSP manager attached it without meeting the rule, "
                                                      "if they did")


class FamilyEvidenceSerializer(serializers.Serializer):
    problem = serializers.CharField()
    source = serializers.CharField(help_text="report, case, da_incident or fact")
    report_id = serializers.IntegerField(allow_null=True)
    case_id = serializers.IntegerField(allow_null=True)
    fact_id = serializers.IntegerField(allow_null=True)
    da_incident_id = serializers.IntegerField(allow_null=True, help_text="Only to readers who may see domestic "
                                                                         "abuse records")


class FamilyShareSerializer(serializers.Serializer):
    organisation_id = serializers.IntegerField()
    organisation = serializers.CharField()
    agreement_id = serializers.IntegerField()


class FamilyDetailSerializer(FamilySerializer):
    members = FamilyMemberSerializer(many=True, source="shown_members")
    eligibility = FamilyEligibilitySerializer(source="shown_eligibility")
    problems = FamilyProblemSerializer(many=True, source="shown_problems")
    evidence = FamilyEvidenceSerializer(many=True, source="shown_evidence")
    shared_with = FamilyShareSerializer(many=True, source="shown_shares")


class FamilyFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=Family.Status.values, required=False,
                                     help_text="identified, attached or closed")


def _evidence(piece, may_see_da):
    return {"problem": piece.problem, "source": "report" if piece.report_id else "case" if piece.case_id
            else "da_incident" if piece.da_incident_id else "fact", "report_id": piece.report_id,
            "case_id": piece.case_id, "fact_id": piece.fact_id,
            "da_incident_id": piece.da_incident_id if may_see_da else None}


class FamilyList(APIView):
    pagination_class = Pagination

    @extend_schema(parameters=[FamilyFilters], responses=FamilySerializer(many=True))
    def get(self, request, slug):
        """Families you may see (your organisation's, and those shared with it), by reference."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        incoming = FamilyFilters(data=request.query_params)
        incoming.is_valid(raise_exception=True)
        wanted = incoming.validated_data.get("status", "")
        families = (queries.families_visible_to(request.user, partnership)
                    .select_related("rule_set", "owner_organisation").annotate(member_count=Count("members")))
        if wanted:
            families = families.filter(status=wanted)
        paginator = self.pagination_class()
        shown = paginator.paginate_queryset(families, request, view=self)
        audit.record(by=request.user, action="families.listed", partnership=partnership,
                     data={"status": wanted, "ids": [family.pk for family in shown], "via": "api"})
        return paginator.get_paginated_response(FamilySerializer(shown, many=True).data)


class FamilyDetail(APIView):
    @extend_schema(responses=FamilyDetailSerializer)
    def get(self, request, slug, pk):
        """A family you may see: its members (casework person ids), problems and eligibility, evidence,
        status and dates."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        family = get_object_or_404(queries.families_visible_to(request.user, partnership)
                                   .select_related("rule_set", "owner_organisation")
                                   .annotate(member_count=Count("members")), pk=pk)
        rules = queries.rules_of(family.rule_set)
        eligibility = assess.eligibility(assess.load([family])[family.pk], rules)
        may_see_da = domestic_abuse.may_see_da(request.user, partnership)
        pieces = list(family.evidence.select_related("da_incident"))
        members = list(family.members.all())
        family.shown_members = [{"person_id": m.person_id, "relationship": m.relationship} for m in members]
        family.shown_eligibility = {"eligible": eligibility.eligible, "problems_needed": eligibility.needed,
                                    "problems_held": len(eligibility.held), "reasons": eligibility.reasons,
                                    "override_reason": family.override_reason}
        family.shown_problems = [{"key": p.key, "label": p.label, "held": p.key in eligibility.held,
                                  "evidence": eligibility.held.get(p.key, 0)} for p in rules.problems]
        family.shown_evidence = [_evidence(piece, may_see_da) for piece in pieces]
        family.shown_shares = [{"organisation_id": s.organisation_id, "organisation": str(s.organisation),
                                "agreement_id": s.agreement_id}
                               for s in family.shares.select_related("organisation").order_by("organisation__name")]
        audit.record(by=request.user, action="families.viewed", obj=family, partnership=partnership,
                     data={"people": [m.person_id for m in members], "evidence": [e.pk for e in pieces],
                           "via": "api"})
        incidents = [piece.da_incident for piece in pieces if piece.da_incident_id]
        if may_see_da and incidents:
            # The incidents' ids were given: a read of DA records, in the DA domain's own log (ADR 42).
            audit.record_read(by=request.user, action="families.da_evidence_viewed", objects=incidents,
                              partnership=partnership)
        return Response(FamilyDetailSerializer(family).data)


# Claims -------------------------------------------------------------------------------------------------

class FamilyClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    rule_set_id = serializers.IntegerField()
    rule_set = serializers.StringRelatedField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    status = serializers.CharField(help_text="draft or approved (then locked)")
    approved_at = serializers.DateTimeField(allow_null=True)
    lines = serializers.IntegerField(source="totals.lines", help_text="Every line, whoever may see it")
    claimed = serializers.IntegerField(source="totals.claimed", help_text="Lines not yet checked")
    verified = serializers.IntegerField(source="totals.verified", help_text="Lines that passed a spot check")
    withdrawn = serializers.IntegerField(source="totals.withdrawn", help_text="Lines that failed one")
    attachment_fees = _money(source="totals.attachment_fees", help_text="Attachment fees of the lines not withdrawn")
    results = _money(source="totals.results", help_text="Results payments of the lines not withdrawn")
    total = _money(source="totals.total", help_text="Attachment fees and results, not withdrawn")
    withdrawn_amount = _money(source="totals.withdrawn_amount")


class FamilyClaimLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    family_id = serializers.IntegerField()
    family_reference = serializers.CharField(source="family.reference")
    outcome = serializers.CharField(help_text="An outcome's key, or attachment for the attachment fee")
    outcome_label = serializers.CharField()
    amount = _money()
    status = serializers.CharField(help_text="claimed, verified or withdrawn")
    checked_at = serializers.DateTimeField(allow_null=True)
    withdrawn_reason = serializers.CharField()
    digest = serializers.CharField(help_text="SHA-256 of the frozen evidence")
    evidence = serializers.JSONField(help_text="The evidence as it stood when claimed: references, dates and "
                                               "counts, no names")


class FamilyClaimDetailSerializer(FamilyClaimSerializer):
    visible_lines = FamilyClaimLineSerializer(
        many=True, source="shown_lines",
        help_text="The lines of families you may see (for a programme auditor, also those drawn for its spot check)")


def _claims_partnership(request, slug):
    partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
    if not queries.may_see_claims(request.user, partnership):
        raise PermissionDenied
    return partnership


def _with_totals(claims):
    totals = exports.claim_totals(claims)
    for claim in claims:
        claim.totals = totals[claim.pk]
    return claims


class FamilyClaimList(APIView):
    pagination_class = Pagination

    @extend_schema(responses=FamilyClaimSerializer(many=True))
    def get(self, request, slug):
        """The programme's claims, latest period first, as totals (no one named)."""
        partnership = _claims_partnership(request, slug)
        paginator = self.pagination_class()
        shown = _with_totals(paginator.paginate_queryset(queries.claims_of(partnership), request, view=self))
        return paginator.get_paginated_response(FamilyClaimSerializer(shown, many=True).data)


class FamilyClaimDetail(APIView):
    @extend_schema(responses=FamilyClaimDetailSerializer)
    def get(self, request, slug, pk):
        """A claim's totals and the lines you may see, each with its frozen evidence."""
        partnership = _claims_partnership(request, slug)
        claim = get_object_or_404(queries.claims_of(partnership).select_related("spot_check"), pk=pk)
        _with_totals([claim])
        rules = queries.rules_of(claim.rule_set)
        lines = list(queries.lines_visible_to(request.user, partnership, claim))
        for line in lines:
            line.outcome_label = rules.label_of(line.outcome)
        claim.shown_lines = lines
        if lines:
            audit.record(by=request.user, action="families.claim_viewed", obj=claim, partnership=partnership,
                         data={"object_type": "families.claimline", "ids": sorted(line.pk for line in lines),
                               "via": "api"})
        return Response(FamilyClaimDetailSerializer(claim).data)


# The programme's figures ------------------------------------------------------------------------------

class FamilyOutcomeFigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    programme = serializers.IntegerField(help_text="Families worked with in the year meeting it")
    comparison = serializers.IntegerField(help_text="Comparison families meeting it")


class FamilyCohortSerializer(serializers.Serializer):
    families = serializers.IntegerField()
    met_any = serializers.IntegerField(help_text="Meeting at least one outcome")
    met_none = serializers.IntegerField(help_text="Meeting none")


class FamilyClaimFiguresSerializer(serializers.Serializer):
    claimed = serializers.IntegerField(help_text="Families with a line not withdrawn (verified ones included)")
    verified = serializers.IntegerField(help_text="Families with a verified line")
    withdrawn = serializers.IntegerField(help_text="Families with a withdrawn line")
    claimed_attachment = serializers.IntegerField(help_text="Families claimed for an attachment fee")
    claimed_results = serializers.IntegerField(help_text="Families claimed for a result")
    money_attachment = _money()
    money_results = _money()
    money_total = _money()


class FamilyDisclosureSerializer(serializers.Serializer):
    threshold = serializers.IntegerField()
    secondary = serializers.BooleanField()
    statement = serializers.CharField()


class FamilyFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="The plan year, by its first year")
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    as_of = serializers.DateField(help_text="The day outcomes are assessed on: the year's last day, or today")
    identified = serializers.IntegerField(help_text="Families identified in the year")
    attached = serializers.IntegerField(help_text="Families attached in the year")
    with_plan = serializers.IntegerField(help_text="Families whose plan was agreed in the year")
    programme = FamilyCohortSerializer(
        help_text="The families worked with in the year (attached by its end, not closed before it)")
    comparison = FamilyCohortSerializer(help_text="Families identified by the year's end, eligible, never attached")
    outcomes = FamilyOutcomeFigureSerializer(many=True)
    claims = FamilyClaimFiguresSerializer(help_text="Approved claims for periods ending in the year")
    disclosure = FamilyDisclosureSerializer(help_text="The rule publication follows: these values are exact, not "
                                                      "for publication")


def _cohort(cohort):
    return {"families": cohort.families, "met_any": cohort.met(figures.ANY), "met_none": cohort.met_none}


class FamilyFigures(APIView):
    @extend_schema(responses=FamilyFiguresSerializer)
    def get(self, request, slug, year):
        """The programme's figures for a plan year, exact (not for publication): counts of families, their
        outcomes beside the comparison cohort's, and the approved claims."""
        partnership = partnership_for(request, slug, Permission.FIGURE_VIEW)
        problem = check_plan_year(partnership, year)
        if problem:
            raise NotFound(problem)
        start, end = plan_period(year, partnership.year_start_month)
        found = figures.programme_figures(partnership, start, end)
        claims, rule = found.claims, disclosure_rule(partnership)
        return Response(FamilyFiguresSerializer({
            "year": year, "label": year_label(year), "start": start, "end": end, "as_of": found.as_of,
            "identified": found.identified, "attached": found.attached, "with_plan": found.with_plan,
            "programme": _cohort(found.programme), "comparison": _cohort(found.comparison),
            "outcomes": [{"key": key, "label": label, "programme": found.programme.met(key),
                          "comparison": found.comparison.met(key)} for key, label in found.outcomes],
            "claims": {"claimed": len(claims.claimed), "verified": len(claims.verified),
                       "withdrawn": len(claims.withdrawn), "claimed_attachment": len(claims.attachment),
                       "claimed_results": len(claims.results), "money_attachment": claims.money_attachment,
                       "money_results": claims.money_results, "money_total": claims.money_total},
            "disclosure": {"threshold": rule.threshold, "secondary": rule.secondary, "statement": rule.statement()},
        }).data)
