"""The operations log, events and campaigns in the API (ADR 43, ADR 60): each type read as a list (the
latest first, `limit` and `offset`) and recorded, through the pages' scoped queries, actions and
permissions. None of it is personal data, so every member who may read the plan reads it all and
nothing is audited as a read. A record is made for the organisation named as `owner_organisation`,
or else the one the caller acts for; a partner practitioner records only for their own (403
otherwise), and a scheme's members and exclusions are added only by those who may change the scheme."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from eunomia.accounts.roles import Permission
from eunomia.core.api import JsonParser, StrictSerializer
from eunomia.core.dates import ApiDayField
from eunomia.operations import actions, queries
from eunomia.operations.actions import MAX_COUNT, MAX_HOURS
from eunomia.operations.models import Premises, PremisesVisit, TestPurchase
from eunomia.partners.access import partnership_for
from eunomia.partners.queries import acting_organisation, organisations_in

# The largest id the database's integer holds: a larger one is no record, and is refused as one.
MAX_ID = 2**31 - 1
OUTSIDE = "Choose one of the partnership's member organisations"
NOT_IN_DIRECTORY = "Choose organisations from the partnership's directory"


class Pagination(LimitOffsetPagination):
    """`limit` (default 100) and `offset`; a caller cannot take more than 500 records at once."""

    max_limit = 500


# What is shown ------------------------------------------------------------------------------------------

class OwnedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    owner_organisation_id = serializers.IntegerField(help_text="The organisation that recorded it: only it (and "
                                                               "the partnership's own officers) may change it")
    owner_organisation = serializers.StringRelatedField()


# Premises' kind is text listing its values, not an enum: an enum named "kind" would collide in the schema
# with the directory's organisations' (and their overrides are settings', not this app's).
KINDS_HELP = "One of: " + ", ".join(f"{value} ({label})" for value, label in Premises.Kind.choices)


class PremisesSerializer(OwnedSerializer):
    name = serializers.CharField()
    kind = serializers.CharField(help_text=KINDS_HELP)
    address = serializers.CharField()
    postcode = serializers.CharField()


class TestPurchaseSerializer(OwnedSerializer):
    premises_id = serializers.IntegerField()
    premises = serializers.StringRelatedField()
    made_on = serializers.DateField()
    product = serializers.ChoiceField(choices=TestPurchase.Product.choices)
    result = serializers.ChoiceField(choices=TestPurchase.Result.choices,
                                     help_text="pass: the sale was refused; fail: the product was sold")
    follow_up = serializers.CharField()


class VisitSerializer(OwnedSerializer):
    premises_id = serializers.IntegerField()
    premises = serializers.StringRelatedField()
    visited_on = serializers.DateField()
    purpose = serializers.ChoiceField(choices=PremisesVisit.Purpose.choices)
    findings = serializers.CharField()


class AttendanceSerializer(serializers.Serializer):
    organisation_id = serializers.IntegerField()
    organisation = serializers.StringRelatedField()
    people = serializers.IntegerField()


class TrainingSerializer(OwnedSerializer):
    topic = serializers.CharField()
    held_on = serializers.DateField()
    attendance = AttendanceSerializer(many=True, source="attendance.all",
                                      help_text="How many people each organisation sent (no names)")
    attendees = serializers.IntegerField(help_text="The people of every organisation, added up")


class PaybackSerializer(OwnedSerializer):
    nominated_by_id = serializers.IntegerField()
    nominated_by = serializers.StringRelatedField()
    site = serializers.CharField()
    work = serializers.CharField()
    nominated_on = serializers.DateField()
    hours = serializers.DecimalField(max_digits=8, decimal_places=1, help_text="The project's total hours of work")
    completed_on = serializers.DateField(allow_null=True)


class SchemeSerializer(OwnedSerializer):
    name = serializers.CharField()
    description = serializers.CharField()
    started_on = serializers.DateField()


class SchemeMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    scheme_id = serializers.IntegerField()
    premises_id = serializers.IntegerField()
    premises = serializers.StringRelatedField()
    joined_on = serializers.DateField()
    left_on = serializers.DateField(allow_null=True, help_text="The last day it was a member")


class ExclusionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    scheme_id = serializers.IntegerField()
    reference = serializers.CharField(help_text="The scheme's own reference: never a name")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(help_text="The last day it is in force")


class EnforcementSerializer(OwnedSerializer):
    name = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    partners = serializers.StringRelatedField(many=True, source="partners.all")
    results = serializers.CharField()


class CampaignSerializer(OwnedSerializer):
    name = serializers.CharField()
    aim = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    priority_id = serializers.IntegerField(allow_null=True, help_text="The plan priority it serves")


class EventSerializer(OwnedSerializer):
    name = serializers.CharField()
    held_on = serializers.DateField()
    campaign_id = serializers.IntegerField(allow_null=True)
    audience = serializers.CharField()
    place = serializers.CharField()
    partners = serializers.StringRelatedField(many=True, source="partners.all")
    materials = serializers.CharField()
    people_attended = serializers.IntegerField()
    leaflets = serializers.IntegerField()
    online_views = serializers.IntegerField()
    priority_id = serializers.IntegerField(allow_null=True, help_text="The plan priority it serves")


# What is taken ---------------------------------------------------------------------------------------------

def _id(help_text, message, *, required=True):
    optional = {} if required else {"required": False, "allow_null": True, "default": None}
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=help_text,
                                    error_messages={"required": message}, **optional)


def _ids(help_text):
    return serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False,
                                 default=list, max_length=500, help_text=help_text)


def _text(max_length, message="", help_text=""):
    if message:
        return serializers.CharField(max_length=max_length, help_text=help_text,
                                     error_messages={"required": message, "blank": message})
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, default="",
                                 help_text=help_text)


def _count(help_text, what, *, minimum=0, **kwargs):
    return serializers.IntegerField(
        min_value=minimum, max_value=MAX_COUNT, help_text=help_text, **kwargs,
        error_messages={"invalid": f"Enter {what} as a whole number, like 40",
                        "min_value": f"Enter {what} as a whole number, {minimum} or more",
                        "max_value": f"That is more {what} than Eunomia can hold: check the number"})


def _choice(choices, message):
    return serializers.ChoiceField(choices=choices, error_messages={"required": message, "invalid_choice": message})


class NewRecordSerializer(StrictSerializer):
    owner_organisation = _id("Id of the member organisation recording it (default: the one you act for)",
                             "Choose the organisation recording it", required=False)


class NewPremisesSerializer(NewRecordSerializer):
    name = _text(200, "Enter the name the premises trade under", "The business's trading name: no person's name")
    kind = _text(20, "Choose the kind of premises", KINDS_HELP)
    address = _text(500, "Enter the address of the premises")
    postcode = _text(10, "Enter the postcode of the premises", "A UK postcode, like HW1 2AB")


class NewTestPurchaseSerializer(NewRecordSerializer):
    premises = _id("Id of the premises", "Choose the premises")
    made_on = ApiDayField(what="The date of the test purchase")
    product = _choice(TestPurchase.Product.choices, "Choose the product the volunteer tried to buy")
    result = _choice(TestPurchase.Result.choices,
                     "Choose the result: pass if the sale was refused, fail if the product was sold")
    follow_up = _text(20000, help_text="What happens next: no personal data")


class NewVisitSerializer(NewRecordSerializer):
    premises = _id("Id of the premises", "Choose the premises")
    visited_on = ApiDayField(what="The date of the visit")
    purpose = _choice(PremisesVisit.Purpose.choices, "Choose the purpose of the visit")
    findings = _text(20000, "Say what the visit found", "No personal data")


class NewAttendanceSerializer(StrictSerializer):
    organisation = _id("Id of an organisation in the partnership's directory", "Choose the organisation")
    people = _count("How many people it sent", "the people it sent", minimum=1)


class NewTrainingSerializer(NewRecordSerializer):
    topic = _text(200, "Enter the topic of the session")
    held_on = ApiDayField(what="The date of the session")
    attendance = serializers.ListField(child=NewAttendanceSerializer(), max_length=500, allow_empty=False,
                                       error_messages={"empty": "Say how many people attended from at least one "
                                                                "organisation"},
                                       help_text="Each organisation once, with the number of people it sent")


class NewPaybackSerializer(NewRecordSerializer):
    nominated_by = _id("Id of the organisation (in the directory) that nominated it",
                       "Choose the organisation that nominated the project")
    site = _text(200, "Enter the site where the work was done")
    work = _text(20000, help_text="What was done: never the names of the people doing it")
    nominated_on = ApiDayField(what="The date the project was nominated")
    hours = serializers.DecimalField(
        max_digits=8, decimal_places=1, min_value=0, max_value=MAX_HOURS, required=False, default=0,
        help_text="The project's total hours of work, to one decimal place",
        error_messages={"invalid": "Enter the hours as a number, like 37.5",
                        "min_value": "The hours cannot be fewer than 0",
                        "max_value": f"Enter at most {MAX_HOURS:,} hours",
                        "max_digits": f"Enter at most {MAX_HOURS:,} hours",
                        "max_whole_digits": f"Enter at most {MAX_HOURS:,} hours",
                        "max_decimal_places": "Enter the hours to one decimal place at most, like 37.5",
                        "max_string_length": "Enter the hours as a number, like 37.5"})
    completed_on = ApiDayField(what="The date the project was completed", required=False, allow_null=True,
                               default=None)


class NewSchemeSerializer(NewRecordSerializer):
    name = _text(200, "Enter the name of the scheme")
    description = _text(20000)
    started_on = ApiDayField(what="The date the scheme started")


class NewSchemeMemberSerializer(StrictSerializer):
    scheme = _id("Id of the scheme", "Choose the scheme")
    premises = _id("Id of the premises", "Choose the premises")
    joined_on = ApiDayField(what="The date the premises joined")


class NewExclusionSerializer(StrictSerializer):
    scheme = _id("Id of the scheme", "Choose the scheme")
    reference = _text(40, "Enter the scheme's own reference", actions.REFERENCE_HELP)
    starts_on = ApiDayField(what="The first day of the exclusion")
    ends_on = ApiDayField(what="The last day of the exclusion")


class NewEnforcementSerializer(NewRecordSerializer):
    name = _text(200, "Enter the name of the operation")
    starts_on = ApiDayField(what="The first day of the operation")
    ends_on = ApiDayField(what="The last day of the operation", required=False, allow_null=True, default=None)
    partners = _ids("Ids of the organisations (in the directory) that took part")
    results = _text(20000, help_text="No personal data")


class NewCampaignSerializer(NewRecordSerializer):
    name = _text(200, "Enter the name of the campaign")
    aim = _text(20000)
    starts_on = ApiDayField(what="The first day of the campaign")
    ends_on = ApiDayField(what="The last day of the campaign", required=False, allow_null=True, default=None)
    priority = _id("Id of the plan priority it serves", "Choose a priority", required=False)


class NewEventSerializer(NewRecordSerializer):
    name = _text(200, "Enter the name of the event")
    held_on = ApiDayField(what="The date of the event")
    campaign = _id("Id of the campaign it is part of", "Choose a campaign", required=False)
    audience = _text(200, "Say who the event was for")
    place = _text(200, "Say where the event was held (or online)")
    partners = _ids("Ids of the organisations (in the directory) that took part")
    materials = _text(20000)
    people_attended = _count("How many people attended", "the people who attended", required=False, default=0)
    leaflets = _count("How many leaflets were given out", "the leaflets given out", required=False, default=0)
    online_views = _count("How many online views", "the online views", required=False, default=0)
    priority = _id("Id of the plan priority it serves", "Choose a priority", required=False)


# Turning ids into records of this partnership ----------------------------------------------------------------

def _pick(queryset, pk, field, message):
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise serializers.ValidationError({field: [message]})
    return found


def _pick_many(queryset, pks, field, message):
    found = list(queryset.filter(pk__in=set(pks)))
    if len(found) != len(set(pks)):
        raise serializers.ValidationError({field: [message]})
    return found


def _owner(request, partnership, pk):
    """The member organisation named, or the one the caller acts for (else the first they may record
    for). Whether they may record for it is the action's question."""
    if pk is not None:
        return _pick(organisations_in(partnership), pk, "owner_organisation", OUTSIDE)
    mine = queries.recording_organisations(request.user, partnership)
    acting = acting_organisation(request.user, partnership)
    chosen = mine.filter(pk=acting.pk).first() if acting else None
    return chosen or mine.first()


# The views --------------------------------------------------------------------------------------------------

class RecordList(APIView):
    """A type of record: `records` reads them, `create` records one from the checked body."""

    parser_classes = [JsonParser]
    pagination_class = Pagination
    output = None
    incoming = None

    def records(self, partnership):
        raise NotImplementedError

    def create(self, request, partnership, data):
        raise NotImplementedError

    def get(self, request, slug):
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        paginator = self.pagination_class()
        shown = paginator.paginate_queryset(self.records(partnership), request, view=self)
        return paginator.get_paginated_response(self.output(shown, many=True).data)

    def post(self, request, slug):
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        if not queries.may_record(request.user, partnership):
            raise PermissionDenied
        incoming = self.incoming(data=request.data)
        incoming.is_valid(raise_exception=True)
        record = self.create(request, partnership, dict(incoming.validated_data))
        return Response(self.output(self.records(partnership).get(pk=record.pk)).data, status=status.HTTP_201_CREATED)


def _documented(output, incoming, what):
    return extend_schema_view(
        get=extend_schema(responses=output(many=True), description=f"{what}, the latest first."),
        post=extend_schema(request=incoming, responses={201: output},
                           description=f"Record one of the {what.lower()}, as the page does."))


def _owned(request, partnership, data):
    return {"by": request.user, "partnership": partnership,
            "owner_organisation": _owner(request, partnership, data.pop("owner_organisation"))}


@_documented(PremisesSerializer, NewPremisesSerializer, "Premises")
class PremisesList(RecordList):
    output, incoming = PremisesSerializer, NewPremisesSerializer

    def records(self, partnership):
        return queries.premises_in(partnership)

    def create(self, request, partnership, data):
        return actions.add_premises(**_owned(request, partnership, data), **data)


def _premises(partnership, data):
    return {**data, "premises": _pick(queries.premises_in(partnership), data["premises"], "premises",
                                      "Choose premises recorded in this partnership")}


@_documented(TestPurchaseSerializer, NewTestPurchaseSerializer, "Test purchases")
class TestPurchaseList(RecordList):
    __test__ = False  # an API view, not a pytest test class
    output, incoming = TestPurchaseSerializer, NewTestPurchaseSerializer

    def records(self, partnership):
        return queries.records_of(partnership, queries.KIND_BY_KEY["test-purchases"])

    def create(self, request, partnership, data):
        owned = _owned(request, partnership, data)
        return actions.record_test_purchase(**owned, **_premises(partnership, data))


@_documented(VisitSerializer, NewVisitSerializer, "Licensed-premises visits")
class VisitList(RecordList):
    output, incoming = VisitSerializer, NewVisitSerializer

    def records(self, partnership):
        return queries.records_of(partnership, queries.KIND_BY_KEY["visits"])

    def create(self, request, partnership, data):
        owned = _owned(request, partnership, data)
        return actions.record_visit(**owned, **_premises(partnership, data))


@_documented(TrainingSerializer, NewTrainingSerializer, "Training sessions")
class TrainingList(RecordList):
    output, incoming = TrainingSerializer, NewTrainingSerializer

    def records(self, partnership):
        return queries.records_of(partnership, queries.KIND_BY_KEY["training"])

    def create(self, request, partnership, data):
        owned = _owned(request, partnership, data)
        rows = data.pop("attendance")
        pks = [row["organisation"] for row in rows]
        if len(set(pks)) != len(pks):
            raise serializers.ValidationError({"attendance": ["Name each organisation once"]})
        directory = {o.pk: o for o in _pick_many(queries.organisations_named_by(partnership), pks, "attendance",
                                                  NOT_IN_DIRECTORY)}
        attendance = {directory[row["organisation"]]: row["people"] for row in rows}
        return actions.record_training(**owned, attendance=attendance, **data)


@_documented(PaybackSerializer, NewPaybackSerializer, "Community Payback projects")
class PaybackList(RecordList):
    output, incoming = PaybackSerializer, NewPaybackSerializer

    def records(self, partnership):
        return queries.records_of(partnership, queries.KIND_BY_KEY["payback"])

    def create(self, request, partnership, data):
        owned = _owned(request, partnership, data)
        data["nominated_by"] = _pick(queries.organisations_named_by(partnership), data["nominated_by"],
                                     "nominated_by", NOT_IN_DIRECTORY)
        return actions.record_payback_project(**owned, **data)


@_documented(SchemeSerializer, NewSchemeSerializer, "Schemes")
class SchemeList(RecordList):
    output, incoming = SchemeSerializer, NewSchemeSerializer

    def records(self, partnership):
        return queries.records_of(partnership, queries.KIND_BY_KEY["schemes"])

    def create(self, request, partnership, data):
        return actions.set_up_scheme(**_owned(request, partnership, data), **data)


def _scheme(partnership, data):
    return _pick(queries.schemes_in(partnership), data.pop("scheme"), "scheme", "Choose a scheme of this partnership")


@_documented(SchemeMemberSerializer, NewSchemeMemberSerializer, "Schemes' members")
class SchemeMemberList(RecordList):
    output, incoming = SchemeMemberSerializer, NewSchemeMemberSerializer

    def records(self, partnership):
        return queries.scheme_members_in(partnership).order_by("-joined_on", "-id")

    def create(self, request, partnership, data):
        scheme = _scheme(partnership, data)
        return actions.add_scheme_member(by=request.user, scheme=scheme, **_premises(partnership, data))


@_documented(ExclusionSerializer, NewExclusionSerializer, "Schemes' exclusions")
class ExclusionList(RecordList):
    output, incoming = ExclusionSerializer, NewExclusionSerializer

    def records(self, partnership):
        return queries.exclusions_in(partnership).order_by("-starts_on", "-id")

    def create(self, request, partnership, data):
        scheme = _scheme(partnership, data)
        return actions.add_exclusion(by=request.user, scheme=scheme, **data)


def _partners(partnership, data):
    return _pick_many(queries.organisations_named_by(partnership), data.pop("partners"), "partners", NOT_IN_DIRECTORY)


def _priority(partnership, data):
    return _pick(queries.priorities_of(partnership), data.pop("priority"), "priority",
                 "Choose a priority of one of this partnership's plans")


@_documented(EnforcementSerializer, NewEnforcementSerializer, "Enforcement operations")
class EnforcementList(RecordList):
    output, incoming = EnforcementSerializer, NewEnforcementSerializer

    def records(self, partnership):
        return queries.records_of(partnership, queries.KIND_BY_KEY["enforcement"])

    def create(self, request, partnership, data):
        owned = _owned(request, partnership, data)
        return actions.record_enforcement_operation(**owned, partners=_partners(partnership, data), **data)


@_documented(CampaignSerializer, NewCampaignSerializer, "Campaigns")
class CampaignList(RecordList):
    output, incoming = CampaignSerializer, NewCampaignSerializer

    def records(self, partnership):
        return queries.records_of(partnership, queries.KIND_BY_KEY["campaigns"])

    def create(self, request, partnership, data):
        owned = _owned(request, partnership, data)
        return actions.start_campaign(**owned, priority=_priority(partnership, data), **data)


@_documented(EventSerializer, NewEventSerializer, "Events")
class EventList(RecordList):
    output, incoming = EventSerializer, NewEventSerializer

    def records(self, partnership):
        return queries.records_of(partnership, queries.KIND_BY_KEY["events"])

    def create(self, request, partnership, data):
        owned = _owned(request, partnership, data)
        campaign = _pick(queries.campaigns_in(partnership), data.pop("campaign"), "campaign",
                         "Choose a campaign of this partnership")
        return actions.record_event(**owned, campaign=campaign, partners=_partners(partnership, data),
                                    priority=_priority(partnership, data), **data)
