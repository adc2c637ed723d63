"""Partner members see, in the page explorer, only the drafts of their own organisation."""

from django.db.models import Q
from wagtail import hooks

from base.permissions import organisation_of

from .models import PartnerGroup


@hooks.register("construct_explorer_page_queryset")
def hide_other_organisations_drafts(parent_page, pages, request):
    key = organisation_of(request.user)
    if key is None:
        return pages
    group = PartnerGroup.objects.filter(translation_key=key).values_list("group_id", flat=True).first()
    return pages.exclude(Q(live=False) & ~Q(owner__groups=group))
