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
