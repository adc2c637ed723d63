"""Privacy holds in every worker: no process keeps restrictions, and cached navigation is invalidated
through the database, so a change handled by one gunicorn worker (without Redis, each has its own
memory cache) is seen by the others at their next request."""

import pytest
from django.core.cache import cache
from django.db.models import F
from wagtail.models import PageViewRestriction

from base import generation, navigation
from base.generation import Generation
from base.visibility import is_public, public
from home.factories import StandardPageFactory
from home.models import HomePage
from practices.factories import PracticePageFactory
from practices.models import PracticeIndexPage, PracticePage

pytestmark = pytest.mark.django_db


def listed_titles(client):
    index = PracticeIndexPage.objects.get(locale__language_code="fr")
    return client.get(index.url).content.decode()


def test_a_restriction_made_elsewhere_is_honoured_at_once(client, home_pages):
    """Written without signals, as another process's change looks to this one: nothing cached here."""
    page = PracticePageFactory(title="Ateliers confidentiels")
    assert "Ateliers confidentiels" in listed_titles(client)
    PageViewRestriction.objects.bulk_create([PageViewRestriction(page=page, restriction_type="login")])
    assert "Ateliers confidentiels" not in listed_titles(client)
    assert not public(PracticePage.objects.filter(pk=page.pk)).exists()
    page.refresh_from_db()
    assert not is_public(page)


def test_moving_and_copying_a_private_page_keeps_it_private(client, home_pages):
    page = PracticePageFactory(title="Récits protégés")
    PracticePageFactory(title="Une autre pratique")
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    page.move(page.get_parent(), pos="last-child")  # a reorder: a new path, the same restriction
    copy = page.copy(
        update_attrs={
            "slug": "recits-proteges-copie",
            "key": "recits-proteges-copie",
            "title": "Récits protégés (copie)",
        }
    )
    html = listed_titles(client)
    assert "Récits protégés" not in html and "Une autre pratique" in html
    assert copy.get_view_restrictions().exists()
    assert "Récits protégés" not in client.get("/fr/feeds/practices.rss").content.decode()


def menu_of(client, language="fr"):
    return client.get(f"/{language}/").content.decode().split('class="main-nav"', 1)[1].split("</nav>", 1)[0]


def test_navigation_from_another_worker_is_not_served_stale(client, home_pages):
    home = HomePage.objects.get(locale__language_code="fr")
    page = home.add_child(instance=StandardPageFactory.build(title="Espace des partenaires", show_in_menus=True))
    assert "Espace des partenaires" in menu_of(client)
    # Another worker restricts the page: its signals ran there; here only the database has changed.
    PageViewRestriction.objects.bulk_create([PageViewRestriction(page=page, restriction_type="login")])
    assert "Espace des partenaires" in menu_of(client)  # this worker's cache, until the generation moves
    Generation.objects.filter(name=navigation.GENERATION).update(value=F("value") + 1)
    assert "Espace des partenaires" not in menu_of(client)


def test_every_change_navigation_shows_bumps_the_generation(home_pages):
    home = HomePage.objects.get(locale__language_code="fr")
    before = generation.current(navigation.GENERATION)
    page = home.add_child(instance=StandardPageFactory.build(title="Nouvelle rubrique", show_in_menus=True))
    after_create = generation.current(navigation.GENERATION)
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    after_restriction = generation.current(navigation.GENERATION)
    page.delete()
    after_delete = generation.current(navigation.GENERATION)
    assert before < after_create < after_restriction < after_delete


def test_navigation_keys_carry_the_generation(home_pages):
    navigation.navigation("fr")
    key = navigation.CACHE_KEY.format(generation=generation.current(navigation.GENERATION), language="fr")
    assert cache.get(key) is not None
