"""Playwright in Debian's Chromium against pytest-django's live server."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Chromium's own calls home are refused on a closed network; these flags keep it quiet and quick.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/system-packages --browser (or set CHROMIUM_PATH).")
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core not found at {AXE_SCRIPT}: run `npm ci` (make test does it).")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def migrated_state(django_db_setup):
    """What the migrations put in the database (root page, locales, taxonomy), as serialized JSON.

    Transactional tests end by emptying every table; browser tests restore this first.
    (Django's serialized_rollback does the same but its copy does not survive the other tests here.)
    The root conftest's `django_db_setup` takes it before it builds the site the other tests share.
    """
    return django_db_setup


@pytest.fixture
def site(transactional_db, migrated_state):
    """The minimal site, in a database the live server shares."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection
    from wagtail.models import Page

    from home.site_setup import ensure_site

    if not Page.objects.exists():
        # The flush that ended the previous test re-created content types; start from empty.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(migrated_state)
        ContentType.objects.clear_cache()
        # Rows came back with their ids: move PostgreSQL's sequences past them.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)
    return ensure_site()


@pytest.fixture
def server_url(live_server):
    return live_server.url


@pytest.fixture
def journey(site, tmp_path):
    """A partner, a resource with its PDF and a practice in Togo, in French and Spanish."""
    from tests import content

    partner = content.partner(key="partner-horizon", title="Association Horizon (fictive)")
    content.partner(key="partner-horizon", locale="es", title="Asociación Horizonte (ficticia)")
    guide = content.resource(key="guide-conseils")
    practice = content.practice(key="conseils-togo", image=True, partners=[partner.key], related_resources=[guide.key])
    content.practice(
        key="conseils-togo",
        locale="es",
        title="Consejos de niñas y niños en los barrios",
        image=True,
        partners=[partner.key],
        related_resources=[guide.key],
    )
    content.practice(key="demuna-peru", title="DEMUNA itinérantes", countries=["PE"], themes=["girls-empowerment"])
    return {"partner": partner, "guide": guide, "practice": practice}
