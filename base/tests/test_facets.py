"""Numbers readers type in URLs (years, pages) are read as ASCII digits within bounds, or dropped with a notice."""

import pytest
from django.utils import translation

from base.facets import YEARS, read_year, whole_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021", 2021),
        (" 2021 ", 2021),
        ("1950", 1950),
        ("2100", 2100),
        ("1949", None),
        ("2101", None),
        ("²", None),  # str.isdigit() is true, int() refuses it
        ("①", None),
        ("٢٠٢١", None),  # Arabic-Indic digits: int() reads them, URLs should not
        ("9" * 5000, None),  # int() would refuse it after spending time on it
        ("20 21", None),
        ("-2021", None),
        ("2021\x00", None),
        ("", None),
        (None, None),
    ],
)
def test_whole_number(value, expected):
    assert whole_number(value, *YEARS) == expected


def test_a_bad_year_is_dropped_with_a_notice():
    notices = []
    with translation.override("en"):
        assert read_year("²", notices) is None
    assert notices == ["Unknown year “²” was ignored."]


def test_an_empty_year_says_nothing():
    notices = []
    assert read_year("  ", notices) is None
    assert notices == []
