"""Practice and resource listings read their pages from search's facet index (search.engines.listing),
with SQL as the fallback when no index answers (base.models.ListingPage.queried): both must show the same
pages in the same order, for every filter, year, language and reader. The content mixes what makes the
choice hard: translations either way, originals withdrawn or restricted, translations restricted, pages
in several countries and themes, the year rules' edge cases (an undated start with an end year)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection
from django.http import QueryDict
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from base.listing import TOTAL, ListedPages
from places.figures import practice_counts_in_sql
from practices.models import PracticeIndexPage, PracticePage
from resources.models import ResourceIndexPage, ResourcePage
from search import registry
from search.engines.listing import counted_groups, listed_ids
from search.indexing import index_pages
from tests import content

pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "es", "en")
PRACTICE_QUERIES = [
    "",
    "country=TG",
    "country=TG&country=PE",
    "region=north-africa",
    "region=sub-saharan-africa&kind=good-practice&kind=partner-contribution",
    "theme=child-participation",
    "theme=trafficking&country=MA",
    "gender=1",
    "gender_marker=2&gender_marker=3",
    "kind=innovative-initiative",
    "country=TG&theme=child-participation&year=2021",
    *(f"year={year}" for year in range(2018, 2026)),
]
RESOURCE_QUERIES = [
    "",
    "kind=toolkit",
    "kind=guide&kind=report",
    "country=TG",
    *(f"year={y}" for y in (2020, 2021, 2023)),
]


def restrict(page, kind, group=None):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="a-password" if kind == "password" else ""
    )
    if group is not None:
        restriction.groups.add(group)


@pytest.fixture
def practices(home_pages):
    staff = Group.objects.create(name="Équipe")
    content.practice(key="togo", title="Togo", start_year=2021)
    content.practice(key="togo", locale="es", title="Togo es")
    content.practice(
        key="peru", title="Pérou", countries=["PE"], themes=["girls-empowerment", "protection-systems"],
        kind="innovative-initiative", gender_marker=3, start_year=2020, end_year=2022,
    )  # fmt: skip
    content.practice(key="peru", locale="en", title="Peru en")
    content.practice(
        key="senegal", locale="es", title="Senegal", countries=["SN"], themes=["trafficking"], start_year=None,
        end_year=2023, kind="partner-contribution", gender_marker=0,
    )  # fmt: skip
    content.practice(
        key="maghreb", title="Maghreb", countries=["MA", "TN"], themes=["trafficking", "child-participation"],
        start_year=None, gender_marker=1,
    )  # fmt: skip
    content.practice(key="same-year", title="Une année", start_year=2022, end_year=2022)
    # Restricted after translation: a translation copies its source's restrictions.
    members = content.practice(key="members", title="Membres")
    content.practice(key="members", locale="es", title="Miembros")
    restrict(members, "login")
    content.practice(key="staff-es", title="Équipe fr")
    restrict(content.practice(key="staff-es", locale="es", title="Equipo es"), "groups", staff)
    password = content.practice(key="password", title="Mot de passe")
    content.practice(key="password", locale="es", title="Contraseña")
    restrict(password, "password")
    withdrawn = content.practice(key="withdrawn", title="Retirée")
    content.practice(key="withdrawn", locale="en", title="Withdrawn en")
    content.practice(key="withdrawn", locale="es", title="Retirada es")
    withdrawn.unpublish()
    content.practice(key="draft", title="Brouillon", live=False)
    return staff


@pytest.fixture
def resources(home_pages):
    content.resource(key="guide-2021", title="Guide 2021", year=2021, kind="guide")
    content.resource(key="guide-2021", locale="en", title="Guide 2021 en")
    content.resource(key="undated", title="Sans date", year=None, kind="toolkit", countries=["TG"])
    content.resource(key="report-es", locale="es", title="Informe", year=2023, kind="report")
    restrict(content.resource(key="members-guide", title="Guide membres", year=2021), "login")
    restrict(content.resource(key="volunteers", title="Bénévoles"), "groups", Group.objects.get(name="Volunteers"))


@pytest.fixture
def readers(django_user_model, practices):
    member = django_user_model.objects.create_user("member", password="a-long-password")
    colleague = django_user_model.objects.create_user("colleague", password="a-long-password")
    colleague.groups.add(practices)
    volunteer = django_user_model.objects.create_user("volunteer", password="a-long-password")
    volunteer.groups.add(Group.objects.get(name="Volunteers"))
    return {
        "feed": None,
        "anonymous": AnonymousUser(),
        "member": member,
        "colleague": colleague,
        "volunteer": volunteer,
    }


def both_paths(index, query, reader):
    """(ids through the index, ids through SQL) of the listing `index` for a query string."""
    pages, filters = index.filtered(QueryDict(query), reader)
    assert isinstance(pages, ListedPages), "the listing did not read the index"
    return [page.pk for page in pages], [page.pk for page in index.queried(filters, reader)]


def disagreements(index_model, queries, readers):
    found = []
    for language in LANGUAGES:
        index = index_model.objects.get(locale__language_code=language)
        for query in queries:
            for name, reader in readers.items():
                indexed, queried = both_paths(index, query, reader)
                if indexed != queried:
                    found.append((language, query, name, indexed, queried))
    return found


def titles(index, query="", reader=None):
    pages, _filters = index.filtered(QueryDict(query), reader)
    return [page.title for page in pages]


def test_the_practice_listing_reads_the_same_pages_from_the_index_as_from_sql(practices, readers):
    assert disagreements(PracticeIndexPage, PRACTICE_QUERIES, readers) == []


def test_the_resource_listing_reads_the_same_pages_from_the_index_as_from_sql(resources, readers):
    assert disagreements(ResourceIndexPage, RESOURCE_QUERIES, readers) == []


COUNTED_WITHIN = [None, ["togo"], ["peru", "senegal"], ["morocco", "tunisia"], ["colombia"]]


def test_places_figures_count_the_same_groups_from_the_index_as_from_sql(practices):
    """What the home, region and country pages count: each translation group once, under every value one of its
    public versions has (restricted, password-protected, withdrawn and draft versions not counted)."""
    by = ["theme", "country", "region"]
    restrict(content.practice(key="secret", title="Réservée", countries=["CO"], themes=["trafficking"]), "login")
    content.practice(key="draft-co", title="Brouillon", countries=["CO"], live=False)
    for slugs in COUNTED_WITHIN:
        within = {} if slugs is None else {"country": slugs}
        assert counted_groups(PracticePage, within, by) == practice_counts_in_sql(slugs, by), slugs
    everywhere = counted_groups(PracticePage, {}, by)
    # Counted: togo, peru, senegal, maghreb, same-year; members, password (their Spanish versions, restricted in
    # French only), staff-es (its French version), withdrawn (its English and Spanish ones). Not the draft.
    assert everywhere[TOTAL] == 9
    assert everywhere["region"]["north-africa"] == 1 and everywhere["country"]["peru"] == 1
    assert "colombia" not in everywhere["country"] and counted_groups(PracticePage, {"country": ["colombia"]}, by) == {
        TOTAL: 0,
        "theme": {},
        "country": {},
        "region": {},
    }


def test_the_home_page_counts_without_sql(client, practices):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/fr/")
    assert response.status_code == 200
    assert not [query["sql"] for query in queries.captured_queries if "COUNT(DISTINCT" in query["sql"]]
    assert response.context["practice_total"] == 9


def test_what_each_reader_sees_in_each_language(practices, readers):
    """The agreement above is not an agreement on nothing: the choices, spelled out."""
    fr, es, en = (PracticeIndexPage.objects.get(locale__language_code=code) for code in LANGUAGES)
    # Newest first; the Spanish-only practice in Spanish; a withdrawn or password-protected original gives way
    # to its first translation.
    assert titles(fr) == ["Withdrawn en", "Contraseña", "Équipe fr", "Une année", "Maghreb", "Senegal", "Pérou", "Togo"]
    assert titles(fr, reader=readers["member"]) == [
        "Withdrawn en", "Contraseña", "Équipe fr", "Membres", "Une année", "Maghreb", "Senegal", "Pérou", "Togo",
    ]  # fmt: skip
    # The Spanish version is the staff's only: others see nothing of that practice in Spanish, not the French.
    assert titles(es) == [
        "Retirada es",
        "Contraseña",
        "Miembros",
        "Une année",
        "Maghreb",
        "Senegal",
        "Pérou",
        "Togo es",
    ]
    assert "Equipo es" in titles(es, reader=readers["colleague"])
    # The withdrawn original's translations: the English one for English readers.
    assert titles(en)[0] == "Withdrawn en" and "Peru en" in titles(en)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2019", []),
        ("year=2020", ["Pérou"]),
        ("year=2021", ["Pérou", "Togo"]),
        ("year=2022", ["Une année", "Pérou", "Togo"]),
        ("year=2023", ["Senegal", "Togo"]),  # no start year: active in its end year only
        ("year=2024", ["Togo"]),  # ongoing
    ],
)
def test_a_practice_is_listed_in_the_years_it_is_active(practices, query, expected):
    fr = PracticeIndexPage.objects.get(locale__language_code="fr")
    assert [title for title in titles(fr, query) if title in {"Pérou", "Togo", "Senegal", "Une année"}] == expected


def test_equal_publication_dates_list_the_higher_page_id_first(home_pages):
    first, second = content.practice(key="a", title="A"), content.practice(key="b", title="B")
    PracticePage.objects.filter(pk__in=[first.pk, second.pk]).update(first_published_at=timezone.now())
    index_pages([first, second])
    fr = PracticeIndexPage.objects.get(locale__language_code="fr")
    indexed, queried = both_paths(fr, "", None)
    assert indexed == queried == [second.pk, first.pk]


def test_a_page_type_search_does_not_index_has_no_answer_from_the_index(home_pages):
    locale = PracticeIndexPage.objects.get(locale__language_code="fr").locale_id
    assert listed_ids(PracticeIndexPage, locale, {}) is None
    assert listed_ids(PracticePage, locale, {}) == []
    content.resource(key="r", title="R")
    assert listed_ids(PracticePage, locale, {}) == []  # a resource is not a practice
    assert len(listed_ids(ResourcePage, locale, {})) == 1


def test_the_listing_counts_without_sql_and_loads_its_page_in_one_query(client, home_pages):
    for number in range(14):
        content.practice(key=f"p{number}", title=f"Pratique {number}")
    fr = PracticeIndexPage.objects.get(locale__language_code="fr")
    with override_settings(PAGE_CACHE_SECONDS=0):
        client.get(fr.url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(fr.url + "?page=2&country=TG")
    assert response.status_code == 200 and response.context["page_obj"].paginator.count == 14
    assert [item.title for item in response.context["items"]] == ["Pratique 1", "Pratique 0"]
    sql = [query["sql"] for query in queries.captured_queries]
    assert not [text for text in sql if "COUNT(" in text.upper()]
    assert len([text for text in sql if 'FROM "practices_practicepage"' in text]) == 1


def test_a_feed_lists_public_pages_only_through_the_index(client, practices):
    rss = client.get("/fr/feeds/practices.rss").content.decode()
    assert "Togo" in rss and "Membres" not in rss and "Mot de passe" not in rss
    empty = PracticeIndexPage.objects.get(locale__language_code="fr").filtered(QueryDict("country=CO"))[0]
    assert list(empty[:30]) == [] and len(empty) == 0


def test_a_page_in_two_countries_of_a_region_is_listed_once(practices):
    fr = PracticeIndexPage.objects.get(locale__language_code="fr")
    assert titles(fr, "region=north-africa") == ["Maghreb"]
    assert list(fr.queried(fr.filtered(QueryDict("region=north-africa"))[1]).values_list("title", flat=True)) == [
        "Maghreb"
    ]


def test_a_translation_published_replaces_the_original_at_once(client, home_pages):
    content.practice(key="k", title="Original français")
    es = PracticeIndexPage.objects.get(locale__language_code="es")
    assert titles(es) == ["Original français"]
    content.practice(key="k", locale="es", title="Traducción")
    assert titles(es) == ["Traducción"]
    PracticePage.objects.get(title="Traducción").unpublish()
    assert titles(es) == ["Original français"]


def test_each_page_type_has_kinds_of_its_own():
    """A listing tells its page type's documents by their kinds: no two page types may share one."""
    owners = {}
    for entry in registry.contributions():
        for value, _label in entry.kinds:
            assert owners.setdefault(value, entry.model) is entry.model, value
    assert {value for value, _label in PracticeIndexPage.kinds} <= owners.keys()
