"""Fixtures shared by every test module."""

import os
import time
from types import SimpleNamespace

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would refuse ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a rolled-back test must not leave cached rows
    behind (tree paths repeat from one test database state to the next)."""
    from django.core.cache import caches

    from base import generation, navigation
    from taxonomy import labels

    for alias in caches:  # the renditions' too: a rolled-back test's image ids come again
        caches[alias].clear()
    labels.forget_process_copies()  # kept under a generation that rolled-back tests may repeat
    generation.forget_process_copies()  # kept under generations that rolled-back tests may repeat
    navigation.forget_process_copies()  # the navigation's copies carry a generation the rollback counts again
    yield


@pytest.fixture(autouse=True)
def throttle_clock(monkeypatch):
    """The rate limits' clock stands still during a test: their windows are fixed (base.throttle), so a test
    that counts requests across a window's edge (a minute's, an hour's) would see its count start again.
    A test that needs time to pass sets `throttle.time` itself."""
    from base import throttle

    now = time.time()
    monkeypatch.setattr(throttle, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language: a request made by an earlier test (an admin
    user's preferred language, a /es/ page) leaves its language active in the thread otherwise."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Each test database starts with the minimal site of `setup_site`, built once: tests roll back to it.

    Building it took most of the suite's time when every test made its own. Browser tests
    (transactional: they empty the database when they end) run last, and restore what the
    migrations made, which this returns as serialized JSON, before building their own.
    """
    from django.db import connection

    from home.site_setup import ensure_site

    with django_db_blocker.unblock():
        migrated = connection.creation.serialize_db_to_string()
        ensure_site()
    return migrated


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.nodeid.startswith("tests/browser/"))


@pytest.fixture
def home_pages(db):
    """The minimal site of `setup_site`: {language code: HomePage}."""
    from home.site_setup import ensure_site

    return ensure_site()


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-password")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def sample(home_pages, tmp_path):
    """A partner, a resource (with a real PDF) and two practices, one translated into Spanish."""
    from tests import content

    partner = content.partner(key="partner-horizon")
    guide = content.resource(key="guide-conseils")
    togo = content.practice(key="conseils-togo", image=True, partners=[partner.key], related_resources=[guide.key])
    togo_es = content.practice(
        key="conseils-togo",
        locale="es",
        title="Consejos de niñas y niños en los barrios",
        image=True,
        partners=[partner.key],
        related_resources=[guide.key],
    )
    peru = content.practice(
        key="demuna-peru",
        title="DEMUNA itinérantes",
        countries=["PE"],
        themes=["girls-empowerment", "protection-systems"],
        kind="innovative-initiative",
        start_year=2020,
        end_year=2022,
        status="completed",
        gender_marker=3,
    )
    return {"partner": partner, "guide": guide, "togo": togo, "togo_es": togo_es, "peru": peru, "dir": tmp_path}


@pytest.fixture
def hidden_practices(sample):
    """Practices readers must not see: a draft never published, a withdrawn one, a password-protected one."""
    from wagtail.models import PageViewRestriction

    from practices.models import PracticeIndexPage, PracticePage
    from tests import content

    index = PracticeIndexPage.objects.get(locale__language_code="fr")
    draft = index.add_child(
        instance=PracticePage(title="Brouillon jamais publié", slug="brouillon", summary="Pas encore.", live=False)
    )
    draft.save_revision()
    withdrawn = content.practice(key="retiree", title="Pratique retirée")
    withdrawn.unpublish()
    private = content.practice(key="privee", title="Pratique réservée")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    return {"draft": draft, "withdrawn": withdrawn, "private": private}
