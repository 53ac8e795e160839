"""WSGI entry point (gunicorn kpiplan.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpiplan.settings")
application = get_wsgi_application()
