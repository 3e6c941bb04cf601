"""Which licence a fork may carry, from the licence of the design it comes from (its project's licence).

======================  =============================================================================
source licence          the fork's project must be under
======================  =============================================================================
CC0 1.0, CC BY 4.0      any licence
CC BY-SA 4.0            CC BY-SA 4.0 (share-alike: the same licence)
CC BY-NC 4.0            a non-commercial licence: CC BY-NC 4.0 or CC BY-NC-SA 4.0
CC BY-NC-SA 4.0         CC BY-NC-SA 4.0
CC BY-ND 4.0            nothing: no derivatives may be shared, so no fork into another project
======================  =============================================================================

A team may always fork a design within its own project (the team holds the rights the licence grants others).
"""

from django.utils.translation import gettext as _

from boucle.projects.enums import Licence

SHARE_ALIKE = {Licence.BY_SA, Licence.BY_NC_SA}
NON_COMMERCIAL = {Licence.BY_NC, Licence.BY_NC_SA}
NO_DERIVATIVES = {Licence.BY_ND}


def licence_label(value: str) -> str:
    return Licence(value).label if value in Licence.values else str(value)


def fork_licences_allowed(source: str) -> list[str]:
    """The licences a fork of a design under ``source`` may carry (in the order of ``Licence``)."""
    if source in NO_DERIVATIVES:
        return []
    if source in SHARE_ALIKE:
        return [source]
    if source in NON_COMMERCIAL:
        return [v for v in Licence.values if v in NON_COMMERCIAL]
    return list(Licence.values)


def fork_refusal(*, source: str, target: str, same_project: bool = False) -> str | None:
    """Why a design under ``source`` cannot be forked into a project under ``target``; None when it can."""
    if same_project:
        return None
    allowed = fork_licences_allowed(source)
    if target in allowed:
        return None
    names = {"source": licence_label(source), "target": licence_label(target)}
    if not allowed:
        return (
            _(
                "This design is under %(source)s: its licence allows no derivatives (ND), so it cannot be "
                "forked into another project."
            )
            % names
        )
    if source in SHARE_ALIKE:
        return (
            _(
                "This design is under %(source)s: a fork must stay under the same licence (share-alike). "
                "Your project is under %(target)s; fork it into a project under %(source)s."
            )
            % names
        )
    return _(
        "This design is under %(source)s: a fork must stay non-commercial. Your project is under "
        "%(target)s; fork it into a project under %(allowed)s."
    ) % {**names, "allowed": _(" or ").join(licence_label(v) for v in allowed)}
