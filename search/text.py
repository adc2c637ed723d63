"""Text as the search engines see it: accent-folded, split into words, stemmed per language.

Documents and queries go through the same steps, so `égalité` and `egalite` meet, and so do
`enfant` and `enfants`. Accents are folded *before* stemming, as PostgreSQL's
`unaccent, french_stem` configuration does, so both engines stem the same letters.
"""

import re
import unicodedata
from functools import lru_cache
from html import unescape

import Stemmer
from django.utils.html import strip_tags

WORD = re.compile(r"\w+")
# A document's text keeps its paragraphs apart with a blank line (extracted files' text already does):
# a heading never runs into the paragraph under it, in the index's words nor in the extracts shown.
PARAGRAPH_BREAK = "\n\n"
# Where rich text ends a paragraph, a heading, a list item or a quotation; a line break is a space.
RICH_TEXT_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|div|pre)\s*>", re.IGNORECASE)
LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Language code → Snowball algorithm; other languages are folded but not stemmed.
STEMMERS = {"fr": "french", "es": "spanish", "en": "english", "pt": "portuguese", "it": "italian", "de": "german"}
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l"})

# Words so common that a query keeps them only inside quotes (PostgreSQL's configurations
# drop them the same way). Short lists: the words that carry no meaning on their own.
STOP_WORDS = {
    "fr": set(
        "a au aux avec ce ces dans de des du elle en et il ils je la le les leur leurs lui ma mais me mes mon ne "
        "nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre "
        "vous c d j l m n s t y est sont".split()
    ),
    "es": set(
        "a al algo con de del el ella ellas ellos en era es esa ese esta este la las le les lo los mas me mi "
        "nos o para pero por que se si sin sobre su sus te tu un una uno unos unas y ya".split()
    ),
    "en": set(
        "a an and are as at be by for from has have in into is it its of on or that the their them they this "
        "to was were will with".split()
    ),
}


def fold(text):
    """Lower-case, without accents or ligatures: `Égalité` → `egalite`, `cœur` → `coeur`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(LIGATURES))
    if decomposed.isascii():
        return decomposed
    # The few distinct combining marks present, each deleted by one C-speed replace: a Python test of
    # every character took 4 ms for 20,000 characters.
    for mark in [char for char in set(decomposed) if unicodedata.combining(char)]:
        decomposed = decomposed.replace(mark, "")
    return decomposed


def words(text):
    """The folded words of `text`, in order."""
    return WORD.findall(fold(text))


@lru_cache(maxsize=16)
def _stemmer(language):
    algorithm = STEMMERS.get(language)
    return Stemmer.Stemmer(algorithm, 50_000) if algorithm else None


def stem_words(folded_words, language):
    stemmer = _stemmer(language)
    return stemmer.stemWords(folded_words) if stemmer else list(folded_words)


def analyse(text, language):
    """`text` as the SQLite index stores it: folded, stemmed words separated by spaces."""
    return " ".join(stem_words(words(text), language))


def is_stop_word(word, language):
    return word in STOP_WORDS.get(language, ())


def rich_text_paragraphs(source):
    """The paragraphs of rich text (HTML), as plain text: one for each paragraph, heading, list item or quotation."""
    pieces = RICH_TEXT_BLOCK_END.split(LINE_BREAK_TAG.sub(" ", source or ""))
    return [text for piece in pieces if (text := " ".join(unescape(strip_tags(piece)).split()))]


def paragraphs(texts):
    """Texts joined as paragraphs (PARAGRAPH_BREAK between them), each on one line, empty ones left out."""
    return PARAGRAPH_BREAK.join(text for piece in texts if (text := " ".join(str(piece).split())))
