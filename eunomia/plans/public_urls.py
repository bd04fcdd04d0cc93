from django.urls import path

from eunomia.figures import public_views as figure_public
from eunomia.plans import public

app_name = "published"
urlpatterns = [
    path("", public.index, name="index"),
    path("<slug:slug>/", public.partnership_plans, name="partnership"),
    path("<slug:slug>/figures/<int:pk>/", figure_public.how_counted, name="how_counted"),
    path("<slug:slug>/figures/<int:pk>/records.csv", figure_public.open_records, name="how_counted_records"),
    path("<slug:slug>/<int:year>/", public.plan, name="plan"),
    path("<slug:slug>/<int:year>/v<int:number>/", public.version, name="version"),
    path("<slug:slug>/<int:year>/v<int:number>/<str:filename>", public.download, name="download"),
]
