"""The home page's figures, map, featured practices and latest resources."""

from django.utils.http import urlencode

from base.i18n import in_reader_language, page_in_locale
from base.visibility import public
from places.charts import Bar, bar_chart, page_scale
from places.figures import place_figures, practice_counts
from places.models import PlacesIndexPage
from practices.cards import prefetch_practice_cards
from practices.models import PracticeIndexPage, PracticePage
from taxonomy.labels import default_terms, label


def home_context(home, request, featured_keys=()):
    """`featured_keys`: translation keys of the site's featured practices (SiteSettings), in order."""
    regions, countries, _themes = default_terms()
    places_index = page_in_locale(PlacesIndexPage, home.locale_id)
    context = place_figures(places_index, request, list(countries.values())) if places_index else {}

    practices = public(PracticePage.objects.live())
    by_region = practice_counts(None, ["region"])["region"]
    practice_index = page_in_locale(PracticeIndexPage, home.locale_id)
    base = practice_index.get_url(request) if practice_index else None
    region_bars = [
        Bar(label(region), by_region.get(slug, 0), f"{base}?{urlencode([('region', slug)])}" if base else None)
        for slug, region in regions.items()
    ]
    # One scale for the page's two charts: equal numbers draw equal bars.
    scale = page_scale(context.get("chart_scale", 0), region_bars, context.get("theme_bars", []))
    featured = in_reader_language(practices.filter(translation_key__in=featured_keys), home.locale_id)
    order = {key: index for index, key in enumerate(featured_keys)}
    context.update(
        regions=[(region, [c for c in countries.values() if c.region_id == region.pk]) for region in regions.values()],
        region_chart=bar_chart(region_bars, scale=scale),
        theme_chart=bar_chart(context.get("theme_bars", []), scale=scale),
        chart_scale=scale,
        featured_practices=sorted(prefetch_practice_cards(featured), key=lambda page: order[page.translation_key]),
        practice_index=practice_index,
        places_index=places_index,
    )
    return context
