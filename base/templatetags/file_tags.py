"""{% shown page.hero_image as hero %}: an image or document, or None where this reader may not see it (base.files).
{% decorative page.hero_image as hero %}: the same for an image that only decorates, also None for a reader who asked
to save data (base.data_saver).

A tag rather than a filter: it reads the request from the context, and a block rendered without one (no request)
shows only what anyone may see.
"""

from django import template

from base import data_saver
from base.files import shown_file

register = template.Library()


@register.simple_tag(takes_context=True)
def shown(context, file):
    return shown_file(file, context.get("request"))


@register.simple_tag(takes_context=True)
def decorative(context, file):
    request = context.get("request")
    return None if data_saver.wanted(request) else shown_file(file, request)
