"""WSGI entry point of bench/page_bench.py's gunicorn: socialab.wsgi with page_bench_urls as its URLconf.

    gunicorn --pythonpath bench page_bench_wsgi:application

Production's socialab/urls.py knows nothing of the bench; only this process serves /bench/bare/.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialab.settings.production")
settings.ROOT_URLCONF = "page_bench_urls"  # before the first request: Django reads it then

application = get_wsgi_application()
