from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from eunomia.partners.queries import partnerships_visible_to


def home(request):
    partnerships = list(partnerships_visible_to(request.user))
    if len(partnerships) == 1:
        return redirect("partners:dashboard", partnerships[0].slug)
    return render(request, "core/home.html", {"partnerships": partnerships, "nav_section": "home"})


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def error_403(request, exception=None):
    return render(request, "core/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "core/404.html", status=404)


def error_500(request):
    return render(request, "core/500.html", status=500)
