"""What a country, region or the whole programme looks like in numbers, practices, partners and resources."""

from django.db.models import CharField, Count, F, Value
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from base.facets import FACETS
from base.i18n import in_reader_language, page_in_locale
from base.listing import TOTAL, counted_groups
from base.visibility import public
from partners.models import PartnerPage
from practices.cards import prefetch_practice_cards
from practices.models import PracticeIndexPage, PracticePage
from resources.cards import prefetch_resource_cards
from resources.models import ResourceIndexPage, ResourcePage
from taxonomy.labels import default_terms, label

from .charts import Bar, bar_chart, page_scale
from .maps import MapCountry, render_map

LATEST = 6


def practice_counts(slugs, by):
    """{facet name of `by` ("theme", "country", "region"): {value: number of translation groups}, TOTAL: number} of
    the public practices in these countries (any country: None). A practice in three languages counts once.
    Counted by search's facet index (base.listing.counted_groups) when it holds practices, else by SQL."""
    found = counted_groups(PracticePage, {} if slugs is None else {"country": slugs}, by)
    return found if found is not None else practice_counts_in_sql(slugs, by)


def practice_counts_in_sql(slugs, by):
    """practice_counts, in one query whatever the number of facets: what the facet index must agree with."""
    practices = public(PracticePage.objects.live())
    if slugs is not None:
        practices = practices.filter(countries__slug__in=slugs)
    fields = {name: FACETS[name].lookup.removesuffix("__in") for name in by}
    found = distinct_counts(practices, list(fields.values()))
    return {name: found[field] for name, field in fields.items()} | {TOTAL: found[TOTAL]}


def distinct_counts(queryset, fields):
    """{field: {its value: number of translation groups}} for each of `fields`, and TOTAL: the number of
    translation groups in `queryset`, all in one query."""
    text = CharField()
    parts = [
        queryset.annotate(figure=Value(field, output_field=text), value=F(field))
        .values("figure", "value")
        .annotate(n=Count("translation_key", distinct=True))
        .order_by()
        for field in fields
    ]
    parts.append(
        queryset.annotate(figure=Value(TOTAL, output_field=text), value=Value("", output_field=text))
        .values("figure", "value")
        .annotate(n=Count("translation_key", distinct=True))
        .order_by()
    )
    found = {field: {} for field in fields}
    found[TOTAL] = 0
    rows = parts[0].union(*parts[1:], all=True)
    for figure, value, n in rows.values_list("figure", "value", "n"):
        if figure == TOTAL:
            found[TOTAL] = n
        elif value:
            found[figure][value] = n
    return found


def place_figures(places_index, request, countries):
    """Context for a page about `countries` (one, a region's, or all eleven)."""
    locale = places_index.locale_id
    slugs = [country.slug for country in countries]
    _regions, _countries, themes = default_terms()

    practices = public(PracticePage.objects.live()).filter(countries__slug__in=slugs)
    counts = practice_counts(slugs, ["theme", "country"])
    by_theme, by_country = counts["theme"], counts["country"]
    practice_index = page_in_locale(PracticeIndexPage, locale)
    practice_url = practice_index.get_url(request) if practice_index else None

    def listing(params):
        return f"{practice_url}?{urlencode(params)}" if practice_url else None

    country_params = [("country", slug) for slug in slugs] if len(slugs) < len(_countries) else []
    theme_bars = [
        Bar(label(theme), by_theme.get(slug, 0), listing([*country_params, ("theme", slug)]))
        for slug, theme in themes.items()
    ]
    country_counts = [
        (
            country,
            places_index.url_for(country.slug, request),
            ngettext("%(count)d practice", "%(count)d practices", by_country.get(country.slug, 0))
            % {"count": by_country.get(country.slug, 0)},
        )
        for country in countries
    ]
    # A country's own page: its map is a picture, not a link back to the page the reader is on.
    linked = len(countries) > 1
    map_countries = [
        MapCountry(country.iso_code, label(country), url if linked else None, note)
        for country, url, note in country_counts
    ]
    latest_practices = in_reader_language(PracticePage.objects.filter(pk__in=practices.values("pk")), locale)
    partners = in_reader_language(public(PartnerPage.objects.live()).filter(country__slug__in=slugs), locale)
    resources = public(ResourcePage.objects.live()).filter(countries__slug__in=slugs)
    resources = in_reader_language(ResourcePage.objects.filter(pk__in=resources.values("pk")), locale)
    resource_index = page_in_locale(ResourceIndexPage, locale)
    scale = page_scale(counts[TOTAL], theme_bars)
    return {
        "practice_total": counts[TOTAL],
        "theme_bars": theme_bars,
        "theme_chart": bar_chart(theme_bars, scale=scale),
        "chart_scale": scale,  # the full length of a bar: the place's number of practices
        "country_counts": country_counts,
        "map_svg": render_map(
            map_countries,
            title=_("Map of the programme’s countries"),
            description=(
                _("Each highlighted country links to its page, with its number of practices.")
                if linked
                else _("The country highlighted, with its number of practices.")
            ),
        ),
        "latest_practices": prefetch_practice_cards(latest_practices.order_by("-first_published_at"))[:LATEST],
        "partners": PartnerPage.for_cards(partners).order_by("title"),
        "latest_resources": prefetch_resource_cards(resources.order_by("-first_published_at"))[:LATEST],
        "practices_url": listing(country_params),
        "resources_url": (f"{resource_index.get_url(request)}?{urlencode(country_params)}" if resource_index else None),
    }
