"""base.sites: Wagtail's list of the sites' root paths kept in each process, equal to Wagtail's own, refreshed
when a site changes, and what a page's URLs read during a request instead of the cache."""

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from base import generation, sites
from home.factories import StandardPageFactory
from home.models import HomePage
from practices.models import PracticeIndexPage

pytestmark = pytest.mark.django_db


def wagtail_s_own():
    Site.clear_site_root_paths_cache()
    return Site.get_site_root_paths()


def add_sites(kind):
    homes = {page.locale.language_code: page for page in HomePage.objects.select_related("locale")}
    if kind in ("second site", "three sites"):
        Site.objects.create(hostname="intranet.example", port=8080, root_page=homes["es"], is_default_site=False)
    if kind == "three sites":
        section = homes["fr"].add_child(instance=StandardPageFactory.build(title="Section", slug="section"))
        Site.objects.create(hostname="section.example", port=443, root_page=section, is_default_site=False)
        Site.objects.create(hostname="aaa.example", port=80, root_page=homes["en"], is_default_site=False)


@pytest.mark.parametrize("kind", ["one site", "second site", "three sites"])
def test_the_root_paths_kept_are_wagtail_s_in_wagtail_s_order(home_pages, kind):
    add_sites(kind)
    kept = sites.site_root_paths()
    assert kept == wagtail_s_own()
    assert len(kept) >= 3  # one a language at least: the home page's translations are roots


def test_a_new_site_is_in_the_root_paths_at_once(home_pages):
    before = sites.site_root_paths()
    add_sites("second site")
    after = sites.site_root_paths()
    assert after != before
    assert any(path.root_url == "http://intranet.example:8080" for path in after)
    assert after == wagtail_s_own()


def test_a_page_s_urls_during_a_request_never_ask_wagtail_s_cached_list(client, home_pages, monkeypatch):
    """Asked with the request (the language links) or without it (`page.url` in a template), a page's URL
    reads the list kept here: with Redis as Django's cache, Wagtail's read is a round trip each time."""
    listing = PracticeIndexPage.objects.get(locale__language_code="fr").url
    urls = ["/fr/", listing, f"{listing}?country=togo", "/api/v2/pages/", "/api/v2/pages/?type=home.HomePage"]
    for url in urls:
        client.get(url)  # first: per-process copies (the navigation) are built, as a running worker's are
    asked = []
    original = Site.get_site_root_paths

    def spy():
        asked.append(1)
        return original()

    monkeypatch.setattr(Site, "get_site_root_paths", staticmethod(spy))
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert asked == []


def test_a_slug_changed_during_a_request_gets_wagtail_s_redirect(home_pages, django_capture_on_commit_callbacks):
    """Wagtail's redirects read the root paths where `_get_site_root_paths` keeps them on the page saved."""
    home = HomePage.objects.get(locale__language_code="fr")
    page = home.add_child(instance=StandardPageFactory.build(title="Ancien", slug="ancien"))
    page.save_revision().publish()
    generation._start_request()  # what Django's request_started does for an editor's save in the admin
    try:
        with django_capture_on_commit_callbacks(execute=True):
            page.slug = "nouveau"
            page.save_revision().publish()
    finally:
        generation._end_request()
    assert Redirect.objects.filter(redirect_page=page, old_path="/fr/ancien").exists()
