from datetime import datetime

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from boucle.api.pagination import Pagination
from boucle.catalog.models import Technology
from boucle.challenges import services
from boucle.challenges.models import Challenge, PhaseKind
from boucle.challenges.selectors import challenge_accepts_projects, challenge_can_view, challenges_published
from boucle.core.errors import InvalidInput
from boucle.orgs.selectors import object_or_404

router = Router(tags=["challenges"])


class PhaseSchema(Schema):
    kind: PhaseKind
    starts_at: datetime
    ends_at: datetime


class ChallengeOut(Schema):
    slug: str
    title: str
    technology: str
    organization: str
    brief: str
    is_published: bool
    support_ladder: list[dict] | None
    phases: list[PhaseSchema]
    current_phase: str | None
    accepts_projects: bool
    url: str
    created_at: datetime

    @staticmethod
    def resolve_technology(obj):
        return obj.technology.slug

    @staticmethod
    def resolve_organization(obj):
        return obj.technology.organization.slug

    @staticmethod
    def resolve_phases(obj):
        return list(obj.phases.all())

    @staticmethod
    def resolve_current_phase(obj):
        phase = obj.current_phase()
        return phase.kind if phase else None

    @staticmethod
    def resolve_accepts_projects(obj):
        return challenge_accepts_projects(challenge=obj)

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class ChallengeIn(Schema):
    technology: str
    title: str
    brief: str
    phases: list[PhaseSchema] = []
    support_ladder: str = ""  # "100/60, 1000/365"; "" = the technology's
    is_published: bool = True


class ChallengePatch(Schema):
    title: str | None = None
    brief: str | None = None
    phases: list[PhaseSchema] | None = None  # replaces every phase
    support_ladder: str | None = None
    is_published: bool | None = None


def _phases(items) -> dict:
    phases = {}
    for item in items:
        kind = item.kind.value
        if kind in phases:
            raise InvalidInput(
                gettext("The %(phase)s phase is given twice.") % {"phase": PhaseKind(kind).label},
                field="phases",
            )
        starts_at, ends_at = item.starts_at, item.ends_at
        # A date without a time zone is read in the site's time zone.
        if timezone.is_naive(starts_at):
            starts_at = timezone.make_aware(starts_at)
        if timezone.is_naive(ends_at):
            ends_at = timezone.make_aware(ends_at)
        phases[kind] = (starts_at, ends_at)
    return phases


def _challenges():
    return Challenge.objects.select_related("technology__organization").prefetch_related("phases")


@router.get("/", response=list[ChallengeOut], auth=None)
@paginate(Pagination)
def list_challenges(request, technology: str | None = None):
    qs = challenges_published()
    if technology:
        qs = qs.filter(technology__slug=technology.replace("\x00", ""))
    return qs


@router.post("/", response={201: ChallengeOut})
def create_challenge(request, payload: ChallengeIn):
    technology = object_or_404(Technology.objects.select_related("organization"), slug=payload.technology)
    challenge = services.challenge_create(
        actor=request.user,
        technology=technology,
        title=payload.title,
        brief=payload.brief,
        phases=_phases(payload.phases),
        support_ladder_text=payload.support_ladder,
        is_published=payload.is_published,
    )
    return Status(201, _challenges().get(pk=challenge.pk))


@router.get("/{slug}", response=ChallengeOut, auth=None)
def read_challenge(request, slug: str):
    challenge = object_or_404(_challenges(), slug=slug)
    if not challenge_can_view(user=request.user, challenge=challenge):
        raise Http404
    return challenge


@router.patch("/{slug}", response=ChallengeOut)
def update_challenge(request, slug: str, payload: ChallengePatch):
    challenge = object_or_404(_challenges(), slug=slug)
    data = payload.dict(exclude_unset=True)
    kwargs = {}
    for key in ("title", "brief"):
        if key in data:
            kwargs[key] = data[key] or ""
    if "is_published" in data and data["is_published"] is not None:
        kwargs["is_published"] = data["is_published"]
    if "support_ladder" in data:
        kwargs["support_ladder_text"] = data["support_ladder"] or ""
    if "phases" in data:
        kwargs["phases"] = _phases(payload.phases or [])
    services.challenge_update(actor=request.user, challenge=challenge, **kwargs)
    return _challenges().get(pk=challenge.pk)
