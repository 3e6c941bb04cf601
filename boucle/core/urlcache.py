"""``reverse()`` for the links a page prints many times: a list of 24 project cards prints about 80 of them,
and each ``reverse()`` costs about 80 µs of URL resolver work.

``slug_url(name, slug)`` reverses ``name`` once with a placeholder slug (per URLconf and script prefix) and
then only substitutes the slug, so the result is the one ``reverse(name, args=[slug])`` gives.
"""

from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse

_PLACEHOLDER = "0boucle0slug0"


@lru_cache(maxsize=256)
def _pattern(name: str, prefix: str, urlconf) -> str:
    return reverse(name, args=[_PLACEHOLDER], urlconf=urlconf)


def slug_url(name: str, slug: str) -> str:
    """``reverse(name, args=[slug])`` for a URL whose only argument is a slug."""
    return _pattern(name, get_script_prefix(), get_urlconf()).replace(
        _PLACEHOLDER, quote(str(slug), safe="-_.~")
    )


@lru_cache(maxsize=256)
def _plain(name: str, prefix: str, urlconf) -> str:
    return reverse(name, urlconf=urlconf)


def plain_url(name: str) -> str:
    """``reverse(name)`` for a URL without arguments."""
    return _plain(name, get_script_prefix(), get_urlconf())
