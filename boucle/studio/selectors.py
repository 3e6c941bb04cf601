"""Reads of the studio, shaped for its pages and API endpoints: the gallery, a design with its head, the
history, suggestions, the attribution chain, the lineage tree, diffs and the comments anchored to elements.

Visibility follows the design's project (``projects.selectors.project_visible_to``): a draft's designs are its
team's, a project hidden by moderation shows to its team and moderators only. The gallery lists the designs
of public, listed projects (not drafts, not archived, not hidden, not merged into another project).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Count, Min, Subquery
from django.http import Http404

from boucle.projects.enums import LICENCE_URLS, Licence, ProjectStatus
from boucle.studio import evaluation as ev
from boucle.studio.enums import RevisionState, SuggestionState
from boucle.studio.licences import licence_label
from boucle.studio.models import CommentAnchor, Design, DesignKit, Revision, Suggestion
from boucle.studio.registry import find_kind

GALLERY_SORTS = {
    "new": ("-created_at", "-id"),
    "updated": ("-updated_at", "-id"),
    "forks": ("-fork_count", "-created_at", "-id"),
}
DEFAULT_SORT = "new"
MAX_CHAIN = 200  # designs walked up a fork chain at most (a guard; real chains are short)
MAX_LINEAGE = 500  # designs shown in a lineage tree at most


def _clean(value, limit: int = 100) -> str:
    return str(value or "").replace("\x00", "").strip()[:limit]


def _publicly_listed(project) -> bool:
    return project.status != ProjectStatus.DRAFT and project.hidden_at is None


def design_visible_to(*, design, user) -> bool:
    from boucle.projects.selectors import project_visible_to

    return project_visible_to(project=design.project, user=user)


def _design_qs():
    return Design.objects.select_related(
        "project__technology__organization", "technology", "head__author", "forked_from__design__project"
    )


def design_get(*, design_id, user) -> Design:
    """The design with this id if ``user`` may see it; Http404 otherwise (a draft's designs stay secret)."""
    try:
        design_id = int(design_id)
    except (TypeError, ValueError):
        raise Http404("No such design.") from None
    design = _design_qs().filter(pk=design_id).first()
    if design is None or not design_visible_to(design=design, user=user):
        raise Http404("No such design.")
    return design


def design_get_by_number(*, project, number, user) -> Design:
    """Design number ``number`` of ``project`` (its address: /projects/<slug>/designs/<number>/)."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise Http404("No such design.") from None
    design = _design_qs().filter(project=project, number=number).first()
    if design is None or not design_visible_to(design=design, user=user):
        raise Http404("No such design.")
    return design


def project_designs(*, project):
    """The designs of a project (whose visibility the caller checked), first made first."""
    return _design_qs().filter(project=project).order_by("number")


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def design_gallery(
    *,
    kind: str = "",
    technology: str = "",
    licence: str = "",
    metric: str = "",
    min_value=None,
    max_value=None,
    sort: str = DEFAULT_SORT,
    order: str = "desc",
    valid_only: bool = False,
):
    """Designs of public projects, filtered and sorted, for the gallery.

    ``kind``: a kind name; ``technology``: a technology slug; ``licence``: an SPDX identifier (``Licence``);
    ``metric`` with ``min_value``/``max_value``: only designs whose head has that metric in the range;
    ``sort``: "new", "updated", "forks", or "metric" (by ``metric``, ``order`` "asc" or "desc"; designs without
    that metric are left out). Unknown values find nothing (filters) or fall back to "new" (sorts).

    The metric filter and sort go through one join on ``DesignMetric`` (index on key, value): a page sorted by
    price is read along the index.
    """
    from boucle.projects.selectors import LISTED

    kind, technology, licence, metric = _clean(kind), _clean(technology), _clean(licence), _clean(metric, 40)
    qs = Design.objects.filter(
        project__status__in=LISTED, project__hidden_at__isnull=True, project__merged_into__isnull=True
    )
    if kind:
        qs = qs.filter(kind=kind)
    if technology:
        from boucle.catalog.models import Technology

        qs = qs.filter(technology_id=Subquery(Technology.objects.filter(slug=technology).values("id")[:1]))
    if licence:
        qs = qs.filter(project__licence=licence)
    if valid_only:
        qs = qs.filter(valid=True)
    low, high = _decimal(min_value), _decimal(max_value)
    by_metric = bool(metric) and sort == "metric"
    if metric and (by_metric or low is not None or high is not None):
        # One filter() call: the range and the sort use the same join.
        lookup = {"metric_values__key": metric}
        if low is not None:
            lookup["metric_values__value__gte"] = low
        if high is not None:
            lookup["metric_values__value__lte"] = high
        qs = qs.filter(**lookup)
    if by_metric:
        direction = "" if order == "asc" else "-"
        ordering = (f"{direction}metric_values__value", "-id")
    else:
        ordering = GALLERY_SORTS.get(sort, GALLERY_SORTS[DEFAULT_SORT])
    return qs.select_related("project__technology__organization", "technology", "head").order_by(*ordering)


def gallery_metric_choices() -> list[tuple[str, str, list[str]]]:
    """[(kind name, kind label, [metric keys the gallery sorts and filters on])] for the gallery's form."""
    from boucle.studio.registry import kinds

    return [(k.name, str(k.label), list(k.gallery_metrics)) for k in kinds()]


# ---------------------------------------------------------------------------------------------- revisions


def revision_history(*, design):
    """Main-line revisions, newest first."""
    return (
        Revision.objects.filter(design=design, state=RevisionState.MAIN)
        .select_related("author", "kit")
        .order_by("-number")
    )


def revision_problems(*, revision: Revision, design: Design | None = None) -> list[dict]:
    """The revision's stored problems without the live-only ones older revisions hold (``ev.stored_problems``);
    every read of a revision's problems goes through here. ``design``: the revision's, if not loaded on it."""
    kind = find_kind((design or revision.design).kind)
    return ev.stored_problems(kind, revision.problems)


def revision_valid(*, revision: Revision, design: Design | None = None) -> bool:
    """The revision's validity, consistent with ``revision_problems``."""
    if revision.valid:  # the design is only looked at for an invalid revision
        return True
    kind = find_kind((design or revision.design).kind)
    return ev.stored_valid(kind, revision.valid, revision.problems)


def design_valid(*, design: Design) -> bool:
    """The design's validity as its head revision's reads show it (``revision_valid``)."""
    if design.valid or design.head_id is None:
        return bool(design.valid)
    return revision_valid(revision=design.head, design=design)


def revision_get(*, design, number) -> Revision:
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise Http404("No such revision.") from None
    revision = (
        Revision.objects.filter(design=design, number=number, state=RevisionState.MAIN)
        .select_related("author", "kit", "parent__design__project")
        .first()
    )
    if revision is None:
        raise Http404("No such revision.")
    revision.design = design
    return revision


def design_suggestions(*, design, state: str = ""):
    """Suggestions of a design (``state``: open, merged or declined; all when empty), newest first."""
    qs = Suggestion.objects.filter(design=design).select_related(
        "author", "decided_by", "revision__parent", "merged_revision"
    )
    if state:
        qs = qs.filter(state=state) if state in SuggestionState.values else qs.none()
    return qs.order_by("-created_at", "-id")


def suggestion_get(*, suggestion_id, user) -> Suggestion:
    try:
        suggestion_id = int(suggestion_id)
    except (TypeError, ValueError):
        raise Http404("No such suggestion.") from None
    suggestion = (
        Suggestion.objects.select_related(
            "design__project__technology__organization",
            "design__technology",
            "design__head",
            "author",
            "decided_by",
            "revision__parent",
            "merged_revision",
        )
        .filter(pk=suggestion_id)
        .first()
    )
    if suggestion is None or not design_visible_to(design=suggestion.design, user=user):
        raise Http404("No such suggestion.")
    suggestion.revision.design = suggestion.design  # the same design: its kind reads the revision's problems
    return suggestion


def revision_diff(*, old: Revision, new: Revision) -> list:
    """What changed from ``old`` to ``new`` (two revisions of designs of the same kind), as the kind words it:
    a list of ``kinds.base.Change``. Empty when the kind is not installed."""
    from django.utils.translation import gettext as _

    from boucle.core.errors import InvalidInput

    if old.design.kind != new.design.kind:
        raise InvalidInput(_("These two revisions are of designs of different kinds."))
    kind = find_kind(new.design.kind)
    if kind is None:
        return []
    return list(ev.kind_call(kind, "diff", old.content, new.content, new.kit.content))


# ---------------------------------------------------------------------------------------------- attribution


@dataclass
class Credit:
    """A member who authored revisions in a design's ancestry."""

    author: object  # User
    revisions: int
    first_at: object  # datetime of their first revision in the chain


@dataclass
class AncestorDesign:
    """One design of the chain, with the revisions of it that the chain includes (1…``upto``)."""

    design: Design
    upto: int
    authors: list = field(default_factory=list)  # [User], first contributor first

    @property
    def licence(self) -> str:
        return self.design.project.licence

    @property
    def licence_label(self) -> str:
        return licence_label(self.design.project.licence)

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.design.project.licence, "")


@dataclass
class Attribution:
    designs: list  # [AncestorDesign], the design itself first, then what it was forked from, and so on
    authors: list  # [Credit], de-duplicated, in the order of their first revision

    def lines(self) -> list[str]:
        """The chain as text, for exported files:
        ``“Gatehouse” (revision 3) in “A castle”, by Alice Martin, Bob — CC BY-SA 4.0 <https://…>``."""
        from django.utils.translation import gettext as _

        out = []
        for entry in self.designs:
            names = ", ".join(u.name for u in entry.authors) or _("unknown")
            out.append(
                _("“%(design)s” (revision %(n)d) in “%(project)s”, by %(authors)s — %(licence)s <%(url)s>")
                % {
                    "design": entry.design.title,
                    "n": entry.upto,
                    "project": entry.design.project.title,
                    "authors": names,
                    "licence": entry.licence_label,
                    "url": entry.licence_url,
                }
            )
        return out


def attribution_chain(*, design: Design, revision: Revision | None = None) -> Attribution:
    """The authors of every ancestor of a design's revision (its head by default): its own main line up to it,
    then the design it was forked from up to the forked revision, and so on across forks. The first revision of
    a fork (a copy) credits nobody; a merged suggestion credits the member who suggested it.

    >>> [c.author.username for c in attribution_chain(design=bobs_gatehouse).authors]
    ['alice', 'bob']
    """
    from boucle.accounts.models import User

    upto = revision.number if revision is not None and revision.number else design.head.number
    chain: list[AncestorDesign] = []
    seen = set()
    current, limit = design, upto
    while current is not None and current.pk not in seen and len(chain) < MAX_CHAIN:
        seen.add(current.pk)
        chain.append(AncestorDesign(design=current, upto=limit))
        first = (
            Revision.objects.filter(design=current, number=1)
            .select_related("parent__design__project__technology")
            .first()
        )
        if first is None or first.parent_id is None or first.parent.number is None:
            break
        current, limit = first.parent.design, first.parent.number
    credits: dict[int, dict] = {}
    for entry in chain:
        rows = (
            Revision.objects.filter(design=entry.design, state=RevisionState.MAIN, number__lte=entry.upto)
            .exclude(number=1, parent__isnull=False)  # a fork's copy
            .values("author")
            .annotate(n=Count("id"), first=Min("created_at"))
            .order_by("first")
        )
        entry.authors = [row["author"] for row in rows]
        for row in rows:
            credit = credits.setdefault(row["author"], {"revisions": 0, "first_at": row["first"]})
            credit["revisions"] += row["n"]
            credit["first_at"] = min(credit["first_at"], row["first"])
    users = User.objects.in_bulk(list(credits))
    for entry in chain:
        entry.authors = [users[pk] for pk in entry.authors if pk in users]
    authors = sorted(
        (
            Credit(author=users[pk], revisions=c["revisions"], first_at=c["first_at"])
            for pk, c in credits.items()
        ),
        key=lambda c: (c.first_at, c.author.pk),
    )
    return Attribution(designs=chain, authors=authors)


# ---------------------------------------------------------------------------------------------- lineage


@dataclass
class LineageNode:
    design: Design | None  # None: a design the viewer may not see (a draft's)
    forked_at: int | None  # the revision number of the parent design it was forked from
    current: bool = False
    children: list = field(default_factory=list)


@dataclass
class Lineage:
    ancestors: list  # [LineageNode] from the oldest ancestor down to the direct parent (no children filled)
    tree: LineageNode  # the oldest visible ancestor, with every visible descendant below it
    truncated: bool = False  # more than MAX_LINEAGE designs: the tree stops there

    def walk(self):
        """(node, depth) pairs of the tree, depth first: what a page renders as nested lists."""
        stack = [(self.tree, 0)]
        while stack:
            node, depth = stack.pop()
            yield node, depth
            stack.extend((child, depth + 1) for child in reversed(node.children))


def _can_see(design, user) -> bool:
    if _publicly_listed(design.project):
        return True
    return design_visible_to(design=design, user=user)


def design_lineage(*, design: Design, user) -> Lineage:
    """Where a design comes from and what was forked from it: the chain of ancestors (designs it was forked
    from, recursively) and the whole family tree from the oldest ancestor down (forks of forks…), each node with
    the revision it was forked at. Designs the viewer may not see are left out (an ancestor shows as a node
    without a design)."""
    ancestors: list[LineageNode] = []
    seen = {design.pk}
    current = design
    while current.forked_from_id is not None and len(ancestors) < MAX_CHAIN:
        parent_revision = Revision.objects.select_related("design__project__technology").get(
            pk=current.forked_from_id
        )
        parent = parent_revision.design
        if parent.pk in seen:
            break
        seen.add(parent.pk)
        forked_at = None
        if parent.forked_from_id is not None:
            forked_at = (
                Revision.objects.filter(pk=parent.forked_from_id).values_list("number", flat=True).first()
            )
        ancestors.insert(
            0, LineageNode(design=parent if _can_see(parent, user) else None, forked_at=forked_at)
        )
        current = parent
    root_design = current
    root_forked_at = None
    if root_design.forked_from_id is not None:
        root_forked_at = (
            Revision.objects.filter(pk=root_design.forked_from_id).values_list("number", flat=True).first()
        )
    root = LineageNode(design=root_design, forked_at=root_forked_at, current=root_design.pk == design.pk)
    nodes = {root_design.pk: root}
    level, count, truncated = [root_design.pk], 1, False
    while level and not truncated:
        children = (
            Design.objects.filter(forked_from__design_id__in=level)
            .select_related("project__technology", "forked_from")
            .order_by("created_at", "id")
        )
        next_level = []
        for child in children:
            if child.pk in nodes:
                continue
            if count >= MAX_LINEAGE:
                truncated = True
                break
            if not _can_see(child, user):
                continue  # a private fork and what grew from it stay private
            node = LineageNode(
                design=child, forked_at=child.forked_from.number, current=child.pk == design.pk
            )
            nodes[child.forked_from.design_id].children.append(node)
            nodes[child.pk] = node
            next_level.append(child.pk)
            count += 1
        level = next_level
    if not _can_see(root_design, user):
        root.design = None
    return Lineage(ancestors=ancestors, tree=root, truncated=truncated)


# ---------------------------------------------------------------------------------------------- comments


@dataclass
class AnchoredComments:
    by_element: dict  # element id -> [CommentAnchor], oldest first (anchor.comment is loaded)
    removed: list  # [CommentAnchor] whose element is not in this revision ("on a removed element")
    labels: dict  # element id -> label, in this revision

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.by_element.values()) + len(self.removed)


def anchored_comments(*, design: Design, revision: Revision) -> AnchoredComments:
    """The comments anchored to elements of ``design``, as seen from ``revision``: those made on this revision
    or an earlier main-line one, placed beside their element when it still exists in ``revision`` (element ids
    are stable across revisions), else listed as on a removed element. Deleted and hidden comments are left
    out."""
    anchors = (
        CommentAnchor.objects.filter(
            design=design, comment__deleted_at__isnull=True, comment__hidden_at__isnull=True
        )
        .select_related("comment__author", "revision")
        .order_by("created_at", "id")
    )
    kind = find_kind(design.kind)
    labels = ev.element_ids(kind, revision.content, revision.bom) if kind is not None else {}
    by_element: dict[str, list] = defaultdict(list)
    removed = []
    # The main line up to the viewed revision (for a suggestion: up to the revision it starts from).
    if revision.number is not None:
        upto = revision.number
    elif revision.parent_id is not None and revision.parent.design_id == design.pk:
        upto = revision.parent.number or 0
    else:
        upto = 0
    for anchor in anchors:
        made_on = anchor.revision
        if made_on.pk != revision.pk:
            if made_on.state != RevisionState.MAIN:
                continue  # made on a suggestion: shown with that suggestion only
            if made_on.number > upto:
                continue  # made on a later revision than the one viewed
        if anchor.element in labels:
            by_element[anchor.element].append(anchor)
        else:
            removed.append(anchor)
    return AnchoredComments(by_element=dict(by_element), removed=removed, labels=labels)


# ---------------------------------------------------------------------------------------------- kits


def kit_current(*, technology) -> DesignKit | None:
    return (
        DesignKit.objects.filter(technology=technology).select_related("version").order_by("-number").first()
    )


def kit_history(*, technology):
    return (
        DesignKit.objects.filter(technology=technology)
        .select_related("version", "created_by")
        .order_by("-number")
    )


def licence_choices() -> list[tuple[str, str]]:
    return list(Licence.choices)
