"""The leak matrix, continued (tests/test_leaks.py is at its length limit): what each process keeps of the
view restrictions (base.visibility) and of image renditions, beneath the page cache.

A page under no restriction skips Wagtail's two queries for its restrictions (BasePage.get_view_restrictions);
the copy it asks is kept per process under a database generation. Each case: the page is served (the copy is
warm), then its privacy changes, and it must be refused at once to whom it must be refused, and served to
whom passes.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from base import visibility
from base.factories import RootCollectionImageFactory
from base.generation import Generation
from home.factories import StandardPageFactory
from home.models import HomePage
from tests import content
from tests.test_leaks import PUBLIC, restrict, titled

pytestmark = pytest.mark.django_db

SHORTCUT = "Raccourcisecret"


def privacy_cases(page, section, how, volunteers):
    """Make `page` (a child of `section`) private in the way `how` names; the restriction made."""
    if how == "login":
        return restrict(page, "login")
    if how == "password":
        return restrict(page, "password")
    if how == "groups":
        return restrict(page, "groups", volunteers)
    if how == "on an ancestor":
        return restrict(section, "login")
    if how == "alias of a restricted page":
        restriction = restrict(section, "login")
        alias_parent = HomePage.objects.get(locale__language_code="fr")
        section.create_alias(parent=alias_parent, update_slug="alias-de-la-rubrique", recursive=True)
        return restriction
    if how == "moved with its restricted section":
        restriction = restrict(section, "login")
        elsewhere = section.get_parent().add_child(instance=StandardPageFactory.build(title="Ailleurs"))
        section.move(elsewhere, pos="last-child")  # new paths for both: the restriction follows
        return restriction
    if how == "made by another process":
        restriction = PageViewRestriction(page=page, restriction_type="login")
        PageViewRestriction.objects.bulk_create([restriction])  # no signal here: only the database changed
        Generation.objects.filter(name=visibility.GENERATION).delete()
        Generation.objects.create(name=visibility.GENERATION, value=123456789)  # what its signals wrote there
        return PageViewRestriction.objects.get(page=page)
    raise ValueError(how)


@pytest.mark.parametrize(
    "how",
    [
        "login",
        "password",
        "groups",
        "on an ancestor",
        "alias of a restricted page",
        "moved with its restricted section",
        "made by another process",
    ],
)
def test_a_page_served_before_its_restriction_is_refused_after_it(client, home_pages, django_user_model, how):
    volunteers = Group.objects.get(name="Volunteers")
    home = HomePage.objects.get(locale__language_code="fr")
    section = home.add_child(instance=StandardPageFactory.build(title=f"Rubrique {PUBLIC}", slug="rubrique"))
    page = section.add_child(instance=StandardPageFactory.build(title=titled(SHORTCUT), slug="page"))
    with override_settings(PAGE_CACHE_SECONDS=0):
        assert titled(SHORTCUT) in client.get(page.url).content.decode()  # served: the process copy is warm
        privacy_cases(page, section, how, volunteers)
        urls = [Page.objects.get(pk=page.pk).url]
        if how == "alias of a restricted page":
            urls.append("/fr/alias-de-la-rubrique/page/")
            assert Page.objects.filter(url_path__endswith="/alias-de-la-rubrique/page/", alias_of=page).exists()
        for url in urls:
            answer = client.get(url)
            assert answer.status_code in (200, 302), url
            assert SHORTCUT not in answer.content.decode(), f"{how}: {url} served to an anonymous reader"
        # Whoever passes still reads it.
        if how == "password":
            restriction = PageViewRestriction.objects.get(page=page)
            client.post(
                f"/fr/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
                {"password": "a-password", "return_url": urls[0]},
            )
        else:
            member = django_user_model.objects.create_user("membre", password="a-long-password")
            member.groups.add(volunteers)
            client.force_login(member)
        for url in urls:
            assert SHORTCUT in client.get(url).content.decode(), f"{how}: {url} refused to whom passes"


def test_a_page_whose_restriction_is_removed_is_served_again(client, home_pages, django_user_model):
    home = HomePage.objects.get(locale__language_code="fr")
    page = home.add_child(instance=StandardPageFactory.build(title=titled(SHORTCUT), slug="page"))
    restriction = restrict(page, "groups", Group.objects.get(name="Volunteers"))
    with override_settings(PAGE_CACHE_SECONDS=0):
        outsider = django_user_model.objects.create_user("dehors", password="a-long-password")
        client.force_login(outsider)  # signed in, not in the group: refused
        assert SHORTCUT not in client.get(page.url).content.decode()
        restriction.delete()
        assert SHORTCUT in client.get(page.url).content.decode()
        client.logout()
        assert SHORTCUT in client.get(page.url).content.decode()
        restrict(page, "login")
        assert SHORTCUT not in client.get(page.url).content.decode()


def test_an_image_served_then_moved_into_a_private_collection_is_refused_despite_its_kept_renditions(
    client, home_pages, django_user_model
):
    """Renditions are kept in each process (the `renditions` cache): a page shown with an image, then the image
    moved into a login-restricted collection, must neither show it nor serve its files to an anonymous reader."""
    image = RootCollectionImageFactory(title="Photo", file__filename="photo-bientot-privee.jpg")
    page = content.practice(key="photo-bientot-privee", hero_image=image)
    with override_settings(PAGE_CACHE_SECONDS=0):
        assert "photo-bientot-privee" in client.get(page.url).content.decode()  # renditions made and kept
        files = [image.file.name, *image.renditions.values_list("file", flat=True)]
        assert len(files) > 1 and all(client.get(f"/media/{name}").status_code == 200 for name in files)
        private = Collection.get_first_root_node().add_child(name="Photos internes")
        CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
        image.collection = private
        image.save()
        assert "photo-bientot-privee" not in client.get(page.url).content.decode()
        for name in files:
            assert client.get(f"/media/{name}").status_code == 404, name
        client.force_login(django_user_model.objects.create_user("lectrice", password="a-long-password"))
        assert "photo-bientot-privee" in client.get(page.url).content.decode()
