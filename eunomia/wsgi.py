import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eunomia.settings")
application = get_wsgi_application()

# What is loaded by now (Django, the apps, their modules) lives as long as the process. Frozen, it is
# left out of the cycle collector's full collections, which otherwise scan all of it every few
# requests: 130 to 190 ms added to one request in ten of a large page such as the portfolio (ADR 59).
gc.collect()
gc.freeze()
