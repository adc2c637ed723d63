"""{% shown page.hero_image as hero %}: an image or document, or None where this reader may not see it (base.files).

A tag rather than a filter: it reads the request from the context, and a block rendered without one (no request)
shows only what anyone may see.
"""

from django import template

from base.files import shown_file

register = template.Library()


@register.simple_tag(takes_context=True)
def shown(context, file):
    return shown_file(file, context.get("request"))
