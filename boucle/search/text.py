"""Text handling shared by both search backends: tokens, normalized text, stop words, highlighted snippets.

The user's string never reaches the database's query syntax: it is cut into words here (unicode letters and
digits, nothing else), and each backend builds its query from those words only. The text that goes into the
index is normalized the same way (words joined by spaces, lower case, without diacritics), so SQLite and
PostgreSQL see the same words and give the same answers: "cafe" finds "Café" on both.

Snippets are built here too, from the live object's text (never from stored HTML): the text is escaped and
the words matching the query are wrapped in ``<mark>``.
"""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from boucle.search.stopwords import STOP_WORDS

WORD_RE = re.compile(r"[^\W_]+")  # runs of unicode letters and digits

MAX_QUERY_CHARS = 200  # what is read of a query; 10,000 characters are cut here, not refused
MAX_QUERY_TERMS = 12
MAX_TERM_CHARS = 60
MAX_INDEXED_CHARS = 100_000  # per field: keeps a PostgreSQL tsvector far below its 1 MB limit


def fold(word: str) -> str:
    """Lower case, without diacritics: ``fold("Éclair") == "eclair"``."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order: ``words("L'Œuf, 3D-printed!") == ["l", "œuf", "3d", "printed"]``."""
    text = unicodedata.normalize("NFKC", text or "")
    out = []
    for raw in WORD_RE.findall(text):
        # Folding may split a character into letters plus marks; keep only what is still a word.
        out.extend(WORD_RE.findall(fold(raw)))
    return out


def normalize(text: str, *, limit: int = MAX_INDEXED_CHARS) -> str:
    """The text as the index stores it: folded words separated by single spaces."""
    return " ".join(words(strip_markup((text or "")[:limit])))


def query_terms(q: str, *, limit: int = MAX_QUERY_TERMS) -> list[str]:
    """The words of a user's query, deduplicated in order, capped in number and length."""
    seen = []
    for word in words((q or "")[:MAX_QUERY_CHARS]):
        word = word[:MAX_TERM_CHARS]
        if word not in seen:
            seen.append(word)
    return seen[:limit]


def meaningful_terms(text: str, *, limit: int = 24) -> list[str]:
    """Words worth comparing two ideas on: stop words and single letters removed, plurals trimmed.

    ``meaningful_terms("The castles of a kingdom") == ["castle", "kingdom"]``; the caller matches them as
    prefixes, so "castle" also finds "castles".
    """
    terms = []
    for word in words(text):
        if len(word) < 2 or word in STOP_WORDS or word.isdigit():
            continue
        word = _trim_plural(word[:MAX_TERM_CHARS])
        if word not in terms:
            terms.append(word)
    return terms[:limit]


def _trim_plural(word: str) -> str:
    if len(word) > 4 and word.endswith(("s", "x")) and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML_TAG = re.compile(r"<[^>\n]{0,300}>")
_MD_MARKS = re.compile(r"(^|\s)(#{1,6}|>|[-*+]|\d+\.)\s|[*_`~]{1,3}", re.MULTILINE)
_SPACES = re.compile(r"\s+")


def strip_markup(text: str) -> str:
    """Markdown and HTML reduced to its words and punctuation, for snippets and the index (not for safety:
    snippets are escaped afterwards)."""
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _HTML_TAG.sub(" ", text)
    text = _MD_MARKS.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()


def _matches(word: str, terms: set[str], prefixes: tuple[str, ...]) -> bool:
    folded = fold(word)
    return folded in terms or (bool(prefixes) and folded.startswith(prefixes))


def highlight(
    text: str, *, terms: list[str], prefixes: list[str] = (), length: int | None = None
) -> SafeString:
    """``text`` escaped, with the words matching ``terms`` (or starting with one of ``prefixes``) in <mark>.

    With ``length``, a window of about that many characters around the first match, with ellipses where the
    text was cut. The result is safe HTML because every character of the text went through ``escape``.

    >>> highlight("Tom & <Jerry>'s castle", terms=["castle"])
    'Tom &amp; &lt;Jerry&gt;&#x27;s <mark>castle</mark>'
    """
    text = unicodedata.normalize("NFKC", text or "")
    term_set, prefix_tuple = set(terms), tuple(p for p in prefixes if p)
    found = [m for m in WORD_RE.finditer(text) if _matches(m.group(), term_set, prefix_tuple)]
    start, end = 0, len(text)
    if length and len(text) > length:
        anchor = found[0].start() if found else 0
        start = max(0, anchor - length // 4)
        end = min(len(text), start + length)
        start = max(0, end - length)
        # Cut at spaces, so no word is shown in halves.
        if start > 0:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < (found[0].start() if found else end) else start
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
    parts = ["…" if start > 0 else ""]
    position = start
    for match in found:
        if match.start() < start or match.end() > end:
            continue
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(text[position:end]))
    parts.append("…" if end < len(text) else "")
    return mark_safe("".join(parts))  # every piece of user text above went through escape()
