"""Reads of the full-text index: ``search_query`` (the search page and API) and ``similar_projects`` (while
drafting). Both backends answer the same calls; rows come back as the live objects, re-checked for
visibility, with snippets built from their current text.
"""

import math
from dataclasses import dataclass, field

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boucle.core.errors import InvalidInput
from boucle.projects.enums import ProjectStatus
from boucle.search import documents as docs
from boucle.search.backends import Filters, Match, backend
from boucle.search.text import highlight, meaningful_terms, query_terms, strip_markup

KIND_LABELS = {
    "project": gettext_lazy("Projects"),
    "technology": gettext_lazy("Technologies"),
    "challenge": gettext_lazy("Challenges"),
    "comment": gettext_lazy("Comments"),
    "design": gettext_lazy("Designs"),
    "offer": gettext_lazy("Offers"),
    "make": gettext_lazy("Makes"),
}
KIND_LABEL_ONE = {
    "project": gettext_lazy("Project"),
    "technology": gettext_lazy("Technology"),
    "challenge": gettext_lazy("Challenge"),
    "comment": gettext_lazy("Comment"),
    "design": gettext_lazy("Design"),
    "offer": gettext_lazy("Offer"),
    "make": gettext_lazy("Make"),
}
MAX_PER_PAGE = 50
MAX_PAGE = 500  # deeper pages are refused quietly (empty): nobody reads page 501, robots do
SNIPPET_CHARS = 240
# Projects a new idea could merge into: published and still alive (not archived, not hidden, not merged).
SIMILAR_STAGES = tuple(s for s in ProjectStatus.values if s not in (ProjectStatus.DRAFT, ProjectStatus.ARCHIVED))


@dataclass
class SearchHit:
    kind: str
    object: object
    title: str
    url: str
    snippet: SafeString
    rank: float
    title_html: SafeString = SafeString("")
    organization: object = None
    stage: str = ""

    @property
    def kind_label(self):
        return KIND_LABEL_ONE[self.kind]

    @property
    def stage_label(self):
        return ProjectStatus(self.stage).label if self.stage in ProjectStatus.values else ""


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResults:
    q: str = ""
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    page: int = 1
    per_page: int = 20
    message: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    facets_exact: bool = True  # False: the broadest queries count facets among their first matches only

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


def _clean(value, *, limit: int = 200) -> str:
    return str(value or "").replace("\x00", "").strip()[:limit]


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def search_query(
    *, q, kind=None, tag=None, stage=None, organization=None, page=1, per_page=20
) -> SearchResults:
    """Search projects, technologies, challenges and comments; any ``q`` is accepted (only its words count).

    ``kind``: "project", "technology", "challenge" or "comment"; ``stage``: a project status; ``tag``: a tag
    slug; ``organization``: an organization slug. An unknown kind or stage is an ``InvalidInput``; an
    unknown tag or organization finds nothing. Facets count, for each filter, what choosing another of its
    values would find (the other filters applied).

    >>> search_query(q="castle gat", kind="project").hits[0].title
    'A castle whose gate opens'
    """
    from boucle.orgs.models import Organization

    kind, tag, stage, organization = _clean(kind), _clean(tag), _clean(stage), _clean(organization)
    if kind and kind not in KIND_LABELS:
        raise InvalidInput(_("Unknown kind “%(kind)s”.") % {"kind": kind[:40]}, field="kind")
    if stage and stage not in ProjectStatus.values:
        raise InvalidInput(_("Unknown stage “%(stage)s”.") % {"stage": stage[:40]}, field="stage")
    per_page = min(max(_int(per_page, 20), 1), MAX_PER_PAGE)
    page = min(max(_int(page, 1), 1), MAX_PAGE)
    filters_given = {"kind": kind, "tag": tag, "stage": stage, "organization": organization}
    results = SearchResults(q=_clean(q, limit=1000), page=page, per_page=per_page, filters=filters_given)
    terms = query_terms(q or "")
    if not terms:
        results.message = _("Type a few words to search projects, technologies, challenges and comments.")
        return results

    organization_id = None
    if organization:
        organization_id = Organization.objects.filter(slug=organization).values_list("pk", flat=True).first()
        organization_id = -1 if organization_id is None else organization_id  # unknown: nothing matches
    filters = Filters(
        kind=kind or None,
        stages=(stage,) if stage else None,
        organization_id=organization_id,
        tag=tag or None,
    )
    found = backend().search(
        match=Match(terms=tuple(terms)), filters=filters, offset=(page - 1) * per_page, limit=per_page, facets=True
    )
    results.total = found.total
    results.hits = _hits(found.rows, terms=terms, prefixes=[terms[-1]])
    results.facets = _facets(found.facets, filters_given)
    results.facets_exact = found.facets_exact
    if not results.total:
        results.message = _("Nothing matches “%(q)s”. Try other words, or fewer filters.") % {"q": results.q[:100]}
    return results


def similar_projects(*, title, pitch, exclude=None, limit=5) -> list:
    """Published projects most similar to a title and pitch being drafted, the most similar first.

    Any of the meaningful words of the title and pitch (stop words removed, each as a prefix), ranked by the
    backend (bm25 or ts_rank_cd), so a project sharing rare words ranks above one sharing common ones.
    ``exclude``: a project (or its id) left out, the one being edited. Each project carries ``similarity``.
    """
    terms = meaningful_terms(f"{_clean(title, limit=300)} {_clean(pitch, limit=600)}")
    if not terms:
        return []
    limit = min(max(_int(limit, 5), 1), 20)
    exclude_id = getattr(exclude, "pk", exclude)
    found = backend().search(
        match=Match(terms=tuple(terms), mode="any"),
        filters=Filters(
            kind="project",
            stages=SIMILAR_STAGES,
            exclude=("project", int(exclude_id)) if exclude_id else None,
        ),
        offset=0,
        limit=limit + 5,  # a few spare, in case some rows are stale
        facets=False,
    )
    projects = _load("project", [object_id for _kind, object_id, _rank in found.rows])
    similar = []
    for _kind, object_id, rank in found.rows:
        project = projects.get(object_id)
        if project is not None and docs.project_findable(project) and project.status in SIMILAR_STAGES:
            project.similarity = rank
            similar.append(project)
    return similar[:limit]


def _load(kind: str, ids: list[int]) -> dict:
    from boucle.catalog.models import Technology
    from boucle.challenges.models import Challenge
    from boucle.projects.models import Project

    if not ids:
        return {}
    model = docs.MODELS[kind]
    qs = model.objects.filter(pk__in=ids)
    if kind in ("project", "challenge"):
        qs = qs.select_related("technology__organization")
    elif kind == "technology":
        qs = qs.select_related("organization")
    elif kind == "design":
        qs = qs.select_related("project__technology__organization")
    elif kind == "make":
        qs = qs.select_related("author", "project__technology__organization")
    elif kind == "offer":
        qs = qs.select_related("realization__project__technology", "realization__design", "realization__organization")
    else:
        qs = qs.select_related("author").prefetch_related(
            GenericPrefetch(
                "target",
                [
                    Project.objects.select_related("technology__organization"),
                    Technology.objects.select_related("organization"),
                    Challenge.objects.select_related("technology__organization"),
                ],
            )
        )
    return {obj.pk: obj for obj in qs}


def _snippet(texts: list[str], terms, prefixes) -> SafeString:
    """The first of ``texts`` holding a match, highlighted; else the first non-empty one, shortened.

    Markdown texts arrive through ``strip_markup`` (readability only: the snippet is escaped anyway)."""
    cleaned = [t or "" for t in texts]
    for text in cleaned:
        html = highlight(text, terms=terms, prefixes=prefixes, length=SNIPPET_CHARS)
        if "<mark>" in html:
            return html
    first = next((t for t in cleaned if t), "")
    return highlight(first, terms=terms, prefixes=prefixes, length=SNIPPET_CHARS)


def _hit(kind: str, obj, rank: float, terms, prefixes) -> SearchHit | None:
    if kind == "comment":
        target = obj.target
        if target is None or not docs.comment_findable(obj, target):
            return None
        title = _("%(author)s on “%(target)s”") % {"author": obj.author.name or obj.author.username,
                                                      "target": str(target)}
        return SearchHit(
            kind=kind,
            object=obj,
            title=title,
            title_html=highlight(title, terms=[], prefixes=[]),
            url=f"{target.get_absolute_url()}#comment-{obj.pk}",
            snippet=_snippet([strip_markup(obj.body)], terms, prefixes),
            rank=rank,
            organization=getattr(target, "organization", None),
        )
    if not docs.findable(obj):
        return None
    if kind == "design":
        return SearchHit(
            kind=kind,
            object=obj,
            title=obj.title,
            title_html=highlight(obj.title, terms=terms, prefixes=prefixes),
            url=obj.get_absolute_url(),
            snippet=_snippet([obj.project.title], terms, prefixes),
            rank=rank,
            organization=obj.project.organization,
        )
    if kind == "make":
        title = _("%(name)s's make of “%(project)s”") % {"name": obj.author.name, "project": obj.project.title}
        return SearchHit(
            kind=kind,
            object=obj,
            title=title,
            title_html=highlight(title, terms=terms, prefixes=prefixes),
            url=obj.get_absolute_url(),
            snippet=_snippet([strip_markup(obj.note)], terms, prefixes),
            rank=rank,
            organization=obj.project.organization,
        )
    if kind == "offer":
        realization = obj.realization
        return SearchHit(
            kind=kind,
            object=obj,
            title=obj.title,
            title_html=highlight(obj.title, terms=terms, prefixes=prefixes),
            url=obj.get_absolute_url(),
            snippet=_snippet(
                [realization.project.title, realization.organization.name, strip_markup(obj.description)],
                terms,
                prefixes,
            ),
            rank=rank,
            organization=realization.organization,
        )
    title = obj.name if kind == "technology" else obj.title
    texts = {
        "project": lambda: [obj.pitch, strip_markup(obj.body)],
        "technology": lambda: [obj.summary, strip_markup(obj.description)],
        "challenge": lambda: [strip_markup(obj.brief)],
    }[kind]()
    return SearchHit(
        kind=kind,
        object=obj,
        title=title,
        title_html=highlight(title, terms=terms, prefixes=prefixes),
        url=obj.get_absolute_url(),
        snippet=_snippet(texts, terms, prefixes),
        rank=rank,
        organization=obj.organization,
        stage=obj.status if kind == "project" else "",
    )


def _hits(rows, *, terms, prefixes) -> list[SearchHit]:
    by_kind: dict[str, list[int]] = {}
    for kind, object_id, _rank in rows:
        by_kind.setdefault(kind, []).append(object_id)
    loaded = {kind: _load(kind, ids) for kind, ids in by_kind.items() if kind in docs.MODELS}
    hits = []
    for kind, object_id, rank in rows:
        obj = loaded.get(kind, {}).get(object_id)
        if obj is not None and (hit := _hit(kind, obj, rank, terms, prefixes)) is not None:
            hits.append(hit)
    return hits


def _facets(raw: dict, given: dict) -> dict[str, list[FacetValue]]:
    from boucle.orgs.models import Organization
    from boucle.projects.models import Tag

    org_ids = [int(v) for v, _n in raw.get("organization", []) if v.lstrip("-").isdigit()]
    orgs = {str(o.pk): o for o in Organization.objects.filter(pk__in=org_ids)} if org_ids else {}
    tag_slugs = [v for v, _n in raw.get("tag", [])]
    tags = dict(Tag.objects.filter(slug__in=tag_slugs).values_list("slug", "name")) if tag_slugs else {}
    out = {
        "kind": [
            FacetValue(v, str(KIND_LABELS.get(v, v)), n, v == given["kind"]) for v, n in raw.get("kind", [])
        ],
        "stage": [
            FacetValue(v, str(ProjectStatus(v).label), n, v == given["stage"])
            for v, n in raw.get("stage", [])
            if v in ProjectStatus.values
        ],
        "organization": [
            FacetValue(orgs[v].slug, orgs[v].name, n, orgs[v].slug == given["organization"])
            for v, n in raw.get("organization", [])
            if v in orgs
        ],
        "tag": [FacetValue(v, tags.get(v, v), n, v == given["tag"]) for v, n in raw.get("tag", [])],
    }
    order = list(KIND_LABELS)
    out["kind"].sort(key=lambda f: order.index(f.value) if f.value in order else len(order))
    return out
