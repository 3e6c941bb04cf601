"""Metadata for sharing a page: OpenGraph, Twitter cards and the canonical URL.

``_base.html`` fills ``{% block meta %}`` with the site's defaults; a detail page overrides the block:

    {% load share %}
    {% block meta %}{% share_meta title=project.title description=project.pitch image=project.cover %}{% endblock %}

Every URL is absolute, built from ``settings.SITE_URL`` (never from the request's Host header, which a client
chooses). Descriptions are plain text: Markdown and HTML are stripped, the text cut to about 200 characters,
and the template escapes it like any other value.
"""

import html
import re

from django import template
from django.conf import settings
from django.utils.encoding import iri_to_uri
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

from boucle.core.images import thumbnail_url
from boucle.core.markdown import render_markdown

register = template.Library()

SITE_NAME = "Boucle"
OG_LOCALES = {"en": "en_US", "fr": "fr_FR"}  # OpenGraph wants language_TERRITORY
DESCRIPTION_LENGTH = 200


def absolute_url(path: str) -> str:
    """``/projects/castle/`` → ``https://boucle.example/projects/castle/`` (URLs already absolute stay)."""
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    if not path.startswith("/"):
        path = "/" + path
    return settings.SITE_URL.rstrip("/") + iri_to_uri(path)


def canonical_url(request) -> str:
    """The page's address without its query string (filters, tracking parameters), except the page number of
    a list: ``/projects/?sort=new&utm_source=x&page=2`` → ``<SITE_URL>/projects/?page=2``."""
    if request is None:
        return absolute_url("/")
    url = absolute_url(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        url += f"?page={int(page)}"
    return url


def plain_text(text, length: int = DESCRIPTION_LENGTH) -> str:
    """Markdown or HTML as one line of plain text of at most ``length`` characters (not escaped: the template
    escapes it)."""
    rendered = render_markdown(str(text or ""))
    # Twice: the renderer escapes raw HTML written in the source, which unescape turns back into tags.
    text = strip_tags(html.unescape(strip_tags(rendered)))
    text = html.unescape(text)
    text = re.sub(r"\s+", " ", text).strip()
    return Truncator(text).chars(length)


def _og_locale(language: str) -> str:
    locale = to_locale(language)
    return OG_LOCALES.get(locale, locale)


def image_url(image, size: str = "large") -> str:
    """An uploaded image's storage path (its thumbnail of ``size``) or a URL, as an absolute URL."""
    if not image:
        return ""
    image = str(image)
    if image.startswith(("http://", "https://", "/")):
        return absolute_url(image)
    return absolute_url(thumbnail_url(image, size))


@register.inclusion_tag("_share_meta.html", takes_context=True)
def share_meta(context, title=None, description=None, image=None, image_size="large", og_type=None, url=None):
    """The ``<head>`` tags that describe a page to search engines and to the sites it is shared on.

    ``image`` is an uploaded image's storage path (a cover, a logo, an avatar) or a URL; ``image_size`` the
    thumbnail to show (``large`` gives a large card, ``small`` a summary card); ``url`` overrides the
    canonical address (a merged duplicate points to its target).
    """
    request = context.get("request")
    image = image_url(image, image_size)
    return {
        "site_name": SITE_NAME,
        "title": str(title) if title else SITE_NAME,
        "description": plain_text(description)
        or _("Boucle — design products together, from technology to usage and back."),
        "url": absolute_url(url) if url else canonical_url(request),
        "og_type": og_type or ("article" if title else "website"),
        "image": image,
        "card": "summary_large_image" if image and image_size == "large" else "summary",
        "locale": _og_locale(get_language() or settings.LANGUAGE_CODE),
    }


@register.simple_tag
def absolute(path) -> str:
    """``{% absolute project.get_absolute_url as share_url %}``: the absolute URL of a path on this site."""
    return absolute_url(str(path or ""))


@register.simple_tag
def mailto_link(subject, *lines) -> str:
    """A ``mailto:`` URL that opens a new e-mail with this subject and these paragraphs as its body (the
    template escapes it): ``{% mailto_link project.title project.pitch share_url %}``."""
    from urllib.parse import quote, urlencode

    body = "\n\n".join(str(line) for line in lines if line)
    return "mailto:?" + urlencode({"subject": str(subject), "body": body}, quote_via=quote)
