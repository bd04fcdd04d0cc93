from django.urls import path

from eunomia.interventions import views

app_name = "interventions"
urlpatterns = [
    path("cases/<int:case_pk>/", views.intervention_list, name="list"),
    path("cases/<int:case_pk>/new/", views.intervention_new, name="new"),
    path("cases/<int:case_pk>/<int:pk>/breach/", views.breach_new, name="breach"),
    # The format is fixed per URL rather than a parameter, so each is a page of its own.
    path("cases/<int:case_pk>/<int:pk>/letter.pdf", views.letter_download, {"fmt": "pdf"}, name="letter_pdf"),
    path("cases/<int:case_pk>/<int:pk>/letter.docx", views.letter_download, {"fmt": "docx"}, name="letter_docx"),
    path("letters/", views.template_list, name="templates"),
    path("letters/<slug:letter>/", views.template_edit, name="template_edit"),
]
