"""The leak matrix, continued: what the service worker may keep on a reader's device (base.offline).

The worker and the "Save for offline reading" button keep only what static/js/offline-rule.js allows: a 200 whose
Cache-Control says neither private nor no-store, outside the admin, accounts and the APIs. So every answer made for
one reader (signed in, holding a page's password, a page under a restriction, a file of a private collection) must
say private or no-store, and what the worker itself serves (its script, the manifest, the offline page) names
nothing hidden. The rule itself is run in Chromium by tests/browser/test_offline.py.
"""

import pytest
from django.contrib.auth.models import Group
from django.utils.cache import cc_delim_re
from wagtail.models import Page, PageViewRestriction

from practices.models import PracticePage
from tests import content, test_leaks
from tests.test_leaks import CHANNELS, HIDDEN, PRIVATE_IMAGE, PUBLIC, titled

pytestmark = pytest.mark.django_db
site_with_secrets = test_leaks.site_with_secrets  # the matrix's fixture, used here too
WORKER_OUTPUTS = ["/sw.js", "/fr/manifest.webmanifest", "/es/manifest.webmanifest", "/fr/offline/", "/en/offline/"]


def kept_by_the_worker(response):
    """Python's reading of the worker's rule for one answer (static/js/offline-rule.js: socialabMayStore)."""
    said = {part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    return response.status_code == 200 and not said & {"private", "no-store"}


def readers_urls(secrets):
    """Every output a signed-in reader may open, her own pages and the files she may download among them."""
    urls = [url for channel in CHANNELS for url in CHANNELS[channel]()]
    urls += [Page.objects.get(title=titled(HIDDEN[state])).url for state in ("login", "moved", "login resource")]
    urls += [secrets["secret_resource"].document.url, secrets["public_resource"].document.url]
    return urls + ["/fr/offline/", "/fr/manifest.webmanifest"]


def test_nothing_answered_to_a_signed_in_reader_is_kept_by_the_worker(client, site_with_secrets, django_user_model):
    user = django_user_model.objects.create_user("volunteer", password="a-long-password")
    user.groups.add(Group.objects.get(name="Volunteers"))  # she reads the most: every login and group page
    client.force_login(user)
    urls = [*readers_urls(site_with_secrets), Page.objects.get(title=titled(HIDDEN["volunteer resource"])).url]
    kept = [url for url in urls if kept_by_the_worker(client.get(url))]
    assert not kept, f"answers to a signed-in reader the worker would keep: {kept}"
    # Among them, what only she sees: a restricted page, and a public page showing a private collection's image.
    collection = client.get(PracticePage.objects.get(key="practice-collection").url)
    assert PRIVATE_IMAGE["file name"] in collection.content.decode() and not kept_by_the_worker(collection)


def test_restricted_pages_are_never_kept_for_anyone(client, site_with_secrets):
    for state in ("login", "password", "group", "moved", "login resource", "menu page", "volunteer resource"):
        response = client.get(Page.objects.get(title=titled(HIDDEN[state])).url)
        assert not kept_by_the_worker(response), state
        assert response.status_code != 200 or "no-store" in response["Cache-Control"], state  # the password form
    assert not kept_by_the_worker(client.get(site_with_secrets["secret_resource"].document.url))
    # The control: a public page is kept.
    assert kept_by_the_worker(client.get(PracticePage.objects.get(key="practice-public").url))


def test_a_page_opened_with_its_password_is_not_kept(client, site_with_secrets):
    page = Page.objects.get(title=titled(HIDDEN["password"]))
    restriction = PageViewRestriction.objects.get(page=page)
    client.post(
        f"/fr/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": "a-password", "return_url": page.url},
    )
    response = client.get(page.url)
    assert HIDDEN["password"] in response.content.decode()  # the control: it is shown to her
    assert not kept_by_the_worker(response)
    assert "private" in response["Cache-Control"]  # every answer to a session: not only Wagtail's page


def test_a_page_showing_a_reader_her_way_back_is_not_kept(client, site_with_secrets):
    url = PracticePage.objects.get(key="practice-public").url
    response = client.get(url, {"from": "es"}, HTTP_REFERER="http://testserver/es/search/?q=secreto")
    assert "/es/search/?q=secreto" in response.content.decode()  # where she came from (base.page_cache.personal)
    assert not kept_by_the_worker(response)


@pytest.mark.parametrize("reader", ["anonymous", "signed in"])
def test_the_worker_s_own_outputs_name_nothing_hidden(client, site_with_secrets, django_user_model, reader):
    if reader == "signed in":
        user = django_user_model.objects.create_user("volunteer", password="a-long-password")
        user.groups.add(Group.objects.get(name="Volunteers"))
        client.force_login(user)
    bodies = {}
    for url in WORKER_OUTPUTS:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies[url] = response.content.decode().lower()
    markers = [*HIDDEN.values(), *PRIVATE_IMAGE.values(), PUBLIC]  # not even public content: the list is the browser's
    leaks = [(marker, url) for marker in markers for url, body in bodies.items() if marker.lower() in body]
    assert not leaks, f"the worker's outputs name: {leaks}"


@pytest.mark.parametrize("how", ["unpublished", "login"])
def test_the_light_pages_of_the_data_saver_forget_what_left_public_view(client, site_with_secrets, how):
    """The data saver's pages are cache entries of their own (base.page_cache._entry_key): withdrawing a practice
    forgets them as it forgets the full pages."""
    withdrawn = content.practice(key="practice-withdrawn-light", title=titled(test_leaks.WITHDRAWN))
    urls = [url for channel in test_leaks.CACHED_CHANNELS for url in CHANNELS[channel]()] + [withdrawn.url]
    light = {"HTTP_SAVE_DATA": "on"}
    for url in urls:
        client.get(url, **light)
        assert client.get(url, **light)["X-Page-Cache"] == "hit", url
    marker = test_leaks.WITHDRAWN.lower()
    assert marker in "\n".join(client.get(url, **light).content.decode().lower() for url in urls)  # the control
    test_leaks.withdraw(withdrawn, how, site_with_secrets)
    leaks = [url for url in urls[:-1] if marker in client.get(url, **light).content.decode().lower()]
    assert not leaks, f"a light page still shows a practice {how}: {leaks}"
