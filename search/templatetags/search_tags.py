"""`{% related_list page title %}`: the related documents a page shows (search.related), in the reader's language."""

from django import template
from django.utils import translation

from taxonomy.labels import default_terms, label

from ..registry import kind_choices
from ..related import related_documents

register = template.Library()


@register.inclusion_tag("search/related.html", takes_context=True)
def related_list(context, page, title):
    language = translation.get_language()
    related = related_documents(page.pk, language)
    if related:
        _regions, countries, _themes = default_terms()
        kinds = dict(kind_choices())
        for item in related:
            item.kind_label = kinds.get(item.kind, "")
            item.country_labels = [label(countries[slug]) for slug in item.countries if slug in countries]
    return {"related": related, "title": title, "LANGUAGE_CODE": language}
