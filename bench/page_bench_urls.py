"""The bench's URLconf (bench/page_bench_wsgi.py): the site's own, plus a bare Django view to measure against."""

from django.http import HttpResponse
from django.urls import path

from socialab.urls import urlpatterns as site


def bare(request):
    """The ceiling: a response through the same settings and middleware, with no page, query or template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *site]  # i18n_patterns may not be include()d: the list itself
