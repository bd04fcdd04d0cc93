from django.urls import path

from eunomia.risk import views

app_name = "risk"
urlpatterns = [
    path("overdue/", views.overdue, name="overdue"),
    path("people/<int:pk>/", views.person_assessments, name="person"),
    path("people/<int:pk>/assess/", views.assess, name="assess"),
]
