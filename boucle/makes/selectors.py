"""Reads of the makes app: who may post, edit and moderate, the makes of a project or a design, one make's
page, and an organization's view of its technologies' usages (latest makes, most-made projects)."""

from django.db.models import Avg, Count, F, Q
from django.utils.translation import gettext as _

from boucle.core.errors import NotAllowed
from boucle.makes.models import Make
from boucle.projects.enums import ProjectStatus

USAGE_LATEST = 12
USAGE_TOP = 10


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def project_accepts_makes(*, user, project) -> None:
    """Raise NotAllowed unless ``user`` may post a make on ``project``: any member, on a project that is public
    (published or later, not hidden by moderation), unless banned from its organization."""
    from boucle.moderation.selectors import member_is_banned

    if project.status == ProjectStatus.DRAFT or project.hidden_at is not None or project.merged_into_id:
        raise NotAllowed(_("Makes are posted on public projects only."))
    if member_is_banned(user=user, organization=project.technology.organization):
        raise NotAllowed(_("You are banned from this organization."))


def make_can_edit(*, user, make: Make) -> bool:
    """Only the author edits their make."""
    return _signed_in(user) and make.author_id == user.pk


def make_can_delete(*, user, make: Make) -> bool:
    """The author deletes their make; site staff may too (moderators hide, they do not delete)."""
    return _signed_in(user) and (make.author_id == user.pk or user.is_staff)


def make_can_moderate(*, user, make: Make) -> bool:
    from boucle.moderation.selectors import is_org_moderator

    return is_org_moderator(user=user, organization=make.project.technology.organization)


def make_visible_to(*, user, make: Make) -> bool:
    """A make is public with its project; a hidden one is seen by its author and the moderators only."""
    from boucle.projects.selectors import project_visible_to

    if not project_visible_to(project=make.project, user=user):
        return False
    if make.hidden_at is None:
        return True
    return _signed_in(user) and (make.author_id == user.pk or make_can_moderate(user=user, make=make))


def with_relations(qs):
    return qs.select_related(
        "author", "project__technology__organization", "design", "revision"
    ).prefetch_related("photos")


def makes_visible(*, user=None):
    """Makes not hidden, on public projects (the author also sees their own hidden ones)."""
    qs = Make.objects.filter(project__hidden_at__isnull=True).exclude(project__status=ProjectStatus.DRAFT)
    if _signed_in(user):
        return qs.filter(Q(hidden_at__isnull=True) | Q(author=user))
    return qs.filter(hidden_at__isnull=True)


def project_makes(*, project, user=None):
    """The makes shown on a project's page, newest first, with photos and authors loaded."""
    return with_relations(makes_visible(user=user).filter(project=project))


def design_makes(*, design, user=None):
    return with_relations(makes_visible(user=user).filter(design=design))


def make_get(*, pk, user) -> Make | None:
    """The make with this id when ``user`` may see it, else None."""
    make = with_relations(Make.objects.all()).filter(pk=pk).first()
    if make is None or not make_visible_to(user=user, make=make):
        return None
    return make


def make_summary(*, makes) -> dict:
    """{"count": n, "average": 4.3 or None} over a queryset of makes."""
    row = makes.aggregate(count=Count("id"), average=Avg("rating"))
    return {
        "count": row["count"],
        "average": round(row["average"], 1) if row["average"] is not None else None,
    }


# Order states in which a line counts as bought: paid and not cancelled or refunded as a whole.
PAID_STATES = ("paid", "in_production", "shipped", "delivered")


def _paid_line_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}order__state__in": PAID_STATES}) & Q(
        **{f"{prefix}refunded_amount__lt": F(f"{prefix}line_total")}
    )


def with_verified(qs):
    """Annotate ``is_verified`` (the "verified buyer" badge, as in ``verified_buyer_ids``) in the same query."""
    from django.db.models import BooleanField, Case, Value, When

    return qs.annotate(
        is_verified=Case(
            When(
                Q(order_line__project=F("project"), order_line__order__buyer=F("author"))
                & _paid_line_q("order_line__"),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def verified_buyer_ids(*, makes) -> set[int]:
    """Ids of the makes posted by a verified buyer: linked to an order line of the same project, bought by the
    make's author, paid (placed, cancelled or wholly refunded orders do not count). One query."""
    ids = [m.pk for m in makes if m.order_line_id]
    if not ids:
        return set()
    return set(
        Make.objects.filter(
            pk__in=ids,
            order_line__project=F("project"),
            order_line__order__buyer=F("author"),
        )
        .filter(_paid_line_q("order_line__"))
        .values_list("pk", flat=True)
    )


def buyer_order_lines(*, user, project):
    """The member's order lines of this project, newest first: what they may link a make to."""
    from boucle.orders.models import OrderLine

    if not _signed_in(user):
        return OrderLine.objects.none()
    return (
        OrderLine.objects.filter(order__buyer=user, project=project)
        .select_related("order")
        .order_by("-order__created_at", "-id")
    )


def organization_usages(*, organization, latest: int = USAGE_LATEST, top: int = USAGE_TOP) -> dict:
    """What an organization sees of its technologies' usages: the latest makes of their projects, the
    most-made projects with their average ratings, and the totals."""
    from boucle.projects.models import Project

    makes = makes_visible().filter(project__technology__organization=organization)
    projects = (
        Project.objects.filter(technology__organization=organization, hidden_at__isnull=True)
        .exclude(status=ProjectStatus.DRAFT)
        .annotate(
            make_count=Count("makes", filter=Q(makes__hidden_at__isnull=True)),
            make_average=Avg("makes__rating", filter=Q(makes__hidden_at__isnull=True)),
        )
        .filter(make_count__gt=0)
        .select_related("technology")
        .order_by("-make_count", "-make_average", "title", "id")[:top]
    )
    return {
        "latest": list(with_relations(makes).order_by("-created_at", "-id")[:latest]),
        "top_projects": list(projects),
        "totals": make_summary(makes=makes),
    }


def project_revisions(*, project, limit: int = 60):
    """Main-line revisions of the project's designs a maker may say they built, newest first."""
    from boucle.studio.models import Revision

    return (
        Revision.objects.filter(design__project=project, number__isnull=False)
        .select_related("design")
        .order_by("design__number", "-number")[:limit]
    )
