"""The 169 targets of the 17 Sustainable Development Goals (migration 0003), in every language."""

import importlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from django.apps import apps as global_apps
from django.conf import settings
from django.core.validators import RegexValidator

from taxonomy.models import SDGTarget

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
DATA = Path(settings.BASE_DIR) / "taxonomy" / "data" / "sdg_targets.json"
INITIAL = importlib.import_module("taxonomy.migrations.0002_initial_vocabulary")
MIGRATION = importlib.import_module("taxonomy.migrations.0003_all_sdg_targets")

# Goal: (numbered targets, lettered targets), from the UN's list.
TARGETS_PER_GOAL = {
    1: (5, 2),
    2: (5, 3),
    3: (9, 4),
    4: (7, 3),
    5: (6, 3),
    6: (6, 2),
    7: (3, 2),
    8: (10, 2),
    9: (5, 3),
    10: (7, 3),
    11: (7, 3),
    12: (8, 3),
    13: (3, 2),
    14: (7, 3),
    15: (9, 3),
    16: (10, 2),
    17: (19, 0),
}


def official_codes():
    codes = []
    for goal, (numbered, lettered) in TARGETS_PER_GOAL.items():
        codes += [f"{goal}.{n}" for n in range(1, numbered + 1)]
        codes += [f"{goal}.{letter}" for letter in "abcd"[:lettered]]
    return codes


def targets(language):
    return SDGTarget.objects.filter(locale__language_code=language)


def code_regex():
    (validator,) = [v for v in SDGTarget._meta.get_field("code").validators if isinstance(v, RegexValidator)]
    return validator.regex


def test_the_official_list_has_169_targets():
    assert len(official_codes()) == 169
    assert sum(a + b for a, b in TARGETS_PER_GOAL.values()) == 169


def test_the_data_file_is_the_official_list_in_order():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert [row["code"] for row in data] == official_codes()
    assert all(set(row) == {"code", "fr", "es", "en"} for row in data)


@pytest.mark.parametrize("language", LANGUAGES)
def test_169_targets_per_language_with_unique_valid_codes(language):
    codes = list(targets(language).values_list("code", flat=True))
    assert len(codes) == 169
    assert len(set(codes)) == 169
    assert all(code_regex().match(code) for code in codes), [c for c in codes if not code_regex().match(c)]
    for code in codes:
        SDGTarget._meta.get_field("code").run_validators(code)  # the regex and the maximum length
    assert set(codes) == set(official_codes())


@pytest.mark.parametrize("language", LANGUAGES)
def test_targets_per_goal(language):
    per_goal = Counter(int(code.split(".")[0]) for code in targets(language).values_list("code", flat=True))
    assert per_goal == {goal: a + b for goal, (a, b) in TARGETS_PER_GOAL.items()}
    assert per_goal[17] == 19
    assert set(targets(language).filter(code__startswith="5.").values_list("code", flat=True)) == {
        "5.1",
        "5.2",
        "5.3",
        "5.4",
        "5.5",
        "5.6",
        "5.a",
        "5.b",
        "5.c",
    }
    assert set(targets(language).filter(code__startswith="1.").values_list("code", flat=True)) == {
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
        "1.a",
        "1.b",
    }
    assert {f"17.{n}" for n in range(1, 20)} == set(
        targets(language).filter(code__startswith="17.").values_list("code", flat=True)
    )


def test_labels_are_short_plain_and_in_three_languages():
    initial = dict(INITIAL.SDG_TARGETS)
    for row in json.loads(DATA.read_text(encoding="utf-8")):
        for language in ("fr", "es", "en"):
            name = row[language]
            assert name and name == name.strip(), (row["code"], language)
            assert not re.match(r"^\d", name), (row["code"], language)  # a label, not "16.2 …"
            # 0002's labels are kept as they were, a few of them longer.
            if row["code"] not in initial:
                assert len(name) <= 90, (row["code"], language, len(name))
            assert len(name) <= SDGTarget._meta.get_field("name").max_length
        # Translated, not copied: the three labels differ (the initial ones are translated too).
        assert len({row["fr"], row["es"], row["en"]}) == 3, row["code"]


@pytest.mark.parametrize("language", ["fr", "es", "en"])
def test_labels_in_the_database_are_the_file_s(language):
    data = {row["code"]: row[language] for row in json.loads(DATA.read_text(encoding="utf-8"))}
    assert dict(targets(language).values_list("code", "name")) == data


@pytest.mark.parametrize("language", ["fr", "es", "en"])
def test_the_initial_labels_are_unchanged(language):
    expected = {code: names[language] for code, names in INITIAL.SDG_TARGETS}
    assert len(expected) == len(MIGRATION.INITIAL_CODES)
    assert set(expected) == MIGRATION.INITIAL_CODES
    assert dict(targets(language).filter(code__in=expected).values_list("code", "name")) == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_order_is_official(language):
    codes = list(targets(language).values_list("code", flat=True))  # Meta.ordering: sort_order, name
    assert codes == official_codes()
    assert codes.index("1.1") < codes.index("1.a") < codes.index("2.1")
    assert codes.index("10.7") < codes.index("10.a")
    assert codes.index("16.9") < codes.index("16.10") < codes.index("16.a")
    assert codes.index("8.10") < codes.index("8.a")
    assert list(targets(language).values_list("sort_order", flat=True)) == list(range(169))


def test_a_target_is_one_translation_group_with_the_shared_key():
    rows = SDGTarget.objects.filter(code="10.7").select_related("locale")
    assert {row.locale.language_code for row in rows} == set(LANGUAGES)
    assert {row.translation_key for row in rows} == {MIGRATION.term_key("sdg", "10.7")}
    assert MIGRATION.term_key("sdg", "16.2") == INITIAL.term_key("sdg", "16.2")
    french = rows.get(locale__language_code="fr")
    assert (
        french.get_translation(rows.get(locale__language_code="es").locale).name
        == "Migración segura, ordenada y regular"
    )


def test_reverse_removes_the_added_targets_and_forward_is_repeatable():
    initial = {(row.pk, row.name) for row in SDGTarget.objects.filter(code__in=MIGRATION.INITIAL_CODES)}
    MIGRATION.remove_targets(global_apps, None)
    assert set(SDGTarget.objects.values_list("code", flat=True)) == MIGRATION.INITIAL_CODES
    assert {(row.pk, row.name) for row in SDGTarget.objects.all()} == initial
    assert list(targets("fr").values_list("sort_order", flat=True)) == list(range(12))

    MIGRATION.add_targets(global_apps, None)
    MIGRATION.add_targets(global_apps, None)  # nothing more the second time
    for language in LANGUAGES:
        assert list(targets(language).values_list("code", flat=True)) == official_codes()
    assert {(row.pk, row.name) for row in SDGTarget.objects.filter(code__in=MIGRATION.INITIAL_CODES)} == initial


def test_the_labels_cache_knows_the_new_targets():
    from taxonomy.labels import label

    target = targets("fr").get(code="5.c")
    assert label(target, "en") == "Policies and laws for gender equality"
    assert label(target, "es") == "Políticas y leyes para la igualdad de género"
