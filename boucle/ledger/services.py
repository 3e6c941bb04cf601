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
