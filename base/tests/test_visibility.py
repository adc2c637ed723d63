"""Privacy holds in every worker: what a process keeps of the restrictions, and cached navigation, are
invalidated through the database (base.generation), so a change handled by one gunicorn worker (without
Redis, each has its own memory cache) is seen by the others at their next request."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models import F
from django.test import override_settings
from wagtail.models import PageViewRestriction

from base import generation, navigation, visibility
from base.generation import Generation
from base.visibility import is_public, listable_restrictions, public, readable_restrictions, visible_to
from home.factories import StandardPageFactory
from home.models import HomePage
from practices.factories import PracticePageFactory
from practices.models import PracticeIndexPage, PracticePage

pytestmark = pytest.mark.django_db


def listed_titles(client):
    index = PracticeIndexPage.objects.get(locale__language_code="fr")
    return client.get(index.url).content.decode()


# These two are about what a worker keeps beneath the page cache (which another process's change without
# signals does not reach either); how the page cache hears of other processes is base/tests/test_page_cache.py's.
BENEATH_THE_PAGE_CACHE = override_settings(PAGE_CACHE_SECONDS=0)


def made_elsewhere(restriction):
    """A restriction as another process's change looks to this one: its row and the generation its signals
    bumped there, and none of this process's signals."""
    PageViewRestriction.objects.bulk_create([restriction])
    if not Generation.objects.filter(name=visibility.GENERATION).update(value=F("value") + 7):
        Generation.objects.create(name=visibility.GENERATION, value=7)


@BENEATH_THE_PAGE_CACHE
def test_a_restriction_made_elsewhere_is_honoured_at_once(client, home_pages):
    page = PracticePageFactory(title="Ateliers confidentiels")
    assert "Ateliers confidentiels" in listed_titles(client)
    assert client.get(page.url).status_code == 200
    made_elsewhere(PageViewRestriction(page=page, restriction_type="login"))
    assert "Ateliers confidentiels" not in listed_titles(client)
    assert client.get(page.url).status_code == 302  # to the sign-in page, by Wagtail's own check
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


@BENEATH_THE_PAGE_CACHE
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


def test_a_reader_sees_a_page_only_if_they_pass_every_restriction_over_it(home_pages, django_user_model):
    """A login restriction on a section and a group restriction on a page in it: both must let them in."""
    home = HomePage.objects.get(locale__language_code="fr")
    section = home.add_child(instance=StandardPageFactory.build(title="Espace des membres"))
    inner = section.add_child(instance=StandardPageFactory.build(title="Réservé aux bénévoles"))
    volunteers = Group.objects.get(name="Volunteers")
    login = PageViewRestriction.objects.create(page=section, restriction_type="login")
    group = PageViewRestriction.objects.create(page=inner, restriction_type="groups")
    group.groups.add(volunteers)
    reader = django_user_model.objects.create_user("reader", password="a-long-password")
    volunteer = django_user_model.objects.create_user("volunteer", password="a-long-password")
    volunteer.groups.add(volunteers)
    pages = StandardPageFactory._meta.model.objects.filter(pk__in=[section.pk, inner.pk])

    def titles(user):
        return set(visible_to(pages, user).values_list("title", flat=True))

    assert titles(None) == set()
    assert titles(reader) == {"Espace des membres"}
    assert titles(volunteer) == {"Espace des membres", "Réservé aux bénévoles"}
    assert readable_restrictions(reader) == {login.pk}
    assert readable_restrictions(volunteer) == {login.pk, group.pk}
    assert listable_restrictions([section, inner]) == {section.pk: {login.pk}, inner.pk: {login.pk, group.pk}}
    PageViewRestriction.objects.create(page=inner, restriction_type="password", password="a-password")
    assert listable_restrictions([inner]) == {inner.pk: None}  # a password page is never listed
    assert titles(volunteer) == {"Espace des membres"}
