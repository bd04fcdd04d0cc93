from django.urls import path

from eunomia.briefing import views

app_name = "briefing"
urlpatterns = [
    path("", views.page, name="page"),
    path("sheet.pdf", views.sheet, name="sheet"),
]
