"""Editors manage the vocabulary under one "Taxonomy" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Country, Region, SDGTarget, TargetGroup, Theme


class TermViewSet(SnippetViewSet):
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name", "slug"]
    # The vocabulary is small: plain database filtering, no search index to keep in step.
    search_backend_name = None
    copy_view_enabled = False


class RegionViewSet(TermViewSet):
    model = Region
    icon = "globe"
    menu_order = 100


class CountryViewSet(TermViewSet):
    model = Country
    icon = "site"
    list_display = ["name", "iso_code", "region", "slug"]
    list_filter = ["region"]
    search_fields = ["name", "slug", "iso_code"]
    menu_order = 200


class ThemeViewSet(TermViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "slug", "is_gender_equality", "sort_order"]
    list_filter = ["is_gender_equality"]
    menu_order = 300


class TargetGroupViewSet(TermViewSet):
    model = TargetGroup
    icon = "group"
    menu_order = 400


class SDGTargetViewSet(TermViewSet):
    model = SDGTarget
    icon = "pick"
    list_display = ["code", "name", "sort_order"]
    search_fields = ["name", "code"]
    menu_order = 500


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "tag"
    menu_order = 300
    items = (RegionViewSet, CountryViewSet, ThemeViewSet, TargetGroupViewSet, SDGTargetViewSet)


register_snippet(TaxonomyViewSetGroup)
