"""Support ladders, LEGO Ideas style: tiers of supporters, each to reach within its time window.

A ladder is a list of tiers ``[{"supporters": 100, "days": 60}, ...]`` with strictly increasing supporters.
The first tier's window starts when the project is published; each next tier's window starts when the
previous tier is reached. A project that reaches the last tier is *supported* and waits for the next review
window; one whose window runs out *expires*.

Which ladder a project follows: its challenge's, else its technology's, else its organization's, else the
platform default below (LEGO Ideas: 100 in 60 days, 1,000 within a year, 5,000 then 10,000 within six more
months each). The ladder is copied onto the project at publication, so later rule changes do not move goals.
"""

from django.utils.translation import gettext as _

from boucle.core.errors import InvalidInput

DEFAULT_LADDER = [
    {"supporters": 100, "days": 60},
    {"supporters": 1000, "days": 365},
    {"supporters": 5000, "days": 182},
    {"supporters": 10000, "days": 182},
]

MAX_TIERS = 10


def ladder_validate(value) -> list[dict]:
    """Return the ladder normalized, or raise InvalidInput saying what is wrong."""
    if not isinstance(value, list) or not value:
        raise InvalidInput(_("A support ladder needs at least one tier."), field="support_ladder")
    if len(value) > MAX_TIERS:
        raise InvalidInput(_("A support ladder has at most %(n)d tiers.") % {"n": MAX_TIERS}, field="support_ladder")
    tiers, previous = [], 0
    for i, tier in enumerate(value, start=1):
        try:
            supporters, days = int(tier["supporters"]), int(tier["days"])
        except (KeyError, TypeError, ValueError):
            raise InvalidInput(
                _("Tier %(i)d needs a whole number of supporters and of days.") % {"i": i}, field="support_ladder"
            ) from None
        if supporters <= previous:
            raise InvalidInput(
                _("Tier %(i)d must ask for more supporters than the tier before it.") % {"i": i},
                field="support_ladder",
            )
        if not 1 <= days <= 3650:
            raise InvalidInput(_("Tier %(i)d must last between 1 and 3650 days.") % {"i": i}, field="support_ladder")
        if supporters > 10_000_000:
            raise InvalidInput(_("Tier %(i)d asks for too many supporters.") % {"i": i}, field="support_ladder")
        tiers.append({"supporters": supporters, "days": days})
        previous = supporters
    return tiers


def ladder_parse(text: str) -> list[dict]:
    """Parse the form syntax ``100/60, 1000/365`` (supporters/days per tier) into a validated ladder."""
    tiers = []
    for i, part in enumerate(p.strip() for p in (text or "").replace(";", ",").split(",") if p.strip()):
        try:
            supporters, days = (int(x) for x in part.split("/"))
        except ValueError:
            raise InvalidInput(
                _("Write each tier as supporters/days, e.g. 100/60 (tier %(i)d is “%(part)s”).")
                % {"i": i + 1, "part": part},
                field="support_ladder",
            ) from None
        tiers.append({"supporters": supporters, "days": days})
    return ladder_validate(tiers)


def ladder_format(ladder) -> str:
    return ", ".join(f"{t['supporters']}/{t['days']}" for t in (ladder or []))


def ladder_for(*, technology, challenge=None) -> list[dict]:
    """The ladder a project of this technology (and challenge, if any) follows."""
    for source in (challenge, technology, technology.organization if technology else None):
        if source is not None and source.support_ladder:
            return source.support_ladder
    return DEFAULT_LADDER
