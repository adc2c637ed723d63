"""`manage.py restore`: put back what socialab.backup wrote, all of it or nothing.

The archive is read whole before anything changes (a damaged or foreign file is refused then); the database is
replaced in one transaction, its counts checked against the manifest before it commits; media files are moved in
only after that; then the caches are emptied and the search indexes rebuilt from the restored pages.
"""

import json
import os
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F
from wagtail.models import Page

from base.generation import Generation
from search.models import SearchIndexVersion

from .backup import DUMP, FORMAT, MANIFEST, MEDIA, STAGING_PREFIX, VERSION, BackupError, applied_migrations, counts
from .backup import sha256 as file_sha256

# Tables a restore leaves as they are: made by migrate and matched by natural key, or only ever moved forward.
KEPT = (ContentType, Permission, Generation, SearchIndexVersion)
MANIFEST_LIMIT = 10 * 1024 * 1024


def _unreadable(path, error):
    return BackupError(f"{path}: not a readable backup archive ({error})")


def _manifest(path, data):
    try:
        manifest = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{path}: {MANIFEST} is not valid JSON ({error})") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: {MANIFEST} is not the manifest of a Socialab backup")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"{path}: backup format version {manifest.get('version')!r}; this version of Socialab reads version "
            f"{VERSION} only"
        )
    for key, kind in (("counts", dict), ("migrations", list), ("dump", dict)):
        if not isinstance(manifest.get(key), kind):
            raise BackupError(f"{path}: {MANIFEST} lacks “{key}”")
    return manifest


def _entry_kind(path, member):
    """Which part of a backup an archive entry is; anything else (a link, a path outside) is refused."""
    name = PurePosixPath(member.name)
    if name.is_absolute() or ".." in name.parts:
        raise BackupError(f"{path}: unsafe entry {member.name!r} in the archive")
    if member.isfile() and member.name in (MANIFEST, DUMP):
        return member.name
    if name.parts[:1] == (MEDIA,) and (member.isfile() or member.isdir()):
        return MEDIA
    raise BackupError(f"{path}: unexpected entry {member.name!r} in the archive")


def unpack(path, staging):
    """Read the whole archive into `staging`; returns its manifest. The manifest comes first, so a file that is not
    a backup of this format is refused before anything is extracted."""
    path = Path(path)
    if not path.exists():
        raise BackupError(f"{path}: no such file")
    if not path.is_file():
        raise BackupError(f"{path}: not a file")
    manifest = None
    try:
        with tarfile.open(path, mode="r|*") as archive:
            for member in archive:
                if manifest is None:
                    if member.name != MANIFEST or not member.isfile() or member.size > MANIFEST_LIMIT:
                        raise BackupError(f"{path}: not a Socialab backup ({MANIFEST} is not its first entry)")
                    manifest = _manifest(path, archive.extractfile(member).read())
                elif _entry_kind(path, member) == MANIFEST:
                    raise BackupError(f"{path}: two manifests in the archive")
                else:
                    archive.extract(member, staging, filter="data")
    except (tarfile.TarError, EOFError, zlib.error) as error:
        raise _unreadable(path, error) from error
    except OSError as error:  # gzip.BadGzipFile among them
        raise _unreadable(path, error.strerror or error) from error
    if manifest is None:
        raise BackupError(f"{path}: not a Socialab backup (the archive is empty)")
    dump = Path(staging) / DUMP
    if not dump.is_file():
        raise BackupError(f"{path}: the archive holds no {DUMP}")
    if file_sha256(dump) != manifest["dump"].get("sha256"):
        raise BackupError(f"{path}: {DUMP} is damaged (its checksum is not the one in {MANIFEST})")
    return manifest


def check_migrations(path, manifest):
    """The dump fits a database at the same migrations only: older rows are not migrated by loading them."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError("the database is not fully migrated: run manage.py migrate first")
    here, there = set(applied_migrations()), set(manifest["migrations"])
    if here != there:
        missing, newer = sorted(there - here), sorted(here - there)
        detail = "; ".join(
            part
            for part in (
                f"in the backup, not here: {', '.join(missing[:5])}" if missing else "",
                f"here, not in the backup: {', '.join(newer[:5])}" if newer else "",
            )
            if part
        )
        raise BackupError(
            f"{path} was made at other migrations ({detail}). Restore it with the version of Socialab that made it "
            f"(Django {manifest.get('django')}, Wagtail {manifest.get('wagtail')}), then upgrade."
        )


def held_content():
    """What the database holds beyond what migrate makes (Wagtail's root and placeholder pages), e.g. "3 users"."""
    found = counts()
    found["pages"] = Page.objects.exclude(content_type=ContentType.objects.get_for_model(Page)).count()
    return ", ".join(f"{count} {name}" for name, count in found.items() if count)


def _flush():
    """Empty every table but KEPT's, in the current transaction."""
    kept = {model._meta.db_table for model in KEPT}
    # Rows a caller wrote earlier in this transaction leave deferred foreign-key checks pending, and PostgreSQL
    # truncates no table with pending checks: run them now.
    connection.check_constraints()
    tables = [name for name in connection.introspection.django_table_names(only_existing=True) if name not in kept]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, reset_sequences=True))


def load_database(path, dump, manifest):
    """Replace the database's rows with the dump's, in one transaction; nothing is changed if anything fails."""
    try:
        with transaction.atomic():
            _flush()
            call_command("loaddata", str(dump), verbosity=0)
            restored = counts()
            if restored != manifest["counts"]:
                raise BackupError(
                    f"{path}: the dump holds {restored}, its manifest says {manifest['counts']}; nothing was changed"
                )
            Generation.objects.update(value=F("value") + 1)  # every process's cached copies are stale now
    except BackupError:
        raise
    except Exception as error:  # loaddata's errors are of many kinds; each means this dump cannot be loaded
        raise BackupError(f"{path}: the database dump cannot be loaded, nothing was changed ({error})") from error
    finally:
        ContentType.objects.clear_cache()
    return restored


def move_media(staged, media_root):
    """Move the unpacked files into MEDIA_ROOT, replacing those of the same name; returns how many."""
    moved = 0
    for directory, _folders, names in os.walk(staged):
        for name in names:
            source = Path(directory, name)
            target = Path(media_root) / source.relative_to(staged)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, target)
            moved += 1
    return moved


def staging_directory(media_root):
    """A private folder beside MEDIA_ROOT (the files are then renamed into place, not copied), else the system's."""
    media_root = Path(media_root)
    try:
        media_root.mkdir(parents=True, exist_ok=True)
        return tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=media_root.parent)
    except OSError:
        return tempfile.mkdtemp(prefix=STAGING_PREFIX)


def restore_backup(path, *, force=False, stdout=None, stderr=None):
    """Restore the archive at `path`; returns (manifest, counts restored, media files moved)."""
    media_root = Path(settings.MEDIA_ROOT)
    staging = Path(staging_directory(media_root))
    try:
        manifest = unpack(path, staging)
        check_migrations(path, manifest)
        held = held_content()
        if held and not force:
            raise BackupError(
                f"the database is not empty ({held}); --force replaces everything in it by the content of {path}"
            )
        restored = load_database(path, staging / DUMP, manifest)
        try:
            moved = move_media(staging / MEDIA, media_root) if (staging / MEDIA).is_dir() else 0
        except OSError as error:
            raise BackupError(
                f"{path}: the database was restored, but its files could not all be copied to {media_root} "
                f"({error}); free some space and run the restore again with --force"
            ) from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for alias in settings.CACHES:
        caches[alias].clear()  # cached pages, labels and sessions describe the database that was replaced
    try:
        call_command("wagtail_update_index", stdout=stdout, stderr=stderr, verbosity=0)
        call_command("rebuild_search_index", stdout=stdout, stderr=stderr)
    except Exception as error:  # the site is restored; only its indexes are behind, which a rerun mends
        raise BackupError(
            f"{path} was restored, but the search indexes could not be rebuilt ({error}): run manage.py "
            "rebuild_search_index and manage.py wagtail_update_index"
        ) from error
    return manifest, restored, moved
