"""Country and region pages: one routable index per language, a sub-page per country and region."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from base.models import BasePage
from taxonomy.labels import default_terms, label

from .figures import place_figures


class PlacesIndexPage(RoutablePageMixin, BasePage):
    """/<lang>/<index>/ lists the regions and countries; /<lang>/<index>/<slug>/ shows one of them."""

    notes_its_translation = False
    links_keep_query = True

    template = "places/places_index_page.html"
    section = "places"
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("countries and regions page")

    @path("")
    def index(self, request):
        regions, countries, _themes = default_terms()
        context = {
            "regions": [
                (region, [c for c in countries.values() if c.region_id == region.pk]) for region in regions.values()
            ],
            **place_figures(self, request, list(countries.values())),
        }
        return self.render(request, context_overrides=context)

    @path("<slug:slug>/")
    def place(self, request, slug):
        regions, countries, _themes = default_terms()
        if slug in countries:
            place, place_countries, kind = countries[slug], [countries[slug]], "country"
        elif slug in regions:
            place = regions[slug]
            place_countries, kind = [c for c in countries.values() if c.region_id == place.pk], "region"
        else:
            raise Http404
        context = {
            "place": place,
            "place_kind": kind,
            "place_name": label(place),
            "place_countries": place_countries,
            "route_suffix": f"{slug}/",
            **place_figures(self, request, place_countries),
        }
        return self.render(request, context_overrides=context, template="places/place_page.html")

    def url_for(self, slug, request=None):
        return self.get_url(request) + f"{slug}/"

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        regions, countries, _themes = default_terms()
        base = urls[0]
        return urls + [{**base, "location": base["location"] + f"{slug}/"} for slug in [*regions, *countries]]
