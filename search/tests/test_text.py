"""Text processing and query parsing: the same steps for documents and queries, in every language."""

import pytest

from search.engines.sqlite import similarity
from search.highlight import highlight, marked
from search.query import MAX_LENGTH, clean, fts5_expression, parse
from search.text import analyse, fold


@pytest.mark.parametrize(
    ("language", "one", "other"),
    [
        ("fr", "enfant", "enfants"),
        ("fr", "égalité", "egalite"),
        ("fr", "Égalité", "EGALITES"),
        ("es", "niña", "niñas"),
        ("es", "protección", "proteccion"),
        ("en", "girl", "girls"),
        ("en", "protecting", "protected"),
    ],
)
def test_forms_of_a_word_meet(language, one, other):
    assert analyse(one, language) == analyse(other, language)


def test_folding_removes_accents_and_ligatures():
    assert fold("Cœur ÉLÈVE niño") == "coeur eleve nino"


def test_languages_without_a_stemmer_are_folded_only():
    assert analyse("Enfants", "ar") == "enfants"


def test_query_syntax_like_websearch():
    query = parse('conseil "droits des filles" or garçons -violence')
    assert [[p.words for p in group] for group in query.groups] == [
        [("conseil",)],
        [("droits", "des", "filles"), ("garcons",)],
    ]
    assert [p.words for p in query.excluded] == [("violence",)]
    assert query.groups[1][0].quoted


@pytest.mark.parametrize(
    "raw", ['"', '"unbalanced', "NEAR(a b)", "a* OR", "-", "--", "()", "{title}: x", "'; DROP TABLE x; --", "\x00\x1f"]
)
def test_fts_syntax_never_reaches_the_engine(raw):
    positive, negative = fts5_expression(parse(raw), ["fr"])
    for expression in (positive, negative):
        # every word is quoted: outside quotes only our own operators and column filters remain
        outside = expression.split('"')[::2]
        assert all(set(part) <= set("()lang:{titlekywordsbody} ANDORNT") for part in outside), expression


def test_operators_alone_are_not_words():
    assert parse("or").is_empty
    assert parse(" - ").is_empty


def test_stop_words_are_dropped_outside_quotes():
    query = parse('le conseil "de la ville"')
    positive, _negative = fts5_expression(query, ["fr"])
    assert '"conseil"' in positive and '"de la vill"' in positive
    assert '"le"' not in positive


def test_clean_removes_control_characters_and_limits_length():
    assert clean("a\x00b\tc\u200bd") == "a b c d"
    assert len(clean("x" * 10_000)) == MAX_LENGTH


def test_highlight_marks_every_form_of_the_word_and_escapes_html():
    text = "Les <b>enfants</b> & un enfant : l'enfance."
    html = highlight(text, parse("enfant").stems("fr"), "fr")
    assert html.count("<mark>") == 2
    assert "&lt;b&gt;" in html and "<b>" not in html


def test_highlight_is_empty_without_a_match():
    assert highlight("Rien à voir.", parse("enfant").stems("fr"), "fr") == ""


def test_engine_extracts_are_escaped():
    assert marked("<i>x</i> \x02enfant\x03") == "&lt;i&gt;x&lt;/i&gt; <mark>enfant</mark>"


def test_trigram_similarity_like_pg_trgm():
    assert similarity("enfants", "enfants") == 1
    assert similarity("enfnats", "enfants") > similarity("enfnats", "familles")


def test_postgresql_receives_the_query_without_its_unquoted_stop_words():
    assert parse("traite des enfants à la frontière").without_stop_words("fr") == "traite enfants frontière"
    kept = parse('"à la frontière" -les enfants or filles').without_stop_words("fr")
    assert kept == '"à la frontière" -les enfants or filles'  # phrases, exclusions and operators stay


def test_the_encoder_reads_what_is_sought_not_what_is_excluded():
    assert parse("traite des enfants -adultes").meaning == "traite des enfants"
    assert parse("filles or garçons").meaning == "filles garçons"
    assert parse('"conseil municipal" enfants').meaning == ""  # a quoted phrase asks for those very words
    assert parse("-adultes").meaning == ""
    assert parse("trafficking").meaning == parse("la traite").meaning == ""  # one word: too ambiguous alone
