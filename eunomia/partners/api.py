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
from eunomia.partners import actions
from eunomia.partners.access import partnership_for
from eunomia.partners.models import Organisation
from eunomia.partners.queries import contacts_visible_to, organisations_in, seats_in, spells_in, working_groups_in


class DirectoryOrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices)
    address = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    website = serializers.CharField()


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


class OrganisationList(APIView):
    @extend_schema(responses=MemberOrganisationSerializer(many=True))
    def get(self, request, slug):
        """The member organisations today, with when each joined."""
        partnership = partnership_for(request, slug, Permission.DIRECTORY_VIEW)
        seats = seats_in(partnership).order_by("position", "organisation__name")
        return Response(MemberOrganisationSerializer(seats, many=True).data)


class SpellList(APIView):
    @extend_schema(responses=MembershipSpellSerializer(many=True))
    def get(self, request, slug):
        """Every spell of membership, past, present and to come: each plan lists its own year's members."""
        partnership = partnership_for(request, slug, Permission.DIRECTORY_VIEW)
        spells = spells_in(partnership).order_by("organisation__name", "joined_on", "id")
        return Response(MembershipSpellSerializer(spells, many=True).data)


class WorkingGroupList(APIView):
    @extend_schema(responses=DirectoryWorkingGroupSerializer(many=True))
    def get(self, request, slug):
        """The working groups that own the plan's priorities and themes."""
        partnership = partnership_for(request, slug, Permission.DIRECTORY_VIEW)
        return Response(DirectoryWorkingGroupSerializer(working_groups_in(partnership), many=True).data)


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
