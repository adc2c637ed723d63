"""WSGI entry point for gunicorn: `gunicorn socialab.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialab.settings.production")

application = get_wsgi_application()
