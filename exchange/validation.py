"""Check every line of an exchange file before anything is written (DESIGN §6).

Each problem names the file, the line and the field, so whoever wrote the file can fix it.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from django.conf import settings

from base.uploads.images import check_image
from base.uploads.refusals import FileRefused
from taxonomy.models import Country, SDGTarget, TargetGroup, Theme

from . import registry

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
COMMON_TEXTS = {"title": 255}  # Wagtail's page title
MAX_BODY = 200_000  # characters of a record's HTML body
IMAGE_TYPES = frozenset({".jpg", ".jpeg", ".png", ".webp"})
DOCUMENT_TYPES = frozenset({".pdf", ".docx", ".odt", ".xlsx", ".pptx", ".csv", ".txt"})
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_LINE_BYTES = 1_000_000


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    field: str
    message: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


@dataclass
class Record:
    line: int
    data: dict


def read_records(path):
    """(records, problems) from a JSON Lines file; blank lines are allowed."""
    records, problems = [], []
    name = str(path)
    try:
        handle = open(path, "rb")
    except OSError as error:
        return [], [Problem(name, 0, "file", f"cannot be read ({error.strerror})")]
    with handle:
        for number, raw in enumerate(handle, start=1):
            if len(raw) > MAX_LINE_BYTES:
                problems.append(Problem(name, number, "line", f"longer than {MAX_LINE_BYTES:,} bytes"))
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                problems.append(Problem(name, number, "line", "is not UTF-8 text"))
                continue
            if not text.strip():
                continue
            try:
                data = json.loads(text)
            except json.JSONDecodeError as error:
                problems.append(Problem(name, number, "line", f"invalid JSON ({error.msg} at column {error.colno})"))
                continue
            if not isinstance(data, dict):
                problems.append(Problem(name, number, "line", "must be a JSON object {…}"))
                continue
            records.append(Record(number, data))
    return records, problems


class Vocabulary:
    """Allowed taxonomy values and the keys already on the site, read once."""

    def __init__(self):
        default = {"locale__language_code": settings.LANGUAGE_CODE}
        self.countries = set(Country.objects.filter(**default).values_list("iso_code", flat=True))
        self.themes = set(Theme.objects.filter(**default).values_list("slug", flat=True))
        self.target_groups = set(TargetGroup.objects.filter(**default).values_list("slug", flat=True))
        self.sdg_targets = set(SDGTarget.objects.filter(**default).values_list("code", flat=True))
        self.locales = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
        self.keys = {}
        for name, entry in registry.record_types().items():
            for key in entry.model.objects.values_list("key", flat=True).distinct():
                self.keys[key] = name


def validate(records, path, files_dir, publish=True):
    """Every problem of every record, in file order; an empty list means the file can be imported."""
    name = str(path)
    vocabulary = Vocabulary()
    types = registry.record_types()
    problems = []
    seen = {}
    kinds = dict(vocabulary.keys)
    for record in records:
        kind = record.data.get("type")
        if kind in types and isinstance(record.data.get("key"), str):
            kinds.setdefault(record.data["key"], kind)
    for record in records:
        check = Checker(name, record, vocabulary, files_dir, kinds, publish)
        check.all()
        problems.extend(check.problems)
        identity = (record.data.get("key"), record.data.get("locale"))
        if None not in identity and check.ok_identity:
            if identity in seen:
                problems.append(
                    Problem(
                        name,
                        record.line,
                        "key",
                        f"“{identity[0]}” in “{identity[1]}” is already on line {seen[identity]}",
                    )
                )
            else:
                seen[identity] = record.line
    return problems


class Checker:
    """The problems of one record; a record type's own `check` reports through `fail`."""

    def __init__(self, path, record, vocabulary, files_dir, kinds, publish):
        self.path, self.line, self.data = path, record.line, record.data
        self.vocabulary, self.files_dir, self.kinds, self.publish = vocabulary, Path(files_dir), kinds, publish
        self.problems = []
        self.ok_identity = True

    def fail(self, field, message):
        self.problems.append(Problem(self.path, self.line, field, message))

    def all(self):
        data = self.data
        types = registry.record_types()
        kind = data.get("type")
        if kind not in types:
            self.fail("type", f"must be one of {', '.join(sorted(types))}, not {json.dumps(kind)}")
            self.ok_identity = False
            return
        entry = types[kind]
        for field in ("key", "locale", "title"):
            if not isinstance(data.get(field), str) or not data[field].strip():
                self.fail(field, "is required")
                self.ok_identity = False
        for field in sorted(set(data) - entry.all_fields):
            self.fail(field, f"is not a field of a {kind}")
        key = data.get("key")
        if isinstance(key, str) and key and not KEY_PATTERN.match(key):
            self.fail("key", "may only hold letters, digits, '.', '_' and '-' (100 at most)")
        if isinstance(key, str) and self.kinds.get(key, kind) != kind:
            self.fail("key", f"“{key}” already names a {self.kinds[key]}")
        if isinstance(data.get("locale"), str) and data["locale"] not in self.vocabulary.locales:
            self.fail(
                "locale", f"unknown language “{data['locale']}” (allowed: {', '.join(sorted(self.vocabulary.locales))})"
            )
            self.ok_identity = False
        self.texts({**COMMON_TEXTS, **entry.texts})
        self.terms(entry.terms)
        self.choices(entry.choices)
        self.years(entry.years)
        self.files(entry.files)
        self.links(entry.links)
        if entry.check is not None:
            entry.check(self)

    def texts(self, limits):
        for field, limit in limits.items():
            value = self.data.get(field)
            if value is None:
                continue
            if not isinstance(value, str):
                self.fail(field, "must be text")
            elif len(value) > limit:
                self.fail(field, f"is {len(value):,} characters long, {limit:,} at most")

    def web_address(self, field):
        value = self.data.get(field)
        if isinstance(value, str) and value and urlparse(value).scheme not in ("http", "https"):
            self.fail(field, "must be an http:// or https:// address")

    def terms(self, vocabularies):
        for field, allowed in vocabularies.items():
            values = getattr(self.vocabulary, allowed) if isinstance(allowed, str) else allowed
            value = self.data.get(field)
            if value is None:
                continue
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.fail(field, "must be a list of codes")
                continue
            unknown = [v for v in value if v not in values]
            if unknown:
                self.fail(field, f"unknown {', '.join(unknown)}")

    def choices(self, options):
        for field, allowed in options.items():
            value = self.data.get(field)
            if value is not None and value not in allowed:
                self.fail(field, f"must be one of {', '.join(sorted(a for a in allowed if a))}")

    def flag(self, field):
        if field in self.data and not isinstance(self.data[field], bool):
            self.fail(field, "must be true or false")

    def years(self, bounds):
        for field, (low, high) in bounds.items():
            value = self.data.get(field)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                self.fail(field, f"must be a year between {low} and {high}")

    def files(self, types):
        for field, extensions in types.items():
            value = self.data.get(field)
            if value is None:
                continue
            relative = PurePosixPath(value) if isinstance(value, str) else None
            if relative is None or not value or relative.is_absolute() or ".." in relative.parts:
                self.fail(field, "must be a path relative to the file, without '..'")
                continue
            path = self.files_dir / relative
            if not path.resolve().is_relative_to(self.files_dir.resolve()):
                # A symbolic link in the folder would import (and publish) any file of the server.
                self.fail(field, f"“{value}” leads outside the folder of the file (a symbolic link?)")
            elif relative.suffix.lower() not in extensions:
                self.fail(field, f"“{value}”: allowed types are {', '.join(sorted(extensions))}")
            elif not path.is_file():
                self.fail(field, f"“{value}” not found next to the file")
            elif path.stat().st_size > MAX_FILE_BYTES:
                self.fail(field, f"“{value}” is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            elif extensions is IMAGE_TYPES:
                # What the admin's image form refuses (a document's content: its record type's `check`).
                try:
                    with open(path, "rb") as handle:
                        check_image(handle, relative.name)
                except FileRefused as error:
                    self.fail(field, str(error))

    def file_path(self, field):
        """The path of the file `field` names, if it passed the file checks; else None."""
        value = self.data.get(field)
        if not isinstance(value, str) or any(problem.field == field for problem in self.problems):
            return None
        return self.files_dir / PurePosixPath(value)

    def links(self, targets):
        for field, target in targets.items():
            value = self.data.get(field)
            if value is None:
                continue
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.fail(field, "must be a list of keys")
                continue
            unknown = [key for key in value if self.kinds.get(key) != target]
            if unknown:
                self.fail(field, f"no {target} with key {', '.join(unknown)} in the file or on the site")
