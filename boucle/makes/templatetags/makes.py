"""The pieces other pages show of makes:

- ``{% project_makes project %}``: the "Makes" section of a project page (latest makes, average rating, "I made
  it" for members), included by ``makes/_project_makes.html``;
- ``{% design_makes design %}``: the same on a design page, for the makes that name this design;
- ``{% make_card make verified=True %}``: one make as a card;
- ``{{ make.rating|stars }}``: "★★★★☆", with the rating said in words for screen readers.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from boucle.makes import selectors
from boucle.makes.models import RATING_MAX

register = template.Library()

SECTION_SIZE = 6


def _section(context, makes, *, project, design=None):
    user = getattr(context.get("request"), "user", None)
    shown = list(makes[:SECTION_SIZE])
    return {
        "request": context.get("request"),
        "user": user,
        "project": project,
        "design": design,
        "makes": shown,
        "summary": selectors.make_summary(makes=makes.filter(hidden_at__isnull=True)),
        "verified": selectors.verified_buyer_ids(makes=shown),
        "can_post": project.status != "draft" and project.hidden_at is None,
    }


@register.inclusion_tag("makes/_makes_section.html", takes_context=True)
def project_makes(context, project):
    user = getattr(context.get("request"), "user", None)
    return _section(context, selectors.project_makes(project=project, user=user), project=project)


@register.inclusion_tag("makes/_makes_section.html", takes_context=True)
def design_makes(context, design):
    user = getattr(context.get("request"), "user", None)
    return _section(
        context, selectors.design_makes(design=design, user=user), project=design.project, design=design
    )


@register.inclusion_tag("makes/_make_card.html")
def make_card(make, verified=False, show_project=False):
    return {"make": make, "verified": verified, "show_project": show_project}


@register.filter
def stars(rating):
    """``4`` → ``<span aria-label="Rated 4 out of 5">★★★★☆</span>``."""
    try:
        n = max(0, min(RATING_MAX, int(rating)))
    except (TypeError, ValueError):
        return ""
    label = gettext("Rated %(n)d out of %(max)d") % {"n": n, "max": RATING_MAX}
    return format_html(
        '<span class="stars" role="img" aria-label="{}">{}</span>', label, "★" * n + "☆" * (RATING_MAX - n)
    )


@register.filter
def average_stars(average):
    """``4.3`` → "4.3 / 5" (localized), or an empty string."""
    if average is None:
        return ""
    from django.template.defaultfilters import floatformat

    return gettext("%(avg)s / %(max)d") % {"avg": floatformat(average, 1), "max": RATING_MAX}


@register.filter
def note_excerpt(note, length=160):
    """A make's Markdown note as plain words, shortened (escaped by the template like any text)."""
    from django.utils.text import Truncator

    from boucle.search.text import strip_markup

    return Truncator(strip_markup(note or "")).chars(int(length))
