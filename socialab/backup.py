"""A backup of the whole site in one archive: `manage.py backup` writes it, `manage.py restore` (socialab.restore) reads it.

A `.tar.gz` holding, in this order:
- `manifest.json`: the format and its version, the date, Django's and Wagtail's versions, the database vendor, the
  counts of pages, images, documents and users, the applied migrations and the dump's SHA-256;
- `database.json`: Django's serialisation of every table (`dumpdata`), portable between SQLite and PostgreSQL. Rows
  keep their primary keys (StreamFields and revisions name pages, images and documents by id); content types,
  permissions, users and groups are named by natural keys, so they match the target database's own content types;
- `media/…`: every file under MEDIA_ROOT (images, renditions, documents).

Left out, because they are rebuilt, expire, or belong to the database the archive is restored into: NOT_DUMPED.
"""

import hashlib
import json
import os
import tarfile
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

FORMAT = "socialab-backup"
VERSION = 1
MANIFEST = "manifest.json"
DUMP = "database.json"
MEDIA = "media"
# Where a restore unpacks an archive before moving its files in (socialab.restore): never backed up.
STAGING_PREFIX = ".socialab-restore-"

NOT_DUMPED = [
    "contenttypes",  # made by migrate in every database; the dump names them by app label and model
    "auth.Permission",  # likewise, named by codename, app label and model
    "sessions",  # signed-in browsers (in Redis in production); a restore signs everyone out
    "wagtailadmin.EditingSession",  # who has a page open in the editor at this moment
    "axes",  # failed sign-ins and lockouts, which expire
    "base.Generation",  # per-process cache generations: a restore moves them forward, never back
    "search.SearchDocument",  # the public search index (search.SearchQueryStat, the statistics, is kept) …
    "search.SearchVector",
    "search.SearchFacet",
    "search.SearchTerm",
    "search.SearchIndexVersion",  # … rebuilt by rebuild_search_index after a restore
    "wagtailsearch",  # the admin's search index, rebuilt by wagtail_update_index
]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message names the file and says why."""


class Serializer(JSONSerializer):
    """Django's JSON (`loaddata` reads it), naming content types and permissions by natural key, for their ids differ
    from one database to another, and every other row by primary key, which StreamFields and revisions hold.
    (`dumpdata --natural-foreign` would also name pages, collections and tags by natural key, and fails on the
    log entries of a deleted page.)"""

    NATURAL = (ContentType, Permission)

    def start_serialization(self):
        super().start_serialization()
        self._permissions = None

    def _natural_key(self, model, pk):
        if pk is None:
            return None
        if model is ContentType:
            return ContentType.objects.get_for_id(pk).natural_key()
        if self._permissions is None:
            self._permissions = {p.pk: p.natural_key() for p in Permission.objects.select_related("content_type")}
        return self._permissions[pk]

    def handle_fk_field(self, obj, field):
        model = field.remote_field.model
        if model in self.NATURAL:
            self._current[field.name] = self._natural_key(model, getattr(obj, field.attname))
        else:
            super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        model = field.remote_field.model
        if model in self.NATURAL and field.remote_field.through._meta.auto_created:
            pks = getattr(obj, field.name).order_by("pk").values_list("pk", flat=True)
            self._current[field.name] = [self._natural_key(model, pk) for pk in pks]
        else:
            super().handle_m2m_field(obj, field)


def dumped_models():
    """Every model whose rows a backup holds: NOT_DUMPED names apps or models to leave out."""
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in NOT_DUMPED or meta.label in NOT_DUMPED or not meta.can_migrate(connection):
            continue
        yield model


def rows():
    for model in dumped_models():
        # The base manager: every row, whatever a model's default manager hides.
        yield from model._base_manager.order_by(model._meta.pk.name).iterator(chunk_size=2000)


def counts():
    """What a site holds, as the manifest records it and a restore checks it."""
    return {
        "pages": Page.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "users": get_user_model().objects.count(),
    }


def applied_migrations():
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


@contextmanager
def snapshot():
    """One consistent view of the database while it is dumped: on PostgreSQL a repeatable-read transaction
    (writers go on), on SQLite a transaction (writers wait for the dump)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def media_files(root):
    """(name in the archive, path) of every regular file under MEDIA_ROOT; links and a restore's staging left out."""
    root = Path(root)
    if not root.is_dir():
        return
    for directory, folders, names in os.walk(root):
        folders[:] = sorted(name for name in folders if not name.startswith(STAGING_PREFIX))
        for name in sorted(names):
            path = Path(directory, name)
            if path.is_file() and not path.is_symlink():
                yield f"{MEDIA}/{path.relative_to(root).as_posix()}", path


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def dump_database(path):
    """Write the database dump to `path`; returns the manifest describing it."""
    with snapshot():
        with open(path, "w", encoding="utf-8") as handle:
            Serializer().serialize(rows(), stream=handle)
        found = counts()
        migrations = applied_migrations()
    return {
        "format": FORMAT,
        "version": VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "database_vendor": connection.vendor,
        "counts": found,
        "migrations": migrations,
        "dump": {"name": DUMP, "bytes": Path(path).stat().st_size, "sha256": sha256(path)},
        "media": None,  # set by write_backup
    }


def _check_destination(path, force):
    if path.is_dir():
        raise BackupError(f"{path} is a folder; give the path of the archive to write, e.g. {path / 'site.tar.gz'}")
    if path.exists() and not force:
        raise BackupError(f"{path} exists; give another name, or --force to replace it")
    if not path.parent.is_dir():
        raise BackupError(f"{path}: the folder {path.parent} does not exist")


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
    with tempfile.SpooledTemporaryFile() as handle:
        handle.write(data)
        handle.seek(0)
        archive.addfile(info, handle)


def write_backup(path, *, force=False, media=True):
    """Write the archive at `path`, whole or not at all (it is written beside, then renamed); returns its manifest.

    The archive holds password hashes and e-mail addresses: it is readable by its owner only."""
    path = Path(path)
    _check_destination(path, force)
    partial = path.with_name(f".{path.name}.partial")
    with tempfile.TemporaryDirectory(prefix="socialab-backup-") as work:
        dump = Path(work) / DUMP
        manifest = dump_database(dump)
        files = list(media_files(settings.MEDIA_ROOT)) if media else []
        manifest["media"] = {"included": media, "files": len(files), "bytes": sum(f.stat().st_size for _, f in files)}
        try:
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as archive:
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
                archive.add(dump, DUMP)
                for name, source in files:
                    try:
                        archive.add(source, name, recursive=False)
                    except FileNotFoundError:
                        continue  # deleted since it was listed (a rendition, a replaced file): gone from the site too
            os.replace(partial, path)
        except OSError as error:
            raise BackupError(f"{path}: cannot write the archive ({error.strerror or error})") from error
        finally:
            partial.unlink(missing_ok=True)
    return manifest
