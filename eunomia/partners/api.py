"""The directory API (ADR 43): the partnership's member organisations, every membership spell, its
working groups and its named contacts, to members holding DIRECTORY_VIEW, as on the directory page.
Contacts are personal data: a list of them is audited as the page audits it, and they are added,
changed and removed by DIRECTORY_EDIT holders through the page's actions."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.core.api import JsonParser, StrictSerializer
from eunomia.core.dates import ApiDayField
from eunomia.partners import actions
from eunomia.partners.access import partnership_for
from eunomia.partners.models import Organisation
from eunomia.partners.queries import (contacts_visible_to, organisations_in, organisations_not_in, seats_in,
                                      spells_in, working_groups_in)


class PartnershipDetailsSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    local_authority_codes = serializers.ListField(child=serializers.CharField(),
                                                  help_text="ONS codes of the districts it covers")
    district_names = serializers.ListField(child=serializers.CharField(),
                                           help_text="Districts named as police.uk writes them (ADR 55)")
    address = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    website = serializers.CharField()


class DirectoryOrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices)
    address = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    website = serializers.CharField()
    charity_number = serializers.CharField(help_text="Registered charity number, or blank")
    company_number = serializers.CharField(help_text="Companies House number, or blank")


class MemberOrganisationSerializer(serializers.Serializer):
    organisation = DirectoryOrganisationSerializer()
    joined_on = serializers.DateField()
    left_on = serializers.DateField(allow_null=True, help_text="The last day it is a member, if it has left")


class MembershipSpellSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation_id = serializers.IntegerField()
    organisation = serializers.StringRelatedField()
    joined_on = serializers.DateField()
    left_on = serializers.DateField(allow_null=True)


class DirectoryContactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    organisation_id = serializers.IntegerField()
    organisation = serializers.StringRelatedField()
    job_title = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()


class DirectoryWorkingGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    purpose = serializers.CharField()
    lead_organisation = serializers.StringRelatedField()
    lead_contact_id = serializers.IntegerField(allow_null=True)
    member_organisations = serializers.StringRelatedField(many=True, source="member_organisations.all")


EMAIL_INVALID = "Enter an email address in the right format, like name@example.org"


class PartnershipChangeSerializer(StrictSerializer):
    """The fields of the page's partnership details form, with its words; the action checks the codes."""

    name = serializers.CharField(max_length=200, error_messages={"blank": "Enter the partnership's name",
                                                                 "required": "Enter the partnership's name"})
    local_authority_codes = serializers.ListField(
        child=serializers.CharField(allow_blank=True), max_length=500,
        help_text="The ONS codes of the districts the partnership covers, like [\"E07000115\"]",
        error_messages={"not_a_list": "Send the ONS codes as a list, like [\"E07000115\"]"})
    district_names = serializers.ListField(
        child=serializers.CharField(allow_blank=True), max_length=500,
        help_text="Without ONS codes, the districts as police.uk's crime files name them, like [\"City of London\"]",
        error_messages={"not_a_list": "Send the district names as a list, like [\"City of London\"]"})
    address = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254,
                                   error_messages={"invalid": EMAIL_INVALID})
    website = serializers.CharField(required=False, allow_blank=True, max_length=200)


class DirectoryContactChangeSerializer(StrictSerializer):
    """The fields of the page's contact form, with its words."""

    name = serializers.CharField(max_length=200, error_messages={"blank": "Enter the contact's full name",
                                                                 "required": "Enter the contact's full name"})
    organisation = serializers.IntegerField(min_value=1, help_text="Id of a member organisation",
                                            error_messages={"required": "Choose the contact's organisation"})
    job_title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True, error_messages={"invalid": EMAIL_INVALID})
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)

    def validate_organisation(self, value):
        organisation = organisations_in(self.context["partnership"]).filter(pk=value).first()
        if organisation is None:
            raise serializers.ValidationError("Choose an organisation that is a member of the partnership")
        return organisation


class DirectoryOrganisationChangeSerializer(StrictSerializer):
    """The fields of the page's organisation form, with its words."""

    name = serializers.CharField(max_length=200, error_messages={"blank": "Enter the organisation's name",
                                                                 "required": "Enter the organisation's name"})
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices,
                                   error_messages={"required": "Choose the type of organisation",
                                                   "invalid_choice": "Choose the type of organisation"})
    address = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    email = serializers.EmailField(required=False, allow_blank=True, error_messages={"invalid": EMAIL_INVALID})
    website = serializers.CharField(required=False, allow_blank=True, max_length=200)
    charity_number = serializers.CharField(required=False, allow_blank=True,
                                           help_text="Like 1123456, 1123456-1, SC012345 or NIC100001")
    company_number = serializers.CharField(required=False, allow_blank=True,
                                           help_text="Like 01234567 or SC123456")

    def validate_charity_number(self, value):
        """The action's rule, asked here to answer with the field's own words."""
        number = actions.tidy_registered_number(value)
        problem = actions.charity_number_problem(number)
        if problem:
            raise serializers.ValidationError(problem)
        return number

    def validate_company_number(self, value):
        number = actions.tidy_registered_number(value)
        problem = actions.company_number_problem(number)
        if problem:
            raise serializers.ValidationError(problem)
        return number


class NewDirectoryOrganisationSerializer(DirectoryOrganisationChangeSerializer):
    member = serializers.BooleanField(required=False, default=True, help_text="Whether it joins the partnership "
                                      "(false: a provider or charity listed as a delivery partner, not a member)")
    joined_on = ApiDayField(what="The date it joined", required=False, allow_null=True, default=None,
                            help_text="The day it became a member (default today)")


class DirectoryJoinSerializer(StrictSerializer):
    organisation = serializers.IntegerField(min_value=1, help_text="Id of an organisation in the directory that "
                                            "is not a member", error_messages={"required": "Choose an organisation"})
    joined_on = ApiDayField(what="The date it joined", required=False, allow_null=True, default=None,
                            help_text="The day it became a member (default today)")


class DirectoryLeaveSerializer(StrictSerializer):
    left_on = ApiDayField(what="The date it left", required=False, allow_null=True, default=None,
                          help_text="The last day it is a member (default today)")


class DirectorySpellChangeSerializer(StrictSerializer):
    joined_on = ApiDayField(what="The date it joined")
    left_on = ApiDayField(what="The date it left", required=False, allow_null=True,
                          help_text="Null while it is still a member")


class DirectoryWorkingGroupChangeSerializer(StrictSerializer):
    """The fields of the page's working group form, with its words."""

    name = serializers.CharField(max_length=200, error_messages={"blank": "Enter the working group's name",
                                                                 "required": "Enter the working group's name"})
    purpose = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    lead_organisation = serializers.IntegerField(min_value=1, help_text="Id of a member organisation",
                                                 error_messages={"required": "Choose the lead organisation"})
    lead_contact = serializers.IntegerField(min_value=1, required=False, allow_null=True,
                                            help_text="Id of a contact at the lead organisation, or null")
    member_organisations = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False,
                                                 max_length=500, help_text="Ids of member organisations")

    def validate_lead_organisation(self, value):
        organisation = organisations_in(self.context["partnership"]).filter(pk=value).first()
        if organisation is None:
            raise serializers.ValidationError("Choose an organisation that is a member of the partnership")
        return organisation

    def validate_lead_contact(self, value):
        if value is None:
            return None
        contact = contacts_visible_to(self.context["user"], self.context["partnership"]).filter(pk=value).first()
        if contact is None:
            raise serializers.ValidationError("Choose one of the partnership's contacts")
        return contact

    def validate_member_organisations(self, value):
        organisations = list(organisations_in(self.context["partnership"]).filter(pk__in=value))
        if len(organisations) != len(set(value)):
            raise serializers.ValidationError("Choose organisations that are members of the partnership")
        return organisations


class PartnershipDetails(APIView):
    parser_classes = [JsonParser]

    @extend_schema(responses=PartnershipDetailsSerializer)
    def get(self, request, slug):
        """The partnership's own details: its name, the districts it covers and the contact details its
        published plans print."""
        partnership = partnership_for(request, slug, Permission.DIRECTORY_VIEW)
        return Response(PartnershipDetailsSerializer(partnership).data)

    @extend_schema(request=PartnershipChangeSerializer(partial=True), responses=PartnershipDetailsSerializer)
    def patch(self, request, slug):
        """Change the partnership's own details (the fields sent), as the CSP manager does on the
        directory's "Partnership details" page."""
        partnership = partnership_for(request, slug, Permission.DIRECTORY_EDIT)
        incoming = PartnershipChangeSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        partnership = actions.update_partnership(by=request.user, partnership=partnership, **incoming.validated_data)
        return Response(PartnershipDetailsSerializer(partnership).data)


class OrganisationList(APIView):
    parser_classes = [JsonParser]

    @extend_schema(responses=MemberOrganisationSerializer(many=True))
    def get(self, request, slug):
        """The member organisations today, with when each joined."""
        partnership = partnership_for(request, slug, Permission.DIRECTORY_VIEW)
        seats = seats_in(partnership).order_by("position", "organisation__name")
        return Response(MemberOrganisationSerializer(seats, many=True).data)

    @extend_schema(request=NewDirectoryOrganisationSerializer, responses={201: DirectoryOrganisationSerializer})
    def post(self, request, slug):
        """Add an organisation new to the directory: a member from `joined_on`, or only a delivery partner."""
        partnership = partnership_for(request, slug, Permission.DIRECTORY_EDIT)
        incoming = NewDirectoryOrganisationSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        organisation = actions.add_organisation(by=request.user, partnership=partnership, **incoming.validated_data)
        return Response(DirectoryOrganisationSerializer(organisation).data, status=status.HTTP_201_CREATED)


def _member_to_change(request, slug, pk):
    """A member organisation today (404 otherwise), for a directory editor (403 to anyone else)."""
    partnership = partnership_for(request, slug, Permission.DIRECTORY_EDIT)
    return partnership, get_object_or_404(organisations_in(partnership), pk=pk)


ORGANISATION_FIELDS = ("name", "kind", "address", "phone", "email", "website", "charity_number", "company_number")


class OrganisationDetail(APIView):
    parser_classes = [JsonParser]

    @extend_schema(request=DirectoryOrganisationChangeSerializer(partial=True),
                   responses=DirectoryOrganisationSerializer)
    def patch(self, request, slug, pk):
        """Change a member organisation's directory entry (the fields sent). The directory is shared
        by every partnership it sits on."""
        partnership, organisation = _member_to_change(request, slug, pk)
        incoming = DirectoryOrganisationChangeSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        fields = {**{f: getattr(organisation, f) for f in ORGANISATION_FIELDS}, **incoming.validated_data}
        organisation = actions.update_organisation(by=request.user, partnership=partnership,
                                                   organisation=organisation, **fields)
        return Response(DirectoryOrganisationSerializer(organisation).data)


class OrganisationLeave(APIView):
    parser_classes = [JsonParser]

    @extend_schema(request=DirectoryLeaveSerializer, responses=MembershipSpellSerializer)
    def post(self, request, slug, pk):
        """End a member organisation's spell on the partnership. It stays in the directory, and in the
        plans of the years it was a member."""
        partnership, organisation = _member_to_change(request, slug, pk)
        incoming = DirectoryLeaveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        seat = actions.leave_partnership(by=request.user, partnership=partnership, organisation=organisation,
                                         left_on=incoming.validated_data["left_on"])
        return Response(MembershipSpellSerializer(seat).data)


class OtherOrganisationList(APIView):
    @extend_schema(responses=DirectoryOrganisationSerializer(many=True))
    def get(self, request, slug):
        """Organisations in the directory that are not members today: those that may join."""
        partnership = partnership_for(request, slug, Permission.DIRECTORY_EDIT)
        return Response(DirectoryOrganisationSerializer(organisations_not_in(partnership).order_by("name"),
                                                        many=True).data)


class SpellList(APIView):
    parser_classes = [JsonParser]

    @extend_schema(responses=MembershipSpellSerializer(many=True))
    def get(self, request, slug):
        """Every spell of membership, past, present and to come: each plan lists its own year's members."""
        partnership = partnership_for(request, slug, Permission.DIRECTORY_VIEW)
        spells = spells_in(partnership).order_by("organisation__name", "joined_on", "id")
        return Response(MembershipSpellSerializer(spells, many=True).data)

    @extend_schema(request=DirectoryJoinSerializer, responses={201: MembershipSpellSerializer})
    def post(self, request, slug):
        """An organisation already in the directory joins the partnership: a new spell from `joined_on`."""
        partnership = partnership_for(request, slug, Permission.DIRECTORY_EDIT)
        incoming = DirectoryJoinSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        organisation = organisations_not_in(partnership).filter(pk=data["organisation"]).first()
        if organisation is None:
            raise serializers.ValidationError(
                {"organisation": ["Choose an organisation in the directory that is not a member"]})
        seat = actions.join_partnership(by=request.user, partnership=partnership, organisation=organisation,
                                        joined_on=data["joined_on"])
        return Response(MembershipSpellSerializer(seat).data, status=status.HTTP_201_CREATED)


class SpellDetail(APIView):
    parser_classes = [JsonParser]

    @extend_schema(request=DirectorySpellChangeSerializer(partial=True), responses=MembershipSpellSerializer)
    def patch(self, request, slug, pk):
        """Correct when a spell began or ended (`left_on` null: still a member). Each plan lists its
        own year's members; plans already published keep those they printed."""
        partnership = partnership_for(request, slug, Permission.DIRECTORY_EDIT)
        seat = get_object_or_404(spells_in(partnership), pk=pk)
        incoming = DirectorySpellChangeSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        dates = {"joined_on": seat.joined_on, "left_on": seat.left_on, **incoming.validated_data}
        seat = actions.change_seat_dates(by=request.user, seat=seat, **dates)
        return Response(MembershipSpellSerializer(seat).data)


class WorkingGroupList(APIView):
    parser_classes = [JsonParser]

    @extend_schema(responses=DirectoryWorkingGroupSerializer(many=True))
    def get(self, request, slug):
        """The working groups that own the plan's priorities and themes."""
        partnership = partnership_for(request, slug, Permission.DIRECTORY_VIEW)
        return Response(DirectoryWorkingGroupSerializer(working_groups_in(partnership), many=True).data)

    @extend_schema(request=DirectoryWorkingGroupChangeSerializer, responses={201: DirectoryWorkingGroupSerializer})
    def post(self, request, slug):
        """Add a working group, led by a member organisation."""
        partnership = partnership_for(request, slug, Permission.DIRECTORY_EDIT)
        incoming = DirectoryWorkingGroupChangeSerializer(
            data=request.data, context={"partnership": partnership, "user": request.user})
        incoming.is_valid(raise_exception=True)
        group = actions.save_working_group(by=request.user, partnership=partnership, **incoming.validated_data)
        return Response(DirectoryWorkingGroupSerializer(group).data, status=status.HTTP_201_CREATED)


class WorkingGroupDetail(APIView):
    parser_classes = [JsonParser]

    @extend_schema(request=DirectoryWorkingGroupChangeSerializer(partial=True),
                   responses=DirectoryWorkingGroupSerializer)
    def patch(self, request, slug, pk):
        """Change a working group (the fields sent; `member_organisations` replaces the list)."""
        partnership = partnership_for(request, slug, Permission.DIRECTORY_EDIT)
        group = get_object_or_404(working_groups_in(partnership), pk=pk)
        incoming = DirectoryWorkingGroupChangeSerializer(
            data=request.data, partial=True, context={"partnership": partnership, "user": request.user})
        incoming.is_valid(raise_exception=True)
        fields = {"name": group.name, "purpose": group.purpose, "lead_organisation": group.lead_organisation,
                  "lead_contact": group.lead_contact, "member_organisations": list(group.member_organisations.all()),
                  **incoming.validated_data}
        group = actions.save_working_group(by=request.user, partnership=partnership, group=group, **fields)
        return Response(DirectoryWorkingGroupSerializer(group).data)


def _listed(request, partnership, contacts):
    """The page's audit event for a list of contacts (none for an empty one, as on the page)."""
    if contacts:
        audit.record(by=request.user, action="contact.list_viewed", partnership=partnership,
                     data={"object_type": "partners.contact", "ids": sorted(c.pk for c in contacts), "via": "api"})


class ContactList(APIView):
    parser_classes = [JsonParser]

    @extend_schema(responses=DirectoryContactSerializer(many=True))
    def get(self, request, slug):
        """The partnership's named contacts, by name."""
        partnership = partnership_for(request, slug, Permission.DIRECTORY_VIEW)
        contacts = list(contacts_visible_to(request.user, partnership))
        _listed(request, partnership, contacts)
        return Response(DirectoryContactSerializer(contacts, many=True).data)

    @extend_schema(request=DirectoryContactChangeSerializer, responses={201: DirectoryContactSerializer})
    def post(self, request, slug):
        """Add a contact at a member organisation."""
        partnership = partnership_for(request, slug, Permission.DIRECTORY_EDIT)
        incoming = DirectoryContactChangeSerializer(data=request.data, context={"partnership": partnership})
        incoming.is_valid(raise_exception=True)
        contact = actions.add_contact(by=request.user, partnership=partnership, **incoming.validated_data)
        return Response(DirectoryContactSerializer(contact).data, status=status.HTTP_201_CREATED)


class ContactDetail(APIView):
    parser_classes = [JsonParser]

    def _contact(self, request, slug):
        partnership = partnership_for(request, slug, Permission.DIRECTORY_EDIT)
        return partnership, get_object_or_404(contacts_visible_to(request.user, partnership), pk=self.kwargs["pk"])

    @extend_schema(request=DirectoryContactChangeSerializer(partial=True), responses=DirectoryContactSerializer)
    def patch(self, request, slug, pk):
        """Change a contact (the fields sent)."""
        partnership, contact = self._contact(request, slug)
        incoming = DirectoryContactChangeSerializer(data=request.data, partial=True,
                                                    context={"partnership": partnership})
        incoming.is_valid(raise_exception=True)
        contact = actions.update_contact(by=request.user, contact=contact, **incoming.validated_data)
        return Response(DirectoryContactSerializer(contact).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, slug, pk):
        """Remove a contact."""
        _, contact = self._contact(request, slug)
        actions.delete_contact(by=request.user, contact=contact)
        return Response(status=status.HTTP_204_NO_CONTENT)
