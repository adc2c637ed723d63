"""Country and region pages in search: routes of the places index, one document per place per language."""

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from search import registry
from search.documents import Document, place_source
from taxonomy.labels import default_terms, label

from .models import PlacesIndexPage


def place_documents(index_page):
    """A Document for every region and country page of a live places index, in its language."""
    regions, countries, _themes = default_terms()
    language = index_page.locale.language_code
    base_url = index_page.get_url() or index_page.url_path
    documents = []
    with translation.override(language):
        for slug, region in regions.items():
            names = [label(c) for c in countries.values() if c.region_id == region.pk]
            documents.append(_place(index_page, language, base_url, slug, "region", label(region), ", ".join(names)))
            documents[-1].facets.add(("region", slug))
        for slug, country in countries.items():
            summary = gettext("Country of the programme in %(region)s") % {"region": label(country.region)}
            documents.append(_place(index_page, language, base_url, slug, "country", label(country), summary))
            documents[-1].facets |= {("region", country.region.slug), ("country", slug)}
            documents[-1].keywords = f"{country.iso_code} {label(country.region)}"
    return documents


def _place(index_page, language, base_url, slug, kind, title, summary):
    return Document(
        source=place_source(language, slug),
        group=f"place:{slug}",
        language=language,
        original_language=language,
        kind=kind,
        title=title,
        url=f"{base_url}{slug}/",
        page_id=index_page.pk,
        key=slug,
        summary=summary,
        date=index_page.first_published_at,
        facets={("kind", kind)},
    )


registry.register(
    PlacesIndexPage, documents=place_documents, kinds=[("region", _("Region")), ("country", _("Country"))]
)
