"""The maps' background land, as cacheable SVG files (places.maps.render_land)."""

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .maps import data_version, land_codes, render_land

YEAR = 60 * 60 * 24 * 365
# A page rendered before the boundaries changed may still ask for the old version: it gets today's land,
# cached briefly, so the year-long cache only ever holds the version in its address.
STALE = 60 * 60


@require_safe
def land(request, version, codes):
    framed = land_codes(codes)
    if framed is None:
        raise Http404("No such map")
    response = HttpResponse(render_land(framed), content_type="image/svg+xml")
    if version == data_version():
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=STALE)
    return response
