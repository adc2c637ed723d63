"""Check every line of an exchange file before anything is written (DESIGN §6).

Each problem names the file, the line and the field, so whoever wrote the file can fix it.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from django.apps import apps
from django.conf import settings

from resources.extraction import ExtractionError, extract_text
from resources.fields import LANGUAGE_CODES
from taxonomy.choices import EvidenceTier, GenderMarker, ParticipationLevel, PracticeKind, ResourceKind
from taxonomy.models import Country, SDGTarget, TargetGroup, Theme

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
COMMON = {"type", "key", "locale", "title", "summary"}
FIELDS = {
    "partner": COMMON | {"body", "country", "city", "website", "themes", "fictional", "logo"},
    "practice": COMMON
    | {
        "body", "kind", "countries", "themes", "target_groups", "gender_marker", "participation", "evidence",
        "sdg_targets", "partners", "start_year", "end_year", "status", "tags", "image", "image_alt",
        "safeguarding", "related_resources",
    },
    "resource": COMMON
    | {"kind", "file", "url", "languages", "publisher", "year", "licence", "themes", "countries", "target_groups"},
}  # fmt: skip
TEXT_LIMITS = {
    "title": 255, "summary": 300, "body": 200_000, "city": 120, "publisher": 200, "licence": 100,
    "image_alt": 250, "website": 200, "url": 200,
}  # fmt: skip
YEARS = {"start_year": (1990, 2100), "end_year": (1990, 2100), "year": (1950, 2100)}
FILE_TYPES = {
    "file": {".pdf", ".docx", ".odt", ".xlsx", ".pptx", ".csv", ".txt"},
    "image": {".jpg", ".jpeg", ".png", ".webp"},
}
FILE_TYPES["logo"] = FILE_TYPES["image"]
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
    """Allowed taxonomy values, read once."""

    def __init__(self):
        default = {"locale__language_code": settings.LANGUAGE_CODE}
        self.countries = set(Country.objects.filter(**default).values_list("iso_code", flat=True))
        self.themes = set(Theme.objects.filter(**default).values_list("slug", flat=True))
        self.target_groups = set(TargetGroup.objects.filter(**default).values_list("slug", flat=True))
        self.sdg_targets = set(SDGTarget.objects.filter(**default).values_list("code", flat=True))
        self.locales = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
        self.keys = {}
        for kind, model_name in (
            ("partner", "partners.PartnerPage"),
            ("practice", "practices.PracticePage"),
            ("resource", "resources.ResourcePage"),
        ):
            for key in apps.get_model(model_name).objects.values_list("key", flat=True).distinct():
                self.keys[key] = kind


def validate(records, path, files_dir, publish=True):
    """Every problem of every record, in file order; an empty list means the file can be imported."""
    name = str(path)
    vocabulary = Vocabulary()
    problems = []
    seen = {}
    kinds = dict(vocabulary.keys)
    for record in records:
        kind = record.data.get("type")
        if kind in FIELDS and isinstance(record.data.get("key"), str):
            kinds.setdefault(record.data["key"], kind)
    for record in records:
        check = _Checker(name, record, vocabulary, files_dir, kinds, publish)
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


class _Checker:
    def __init__(self, path, record, vocabulary, files_dir, kinds, publish):
        self.path, self.line, self.data = path, record.line, record.data
        self.vocabulary, self.files_dir, self.kinds, self.publish = vocabulary, Path(files_dir), kinds, publish
        self.problems = []
        self.ok_identity = True

    def fail(self, field, message):
        self.problems.append(Problem(self.path, self.line, field, message))

    def all(self):
        data = self.data
        kind = data.get("type")
        if kind not in FIELDS:
            self.fail("type", f"must be one of {', '.join(sorted(FIELDS))}, not {json.dumps(kind)}")
            self.ok_identity = False
            return
        for field in ("key", "locale", "title"):
            if not isinstance(data.get(field), str) or not data[field].strip():
                self.fail(field, "is required")
                self.ok_identity = False
        for field in sorted(set(data) - FIELDS[kind]):
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
        self.texts()
        self.terms()
        self.choices(kind)
        self.years()
        self.files()
        self.links(kind)
        if kind == "practice":
            self.safeguarding()

    def texts(self):
        for field, limit in TEXT_LIMITS.items():
            value = self.data.get(field)
            if value is None:
                continue
            if not isinstance(value, str):
                self.fail(field, "must be text")
            elif len(value) > limit:
                self.fail(field, f"is {len(value):,} characters long, {limit:,} at most")
        for field in ("url", "website"):
            value = self.data.get(field)
            if isinstance(value, str) and value and urlparse(value).scheme not in ("http", "https"):
                self.fail(field, "must be an http:// or https:// address")
        tags = self.data.get("tags")
        if tags is not None and (
            not isinstance(tags, list) or not all(isinstance(t, str) and 0 < len(t) <= 100 for t in tags)
        ):
            self.fail("tags", "must be a list of words (100 characters at most each)")

    def terms(self):
        allowed = {
            "countries": self.vocabulary.countries,
            "themes": self.vocabulary.themes,
            "target_groups": self.vocabulary.target_groups,
            "sdg_targets": self.vocabulary.sdg_targets,
            "languages": LANGUAGE_CODES,
        }
        for field, values in allowed.items():
            value = self.data.get(field)
            if value is None:
                continue
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.fail(field, "must be a list of codes")
                continue
            unknown = [v for v in value if v not in values]
            if unknown:
                self.fail(field, f"unknown {', '.join(unknown)}")
        country = self.data.get("country")
        if country is not None and country not in self.vocabulary.countries:
            self.fail("country", f"unknown country code {json.dumps(country)}")

    def choices(self, kind):
        options = {
            "kind": {c for c, _ in (PracticeKind.choices if kind == "practice" else ResourceKind.choices)},
            "participation": {c for c, _ in ParticipationLevel.choices} | {""},
            "evidence": {c for c, _ in EvidenceTier.choices},
            "status": {"ongoing", "completed"},
        }
        for field, allowed in options.items():
            value = self.data.get(field)
            if value is not None and value not in allowed:
                self.fail(field, f"must be one of {', '.join(sorted(a for a in allowed if a))}")
        marker = self.data.get("gender_marker")
        if marker is not None and (isinstance(marker, bool) or marker not in {c for c, _ in GenderMarker.choices}):
            self.fail("gender_marker", "must be 0, 1, 2 or 3")
        if "fictional" in self.data and not isinstance(self.data["fictional"], bool):
            self.fail("fictional", "must be true or false")

    def years(self):
        for field, (low, high) in YEARS.items():
            value = self.data.get(field)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                self.fail(field, f"must be a year between {low} and {high}")
        start, end = self.data.get("start_year"), self.data.get("end_year")
        if isinstance(start, int) and isinstance(end, int) and end < start:
            self.fail("end_year", "is before start_year")
        if (
            self.data.get("status") == "completed"
            and self.data.get("end_year") is None
            and self.data.get("type") == "practice"
        ):
            self.fail("end_year", "is required when status is completed")

    def files(self):
        for field, extensions in FILE_TYPES.items():
            value = self.data.get(field)
            if value is None:
                continue
            relative = PurePosixPath(value) if isinstance(value, str) else None
            if relative is None or not value or relative.is_absolute() or ".." in relative.parts:
                self.fail(field, "must be a path relative to the file, without '..'")
                continue
            path = self.files_dir / relative
            if relative.suffix.lower() not in extensions:
                self.fail(field, f"“{value}”: allowed types are {', '.join(sorted(extensions))}")
            elif not path.is_file():
                self.fail(field, f"“{value}” not found next to the file")
            elif path.stat().st_size > MAX_FILE_BYTES:
                self.fail(field, f"“{value}” is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            elif field == "file":
                try:
                    with open(path, "rb") as handle:
                        extract_text(handle, path.name)
                except ExtractionError as error:
                    self.fail(field, str(error))
        if self.data.get("type") == "resource" and not self.data.get("file") and not self.data.get("url"):
            self.fail("file", "a resource needs a file or a url")

    def links(self, kind):
        for field, target in (("partners", "partner"), ("related_resources", "resource")):
            value = self.data.get(field)
            if value is None:
                continue
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.fail(field, "must be a list of keys")
                continue
            unknown = [key for key in value if self.kinds.get(key) != target]
            if unknown:
                self.fail(field, f"no {target} with key {', '.join(unknown)} in the file or on the site")

    def safeguarding(self):
        value = self.data.get("safeguarding")
        if value is not None and not isinstance(value, dict):
            self.fail("safeguarding", "must be an object {identifiable_children, consent, anonymised}")
            return
        value = value or {}
        if value.get("identifiable_children", "") not in ("", "yes", "no"):
            self.fail("safeguarding", 'identifiable_children must be "yes" or "no"')
        if not self.publish:
            return  # drafts may be incomplete, as in the editor
        if value.get("anonymised") is not True:
            self.fail("safeguarding", "anonymised must be true to publish (stories and quotes anonymised)")
        if self.data.get("image"):
            if value.get("identifiable_children") not in ("yes", "no"):
                self.fail("safeguarding", 'identifiable_children ("yes" or "no") is required with an image')
            elif value["identifiable_children"] == "yes" and value.get("consent") is not True:
                self.fail("safeguarding", "children can be recognised in the image: consent must be true to publish")
