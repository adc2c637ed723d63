"""`manage.py backup` and `manage.py restore`: a site wiped after its backup comes back whole, on SQLite and on
PostgreSQL alike; a bad archive is refused with a message naming it, and nothing is half-written."""

import hashlib
import io
import json
import shutil
import tarfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection
from django.db.models import F
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageViewRestriction,
    ReferenceIndex,
    Revision,
    Workflow,
    WorkflowPage,
)

from base import generation, navigation
from exchange.export import export_all
from practices.models import PracticePage
from socialab.backup import DUMP, MANIFEST
from tests import content


@pytest.fixture
def media_root(settings, tmp_path):
    """A MEDIA_ROOT of the test's own, set before `sample` writes its image and PDF there."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SEARCH_ENCODER = ""  # lexical search is enough here, and rebuilding skips loading the encoder
    yield settings.MEDIA_ROOT
    ContentType.objects.clear_cache()  # the test's content types (other ids, see wipe) are rolled back


@pytest.fixture
def site(media_root, sample, django_user_model):
    """The sample's pages, plus what a backup must keep beyond exchanged content: a reader account in a group,
    a login-restricted page, a redirect, a draft revision."""
    readers = Group.objects.create(name="Lecteurs")
    readers.permissions.add(Permission.objects.get(codename="access_admin"))
    user = django_user_model.objects.create_user("ana", "ana@example.org", "another-long-password")
    user.groups.add(readers)
    peru = sample["peru"]
    restriction = PageViewRestriction.objects.create(page=peru, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(readers)
    Redirect.objects.create(old_path="/ancienne-adresse", redirect_page=sample["togo"])
    togo = PracticePage.objects.get(pk=sample["togo"].pk)
    togo.summary = "Un brouillon pas encore publié."
    togo.save_revision(user=user)
    return sample


def digest(field_file):
    with field_file.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def names(queryset, field="name"):
    return sorted(queryset.values_list(field, flat=True))


def state(tmp_path, label):
    """What must survive a backup and a restore, in comparable form."""
    export = tmp_path / label / "out.jsonl"
    export_all(export)
    return {
        "export": {
            p.relative_to(export.parent).as_posix(): p.read_bytes() for p in export.parent.rglob("*") if p.is_file()
        },
        "pages": [
            (
                p.path,
                p.url_path,
                p.title,
                p.draft_title,
                p.live,
                p.has_unpublished_changes,
                p.locale.language_code,
                p.content_type.natural_key(),
                str(p.translation_key),
                p.owner and p.owner.username,
            )
            for p in Page.objects.order_by("path").select_related("locale", "content_type", "owner")
        ],  # fmt: skip
        "revisions": [
            (r.content_type.natural_key(), r.object_id, r.user and r.user.username, r.content)
            for r in Revision.objects.order_by("pk").select_related("content_type", "user")
        ],
        "restrictions": [
            (r.page.path, r.restriction_type, r.password, names(r.groups)) for r in PageViewRestriction.objects.all()
        ],
        "users": [
            (u.username, u.email, u.password, u.is_superuser, names(u.groups))
            for u in get_user_model().objects.order_by("username")
        ],
        "groups": [(g.name, names(g.permissions, "codename")) for g in Group.objects.order_by("name")],
        "page_permissions": sorted(
            GroupPagePermission.objects.values_list("group__name", "page__path", "permission__codename")
        ),
        "collection_permissions": sorted(
            GroupCollectionPermission.objects.values_list("group__name", "collection__name", "permission__codename")
        ),
        "workflows": [(w.name, w.active, names(w.workflow_tasks, "task__name")) for w in Workflow.objects.all()],
        "workflow_pages": sorted(WorkflowPage.objects.values_list("workflow__name", "page__path")),
        "redirects": list(Redirect.objects.values_list("old_path", "redirect_page__path")),
        "images": sorted((i.title, i.file.name, digest(i.file)) for i in get_image_model().objects.all()),
        "documents": sorted((d.title, d.file.name, digest(d.file)) for d in get_document_model().objects.all()),
        "references": ReferenceIndex.objects.count(),
    }


def wipe(media_root):
    """A disaster, then a new database: every table emptied but those migrate fills (content types and
    permissions), which get other ids than they had; the media files gone."""
    connection.check_constraints()  # rows written in this test's transaction: PostgreSQL truncates none pending
    kept = {ContentType._meta.db_table, Permission._meta.db_table}
    tables = [name for name in connection.introspection.django_table_names(only_existing=True) if name not in kept]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))
    Permission.objects.update(id=F("id") + 5000, content_type_id=F("content_type_id") + 1000)
    ContentType.objects.update(id=F("id") + 1000)
    ContentType.objects.clear_cache()
    shutil.rmtree(media_root)


def search_keys(client, query):
    response = client.get("/api/search/", {"q": query, "locale": "fr", "mode": "lexical"})
    assert response.status_code == 200
    return {hit["key"] for hit in response.json()["results"]}


def test_a_wiped_site_comes_back_whole(site, media_root, tmp_path, client, capsys):
    before = state(tmp_path, "before")
    assert before["restrictions"] and before["images"] and before["documents"] and len(before["users"]) == 1
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive))
    assert "Backed up" in capsys.readouterr().out
    assert archive.stat().st_mode & 0o077 == 0  # password hashes inside: readable by its owner only

    wipe(media_root)
    assert not Page.objects.exists()
    call_command("restore", str(archive))
    out = capsys.readouterr().out
    assert "Restored" in out and "media files" in out

    after = state(tmp_path, "after")
    for part in before:
        assert after[part] == before[part], part
    assert "conseils-togo" in search_keys(client, "conseils quartiers")
    assert "demuna-peru" not in search_keys(client, "itinérantes")  # restricted to a group: out of public search
    assert list(PracticePage.objects.live().search("DEMUNA")) == [site["peru"]]  # the admin's search index too


def test_a_restore_with_force_replaces_what_the_database_holds(site, media_root, tmp_path):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive))
    before = state(tmp_path, "before")
    content.practice(key="added-after-the-backup", title="Ajoutée après la sauvegarde")
    Page.objects.filter(pk=site["peru"].pk).update(title="Renommée après la sauvegarde")
    Group.objects.create(name="Added after the backup")
    with open(site["guide"].document.file.path, "wb") as handle:
        handle.write(b"%PDF-1.7 overwritten")

    with pytest.raises(CommandError, match="not empty.*--force"):
        call_command("restore", str(archive))
    # Many changes since the backup (a site lives on): the processes' copies carry a generation far past the dump's.
    generation.bump(navigation.GENERATION)
    generation.Generation.objects.filter(name=navigation.GENERATION).update(value=F("value") + 1000)
    held = generation.current(navigation.GENERATION)  # what the running processes' copies carry
    call_command("restore", str(archive), "--force")
    assert state(tmp_path, "after") == before
    assert generation.current(navigation.GENERATION) > held


def test_backup_refuses_to_overwrite_unless_forced(site, tmp_path):
    archive = tmp_path / "site.tar.gz"
    archive.write_bytes(b"an earlier backup")
    with pytest.raises(CommandError, match=f"{archive} exists.*--force"):
        call_command("backup", str(archive))
    assert archive.read_bytes() == b"an earlier backup"
    call_command("backup", str(archive), "--force", "--no-media")
    with tarfile.open(archive) as opened:
        assert opened.getnames() == [MANIFEST, DUMP]
    assert not list(tmp_path.glob(".*partial"))


def rewritten(source, target, manifest=None, dump=None):
    """A copy of the archive `source` at `target`, its manifest changed by `manifest(dict)` or its dump replaced."""
    with tarfile.open(source) as original, tarfile.open(target, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read() if member.isfile() else None
            if member.name == MANIFEST and manifest:
                data = json.dumps(manifest(json.loads(data))).encode()
            elif member.name == DUMP and dump is not None:
                data = dump
            member.size = len(data) if data is not None else 0
            copy.addfile(member, io.BytesIO(data) if data is not None else None)
    return target


def with_checksum_of(dump):
    def change(manifest):
        manifest["dump"]["sha256"] = hashlib.sha256(dump).hexdigest()
        return manifest

    return change


@pytest.fixture
def archive(site, tmp_path):
    path = tmp_path / "site.tar.gz"
    call_command("backup", str(path))
    return path


def test_bad_archives_are_refused_by_name(archive, tmp_path, media_root):
    not_a_tar = tmp_path / "notes.tar.gz"
    not_a_tar.write_text("not an archive")
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    foreign = tmp_path / "foreign.tar.gz"
    with tarfile.open(foreign, "w:gz") as opened:
        opened.add(__file__, "something.py")
    version = lambda m: {**m, "version": 99}  # noqa: E731
    damaged = rewritten(archive, tmp_path / "damaged.tar.gz", dump=b"[]")
    older = rewritten(archive, tmp_path / "older.tar.gz", manifest=lambda m: {**m, "migrations": m["migrations"][:-1]})
    cases = {
        tmp_path / "missing.tar.gz": "no such file",
        tmp_path: "not a file",
        not_a_tar: "not a readable backup archive",
        truncated: "not a readable backup archive",
        foreign: "not a Socialab backup",
        rewritten(archive, tmp_path / "future.tar.gz", manifest=version): "format version 99",
        damaged: "database.json is damaged",
        older: "made at other migrations",
    }
    pages = Page.objects.count()
    for path, message in cases.items():
        with pytest.raises(CommandError, match=message) as refused:
            call_command("restore", str(path), "--force")
        assert str(path) in str(refused.value)
    assert Page.objects.count() == pages


@pytest.mark.filterwarnings("ignore:No fixture data found")  # loaddata's words for the empty dump
def test_a_dump_that_cannot_be_loaded_changes_nothing(archive, site, tmp_path):
    before = state(tmp_path, "before")
    document = site["guide"].document.file.path
    original = open(document, "rb").read()
    bad_rows = json.dumps([{"model": "wagtailcore.page", "pk": 1, "fields": {"no_such_field": 1}}]).encode()
    for name, dump in {"bad-rows": bad_rows, "wrong-counts": b"[]"}.items():
        path = rewritten(archive, tmp_path / f"{name}.tar.gz", manifest=with_checksum_of(dump), dump=dump)
        with open(document, "wb") as handle:
            handle.write(b"%PDF-1.7 edited since the backup")
        with pytest.raises(CommandError, match="nothing was changed") as refused:
            call_command("restore", str(path), "--force")
        assert str(path) in str(refused.value)
        assert open(document, "rb").read() == b"%PDF-1.7 edited since the backup"  # files are moved in last
        with open(document, "wb") as handle:
            handle.write(original)
        assert state(tmp_path, f"after-{name}") == before
