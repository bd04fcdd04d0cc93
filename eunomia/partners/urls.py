from django.urls import path

from eunomia.partners import people, views

app_name = "partners"
urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("people/", people.people, name="people"),
    path("people/invite/", people.invite, name="invite"),
    path("people/<int:pk>/role/", people.membership_role, name="membership_role"),
    path("people/<int:pk>/end/", people.membership_end, name="membership_end"),
    path("people/<int:pk>/reactivate/", people.membership_reactivate, name="membership_reactivate"),
    path("people/invitations/<int:pk>/cancel/", people.invitation_cancel, name="invitation_cancel"),
    path("people/<int:pk>/lead/", people.membership_lead, name="membership_lead"),
    path("people/<int:pk>/second-factor/", people.second_factor_reset, name="second_factor_reset"),
    path("people/organisation-leads/", people.lead_roles, name="lead_roles"),
    path("directory/partnership/", views.partnership_edit, name="partnership_edit"),
    path("directory/organisations/new/", views.organisation_create, name="organisation_create"),
    path("directory/organisations/add/", views.organisation_join, name="organisation_join"),
    path("directory/organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("directory/organisations/<int:pk>/leave/", views.organisation_leave, name="organisation_leave"),
    path("directory/members/<int:pk>/dates/", views.seat_dates, name="seat_dates"),
    path("directory/contacts/new/", views.contact_create, name="contact_create"),
    path("directory/contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("directory/working-groups/new/", views.working_group_create, name="working_group_create"),
    path("directory/working-groups/<int:pk>/edit/", views.working_group_edit, name="working_group_edit"),
]
