"""The casework API: reports, cases and people, for partners' systems that would otherwise key them
twice. It keeps the pages' rules (ADR 23): records come only through the scoped queries of
eunomia.casework.queries, so one the caller may not see is a 404; every answer holding personal data
writes the same audit event as the page showing it; and a report is recorded through the page's own
form, so there is one way to record one."""


from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casework import queries
from eunomia.casework.case_sections import case_sections
from eunomia.casework.forms import ReportForm
from eunomia.casework.models import Case, CaseParty, Consent, Person, Report, ReportPerson, Role
from eunomia.core.api import JsonParser
from eunomia.core.dates import ApiDayField, DayField, local_day_range
from eunomia.partners.access import partnership_for
from eunomia.partners.queries import acting_organisation, organisations_in


class Pagination(LimitOffsetPagination):
    """`limit` (default 100) and `offset`; a caller cannot take more than 500 records at once."""

    max_limit = 500


# What is shown -------------------------------------------------------------------------------------

class LinkedPersonSerializer(serializers.Serializer):
    """A person named in a report or a case, and in what role."""

    id = serializers.IntegerField(source="person_id")
    name = serializers.StringRelatedField(source="person")
    role = serializers.ChoiceField(choices=Role.choices)


class ReportSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "reference", "category", "occurred_at"]


class CaseSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Case
        fields = ["id", "reference", "title", "status"]


class ReportSerializer(serializers.ModelSerializer):
    owner_organisation = serializers.StringRelatedField()
    people = LinkedPersonSerializer(source="people_links", many=True, read_only=True)

    class Meta:
        model = Report
        fields = ["id", "reference", "owner_organisation", "occurred_at", "reported_at", "category", "source",
                  "address", "postcode", "lsoa_code", "latitude", "longitude", "anonymous", "people"]


class ReportDetailSerializer(ReportSerializer):
    cases = CaseSummarySerializer(source="visible_cases", many=True, read_only=True,
                                  help_text="The cases holding this report that the caller may see")

    class Meta(ReportSerializer.Meta):
        fields = ReportSerializer.Meta.fields + ["description", "created_at", "cases"]


class ShareSerializer(serializers.Serializer):
    organisation = serializers.StringRelatedField()
    agreement = serializers.StringRelatedField()
    shared_at = serializers.DateTimeField()


class CaseSerializer(serializers.ModelSerializer):
    owner_organisation = serializers.StringRelatedField()
    lead_officer = serializers.StringRelatedField()
    parties = LinkedPersonSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = ["id", "reference", "title", "status", "opened_on", "closed_on", "outcome", "owner_organisation",
                  "lead_officer", "parties"]


class CaseDetailSerializer(CaseSerializer):
    parties = LinkedPersonSerializer(source="shown_parties", many=True, read_only=True)
    owned_by_you = serializers.BooleanField(help_text="Whether the case belongs to your organisation, which alone "
                                                      "changes it; otherwise it is shared with you")
    reports = ReportSummarySerializer(source="visible_reports", many=True, read_only=True)
    shares = ShareSerializer(source="shown_shares", many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = CaseSerializer.Meta.fields + ["owned_by_you", "reports", "shares"]

    def get_fields(self):
        """The sections apps above casework add (eunomia.casework.case_sections), after the case's own."""
        fields = super().get_fields()
        for section in case_sections():
            fields[section.name] = section.serializer(source=f"shown_{section.name}", many=True, read_only=True)
        return fields


class PersonReportSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="report_id")
    reference = serializers.CharField(source="report.reference")
    category = serializers.ChoiceField(choices=Report.Category.choices, source="report.category")
    occurred_at = serializers.DateTimeField(source="report.occurred_at")
    role = serializers.ChoiceField(choices=Role.choices)


class PersonCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="case_id")
    reference = serializers.CharField(source="case.reference")
    title = serializers.CharField(source="case.title")
    status = serializers.ChoiceField(choices=Case.Status.choices, source="case.status")
    role = serializers.ChoiceField(choices=Role.choices)


class ConsentSerializer(serializers.ModelSerializer):
    recorded_by = serializers.StringRelatedField()
    recorded_for = serializers.StringRelatedField(help_text="The organisation that recorded it")

    class Meta:
        model = Consent
        fields = ["basis", "state", "decided_on", "method", "note", "recorded_at", "recorded_by", "recorded_for"]


class PersonSerializer(serializers.ModelSerializer):
    owner_organisation = serializers.StringRelatedField()
    flags = serializers.ListField(child=serializers.ChoiceField(choices=Person.Flag.choices))
    age = serializers.IntegerField(allow_null=True, help_text="Age today, if the date of birth is known")
    reports = PersonReportSerializer(source="visible_report_links", many=True, read_only=True,
                                     help_text="The reports naming this person that the caller may see")
    cases = PersonCaseSerializer(source="visible_case_links", many=True, read_only=True,
                                 help_text="The cases this person is a party to that the caller may see")
    consents = ConsentSerializer(source="shown_consents", many=True, read_only=True,
                                 help_text="Consent or the other lawful basis relied on, newest (the one that "
                                           "applies) first")

    class Meta:
        model = Person
        fields = ["id", "first_name", "last_name", "date_of_birth", "age", "phone", "email", "address", "postcode",
                  "flags", "owner_organisation", "reports", "cases", "consents"]


# What is asked ---------------------------------------------------------------------------------------

def _day_bounds(first, last):
    """From the start of `first` to the end of `last`, local time; either may be left open."""
    return (local_day_range(first, first)[0] if first else None, local_day_range(last, last)[1] if last else None)


class SearchFilters(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, default="",
                              help_text="Words that must all appear in the reference, a name, an address or postcode")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200, default="",
                                   help_text="Why you are searching: kept in the audit log")


class ReportFilters(SearchFilters):
    category = serializers.ChoiceField(choices=Report.Category.choices, required=False)
    source = serializers.ChoiceField(choices=Report.Source.choices, required=False)
    occurred_from = ApiDayField(required=False, what="The first day", help_text="Happened on or after this day")
    occurred_to = ApiDayField(required=False, what="The last day", help_text="Happened on or before this day")

    def validate(self, data):
        if data.get("occurred_from") and data.get("occurred_to") and data["occurred_from"] > data["occurred_to"]:
            raise serializers.ValidationError({"occurred_to": ["The last day must be on or after the first day"]})
        return data


class CaseFilters(SearchFilters):
    status = serializers.ChoiceField(choices=Case.Status.choices, required=False)
    owner_organisation = serializers.IntegerField(required=False, help_text="Id of the organisation owning the case")


def _filters(serializer_class, request):
    incoming = serializer_class(data=request.query_params)
    incoming.is_valid(raise_exception=True)
    return incoming.validated_data


def _shown_filters(filters):
    return {name: value for name, value in filters.items() if name not in ("q", "reason") and value not in ("", None)}


# Recording a report ----------------------------------------------------------------------------------

def _json_kind(field):
    if isinstance(field, forms.BooleanField):
        return "true or false", lambda value: isinstance(value, bool)
    if isinstance(field, forms.MultipleChoiceField):
        return "a list of text values", lambda value: isinstance(value, list) and all(isinstance(v, str)
                                                                                        for v in value)
    return "text", lambda value: isinstance(value, str)


def _as_form_data(body, fields):
    """The JSON body as the page form's data. The form checks every value as it checks the page's;
    this first refuses what no page could send: a value of the wrong JSON type (which the form
    would turn into text) or a field the form does not have (a misspelt one would be lost)."""
    if not isinstance(body, dict):
        raise serializers.ValidationError({"non_field_errors": ["Send the report as a JSON object"]})
    errors, data = {}, {}
    for name in sorted(set(body) - set(fields)):
        errors[name] = [f"A report has no field {name}: the fields are {', '.join(fields)}"]
    for name, field in fields.items():
        value = body.get(name)
        if value is None:
            if field.initial is not None:  # what the page's form starts with, such as the role
                data[name] = field.initial
            continue
        kind, fits = _json_kind(field)
        if fits(value):
            data[name] = value
        else:
            errors[name] = [f"Send {kind}"]
    if errors:
        raise serializers.ValidationError(errors)
    return data


def _errors_of(form):
    return {("non_field_errors" if field == "__all__" else field): list(messages)
            for field, messages in form.errors.items()}


def _request_field(field):
    """How the schema describes one of the form's fields."""
    described = {"required": field.required and field.initial is None,  # _as_form_data fills in the initial
                 "help_text": " ".join(filter(None, [field.label, field.help_text]))}
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**{**described, "required": False})
    if isinstance(field, forms.MultipleChoiceField):
        return serializers.MultipleChoiceField(choices=field.choices, **described)
    if isinstance(field, forms.ChoiceField):
        return serializers.ChoiceField(choices=[c for c in field.choices if c[0]], **described)
    if isinstance(field, DayField):
        return ApiDayField(what=field.what, earliest=field.earliest, latest=field.latest, **described)
    if isinstance(field, forms.TimeField):
        return serializers.TimeField(**described)
    if isinstance(field, forms.EmailField):
        return serializers.EmailField(max_length=field.max_length, allow_blank=not field.required, **described)
    return serializers.CharField(max_length=field.max_length, allow_blank=not field.required, **described)


# What a caller sends: the page form's fields, less the hidden ones that carry the page's own steps
# (the API offers no possible duplicates to choose from: a person is matched on name and date of
# birth, as the page does when it offers none). The schema is drawn from the same fields.
REPORT_FIELDS = {name: field for name, field in ReportForm.base_fields.items() if not field.widget.is_hidden}
NewReportSerializer = type("NewReportSerializer", (serializers.Serializer,),
                           {name: _request_field(field) for name, field in REPORT_FIELDS.items()})

# Reading ------------------------------------------------------------------------------------------

class ReportList(APIView):
    pagination_class = Pagination
    parser_classes = [JsonParser]  # a report comes as JSON: its types are checked in _as_form_data

    @extend_schema(parameters=[ReportFilters], responses=ReportSerializer(many=True))
    def get(self, request, slug):
        """The reports you may see, newest reported first."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        filters = _filters(ReportFilters, request)
        reports = queries.reports_visible_to(request.user, partnership)
        if "category" in filters:
            reports = reports.filter(category=filters["category"])
        if "source" in filters:
            reports = reports.filter(source=filters["source"])
        start, end = _day_bounds(filters.get("occurred_from"), filters.get("occurred_to"))
        if start:
            reports = reports.filter(occurred_at__gte=start)
        if end:
            reports = reports.filter(occurred_at__lt=end)
        text = filters["q"].strip()
        if text:
            reports, _ = queries.search_reports(reports, text)
        paginator = self.pagination_class()
        shown = paginator.paginate_queryset(
            reports.select_related("owner_organisation").prefetch_related("people_links__person"), request, view=self)
        audit.record(by=request.user, action="casework.reports_searched" if text else "casework.reports_listed",
                     partnership=partnership, reason=filters["reason"],
                     data={"search": text, "filters": _shown_filters(filters), "ids": [r.pk for r in shown],
                           "via": "api"})
        return paginator.get_paginated_response(ReportSerializer(shown, many=True).data)

    @extend_schema(request=NewReportSerializer, responses={201: ReportDetailSerializer})
    def post(self, request, slug):
        """Record a report, as the page does: the same checks and words, and nothing saved unless all
        of it is. A person named is matched to one you already see (same name and date of birth) or
        added. Times are local (UK) time."""
        partnership = partnership_for(request, slug, Permission.CASE_EDIT)
        form = ReportForm(_as_form_data(request.data, REPORT_FIELDS))
        if not form.is_valid():
            raise serializers.ValidationError(_errors_of(form))
        organisation = acting_organisation(request.user, partnership)
        try:
            report = form.record(by=request.user, partnership=partnership, organisation=organisation)
        except ValidationError as refusal:
            form.add_action_errors(refusal)
            raise serializers.ValidationError(_errors_of(form)) from refusal
        # The action's audit event names the report and the people linked: all this answer shows.
        report.visible_cases = []
        return Response(ReportDetailSerializer(report).data, status=status.HTTP_201_CREATED)


class ReportDetail(APIView):
    @extend_schema(responses=ReportDetailSerializer)
    def get(self, request, slug, pk):
        """A report you may see, with the people in it and the cases holding it."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        report = get_object_or_404(queries.reports_visible_to(request.user, partnership)
                                   .select_related("owner_organisation").prefetch_related("people_links__person"),
                                   pk=pk)
        report.visible_cases = list(queries.cases_visible_to(request.user, partnership).filter(reports=report))
        audit.record(by=request.user, action="casework.report_viewed", obj=report, partnership=partnership,
                     data={"cases": [c.pk for c in report.visible_cases],
                           "people": sorted({link.person_id for link in report.people_links.all()}), "via": "api"})
        return Response(ReportDetailSerializer(report).data)


class CaseList(APIView):
    pagination_class = Pagination

    @extend_schema(parameters=[CaseFilters], responses=CaseSerializer(many=True))
    def get(self, request, slug):
        """The cases you may see (your organisation's and those shared with it), newest opened first."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        filters = _filters(CaseFilters, request)
        cases = queries.cases_visible_to(request.user, partnership)
        if "status" in filters:
            cases = cases.filter(status=filters["status"])
        if "owner_organisation" in filters:
            if not organisations_in(partnership).filter(pk=filters["owner_organisation"]).exists():
                raise serializers.ValidationError(
                    {"owner_organisation": ["Not a member organisation of this partnership"]})
            cases = cases.filter(owner_organisation_id=filters["owner_organisation"])
        text = filters["q"].strip()
        if text:
            cases, _ = queries.search_cases(cases, text)
        paginator = self.pagination_class()
        shown = paginator.paginate_queryset(
            cases.select_related("owner_organisation", "lead_officer").prefetch_related("parties__person"),
            request, view=self)
        audit.record(by=request.user, action="casework.cases_searched" if text else "casework.cases_listed",
                     partnership=partnership, reason=filters["reason"],
                     data={"search": text, "status": filters.get("status", ""), "filters": _shown_filters(filters),
                           "ids": [c.pk for c in shown], "via": "api"})
        return paginator.get_paginated_response(CaseSerializer(shown, many=True).data)


class CaseDetail(APIView):
    @extend_schema(responses=CaseDetailSerializer)
    def get(self, request, slug, pk):
        """A case you may see: its parties, the reports in it you may see, who it is shared with and
        what the apps built on casework hold on it (the interventions)."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        case = get_object_or_404(queries.cases_visible_to(request.user, partnership)
                                 .select_related("owner_organisation", "lead_officer"), pk=pk)
        case.owned_by_you = queries.owns_case(request.user, partnership, case)
        case.visible_reports = list(queries.reports_visible_to(request.user, partnership).filter(cases=case)
                                    .order_by("-occurred_at"))
        case.shown_parties = list(case.parties.select_related("person")
                                  .order_by("person__last_name", "person__first_name"))
        case.shown_shares = list(case.shares.select_related("organisation", "agreement").order_by("organisation__name"))
        shown = {"reports": [r.pk for r in case.visible_reports], "people": [p.person_id for p in case.shown_parties]}
        for section in case_sections():
            records = list(section.records(case))
            setattr(case, f"shown_{section.name}", records)
            shown[section.name] = [record.pk for record in records]
        audit.record(by=request.user, action="casework.case_viewed", obj=case, partnership=partnership,
                     data={**shown, "via": "api"})
        return Response(CaseDetailSerializer(case).data)


class PersonDetail(APIView):
    @extend_schema(responses={
        200: PersonSerializer,
        301: OpenApiResponse(inline_serializer("PersonMerged", {"detail": serializers.CharField(),
                                                                "merged_into": serializers.IntegerField()}),
                             description="The person was merged into another you may see: follow Location"),
    })
    def get(self, request, slug, pk):
        """A person you may see, with only the reports and cases naming them that you may see."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        person = queries.people_visible_to(request.user, partnership).select_related("owner_organisation").filter(
            pk=pk).first()
        if person is None:
            return _merged_or_not_found(request, partnership, pk)
        reports = queries.reports_visible_to(request.user, partnership).values("id")
        cases = queries.cases_visible_to(request.user, partnership).values("id")
        person.visible_report_links = list(
            ReportPerson.objects.filter(person=person, report__in=reports).select_related("report")
            .order_by("-report__occurred_at", "report_id"))
        person.visible_case_links = list(
            CaseParty.objects.filter(person=person, case__in=cases).select_related("case")
            .order_by("-case__opened_on", "case_id"))
        person.age = person.age_on(timezone.localdate())
        person.shown_consents = list(person.consents.select_related("recorded_by", "recorded_for"))
        audit.record(by=request.user, action="casework.person_viewed", obj=person, partnership=partnership,
                     data={"reports": sorted({link.report_id for link in person.visible_report_links}),
                           "cases": sorted({link.case_id for link in person.visible_case_links}),
                           "consents": [c.pk for c in person.shown_consents], "via": "api"})
        return Response(PersonSerializer(person).data)


def _merged_or_not_found(request, partnership, pk):
    """A merged duplicate's address leads to the person it became, as the page's does, if the caller
    may see that person; anything else is not found. Only an id is shown, so nothing is audited."""
    became = queries.merged_person(request.user, partnership, pk)
    if became is None:
        raise Http404("No Person matches the given query.")  # the words of any other missing person
    return Response({"detail": f"Record {pk} was merged into record {became.pk}", "merged_into": became.pk},
                    status=status.HTTP_301_MOVED_PERMANENTLY,
                    headers={"Location": reverse("api:person", args=[partnership.slug, became.pk])})
