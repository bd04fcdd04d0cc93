from django.urls import path

from eunomia.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("people/<int:pk>/new/", views.referral_new, name="new"),
]
