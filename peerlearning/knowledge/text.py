"""Words for search: folded (case, accents, Arabic letter forms) and stemmed per language."""

import functools
import re
import threading
import unicodedata

import snowballstemmer

STEMMERS = {
    "en": "english", "es": "spanish", "fr": "french", "ar": "arabic", "pt": "portuguese",
    "id": "indonesian", "de": "german", "it": "italian", "nl": "dutch", "ru": "russian",
    "tr": "turkish",
}  # fmt: skip
SEARCH_LANGUAGES = ["en", "es", "fr", "ar"]
WORD = re.compile(r"\w+", re.UNICODE)
ARABIC_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
ARABIC_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)
STOPWORDS = {
    "the", "and", "of", "in", "to", "a", "an", "for", "on", "with", "by", "is", "are", "or", "as",
    "de", "la", "el", "los", "las", "y", "en", "del", "por", "para", "con", "un", "una", "que",
    "le", "les", "des", "et", "du", "au", "aux", "une", "pour", "dans", "sur",
    "في", "من", "على", "إلى", "الى", "و", "عن", "مع",
}  # fmt: skip


def fold(text: str) -> str:
    """Casefolded, without accents or Arabic diacritics, Arabic letters written one way. Short
    texts (the thesaurus's labels and synonyms, queries, titles) are folded once a process: the
    thesaurus's 5,000 forms are read again after every change to it."""
    if len(text) <= SHORT_TEXT:
        return _fold_short(text)
    return _fold(text)


SHORT_TEXT = 200


@functools.lru_cache(maxsize=50_000)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    text = ARABIC_DIACRITICS.sub("", text.casefold()).translate(ARABIC_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Folded words, without the commonest function words; digits kept (years, figures)."""
    return [
        w for w in WORD.findall(fold(text)) if w not in STOPWORDS and len(w) > 1 and "_" not in w
    ]


# A Snowball stemmer keeps its state in the object while it stems a word: one object shared by
# the threads of a server mangles words (IndexError inside stemWord). Each thread has its own.
_local = threading.local()


def _stemmer(language: str) -> snowballstemmer.stemmer:
    stemmers: dict[str, snowballstemmer.stemmer] | None = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    algorithm = STEMMERS.get(language.split("-")[0], "english")
    if algorithm not in stemmers:
        stemmers[algorithm] = snowballstemmer.stemmer(algorithm)
    return stemmers[algorithm]


FRENCH_FEMININE = re.compile(r"(?<=\w\w)ee(s?)$")  # "isolees", folded from "isolées"


@functools.lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The stem of a folded word. The French stemmer knows "isolées" but not "isolees" (its
    accents folded away): the feminine ending is made the masculine's, as it stems alike."""
    if language.startswith("fr"):
        word = FRENCH_FEMININE.sub(r"e\1", word)
    return _stemmer(language).stemWord(word)


def stems(text: str, language: str) -> list[str]:
    return [stem(word, language) for word in words(text)]
