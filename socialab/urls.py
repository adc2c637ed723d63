from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from base import offline, routing
from exchange import views as opendata
from home.sitemap import MultilingualSitemap
from home.views import robots_txt
from places import views as places
from practices.feeds import PracticeAtomFeed, PracticeFeed
from resources.feeds import ResourceAtomFeed, ResourceFeed
from search import views as search

from . import health
from .api import api_router
from .media import serve_document, serve_media
from .page_passwords import throttled_authenticate_with_password
from .users.views import ThrottledPasswordResetView

urlpatterns = [
    # Ahead of Wagtail's own: its password reset form, with a rate limit (socialab/users/views.py).
    path("admin/password_reset/", ThrottledPasswordResetView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    # Before Wagtail's own view, at the same address: downloads under a policy of their own (socialab/media.py).
    re_path(r"^documents/(\d+)/(.*)$", serve_document),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/search/", search.search_api, name="search_api"),
    path("api/search/autocomplete/", search.autocomplete_api, name="search_autocomplete"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("healthz", health.healthz, name="healthz"),
    path("sw.js", offline.service_worker, name="service_worker"),  # at the root: its scope is the whole site
    path("maps/land/<str:version>/<str:codes>.svg", places.land, name="map_land"),
    path("opendata/practices.csv", opendata.open_data_csv, {"type_name": "practice"}, name="opendata_practices_csv"),
    path("opendata/practices.json", opendata.open_data_json, {"type_name": "practice"}, name="opendata_practices_json"),
]

page_serve = re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve")

if settings.SERVE_MEDIA:
    # With the privacy of the pages that use each file (socialab/media.py; README: what a web server may serve).
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT})]

# Every public page lives under its language prefix: /fr/, /es/, /en/. A request for `/`
# is redirected by LocaleMiddleware to the reader's language (cookie, then Accept-Language).
urlpatterns += i18n_patterns(
    path("feeds/practices.rss", PracticeFeed(), name="practices_feed_rss"),
    path("feeds/practices.atom", PracticeAtomFeed(), name="practices_feed_atom"),
    path("feeds/resources.rss", ResourceFeed(), name="resources_feed_rss"),
    path("feeds/resources.atom", ResourceAtomFeed(), name="resources_feed_atom"),
    path("search/", include("search.urls")),
    path("offline/", offline.offline_page, name="offline"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    # Ahead of Wagtail's own view, at the same address: with a limit on wrong guesses (socialab/page_passwords.py).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        throttled_authenticate_with_password,
    ),
    # Wagtail's page URLs, pages found by base.routing (two queries, whatever the depth).
    path("", include([*(url for url in wagtail_urls.urlpatterns if url.name != "wagtail_serve"), page_serve])),
    prefix_default_language=True,
)
