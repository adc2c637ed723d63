"""Create or update pages from exchange-format records (DESIGN §6).

Records sharing a `key` are translations: the first one stored is the source, the others
are created with Wagtail's copy-for-translation, so they share its translation group.
Callers validate first and run `upsert` inside one transaction.
"""

import hashlib
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_m2m_relations
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Locale, Page, PageLogEntry
from wagtail.signals import page_published

from taxonomy.labels import terms_by_pk
from taxonomy.models import Country, TargetGroup, Theme

from . import registry


class RecordError(Exception):
    def __init__(self, field, message):
        super().__init__(message)
        self.field = field


def fingerprint(record, files_dir):
    """A hash of the record and of the bytes of the files it names."""
    digest = hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode())
    for name in registry.record_type(record["type"]).files:
        if record.get(name):
            digest.update(_file_hash(Path(files_dir) / record[name]).encode())
    return digest.hexdigest()


def _file_hash(path):
    return hashlib.sha1(Path(path).read_bytes()).hexdigest()  # noqa: S324 (Wagtail's file_hash is SHA-1)


def default_terms(model, field, values, record_field):
    """The default language's terms for the given slugs / codes, from the cached vocabulary."""
    found = {getattr(term, field): term for term in terms_by_pk()[model.__name__].values()}
    unknown = [value for value in values if value not in found]
    if unknown:
        raise RecordError(record_field, f"unknown {record_field}: {', '.join(map(str, unknown))}")
    return [found[value] for value in values]


def _stored_file(model, path, stored_files, **fields):
    """The Wagtail document or image holding these bytes: reused when already stored, else created.

    The name of a file written to storage is added to `stored_files`: a transaction's rollback
    removes the row, not the file, which the import then deletes (importing.import_file).
    """
    file_hash = _file_hash(path)
    existing = model.objects.filter(file_hash=file_hash).first()
    if existing:
        return existing
    stored = model(file_hash=file_hash, **fields)
    with open(path, "rb") as handle:
        stored.file.save(Path(path).name, File(handle), save=False)
        stored_files.append((stored.file.storage, stored.file.name))
        stored.save()
    return stored


class Context:
    """What a record type's `apply` needs beside the record: its files, and pages looked up once per import."""

    def __init__(self, files_dir, targets):
        self.files_dir, self.targets = Path(files_dir), targets

    def terms(self, model, field, values, record_field):
        """The vocabulary's terms for `values` (slugs or codes, as `field` holds them)."""
        return default_terms(model, field, values, record_field)

    def taxonomy(self, record):
        """The countries, themes and target groups a record names."""
        return {
            "countries": self.terms(Country, "iso_code", record.get("countries", []), "countries"),
            "themes": self.terms(Theme, "slug", record.get("themes", []), "themes"),
            "target_groups": self.terms(TargetGroup, "slug", record.get("target_groups", []), "target_groups"),
        }

    def document(self, relative, title):
        path = self.files_dir / relative
        return _stored_file(
            get_document_model(), path, self.targets.stored_files, title=title, file_size=path.stat().st_size
        )

    def image(self, relative, title, description=""):
        return _stored_file(
            get_image_model(),
            self.files_dir / relative,
            self.targets.stored_files,
            title=title,
            description=description,
        )

    def pages(self, type_name, keys, record_field):
        """The source pages (first created) of records of `type_name` with these keys; each looked up once."""
        model = registry.record_type(type_name).model
        pages = []
        for key in keys:
            page = self.targets.sources.get((type_name, key))
            if page is None:
                page = model.objects.filter(key=key).order_by("pk").first()
                if page is None:
                    raise RecordError(record_field, f"unknown {record_field} key: {key}")
                self.targets.sources[(type_name, key)] = page
            pages.append(page)
        return pages


def _unique_slug(parent, base, page=None, taken=None):
    """A slug from `base` that no other child of `parent` has; `taken`: those children's slugs, if known."""
    base = slugify(base)[:70] or "page"
    slug, number = base, 1
    siblings = parent.get_children()
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    while (slug in taken) if taken is not None else siblings.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _set_fields(page, record, files_dir, targets):
    page.title = record["title"]
    page.summary = record.get("summary", "")
    page.key = record["key"]
    m2m = registry.record_type(record["type"]).apply(page, record, Context(files_dir, targets))
    for name, values in m2m.items():
        getattr(page, name).set(values)


def planned_outcome(record, files_dir):
    """What `upsert` would do with this record: "created", "updated" or "unchanged" (for --dry-run)."""
    model = registry.record_type(record["type"]).model
    page = model.objects.filter(key=record["key"], locale__language_code=record["locale"]).first()
    if page is None:
        return "created"
    return "unchanged" if page.exchange_hash == fingerprint(record, files_dir) else "updated"


class Targets:
    """Locales, section index pages and linked pages, looked up once per import rather than once per record."""

    def __init__(self):
        self.locales, self.parents = {}, {}
        self.sources = {}  # (record type, key) → the source page of that key (partners, resources linked to)
        self.slugs = {}  # parent pk → slugs of its children
        self.stored_files = []  # (storage, name) of the files this import wrote

    def locale(self, code):
        if code not in self.locales:
            self.locales[code] = Locale.objects.get(language_code=code)
        return self.locales[code]

    def child_slugs(self, parent):
        """The slugs of `parent`'s children, read once; the import adds the slugs of the pages it creates."""
        if parent.pk not in self.slugs:
            self.slugs[parent.pk] = set(parent.get_children().values_list("slug", flat=True))
        return self.slugs[parent.pk]

    def parent(self, index_model, locale):
        key = (index_model, locale.pk)
        if key not in self.parents:
            self.parents[key] = index_model.objects.filter(locale=locale).first()
        return self.parents[key]


IMPORT_ACTION = "socialab.import"  # the log entry that marks a revision as written by an import


def permission_problem(user, page, parent, publish):
    """Why `user` may not write this record, or None: the admin's import screen writes as the
    signed-in person, with their page permissions."""
    if page is not None:
        permissions = page.permissions_for_user(user)
        if not permissions.can_edit():
            return _("You may not edit “%(title)s”.") % {"title": page.title}
        if publish and not permissions.can_publish():
            return _("You may not publish “%(title)s”: import the file as drafts.") % {"title": page.title}
        return None
    permissions = parent.permissions_for_user(user)
    if not permissions.can_add_subpage():
        return _("You may not add pages under “%(title)s”.") % {"title": parent.title}
    if publish and not permissions.can_publish_subpage():
        return _("You may not publish pages under “%(title)s”: import the file as drafts.") % {"title": parent.title}
    return None


def pending_draft_conflict(page):
    """A draft saved in the admin since the last import, which writing the record would overwrite."""
    pending = page.latest_revision_id and (not page.live or page.latest_revision_id != page.live_revision_id)
    if not pending:
        return None
    if PageLogEntry.objects.filter(action=IMPORT_ACTION, revision_id=page.latest_revision_id).exists():
        return None
    return _(
        "“%(title)s” has a draft saved in the admin since the last import: publish or delete that draft, then import again."
    ) % {"title": page.title}


def upsert(record, files_dir, publish=True, user=None, targets=None, check_permissions=False):
    """Store one record; returns ("created" | "updated" | "unchanged", page).

    `check_permissions`: write only what `user` may (the admin's screen); the command line's
    `--user` only names the author.
    """
    targets = targets or Targets()
    entry = registry.record_type(record["type"])
    model, index_model = entry.model, entry.parent
    locale = targets.locale(record["locale"])
    digest = fingerprint(record, files_dir)
    # (pk, locale, fingerprint) of the key's versions: whole pages are read only when needed.
    versions = list(
        model.objects.filter(key=record["key"]).order_by("pk").values_list("pk", "locale_id", "exchange_hash")
    )
    mine = next((version for version in versions if version[1] == locale.pk), None)
    page = model.objects.get(pk=mine[0]) if mine is not None else None
    if check_permissions:
        parent = page.get_parent() if page is not None else targets.parent(index_model, locale)
        problem = permission_problem(user, page, parent, publish) if parent is not None else None
        if problem:
            raise RecordError("key", problem)
    if page is not None and mine[2] == digest:
        if publish and page.has_unpublished_changes and not pending_draft_conflict(page):
            page.get_latest_revision().publish(user=user)  # imported as a draft before: publish that draft
            page.refresh_from_db()
            return "updated", page
        return "unchanged", page
    if page is not None and (conflict := pending_draft_conflict(page)):
        raise RecordError("key", conflict)
    outcome = "updated" if mine is not None else "created"
    if page is None:
        if versions:
            page = model.objects.get(pk=versions[0][0]).copy_for_translation(locale)
        else:
            parent = targets.parent(index_model, locale)
            if parent is None:
                raise RecordError("locale", f"no {index_model._meta.verbose_name} in {record['locale']}")
            page = model(locale=locale, live=publish)
            _set_fields(page, record, files_dir, targets)
            taken = targets.child_slugs(parent)
            page.slug = _unique_slug(parent, record["title"], taken=taken)
            taken.add(page.slug)
            page.exchange_hash = digest
            _create(parent, page, publish, user)
            return outcome, page
    _set_fields(page, record, files_dir, targets)
    page.slug = _unique_slug(page.get_parent(), record["title"], page)
    page.exchange_hash = digest
    _save(page, publish, user)
    return outcome, page


def _save(page, publish, user):
    """A new revision of an existing page, published through Wagtail's own publishing action."""
    try:
        page.full_clean()
    except ValidationError as error:
        raise RecordError(_first_field(error), "; ".join(error.messages)) from error
    revision = page.save_revision(user=user, log_action=True, clean=False)  # cleaned just above
    log(instance=page, action=IMPORT_ACTION, user=user, revision=revision, content_changed=True)
    if publish:
        revision.publish(user=user)
    else:
        # A draft leaves the page row as it was; its fingerprint still records what was imported.
        type(page).objects.filter(pk=page.pk).update(exchange_hash=page.exchange_hash)
    page.refresh_from_db()


def _create(parent, page, publish, user):
    """A new page with its first revision, live at once when publishing.

    Publishing a brand-new page through Wagtail's action saves it twice more and reloads it
    from its revision; for a page with no history, setting the published state when it is
    first saved gives the same rows (page, revision, log entries, page_published signal)
    at a third of the cost, which matters for imports of thousands of records.
    """
    now = timezone.now()
    if publish:
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.last_published_at = now
    # The record was validated before the import started; an imported page is never a site root.
    page._validated_by_import, page._is_site_root = True, False
    page.owner = user  # as in the admin: the page belongs to whoever created it; Page.save logs its creation
    relations = _take_many_to_many(page)
    parent.add_child(instance=page)
    _insert_many_to_many(page, relations)
    revision = page.save_revision(user=user, clean=False, log_action=False)
    log(instance=page, action=IMPORT_ACTION, user=user, revision=revision, content_changed=True)
    if publish:
        Page.objects.filter(pk=page.pk).update(live_revision=revision, has_unpublished_changes=False)
        page.live_revision, page.has_unpublished_changes = revision, False
        log(instance=page, action="wagtail.publish", user=user, revision=revision, content_changed=True)
        page_published.send(sender=type(page), instance=page, revision=revision)


def _take_many_to_many(page):
    """The page's many-to-many values set in memory, taken out so that saving does not write them one by one.

    modelcluster's save reads each relation back and adds its rows through Django's manager
    (three queries a relation, six relations a practice); a new page has no rows to compare
    with, so `_insert_many_to_many` writes them with one INSERT a relation instead.
    """
    in_memory = getattr(page, "_cluster_related_objects", {})
    return {field: in_memory.pop(field.name) for field in get_all_child_m2m_relations(page) if field.name in in_memory}


def _insert_many_to_many(page, relations):
    """Write the rows of `relations` for the newly saved `page`, and keep them in memory for its first revision."""
    for field, values in relations.items():
        through = field.remote_field.through
        source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        through.objects.bulk_create([through(**{source: page.pk, target: value.pk}) for value in values])
        getattr(page, field.name).set(values)  # the revision serialises them without reading them back


def _first_field(error):
    fields = [name for name in getattr(error, "error_dict", {}) if name != "__all__"]
    return fields[0] if fields else "record"
