"""`manage.py setup_site` builds the minimal site of `make run` and is safe to run again."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Site

from home.management.commands import setup_site
from home.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def password_file(tmp_path, monkeypatch):
    path = tmp_path / "admin-password"
    monkeypatch.setattr(setup_site, "PASSWORD_FILE", path)
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    return path


def run():
    out = StringIO()
    call_command("setup_site", stdout=out)
    return out.getvalue()


def printed_password(output):
    return re.search(r"password: (\S+)", output).group(1)


def test_creates_a_home_page_per_language_as_translations_and_the_default_site():
    run()
    homes = HomePage.objects.select_related("locale")
    assert sorted(home.locale.language_code for home in homes) == ["en", "es", "fr"]
    assert len({home.translation_key for home in homes}) == 1
    assert all(home.live for home in homes)
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific.locale.language_code == "fr"
    # Wagtail's placeholder "Welcome" page is gone.
    assert not Page.objects.filter(depth=2).exclude(content_type__model="homepage").exists()


def test_prints_working_admin_credentials(password_file):
    out = StringIO()
    call_command("setup_site", "--url", "http://127.0.0.1:8123", stdout=out)
    output = out.getvalue()
    assert "http://127.0.0.1:8123/admin/" in output
    password = printed_password(output)
    assert get_user_model().objects.get(username="admin").check_password(password)
    assert password_file.read_text() == password


def test_running_twice_changes_nothing():
    first = run()
    counts = (Page.objects.count(), HomePage.objects.count(), get_user_model().objects.count())
    revisions = [home.revisions.count() for home in HomePage.objects.all()]
    second = run()
    assert (Page.objects.count(), HomePage.objects.count(), get_user_model().objects.count()) == counts
    assert [home.revisions.count() for home in HomePage.objects.all()] == revisions
    assert printed_password(second) == printed_password(first)
    assert "unchanged" in second


def test_admin_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "chosen-by-the-operator")
    output = run()
    assert "chosen-by-the-operator" in output
    assert get_user_model().objects.get(username="admin").check_password("chosen-by-the-operator")


def test_a_changed_password_is_not_printed(password_file):
    run()
    user = get_user_model().objects.get(username="admin")
    user.set_password("changed-in-the-admin")
    user.save()
    output = run()
    assert "password:" not in output
    assert "changed outside this command" in output
