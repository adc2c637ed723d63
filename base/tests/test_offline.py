"""The installable, offline-capable site (base.offline) and the data saver (base.data_saver)."""

import json

import pytest
from django.contrib.staticfiles import finders

from base import data_saver, offline
from base.factories import RootCollectionImageFactory
from tests import content

pytestmark = pytest.mark.django_db
LANGUAGES = ("fr", "es", "en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_manifest_speaks_the_reader_s_language(client, home_pages, language):
    response = client.get(f"/{language}/manifest.webmanifest")
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["lang"], manifest["start_url"], manifest["scope"]) == (language, f"/{language}/", "/")
    assert manifest["display"] == "standalone" and manifest["short_name"] == "Socialab"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512", "any"}
    for icon in manifest["icons"]:  # served by the site itself
        assert finders.find(icon["src"].removeprefix("/static/")), icon
    names = {json.loads(client.get(f"/{code}/manifest.webmanifest").content)["name"] for code in LANGUAGES}
    assert len(names) == 3  # translated


def test_pages_link_the_manifest_and_the_offline_page(client, home_pages):
    html = client.get("/es/").content.decode()
    assert 'rel="manifest" href="/es/manifest.webmanifest"' in html
    assert 'href="/es/offline/"' in html and 'data-service-worker="/sw.js"' in html
    assert "js/offline.js" in html and "js/offline-rule.js" in html


def test_the_service_worker_is_served_from_the_root_and_never_kept_stale(client, home_pages):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/" and "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    config = json.loads(script.split("var SOCIALAB_OFFLINE = ", 1)[1].split(";\n", 1)[0])
    assert config["offline"] == {"fr": "/fr/offline/", "es": "/es/offline/", "en": "/en/offline/"}
    assert "/static/css/socialab.css" in config["shell"] and "/en/offline/" in config["shell"]
    assert "socialabMayStore" in script and 'addEventListener("fetch"' in script
    assert set(offline.NEVER_STORED) == set(config["never"])


def test_the_cache_version_changes_with_what_the_worker_holds(client, home_pages, monkeypatch):
    def version():
        script = client.get("/sw.js").content.decode()
        return json.loads(script.split("var SOCIALAB_OFFLINE = ", 1)[1].split(";\n", 1)[0])["version"]

    before = version()
    assert version() == before
    monkeypatch.setattr(offline, "SHELL_STATIC", offline.SHELL_STATIC[:-1])
    assert version() != before


def test_the_rule_s_never_list_is_the_server_s():
    rule = open(finders.find("js/offline-rule.js"), encoding="utf-8").read()
    listed = json.loads(rule.split("var NEVER = ", 1)[1].split(";", 1)[0])
    assert listed == list(offline.NEVER_STORED)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_offline_page_says_how_to_save_and_holds_the_data_saver(client, home_pages, language):
    response = client.get(f"/{language}/offline/")
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert "data-offline-list" in html and "data-offline-empty" in html and "data-offline-notice" in html
    assert 'name="data_saver" value="on"' in html
    assert response["Content-Language"] == language


def test_the_data_saver_is_set_without_javascript(client, home_pages):
    response = client.get("/en/offline/", {"data_saver": "on"})
    assert response.status_code == 302 and response.url == "/en/offline/"
    assert response.cookies[data_saver.COOKIE].value == "on"
    assert 'name="data_saver" value="off"' in client.get("/en/offline/").content.decode()
    response = client.get("/en/offline/", {"data_saver": "off"})
    assert response.cookies[data_saver.COOKIE].value == ""  # deleted
    assert 'name="data_saver" value="on"' in client.get("/en/offline/").content.decode()


def shown(response):
    """What the page shows (its <main>): the og:image in its <head> is for link previews, never downloaded by it."""
    return response.content.decode().split("<main", 1)[1]


def practice_with_pictures():
    figure = RootCollectionImageFactory(title="Carte", file__filename="carte-informative.jpg")
    body = [{"type": "figure", "value": {"image": figure.pk, "alt_text": "Carte des quartiers", "caption": ""}}]
    hero = RootCollectionImageFactory(title="Photo", file__filename="photo-decorative.jpg")
    return content.practice(key="avec-images", hero_image=hero, body=json.dumps(body))


@pytest.mark.parametrize("how", [{"HTTP_SAVE_DATA": "on"}, {"cookie": True}])
def test_the_data_saver_leaves_out_decorative_pictures_only(client, home_pages, how):
    page = practice_with_pictures()
    listing = page.get_parent().url
    full = shown(client.get(page.url))
    assert "photo-decorative" in full and "carte-informative" in full
    assert "photo-decorative" in shown(client.get(listing))  # the card's thumbnail
    if how.pop("cookie", False):
        client.cookies[data_saver.COOKIE] = "on"
    light = client.get(page.url, **how)
    assert "photo-decorative" not in shown(light) and "carte-informative" in shown(light)
    assert "photo-decorative" not in shown(client.get(listing, **how))
    assert "Save-Data" in light["Vary"]


def test_the_page_cache_keeps_the_light_and_the_full_page_apart(client, home_pages):
    page = practice_with_pictures()
    for _ in range(2):
        full = client.get(page.url)
    assert full["X-Page-Cache"] == "hit" and "photo-decorative" in shown(full)
    light = client.get(page.url, HTTP_SAVE_DATA="on")
    assert light["X-Page-Cache"] == "miss" and "photo-decorative" not in shown(light)
    light = client.get(page.url, HTTP_SAVE_DATA="on")
    assert light["X-Page-Cache"] == "hit" and "photo-decorative" not in shown(light)
    client.cookies[data_saver.COOKIE] = "on"
    assert "photo-decorative" not in shown(client.get(page.url))
    del client.cookies[data_saver.COOKIE]
    full = client.get(page.url)
    assert full["X-Page-Cache"] == "hit" and "photo-decorative" in shown(full)
    assert "Save-Data" in full["Vary"]


def test_practices_and_resources_offer_to_be_saved_with_their_files(client, sample):
    practice = client.get(sample["togo"].url).content.decode()
    assert "data-offline-save" in practice and "<button" in practice
    assert "data-offline-save data-title=" in practice and " hidden>" in practice  # revealed by the script
    resource = client.get(sample["guide"].url).content.decode()
    assert "data-offline-save" in resource
    assert f'href="{sample["guide"].document.url}" download data-offline-file' in resource
    assert "data-offline-save" not in client.get("/fr/").content.decode()
