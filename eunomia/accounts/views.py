from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from eunomia.accounts.forms import ChangePasswordForm, SignInForm
from eunomia.audit import actions as audit
from eunomia.core.rendering import form_page, posted


@never_cache
@csrf_protect
def sign_in(request):
    if request.user.is_authenticated:
        return redirect("home:home")
    form = SignInForm(posted(request), request=request)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        audit.record(by=form.user, action="user.signed_in", obj=form.user)
        next_url = request.POST.get("next") or request.GET.get("next")
        if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                                        require_https=request.is_secure()):
            return redirect(next_url)
        return redirect("home:home")
    if request.method == "POST" and form.user is None and form.non_field_errors():
        audit.record(by=None, action="user.sign_in_refused", data={"email": form.cleaned_data.get("email", "")})
    return form_page(request, form, page_title="Sign in", template="accounts/sign_in.html",
                     next=request.GET.get("next", ""))


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        audit.record(by=request.user, action="user.signed_out", obj=request.user)
    logout(request)
    return redirect("accounts:login")


def change_password(request):
    form = ChangePasswordForm(request.user, posted(request))
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        audit.record(by=user, action="user.password_changed", obj=user)
        messages.success(request, "Your password has been changed")
        return redirect("home:home")
    return form_page(request, form, page_title="Change your password", back_url="/")
