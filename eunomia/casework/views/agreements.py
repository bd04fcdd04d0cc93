"""Information sharing agreements, under which cases are shared."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from eunomia.accounts.roles import Permission
from eunomia.casework import actions, queries
from eunomia.casework.forms import AgreementForm
from eunomia.core.rendering import form_page, posted
from eunomia.partners.access import partnership_view
from eunomia.partners.queries import organisations_in


@partnership_view(Permission.DIRECTORY_VIEW, nav_section="casework")
def agreement_list(request, partnership):
    return render(request, "casework/agreement_list.html", {
        "agreements": queries.agreements_of(partnership), "today": timezone.localdate()})


@partnership_view(Permission.DIRECTORY_EDIT, nav_section="casework")
def agreement_new(request, partnership):
    form = AgreementForm(posted(request), organisations=organisations_in(partnership))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.showing_refusal():
            agreement = actions.add_agreement(by=request.user, partnership=partnership, title=data["title"],
                                              purpose=data["purpose"], lawful_basis=data["lawful_basis"],
                                              parties=list(data["parties"]), starts_on=data["starts_on"],
                                              review_on=data["review_on"])
            messages.success(request, f"Agreement {agreement} added")
            return redirect("casework:agreements", partnership.slug)
    return form_page(request, form, page_title="Add an information sharing agreement",
                     back_url=reverse("casework:agreements", args=[partnership.slug]))
