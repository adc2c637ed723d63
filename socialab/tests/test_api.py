"""The read-only API v2: practices, resources and partners with stable identifiers and names in the page's language."""

import pytest

from tests import content

pytestmark = pytest.mark.django_db

PRACTICE_FIELDS = "countries,themes,regions,sdg_targets,gender_marker,partners,key,summary"
PRACTICES = f"/api/v2/pages/?type=practices.PracticePage&fields={PRACTICE_FIELDS}"


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def items_by(data):
    """{(meta.locale, key or title): item}."""
    return {(item["meta"]["locale"], item.get("key") or item["title"]): item for item in data["items"]}


def test_practices_carry_taxonomy_as_identifiers_and_names_in_the_page_language(client, sample):
    data = get(client, PRACTICES)
    assert data["meta"]["total_count"] == 3
    items = items_by(data)
    assert set(items) == {("fr", "conseils-togo"), ("es", "conseils-togo"), ("fr", "demuna-peru")}

    togo_fr, togo_es, peru = items["fr", "conseils-togo"], items["es", "conseils-togo"], items["fr", "demuna-peru"]
    assert togo_fr["title"] == "Conseils d’enfants dans les quartiers"
    assert togo_fr["summary"] == "Des conseils d’enfants élus donnent leur avis à la mairie."
    assert togo_fr["countries"] == [{"slug": "togo", "name": "Togo"}]
    assert togo_fr["themes"] == [{"slug": "child-participation", "name": "Participation des enfants"}]
    assert togo_fr["regions"] == [{"slug": "sub-saharan-africa", "name": "Afrique subsaharienne"}]
    assert [target["code"] for target in togo_fr["sdg_targets"]] == ["16.7"]
    assert togo_fr["gender_marker"] == 2
    assert togo_fr["partners"] == [
        {"key": "partner-horizon", "title": "Association Horizon (fictive)", "id": sample["partner"].pk}
    ]

    # The Spanish translation: the same identifiers, the names in Spanish.
    assert togo_es["title"] == "Consejos de niñas y niños en los barrios"
    assert togo_es["themes"] == [{"slug": "child-participation", "name": "Participación infantil"}]
    assert togo_es["regions"] == [{"slug": "sub-saharan-africa", "name": "África subsahariana"}]
    assert [target["code"] for target in togo_es["sdg_targets"]] == ["16.7"]
    assert togo_es["sdg_targets"][0]["name"] != togo_fr["sdg_targets"][0]["name"]

    assert peru["countries"] == [{"slug": "peru", "name": "Pérou"}]
    assert [theme["slug"] for theme in peru["themes"]] == ["girls-empowerment", "protection-systems"]
    assert peru["regions"] == [{"slug": "central-south-america", "name": "Amérique centrale et du Sud"}]
    assert peru["gender_marker"] == 3
    assert peru["partners"] == []


def test_names_follow_the_page_language_not_the_request_language(client, sample):
    data = get(client, PRACTICES, HTTP_ACCEPT_LANGUAGE="en")
    items = items_by(data)
    assert items["es", "conseils-togo"]["themes"][0]["name"] == "Participación infantil"
    assert items["fr", "demuna-peru"]["countries"][0]["name"] == "Pérou"


def test_locale_and_key_filters(client, sample):
    spanish = get(client, f"{PRACTICES}&locale=es")
    assert [(item["meta"]["locale"], item["title"]) for item in spanish["items"]] == [
        ("es", "Consejos de niñas y niños en los barrios")
    ]
    assert spanish["items"][0]["meta"]["html_url"].endswith("/es/practicas/consejos-de-ninas-y-ninos-en-los-barrios/")
    french = get(client, f"{PRACTICES}&locale=fr")
    assert {item["key"] for item in french["items"]} == {"conseils-togo", "demuna-peru"}
    assert {item["meta"]["locale"] for item in french["items"]} == {"fr"}
    assert get(client, f"{PRACTICES}&locale=en")["items"] == []
    # The exchange key identifies a practice across languages.
    data = get(client, f"{PRACTICES}&key=conseils-togo")
    assert sorted(item["meta"]["locale"] for item in data["items"]) == ["es", "fr"]
    data = get(client, f"{PRACTICES}&key=conseils-togo&locale=es")
    assert [item["id"] for item in data["items"]] == [sample["togo_es"].pk]


def test_practice_detail_exposes_every_api_field(client, sample):
    data = get(client, f"/api/v2/pages/{sample['peru'].pk}/")
    assert data["key"] == "demuna-peru"
    assert data["kind"] == "innovative-initiative"
    assert (data["start_year"], data["end_year"], data["status"]) == (2020, 2022, "completed")
    assert data["tags"] == ["gouvernance"]
    assert [target["slug"] for target in data["target_groups"]] == ["girls", "boys"]
    assert [(block["type"], block["value"]["section"]) for block in data["body"]] == [
        ("section", "context"),
        ("section", "approach"),
    ]
    togo = get(client, f"/api/v2/pages/{sample['togo'].pk}/")
    assert togo["hero_image"]["id"] == sample["togo"].hero_image_id
    assert togo["hero_image_thumbnail"]["width"] == 480
    assert togo["related_resources"] == [
        {"key": "guide-conseils", "title": sample["guide"].title, "id": sample["guide"].pk}
    ]


def test_resources_expose_their_document(client, sample):
    data = get(client, "/api/v2/pages/?type=resources.ResourcePage&fields=document,languages,key,link,year")
    assert data["meta"]["total_count"] == 1
    resource = data["items"][0]
    guide = sample["guide"]
    assert resource["key"] == "guide-conseils"
    assert resource["year"] == 2023
    assert resource["link"] == ""
    assert resource["document"]["id"] == guide.document_id
    assert resource["document"]["meta"]["download_url"].endswith(guide.document.url)
    assert "languages" in resource


def test_resource_languages_are_a_list_of_codes(client, home_pages, tmp_path):
    content.resource(key="bilingue", languages=["fr", "es"])
    data = get(client, "/api/v2/pages/?type=resources.ResourcePage&fields=languages")
    assert data["items"][0]["languages"] == ["fr", "es"]


def test_partners_expose_their_country_by_iso_code(client, home_pages):
    content.partner(key="red-lima", title="Red Lima (fictive)", country="PE", themes=["girls-empowerment"])
    data = get(client, "/api/v2/pages/?type=partners.PartnerPage&fields=country,key,themes,is_fictional,city")
    assert len(data["items"]) == 1
    partner = data["items"][0]
    assert partner["key"] == "red-lima"
    assert partner["country"] == {"iso_code": "PE", "name": "Pérou"}
    assert partner["themes"] == [{"slug": "girls-empowerment", "name": "Autonomisation des filles"}]
    assert partner["is_fictional"] is True
    assert partner["city"] == "Lomé"


def test_partner_country_is_named_in_the_page_language(client, home_pages):
    content.partner(key="red-lima", title="Red Lima (fictive)", country="PE")
    content.partner(key="red-lima", locale="es", title="Red Lima (ficticia)", country="PE")
    data = get(client, "/api/v2/pages/?type=partners.PartnerPage&fields=country")
    countries = {item["meta"]["locale"]: item["country"] for item in data["items"]}
    assert countries == {"fr": {"iso_code": "PE", "name": "Pérou"}, "es": {"iso_code": "PE", "name": "Perú"}}


def test_images_and_documents_endpoints(client, sample):
    images = get(client, "/api/v2/images/")
    assert [image["id"] for image in images["items"]] == [sample["togo"].hero_image_id]
    documents = get(client, "/api/v2/documents/")
    assert [document["id"] for document in documents["items"]] == [sample["guide"].document_id]
    assert documents["items"][0]["meta"]["download_url"].endswith(".pdf")


def test_drafts_and_private_practices_are_not_listed(client, sample, hidden_practices):
    draft, withdrawn, private = (hidden_practices[name] for name in ("draft", "withdrawn", "private"))

    data = get(client, PRACTICES)
    assert data["meta"]["total_count"] == 3
    assert {item["id"] for item in data["items"]} == {sample["togo"].pk, sample["togo_es"].pk, sample["peru"].pk}
    for page in (draft, withdrawn, private):
        assert get(client, f"/api/v2/pages/?id={page.pk}")["items"] == []
    assert [item["id"] for item in get(client, f"/api/v2/pages/?id={sample['peru'].pk}")["items"]] == [
        sample["peru"].pk
    ]


def test_api_not_found_is_a_json_404_not_a_redirect(client, sample):
    sample["peru"].unpublish()
    for url in (f"/api/v2/pages/{sample['peru'].pk}/", "/api/v2/pages/999999/", f"{PRACTICES}&locale=xx"):
        response = client.get(url)
        assert response.status_code == 404, (url, response.status_code, response.get("Location"))
        assert response["Content-Type"] == "application/json"
