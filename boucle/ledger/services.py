from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from boucle.ledger.models import Contribution, ContributionKind


@transaction.atomic
def contribution_record(
    *, actor, kind: ContributionKind | str, project=None, subject: models.Model | None = None
) -> Contribution:
    """Append one act to the ledger.

    >>> contribution_record(actor=alice, kind=ContributionKind.SUPPORT, project=p, subject=support)
    <Contribution: support by 3 on 12>
    """
    return Contribution.objects.create(
        actor=actor,
        kind=kind,
        project=project,
        object_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        object_id=subject.pk if subject is not None else None,
    )


@transaction.atomic
def contribution_reverse(*, actor, kind: ContributionKind | str, project=None, subject: models.Model) -> Contribution | None:
    """Append a reversal of the latest unreversed act of this kind by this actor on this subject.

    Returns None when there is nothing to reverse (the act was never recorded, or already reversed).
    """
    original = (
        Contribution.objects.filter(
            actor=actor,
            kind=kind,
            object_type=ContentType.objects.get_for_model(subject),
            object_id=subject.pk,
            reverses__isnull=True,
            reversed_by__isnull=True,
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if original is None:
        return None
    return Contribution.objects.create(
        actor=actor,
        kind=kind,
        project=project if project is not None else original.project,
        object_type=original.object_type,
        object_id=original.object_id,
        reverses=original,
    )


@transaction.atomic
def influence_weights_update(*, actor, organization, weights: dict[str, int]):
    """Set the points one act of each kind earns on the projects of an organization's technologies.

    Only the organization's owners (and site staff) may. ``weights`` maps kinds (``INFLUENCE_KINDS``) to whole
    numbers from 0 to 1000; kinds left out keep their current weight. At least one kind must earn points.
    Credits already recorded keep the weights they used (their snapshot).

    >>> influence_weights_update(actor=owner, organization=brewers, weights={"support": 3})
    <InfluenceWeights: influence weights of 2>
    """
    from django.utils.translation import gettext as _

    from boucle.core.errors import InvalidInput, NotAllowed
    from boucle.ledger.models import INFLUENCE_KINDS, MAX_WEIGHT, InfluenceWeights
    from boucle.orgs.models import Role
    from boucle.orgs.selectors import org_has_role

    if not org_has_role(user=actor, organization=organization, roles=[Role.OWNER]):
        raise NotAllowed(
            _("Only the owners of %(org)s can change its influence weights.") % {"org": organization.name}
        )
    unknown = sorted(set(weights) - set(INFLUENCE_KINDS))
    if unknown:
        raise InvalidInput(
            _("Unknown kind of act: %(kinds)s.") % {"kinds": ", ".join(unknown)}, field=unknown[0]
        )
    for kind, value in weights.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WEIGHT:
            raise InvalidInput(
                _("A weight is a whole number from 0 to %(max)s.") % {"max": MAX_WEIGHT}, field=kind
            )
    row = InfluenceWeights.objects.select_for_update().filter(organization=organization).first()
    if row is None:
        row = InfluenceWeights(organization=organization)
    for kind, value in weights.items():
        setattr(row, kind, value)
    if not any(row.as_dict().values()):
        raise InvalidInput(_("At least one kind of act must earn points."))
    row.updated_by = actor
    row.save()
    return row
