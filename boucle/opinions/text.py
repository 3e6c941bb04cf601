"""Statement text: cleaning, normalization and near-duplicate detection (pure functions, no database)."""

import re
import unicodedata
from difflib import SequenceMatcher

import nh3

_SPACE = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w\s]")

SIMILARITY_THRESHOLD = 0.85


def strip_markup(text: str) -> str:
    """The text a reader sees: tags removed (their content kept), entities decoded, spaces collapsed."""
    import html

    plain = nh3.clean(text or "", tags=set())
    return _SPACE.sub(" ", html.unescape(plain)).strip()


def normalize(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed: 'Bikes, please!' -> 'bikes please'."""
    plain = unicodedata.normalize("NFKD", strip_markup(text).casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return _SPACE.sub(" ", _NOT_WORD.sub(" ", plain)).strip()


def has_words(text: str) -> bool:
    return any(c.isalnum() for c in strip_markup(text))


def similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two normalized texts: the larger of the character ratio and the word overlap."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    words_a, words_b = set(a.split()), set(b.split())
    jaccard = len(words_a & words_b) / len(words_a | words_b)
    return max(jaccard, SequenceMatcher(None, a, b, autojunk=False).ratio())
