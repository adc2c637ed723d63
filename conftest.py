"""Fixtures shared by every test module."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would refuse ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
