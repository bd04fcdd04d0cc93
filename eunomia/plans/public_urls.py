from django.urls import path

from eunomia.plans import public

app_name = "published"
urlpatterns = [
    path("", public.index, name="index"),
    path("<slug:slug>/", public.partnership_plans, name="partnership"),
    path("<slug:slug>/<int:year>/", public.plan, name="plan"),
    path("<slug:slug>/<int:year>/v<int:number>/", public.version, name="version"),
    path("<slug:slug>/<int:year>/v<int:number>/<str:filename>", public.download, name="download"),
]
