"""The leak matrix: what is a draft, restricted (login, password, group), moved while private, or a
file of such pages, appears on no public output. Each channel is also shown to list a public
page or file, so that a channel that lists nothing cannot pass.

Every new output (feed, API field, export, cache, report) gets a row here the day it is added.
"""

import json

import pytest
from django.contrib.auth.models import Group
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site

from base.factories import RootCollectionImageFactory
from home.factories import StandardPageFactory
from home.models import FeaturedPractice, HomePage, SiteSettings
from partners.models import PartnerIndexPage
from places.models import PlacesIndexPage
from practices.models import PracticeIndexPage, PracticePage
from resources.models import ResourceIndexPage, ResourcePage
from taxonomy.models import Country
from tests import content

pytestmark = pytest.mark.django_db

# Every title holds the same search word, so that a search for it (echoed by the page) would find them all.
WORD = "Zephyrin"
PUBLIC = "Lumineuxpublic"
HIDDEN = {
    "draft": "Brouillonsecret",
    "login": "Connexionsecret",
    "password": "Motdepassesecret",
    "group": "Groupesecret",
    "moved": "Deplacesecret",
    "draft partner": "Partenairesecret",
    "login resource": "Ressourcesecret",
    "menu page": "Menusecret",
    "volunteer resource": "Benevolesecret",
}
# Shown to a signed-in reader who may read them, on the pages that are theirs alone (HTML listings
# and the search page); never on an output anyone may fetch or that is kept.
READABLE_BY = {
    "reader": {"login", "moved", "login resource", "menu page"},
    "volunteer": {"login", "moved", "login resource", "menu page", "volunteer resource"},
}
PDF_PHRASE = "Phrasepdfsecrete"
# What a public page using an image of a private collection must not show of it (its file is refused at /media/).
PRIVATE_IMAGE = {"file name": "imagecollection-visage", "description": "Descriptionprivee", "credit": "Creditprive"}


def titled(marker):
    return f"{WORD} {marker}"


def restrict(page, kind, group=None):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="a-password" if kind == "password" else ""
    )
    if group is not None:
        restriction.groups.add(group)
    return restriction


@pytest.fixture
def site_with_secrets(home_pages):
    staff = Group.objects.create(name="Équipe interne")
    draft_partner = content.partner(key="partner-secret", title=titled(HIDDEN["draft partner"]), live=False)
    public_partner = content.partner(key="partner-public", title=titled(f"Partenaire {PUBLIC}"))
    secret_resource = content.resource(
        key="resource-secret", title=titled(HIDDEN["login resource"]), text=(f"{WORD} {PDF_PHRASE} dans le guide.",)
    )
    restrict(secret_resource, "login")
    volunteer_resource = content.resource(
        key="resource-volunteers", title=titled(HIDDEN["volunteer resource"]), text=(f"{WORD} guide bénévole.",)
    )
    restrict(volunteer_resource, "groups", Group.objects.get(name="Volunteers"))
    public_resource = content.resource(
        key="resource-public", title=titled(f"Guide {PUBLIC}"), text=(f"{WORD} {PUBLIC} guide.",)
    )
    # A translation lists the practices that name its original (base.i18n.reader_versions): hidden ones name it too.
    content.resource(key="resource-public", locale="es", title=titled(f"Guía {PUBLIC}"), text=(f"{WORD} guía.",))
    draft_image = RootCollectionImageFactory(title="Imagebrouillon")
    private_collection = Collection.get_first_root_node().add_child(name="Photos internes")
    CollectionViewRestriction.objects.create(collection=private_collection, restriction_type="login")
    private_image = RootCollectionImageFactory(
        title="Imagecollection",
        collection=private_collection,
        file__filename="imagecollection-visage.jpg",
        description=PRIVATE_IMAGE["description"],
        credit=PRIVATE_IMAGE["credit"],
    )
    public_image = RootCollectionImageFactory(title=f"Image{PUBLIC}")
    public = content.practice(
        key="practice-public",
        title=titled(f"Pratique {PUBLIC}"),
        hero_image=public_image,
        partners=["partner-public", "partner-secret"],
        related_resources=["resource-public", "resource-secret"],
    )
    content.practice(key="practice-collection", title="Pratique avec photo interne", hero_image=private_image)
    content.practice(
        key="practice-draft",
        title=titled(HIDDEN["draft"]),
        hero_image=draft_image,
        live=False,
        related_resources=["resource-public"],
    )
    for kind in ("login", "password", "group"):
        page = content.practice(
            key=f"practice-{kind}", title=titled(HIDDEN[kind]), related_resources=["resource-public"]
        )
        restrict(page, "groups" if kind == "group" else kind, staff if kind == "group" else None)
    moved = content.practice(key="practice-moved", title=titled(HIDDEN["moved"]))
    restrict(moved, "login")
    moved.move(moved.get_parent(), pos="first-child")  # reordering changes its path, not its privacy
    home = HomePage.objects.get(locale__language_code="fr")
    featured = SiteSettings.for_site(Site.objects.get(is_default_site=True))  # best placed to leak: the home page
    for order, key in enumerate(["practice-public", "practice-login", "practice-draft", "practice-moved"]):
        FeaturedPractice.objects.create(settings=featured, practice=PracticePage.objects.get(key=key), sort_order=order)
    menu_page = home.add_child(
        instance=StandardPageFactory.build(title=titled(HIDDEN["menu page"]), show_in_menus=True)
    )
    restrict(menu_page, "login")
    return {
        "public": public,
        "public_partner": public_partner,
        "draft_partner": draft_partner,
        "secret_resource": secret_resource,
        "public_resource": public_resource,
        "images": {"draft": draft_image, "collection": private_image, "public": public_image},
    }


def index_url(model):
    return model.objects.get(locale__language_code="fr").url


def place_urls():
    places = PlacesIndexPage.objects.get(locale__language_code="fr")
    togo = Country.objects.get(iso_code="TG", locale__language_code="fr")
    return [places.url_for(togo.slug), places.url_for(togo.region.slug)]


def search_urls():
    # Two words: their meaning is looked for too (nearest neighbours), beside the words.
    meaning = f"{WORD}+pratique+secrète"
    return [
        f"/fr/search/?q={WORD}",
        f"/api/search/?q={WORD}",
        f"/api/search/?q={WORD}&type=resource",
        f"/fr/search/?q={meaning}",
        f"/api/search/?q={meaning}&locale=fr",
    ]


def autocomplete_urls():
    return [f"/api/search/autocomplete/?locale=fr&q={WORD[:5]}"]


CHANNELS = {
    "home and navigation": lambda: ["/fr/"],
    "listings": lambda: [index_url(PracticeIndexPage), index_url(ResourceIndexPage), index_url(PartnerIndexPage)],
    "country and region pages": place_urls,
    "search page and search API": search_urls,
    "autocomplete": autocomplete_urls,
    "feeds": lambda: ["/fr/feeds/practices.rss", "/fr/feeds/practices.atom", "/fr/feeds/resources.rss"],
    "saved-search feeds": lambda: [f"/fr/search/feed.rss?q={WORD}", f"/fr/search/feed.atom?q={WORD}"],
    "related practices and similar resources": lambda: [
        PracticePage.objects.get(key="practice-public").url,
        ResourcePage.objects.get(key="resource-public", locale__language_code="fr").url,
        ResourcePage.objects.get(key="resource-public", locale__language_code="es").url,
    ],
    "a public page using an image of a private collection": lambda: [
        PracticePage.objects.get(key="practice-public").url,
        PracticePage.objects.get(key="practice-collection").url,
        "/api/v2/pages/?type=practices.PracticePage&limit=20&fields=hero_image,hero_image_thumbnail",
    ],
    "sitemap": lambda: ["/sitemap.xml"],
    "open data": lambda: ["/opendata/practices.csv", "/opendata/practices.json"],
    "API pages and relation fields": lambda: [
        "/api/v2/pages/?type=practices.PracticePage&limit=20&fields=partners,related_resources",
        "/api/v2/pages/?type=resources.ResourcePage&limit=20",
        "/api/v2/pages/?type=partners.PartnerPage&limit=20",
        "/api/v2/pages/?type=home.StandardPage&limit=20",
        f"/api/v2/pages/?search={WORD}&limit=20",
    ],
    "API images and documents": lambda: ["/api/v2/images/?limit=20", "/api/v2/documents/?limit=20"],
}


def reader_pages():
    """The outputs that show a signed-in reader what they may read: the HTML listings and search page."""
    listings = {index_url(PracticeIndexPage), index_url(ResourceIndexPage), index_url(PartnerIndexPage)}
    return listings | {url for url in search_urls() if url.startswith("/fr/search/")}


def channel_bodies(client, channel):
    bodies = []
    for url in CHANNELS[channel]():
        response = client.get(url)
        assert response.status_code == 200, url
        bodies.append((url, response.content.decode().lower()))  # addresses carry titles as lowercase slugs
    everything = "\n".join(body for _url, body in bodies)
    assert PUBLIC.lower() in everything, f"{channel}: the public control is missing, so the channel shows nothing"
    return bodies


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("reader", ["reader", "volunteer"])
def test_a_signed_in_reader_sees_only_what_they_may_read_and_only_on_their_own_pages(
    client, site_with_secrets, django_user_model, channel, reader
):
    user = django_user_model.objects.create_user(reader, password="a-long-password")
    if reader == "volunteer":
        user.groups.add(Group.objects.get(name="Volunteers"))
    client.force_login(user)
    bodies = channel_bodies(client, channel)
    own = reader_pages()
    leaks = [
        (state, url)
        for state, marker in HIDDEN.items()
        for url, body in bodies
        if marker.lower() in body and not (state in READABLE_BY[reader] and url in own)
    ]
    assert not leaks, f"{channel} leaks to a signed-in {reader}: {leaks}"
    if channel in ("listings", "search page and search API"):  # and what they may read, they find
        for state in READABLE_BY[reader] - ({"menu page"} if channel == "listings" else set()):
            assert any(HIDDEN[state].lower() in body for url, body in bodies if url in own), (channel, state)


@pytest.mark.parametrize("channel", CHANNELS)
def test_nothing_hidden_appears_on_a_public_output(client, site_with_secrets, channel):
    bodies = channel_bodies(client, channel)
    leaks = [(state, url) for state, marker in HIDDEN.items() for url, body in bodies if marker.lower() in body]
    leaks += [("restricted PDF text", url) for url, body in bodies if PDF_PHRASE.lower() in body]
    leaks += [
        (f"{state} image", url)
        for state in ("draft", "collection")
        for url, body in bodies
        if site_with_secrets["images"][state].title.lower() in body
    ]
    leaks += [
        (f"private image's {what}", url)
        for what, marker in PRIVATE_IMAGE.items()
        for url, body in bodies
        if marker.lower() in body
    ]
    assert not leaks, f"{channel} leaks: {leaks}"


def test_a_reader_who_passes_a_collection_s_restriction_sees_its_image(client, site_with_secrets, django_user_model):
    page = PracticePage.objects.get(key="practice-collection")
    client.force_login(django_user_model.objects.create_user("reader", password="a-long-password"))
    html = client.get(page.url).content.decode()
    assert PRIVATE_IMAGE["file name"] in html and PRIVATE_IMAGE["credit"] in html
    client.logout()
    assert PRIVATE_IMAGE["file name"] not in client.get(page.url).content.decode()


def test_hidden_pages_have_no_api_detail(client, site_with_secrets):
    for marker in HIDDEN.values():
        page = Page.objects.get(title=titled(marker))
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404, marker
    assert client.get(f"/api/v2/pages/{site_with_secrets['public'].pk}/").status_code == 200


def test_files_of_hidden_pages_are_not_downloadable(client, site_with_secrets, django_user_model):
    secret = site_with_secrets["secret_resource"].document
    public = site_with_secrets["public_resource"].document
    assert client.get(public.url).status_code == 200
    refused = client.get(secret.url)
    assert refused.status_code == 302 and "login" in refused.url  # a login-restricted page uses it
    assert client.get(f"/media/{secret.file.name}").status_code == 404
    assert client.get(f"/media/{public.file.name}").status_code == 404  # documents never from /media/
    images = site_with_secrets["images"]
    assert client.get(f"/media/{images['public'].file.name}").status_code == 200
    for state in ("draft", "collection"):
        assert client.get(f"/media/{images[state].file.name}").status_code == 404, state
    client.force_login(django_user_model.objects.create_user("volunteer", password="a-long-password"))
    response = client.get(secret.url)  # a signed-in reader of the restricted resource gets its PDF
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Disposition" in response


def test_the_api_shows_a_file_again_once_a_public_page_uses_it(client, site_with_secrets):
    draft_image = site_with_secrets["images"]["draft"]
    assert draft_image.title not in client.get("/api/v2/images/?limit=20").content.decode()
    content.practice(key="practice-draft", title="Publiée enfin", hero_image=draft_image)
    listed = json.loads(client.get("/api/v2/images/?limit=20").content)["items"]
    assert draft_image.pk in [item["id"] for item in listed]
    assert client.get(f"/media/{draft_image.file.name}").status_code == 200


def test_best_bets_to_hidden_pages_are_not_shown(client, site_with_secrets):
    query = Query.objects.create(query_string=WORD.lower())
    SearchPromotion.objects.create(query=query, page=site_with_secrets["public"], sort_order=0, description="Visible")
    for order, marker in enumerate(("login", "draft", "login resource"), start=1):
        page = Page.objects.get(title=titled(HIDDEN[marker]))
        SearchPromotion.objects.create(query=query, page=page, sort_order=order, description=f"Pari {marker}")
    api = client.get("/api/search/", {"q": WORD, "locale": "fr"}).json()
    assert [promotion["title"] for promotion in api["promotions"]] == [site_with_secrets["public"].title]
    html = client.get("/fr/search/", {"q": WORD}).content.decode()
    assert "Visible" in html and "Pari" not in html


# --- The anonymous page cache (base.page_cache) ------------------------------------------------

CACHED_CHANNELS = (
    "home and navigation",
    "listings",
    "country and region pages",
    "related practices and similar resources",
)
WITHDRAWN = "Retiresecret"


def withdraw(page, how, secrets):
    if how == "unpublished":
        page.unpublish()
    elif how in ("login", "password"):
        restrict(page, how)
    elif how == "group":
        restrict(page, "groups", Group.objects.get(name="Équipe interne"))
    elif how == "deleted":
        page.delete()
    elif how == "moved under a private page":
        private = Page.objects.get(title=titled(HIDDEN["menu page"]))
        page.move(private, pos="last-child")
    elif how == "image made private":
        image = page.hero_image
        image.collection = secrets["images"]["collection"].collection
        image.save()


@pytest.mark.parametrize(
    "how", ["unpublished", "login", "password", "group", "deleted", "moved under a private page", "image made private"]
)
def test_the_page_cache_never_serves_what_left_public_view(client, site_with_secrets, how):
    image = RootCollectionImageFactory(title="Imageretiree", file__filename="imageretiree.jpg")
    withdrawn = content.practice(key="practice-withdrawn", title=titled(WITHDRAWN), hero_image=image)
    marker = "imageretiree" if how == "image made private" else WITHDRAWN.lower()
    urls = [url for channel in CACHED_CHANNELS for url in CHANNELS[channel]()]
    urls += [url for url in search_urls() if url.startswith("/fr/search/")]  # the search page is cached too
    for url in [*urls, withdrawn.url]:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url  # every one of them is in the cache
    shown = "\n".join(client.get(url).content.decode().lower() for url in [*urls, withdrawn.url])
    assert marker in shown  # the control: the cached pages did show it
    withdraw(withdrawn, how, site_with_secrets)
    if how == "image made private":
        # The page itself still names the file (/media/ then refuses it): what the cache must do is render
        # every page again, as a reader with no cache would see it.
        assert [url for url in urls if client.get(url)["X-Page-Cache"] == "hit"] == []
        return
    leaks = [url for url in urls if marker in client.get(url).content.decode().lower()]
    assert not leaks, f"the page cache still shows a page {how}: {leaks}"
    if how != "image made private":  # its own address: gone, a sign-in, or a password form naming nothing of it
        answer = client.get(withdrawn.url)
        assert answer.status_code != 200 or titled(WITHDRAWN) not in answer.content.decode()


def test_what_a_signed_in_reader_sees_is_never_cached_for_anyone(client, site_with_secrets, django_user_model):
    reader = django_user_model.objects.create_user("reader", password="a-long-password")
    client.force_login(reader)
    listing = index_url(PracticeIndexPage)
    assert HIDDEN["login"].lower() in client.get(listing).content.decode().lower()  # theirs to read
    client.logout()
    client.cookies.clear()
    for _ in range(2):
        assert HIDDEN["login"].lower() not in client.get(listing).content.decode().lower()


def test_a_remembered_correction_names_nothing_hidden(client, site_with_secrets, django_user_model):
    """ "Did you mean" corrections are remembered per process (search.service._correction), the same for
    every reader: one asked by a reader who may read a restricted page never names it to anyone else."""
    volunteer = django_user_model.objects.create_user("volunteer", password="a-long-password")
    volunteer.groups.add(Group.objects.get(name="Volunteers"))
    misspelt = {state: HIDDEN[state][:-1] + "x" for state in ("login", "volunteer resource")}
    client.force_login(volunteer)
    for word in misspelt.values():
        client.get("/fr/search/", {"q": word})
    client.logout()
    client.cookies.clear()
    for state, word in misspelt.items():
        for url in ("/fr/search/", "/api/search/"):
            assert HIDDEN[state].lower() not in client.get(url, {"q": word}).content.decode().lower(), (state, url)
    # The control: a public word misspelt is corrected, so the channel does show corrections.
    assert PUBLIC.lower() in client.get("/api/search/", {"q": PUBLIC[:-1] + "x"}).content.decode().lower()


def test_the_password_form_of_a_protected_page_names_nothing_of_it(client, site_with_secrets):
    """The form is given the form alone (BasePage.serve_password_required_response), whatever the page shows."""
    secret = PracticePage.objects.get(title=titled(HIDDEN["password"]))
    response = client.get(secret.url)
    body = response.content.decode()
    assert response.status_code == 200 and 'name="password"' in body  # the form, not the page
    assert HIDDEN["password"] not in body and secret.summary not in body
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
