from django.urls import path
from django.views.generic import TemplateView

from eunomia.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("oidc/start/", views.oidc_start, name="oidc_start"),
    path("oidc/callback/", views.oidc_callback, name="oidc_callback"),
    path("password/", views.change_password, name="change_password"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("second-factor/", views.second_factors, name="second_factor_setup"),
    path("second-factor/check/", views.second_factor_check, name="second_factor_check"),
    path("second-factor/authenticator/", views.authenticator_setup, name="second_factor_authenticator"),
    path("second-factor/authenticator/remove/", views.authenticator_remove, name="authenticator_remove"),
    path("second-factor/passkey/", views.passkey_setup, name="second_factor_passkey"),
    path("second-factor/passkey/<int:pk>/remove/", views.passkey_remove, name="passkey_remove"),
    path("second-factor/recovery-codes/", views.recovery_codes, name="recovery_codes_new"),
    path("sessions/", views.signed_in_sessions, name="sessions"),
    path("sessions/<int:pk>/end/", views.signed_in_session_end, name="session_end"),
    path("tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("password-reset/", views.ResetRequest.as_view(), name="password_reset"),
    path("password-reset/sent/", TemplateView.as_view(template_name="accounts/password_reset_sent.html"),
         name="password_reset_sent"),
    path("password-reset/<uidb64>/<token>/", views.ResetConfirm.as_view(), name="password_reset_confirm"),
    path("password-reset/done/", TemplateView.as_view(template_name="accounts/password_reset_complete.html"),
         name="password_reset_complete"),
]
