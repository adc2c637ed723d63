"""What a reader typed, understood the way PostgreSQL's `websearch_to_tsquery` understands it.

    enfants école          both words (AND)
    "conseil d'enfants"    the words in this order (phrase)
    filles or garçons      either word (OR)
    violence -scolaire     without the second word

Nothing else is an operator: `*`, `NEAR(`, brackets and unbalanced quotes are plain text,
so no input can break an engine's query syntax. Words are folded and stemmed per
language by `search.text`, for the engines that do not do it themselves.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from .text import STOP_WORDS, is_stop_word, stem_words, words

MAX_LENGTH = 200
MAX_PHRASES = 16
MAX_PHRASE_WORDS = 8
MEANINGFUL_WORDS = 2  # words other than stop words a query needs before its meaning is looked for
TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


def clean(raw):
    """The query as engines receive it: control characters become spaces, at most MAX_LENGTH characters."""
    text = "".join(" " if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co") else char for char in raw or "")
    return " ".join(text.split())[:MAX_LENGTH].strip()


@dataclass(frozen=True)
class Phrase:
    words: tuple  # folded words
    quoted: bool = False

    def stems(self, language):
        kept = (
            self.words
            if self.quoted or len(self.words) > 1
            else [w for w in self.words if not is_stop_word(w, language)]
        )
        return tuple(stem_words(list(kept), language))


@dataclass
class ParsedQuery:
    text: str = ""
    groups: list = field(default_factory=list)  # AND of groups; a group is a list of alternative Phrases (OR)
    excluded: list = field(default_factory=list)  # Phrases the documents must not contain

    @property
    def is_empty(self):
        return not self.groups and not self.excluded

    @property
    def meaning(self):
        """What the reader is looking for, as she wrote it (accents kept), without the excluded words: what
        the sentence encoder reads. Nothing for a quoted phrase (the reader asked for those very words),
        nor for a single word: alone, a word is too ambiguous for its vector to say what is sought (a
        Spanish practice on trafficking meets "trafficking" at 0.22, "Brouillon" a country at 0.24),
        and stemming and accent folding already find its forms."""
        if any(phrase.quoted for group in self.groups for phrase in group):
            return ""
        content = [word for word in self.positive_words() if not any(is_stop_word(word, code) for code in STOP_WORDS)]
        if len(content) < MEANINGFUL_WORDS:
            return ""
        kept = []
        for negated_phrase, phrase_text, negated_word, word_text in TOKEN.findall(self.text):
            if (negated_phrase or negated_word) or word_text.lower() == "or":
                continue
            kept.append(phrase_text or word_text)
        return " ".join(kept) if self.groups else ""

    def without_stop_words(self, language):
        """The text with its unquoted stop words of `language` left out: what PostgreSQL's
        `websearch_to_tsquery` receives (its configurations fold accents before reading their stop
        list, so "à" would otherwise become a word every result must contain)."""
        kept = []
        for match in TOKEN.finditer(self.text):
            word = match.group(4)
            if word and not match.group(3) and word.lower() != "or":
                folded = words(word)
                if folded and all(is_stop_word(w, language) for w in folded):
                    continue
            kept.append(match.group(0))
        return " ".join(kept)

    def positive_words(self):
        return [word for group in self.groups for phrase in group for word in phrase.words]

    def stems(self, language):
        """The stems a highlight marks: the meaningful words of the positive phrases."""
        meaningful = [
            w for group in self.groups for phrase in group for w in phrase.words if not is_stop_word(w, language)
        ]
        return set(stem_words(meaningful, language))


def parse(raw):
    text = clean(raw)
    query = ParsedQuery(text=text)
    alternative_next = False
    count = 0
    for negated_phrase, phrase_text, negated_word, word_text in TOKEN.findall(text):
        if count >= MAX_PHRASES:
            break
        quoted = bool(phrase_text) or (not word_text)
        token_words = tuple(words(phrase_text if quoted else word_text))[:MAX_PHRASE_WORDS]
        if not token_words:
            continue
        negated = (negated_phrase if quoted else negated_word) == "-"
        if not quoted and not negated and token_words == ("or",):
            alternative_next = bool(query.groups)
            continue
        phrase = Phrase(token_words, quoted=quoted)
        count += 1
        if negated:
            query.excluded.append(phrase)
        elif alternative_next:
            query.groups[-1].append(phrase)
        else:
            query.groups.append([phrase])
        alternative_next = False
    return query


def fts5_expression(query, languages, columns="{title keywords body}"):
    """The FTS5 MATCH expression of `query` for documents in `languages` (their `lang` column).

    Every word is a quoted, stemmed, folded token: the reader's text never reaches FTS5 syntax.
    Returns (positive expression or "", negative expression or "").
    """
    positive, negative = [], []
    for language in languages:
        groups = []
        for group in query.groups:
            alternatives = [_quoted(phrase.stems(language)) for phrase in group]
            alternatives = [a for a in alternatives if a]
            if alternatives:
                groups.append("(" + " OR ".join(alternatives) + ")")
        excluded = [_quoted(phrase.stems(language)) for phrase in query.excluded]
        excluded = [e for e in excluded if e]
        if groups:
            positive.append(f'(lang : "{language}" AND {columns} : ({" AND ".join(groups)}))')
        if excluded:
            negative.append(f'(lang : "{language}" AND {columns} : ({" OR ".join(excluded)}))')
    return " OR ".join(positive), " OR ".join(negative)


def _quoted(stems):
    return '"' + " ".join(stems) + '"' if stems else ""
