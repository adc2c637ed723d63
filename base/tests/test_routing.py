"""base.routing finds what Wagtail's own walk finds, whatever the path: pages, routable sub-paths, 404s,
drafts, pages whose stored url_path disagrees with the tree; and the site Wagtail would choose."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from base import routing
from home.factories import StandardPageFactory
from home.models import HomePage

pytestmark = pytest.mark.django_db

PATHS = [
    "",
    "a-propos/",
    "a-propos/methode/",
    "a-propos/methode/nulle-part/",
    "a-propos/brouillon/",
    "a-propos/brouillon/sous-page/",
    "nulle-part/",
    "pays/",
    "pays/togo/",
    "pays/sub-saharan-africa/",
    "pays/nulle-part/",
    "pays/togo/plus-loin/",
    "pratiques/",
]


@pytest.fixture
def tree(home_pages):
    home = HomePage.objects.get(locale__language_code="fr")
    about = home.add_child(instance=StandardPageFactory.build(title="À propos", slug="a-propos"))
    about.add_child(instance=StandardPageFactory.build(title="Méthode", slug="methode"))
    draft = about.add_child(instance=StandardPageFactory.build(title="Brouillon", slug="brouillon", live=False))
    draft.add_child(instance=StandardPageFactory.build(title="Sous-page", slug="sous-page"))
    return about


def outcome(found):
    """What a route result amounts to: the page and the arguments of the view it leads to."""
    if found is None:
        return None
    page, args, kwargs = found
    return (page.pk, type(page), [repr(arg) for arg in args], kwargs)


def wagtail_route(path, language="fr"):
    request = RequestFactory().get(f"/{language}/{path}")
    with translation.override(language):
        return outcome(Page.route_for_request(request, path))


def our_route(path, language="fr"):
    request = RequestFactory().get(f"/{language}/{path}")
    with translation.override(language):
        return outcome(routing.route(request, path))


@pytest.mark.parametrize("path", PATHS)
def test_every_path_leads_where_wagtails_walk_leads(tree, path):
    assert our_route(path) == wagtail_route(path)


@pytest.mark.parametrize("language", ["es", "en"])
def test_each_language_starts_from_its_own_home_page(tree, language):
    for path in ["", "pays/", "pays/togo/", "a-propos/", "nulle-part/"]:
        assert our_route(path, language) == wagtail_route(path, language), path


def test_a_page_whose_stored_url_path_is_stale_is_still_found_through_the_tree(tree):
    Page.objects.filter(slug="methode").update(url_path="/ailleurs/")
    found = our_route("a-propos/methode/")
    assert found is not None and found == wagtail_route("a-propos/methode/")


def test_a_renamed_home_page_is_seen_at_once(client, tree):
    assert client.get("/fr/a-propos/").status_code == 200
    home = HomePage.objects.get(locale__language_code="fr")
    home.slug = "accueil-renomme"
    home.save()  # its url_path and its children's change: the sites kept in memory are read again
    assert client.get("/fr/a-propos/").status_code == 200


@pytest.mark.parametrize(
    ("hostname", "port"),
    [("testserver", 80), ("intranet.example", 8080), ("intranet.example", 80), ("autre.example", 443)],
)
def test_the_site_is_the_one_wagtail_chooses(home_pages, hostname, port):
    es_home = HomePage.objects.get(locale__language_code="es")
    Site.objects.create(hostname="intranet.example", port=8080, root_page=es_home, is_default_site=False)
    request = RequestFactory().get("/", HTTP_HOST=hostname, SERVER_PORT=str(port))
    expected = get_site_for_hostname(hostname, port)
    assert routing.site_for_request(request).pk == expected.pk
