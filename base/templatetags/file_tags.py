"""{{ page.hero_image|shown_to:request }}: an image, or nothing where this reader may not see it (base.files)."""

from django import template

from base.files import shown_file

register = template.Library()


@register.filter
def shown_to(image, request):
    return shown_file(image, request)
