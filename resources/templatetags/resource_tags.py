from django import template

from resources.fields import RESOURCE_LANGUAGES

register = template.Library()


@register.filter
def resource_language(code):
    """A resource's language code as a name in the reader's language."""
    return dict(RESOURCE_LANGUAGES).get(code, code)
