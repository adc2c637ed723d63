"""All 169 targets of the 17 Sustainable Development Goals, with short labels in French, Spanish and English.

The list is taxonomy/data/sdg_targets.json, in the official order (goal, then numbered targets,
then lettered ones). The 12 targets of 0002 keep their rows and names; the others are created in
every locale the vocabulary was made for, with the same translation keys on every site. Every
target's `sort_order` becomes its position in the official list.
"""

import json
import uuid
from pathlib import Path

from django.conf import settings
from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "sdg_targets.json"

# The targets of 0002_initial_vocabulary: the reverse keeps them.
INITIAL_CODES = {"1.3", "4.a", "5.1", "5.2", "5.3", "5.5", "8.7", "16.1", "16.2", "16.3", "16.7", "16.9"}

VOCABULARY_LANGUAGES = ("fr", "es", "en")

# taxonomy.labels caches every term (without expiry); signals do not fire for historical models.
LABEL_CACHE_KEYS = [
    "taxonomy:labels:v1",
    "taxonomy:labels-version:v1",
    "taxonomy:default-terms:v1",
    "taxonomy:terms-by-pk:v1",
]


def _targets():
    with DATA.open(encoding="utf-8") as f:
        return json.load(f)


def _locales(Locale):
    """(Locale, label language) per configured content language; languages without labels here take the default's."""
    configured = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    locales = {}
    for code in configured:
        locales[code], _created = Locale.objects.get_or_create(language_code=code)
    default = configured[0] if configured[0] in VOCABULARY_LANGUAGES else "fr"
    return {code: (locale, code if code in VOCABULARY_LANGUAGES else default) for code, locale in locales.items()}


def term_key(kind, identifier):
    """The same translation key for a term in every database, so exports agree across sites."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"socialab:taxonomy:{kind}:{identifier}")


def _forget_labels():
    from django.core.cache import cache

    try:
        cache.delete_many(LABEL_CACHE_KEYS)
    except Exception:  # an unreachable cache must not stop the migration (then clear it by hand)
        pass


def add_targets(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    SDGTarget = apps.get_model("taxonomy", "SDGTarget")
    targets = _targets()
    order = {target["code"]: position for position, target in enumerate(targets)}

    for locale, lang in _locales(Locale).values():
        existing = set(SDGTarget.objects.filter(locale=locale).values_list("code", flat=True))
        SDGTarget.objects.bulk_create(
            SDGTarget(
                translation_key=term_key("sdg", target["code"]),
                locale=locale,
                code=target["code"],
                name=target[lang],
                sort_order=order[target["code"]],
            )
            for target in targets
            if target["code"] not in existing
        )

    changed = []
    for row in SDGTarget.objects.filter(code__in=order):
        if row.sort_order != order[row.code]:
            row.sort_order = order[row.code]
            changed.append(row)
    SDGTarget.objects.bulk_update(changed, ["sort_order"])
    _forget_labels()


def remove_targets(apps, schema_editor):
    """Deletes the targets added here (with their links to pages) and gives 0002's back their order."""
    SDGTarget = apps.get_model("taxonomy", "SDGTarget")
    codes = [target["code"] for target in _targets()]
    SDGTarget.objects.filter(code__in=set(codes) - INITIAL_CODES).delete()
    # 0002 numbered its targets in the order of its list, which is also their official order.
    for position, code in enumerate(code for code in codes if code in INITIAL_CODES):
        SDGTarget.objects.filter(code=code).update(sort_order=position)
    _forget_labels()


class Migration(migrations.Migration):
    dependencies = [
        ("taxonomy", "0002_initial_vocabulary"),
    ]

    operations = [migrations.RunPython(add_targets, remove_targets)]
