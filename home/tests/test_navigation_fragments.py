"""The header's brand and menu and the footer's text are rendered once a process per language and
navigation generation (base.navigation.fragment): what they show appears as soon as it changes."""

from unittest import mock

import pytest
from django.test import override_settings

from base import navigation
from home.factories import StandardPageFactory
from home.models import HomePage
from practices.models import PracticeIndexPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_pages")]
UNCACHED = override_settings(PAGE_CACHE_SECONDS=0)  # beneath the page cache: the fragments themselves


def menu_of(client, path="/fr/"):
    return client.get(path).content.decode().split('class="main-nav"', 1)[1].split("</nav>", 1)[0]


@UNCACHED
def test_a_renamed_section_appears_at_once(client):
    assert "Pratiques" in menu_of(client)
    index = PracticeIndexPage.objects.get(locale__language_code="fr")
    index.title = "Bonnes pratiques"
    index.save_revision().publish()
    assert "Bonnes pratiques" in menu_of(client)


@UNCACHED
def test_a_new_section_appears_once_published(client):
    home = HomePage.objects.get(locale__language_code="fr")
    menu_of(client)
    page = home.add_child(instance=StandardPageFactory.build(title="Nouvelle rubrique", show_in_menus=True, live=False))
    assert "Nouvelle rubrique" not in menu_of(client)
    page.save_revision().publish()
    assert "Nouvelle rubrique" in menu_of(client)
    assert "Nouvelle rubrique" not in menu_of(client, "/es/")  # each language its own fragment


@UNCACHED
def test_only_the_page_shown_is_the_current_item(client):
    index = PracticeIndexPage.objects.get(locale__language_code="fr")
    on_index = menu_of(client, index.url)
    assert on_index.count('aria-current="page"') == 1 and f'href="{index.url}" aria-current="page"' in on_index
    assert 'aria-current="page"' not in menu_of(client)


@UNCACHED
def test_no_cache_read_for_navigation_once_the_process_has_it(client):
    client.get("/fr/")
    with mock.patch.object(navigation.cache, "get", wraps=navigation.cache.get) as reads:
        text = client.get("/fr/").content.decode()
    assert not [call for call in reads.call_args_list if str(call.args[0]).startswith("navigation:")]
    assert 'class="brand"' in text and "laboratoire social" in text  # the brand and the footer, from the copies
