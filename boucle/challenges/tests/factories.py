from datetime import timedelta

import factory
from django.utils import timezone
from django.utils.text import slugify

from boucle.catalog.tests.factories import TechnologyFactory
from boucle.challenges.models import PHASE_ORDER, Challenge, Phase


def phase_dates(*, current: str | None = "ideation", now=None, days: int = 14) -> dict:
    """Back-to-back phases of ``days`` days each, placed so that ``current`` is running now.

    ``current=None`` puts every phase in the future. Returns {kind: (starts_at, ends_at)}.
    """
    now = now or timezone.now()
    index = PHASE_ORDER.index(current) if current else -1
    start = now - timedelta(days=1) - timedelta(days=days) * index if current else now + timedelta(days=1)
    dates = {}
    for kind in PHASE_ORDER:
        dates[kind] = (start, start + timedelta(days=days))
        start += timedelta(days=days)
    return dates


class ChallengeFactory(factory.django.DjangoModelFactory):
    """A published challenge on a published technology, with its five phases, ideation running now.

    ``ChallengeFactory(phases__current="support")`` moves the dates so another phase runs now;
    ``ChallengeFactory(phases={"ideation": (start, end)})`` sets them; ``phases=False`` makes none.
    """

    class Meta:
        model = Challenge
        skip_postgeneration_save = True

    technology = factory.SubFactory(TechnologyFactory)
    title = factory.Sequence(lambda n: f"Challenge {n}")
    slug = factory.LazyAttribute(lambda c: slugify(c.title))
    brief = "Invent what our technology can become."
    is_published = True
    created_by = factory.LazyAttribute(lambda c: c.technology.created_by)

    @factory.post_generation
    def phases(challenge, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        dates = extracted if isinstance(extracted, dict) else phase_dates(current=kwargs.get("current", "ideation"))
        Phase.objects.bulk_create(
            [Phase(challenge=challenge, kind=kind, starts_at=s, ends_at=e) for kind, (s, e) in dates.items()]
        )
