"""sitemap.xml of every language's pages, each URL with its translations as hreflang alternates."""

from collections import defaultdict

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site


class MultilingualSitemap(Sitemap):
    """Wagtail's sitemap covers the default site's root only; this one every language's tree."""

    limit = 5000

    def items(self):
        site = Site.find_for_request(self.request) or Site.objects.get(is_default_site=True)
        roots = Page.objects.filter(translation_key=site.root_page.translation_key)
        tree = Page.objects.none()
        for root in roots:
            tree = tree | Page.objects.descendant_of(root, inclusive=True)
        return tree.live().public().order_by("path").defer_streamfields().specific().select_related("locale")

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        groups = defaultdict(list)
        for item in (
            Page.objects.live()
            .public()
            .filter(translation_key__in={p.translation_key for p in pages})
            .select_related("locale")
        ):
            groups[item.translation_key].append(item)
        urls = []
        for item in pages:
            alternates = [
                {"lang_code": version.locale.language_code, "location": version.get_full_url(self.request)}
                for version in groups[item.translation_key]
            ]
            for info in item.get_sitemap_urls(self.request):
                suffix = info["location"][len(item.get_full_url(self.request)) :]
                info["alternates"] = (
                    [{**alt, "location": alt["location"] + suffix} for alt in alternates] if len(alternates) > 1 else []
                )
                urls.append(info)
        return urls
