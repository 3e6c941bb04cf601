"""Reads shaped for the studio's HTML pages (``views.py``), on top of ``selectors``.

The JSON API answers with raw lists; a page needs them arranged for reading: the gallery with a range on one
metric and a sort on another, a bill of materials with the comments anchored to each line, the projects a
member may fork into (with the licence rule that would refuse each one), a kit as tables. Nothing here writes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from boucle.studio import evaluation as ev
from boucle.studio import selectors
from boucle.studio.licences import fork_licences_allowed, fork_refusal, licence_label
from boucle.studio.models import DesignKit, DesignMetric
from boucle.studio.registry import find_kind, kinds

MAX_ELEMENT_CHOICES = (
    2000  # options of the "comment on" select (a 10,000-brick model lists its BOM lines first)
)
MAX_KIT_ROWS = 500  # rows of one kit table shown on the kit page (the JSON holds them all)


# ---------------------------------------------------------------------------------------------- gallery


def decimal_or_none(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and abs(number) < Decimal(10) ** 23 else None


def gallery(
    *,
    kind: str = "",
    technology: str = "",
    licence: str = "",
    range_metric: str = "",
    min_value=None,
    max_value=None,
    sort: str = "new",
    sort_metric: str = "",
    order: str = "desc",
):
    """``selectors.design_gallery`` with a range on one metric and a sort on another one.

    The selector walks one ``DesignMetric`` join for both; when the two metrics differ, the range is an
    ``EXISTS`` on the other metric's row, so the sort still walks the (key, value) index.
    """
    low, high = decimal_or_none(min_value), decimal_or_none(max_value)
    ranged = bool(range_metric) and (low is not None or high is not None)
    if sort == "metric" and sort_metric:
        same = ranged and range_metric == sort_metric
        qs = selectors.design_gallery(
            kind=kind,
            technology=technology,
            licence=licence,
            metric=sort_metric,
            min_value=low if same else None,
            max_value=high if same else None,
            sort="metric",
            order=order,
        )
        if ranged and not same:
            lookup = {"design": OuterRef("pk"), "key": range_metric}
            if low is not None:
                lookup["value__gte"] = low
            if high is not None:
                lookup["value__lte"] = high
            qs = qs.filter(Exists(DesignMetric.objects.filter(**lookup)))
        return qs
    return selectors.design_gallery(
        kind=kind,
        technology=technology,
        licence=licence,
        metric=range_metric if ranged else "",
        min_value=low,
        max_value=high,
        sort=sort if sort in selectors.GALLERY_SORTS else selectors.DEFAULT_SORT,
    )


_metric_labels: dict[tuple[str, str], dict[str, str]] = {}


def metric_labels(kind) -> dict[str, str]:
    """{metric key: translated label} of a kind, read once per language from its demo kit's empty design
    (``Metric.label``); the key itself when the kind cannot say."""
    language = get_language() or ""
    cache_key = (kind.name, language)
    if cache_key not in _metric_labels:
        labels = {}
        try:
            for metric in kind.metrics(kind.empty_content(), kind.demo_kit()):
                labels[str(metric.key)] = str(metric.label)
        except Exception:  # a kind without a demo kit: keys stand for labels
            labels = {}
        _metric_labels[cache_key] = labels
    labels = _metric_labels[cache_key]
    return {key: labels.get(key, key.replace("_", " ").capitalize()) for key in kind.gallery_metrics}


def gallery_metrics() -> list[tuple[str, str]]:
    """[(metric key, label)] over every installed kind, each key once (the first kind's label)."""
    seen: dict[str, str] = {}
    for kind in kinds():
        for key, label in metric_labels(kind).items():
            seen.setdefault(key, label)
    return list(seen.items())


def kind_label(name: str) -> str:
    kind = find_kind(name)
    return str(kind.label) if kind else name


# ---------------------------------------------------------------------------------------------- a revision


@dataclass
class BomRow:
    """A BOM line as a page shows it, with the comments anchored to it."""

    line: dict
    comments: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # messages of problems naming this line


@dataclass
class RevisionView:
    """What the design and revision pages show of one revision."""

    revision: object
    rows: list  # [BomRow]
    totals: dict
    # [{"code", "message", "elements": [(id, label)], "severity"}]; an id the kind puts in words (the
    # configurator's fix step) comes as (words, words): the page shows no raw id
    problems: list
    metrics: list
    element_comments: list  # [(element id, label, [CommentAnchor])] for elements that are not BOM lines
    removed_comments: list  # [CommentAnchor] on elements this revision no longer has
    element_choices: list  # [(group label, [(id, label)])] for the comment form
    choices_truncated: bool = False

    @property
    def comment_count(self) -> int:
        return (
            sum(len(r.comments) for r in self.rows)
            + sum(len(c) for _i, _l, c in self.element_comments)
            + len(self.removed_comments)
        )


def localized(kind, revision) -> tuple[list[dict], list[dict], list[dict]]:
    """The revision's problems, BOM and metrics in the reader's language.

    The kind's words (problem messages, part names, metric labels) are stored with the revision in the
    language of whoever saved it; a page shows them in its reader's. The kind evaluates the revision again,
    once per revision and language (cached); the stored evaluation stands in if the kind is missing or fails.
    """
    # without the live-only problems revisions stored before them still hold (ev.stored_problems)
    stored = (ev.stored_problems(kind, revision.problems), revision.bom, revision.metrics or [])
    if kind is None:
        return stored
    # "v2": pages no longer show the editor's live hints; older cached answers held them
    key = (
        f"studio:localized:v2:{revision.pk}:{revision.content_hash}:{revision.kit_id}:{get_language() or ''}"
    )
    found = cache.get(key)
    if found is None:
        try:
            evaluation = ev.evaluate(kind, revision.content, revision.kit.content, live=False)
        except Exception:
            return stored
        found = (evaluation.problems, evaluation.bom, evaluation.metrics)
        cache.set(key, found, LOCALIZED_SECONDS)
    return found


LOCALIZED_SECONDS = 7 * 24 * 3600  # a revision never changes; the cache key names it whole


def revision_view(*, design, revision, with_comments: bool = True) -> RevisionView:
    """The BOM lines with their comments, the problems with the elements they name (labelled), the metrics,
    and the comment form's choice of elements."""
    kind = find_kind(design.kind)
    problems_in, bom, metrics = localized(kind, revision)
    if with_comments:
        anchored = selectors.anchored_comments(design=design, revision=revision)
        labels, by_element, removed = anchored.labels, anchored.by_element, anchored.removed
    else:
        labels = _labels(kind, revision)
        by_element, removed = {}, []
    bom_keys = [line["key"] for line in bom]
    problems = []
    by_line: dict[str, list] = {}
    words = _problem_words(kind, revision, problems_in, labels)
    for problem in problems_in:
        # an id the kind puts in words (a fix step, not an element) is shown by its words alone: (words, words)
        named = [
            (words[e], words[e]) if e in words else (e, labels.get(e, e)) for e in problem.get("elements", [])
        ]
        problems.append({**problem, "elements": named})
        for element in problem.get("elements", []):
            by_line.setdefault(element, []).append(problem["message"])
    rows = [
        BomRow(line=line, comments=by_element.get(line["key"], []), problems=by_line.get(line["key"], []))
        for line in bom
    ]
    bom_set = set(bom_keys)
    element_comments = [
        (element, labels.get(element, element), comments)
        for element, comments in by_element.items()
        if element not in bom_set
    ]
    bom_choices = [(line["key"], f"{line['name']} {line['variant']}".strip()) for line in bom]
    other = [(e, label) for e, label in labels.items() if e not in bom_set]
    room = max(MAX_ELEMENT_CHOICES - len(bom_choices), 0)
    choices = []
    if bom_choices:
        choices.append((_("Bill of materials"), bom_choices[:MAX_ELEMENT_CHOICES]))
    if other and room:
        choices.append((_("Elements"), other[:room]))
    truncated = len(bom_choices) + len(other) > MAX_ELEMENT_CHOICES
    return RevisionView(
        revision=revision,
        rows=rows,
        totals=ev.bom_totals(bom),
        problems=problems,
        metrics=metrics,
        element_comments=element_comments,
        removed_comments=removed,
        element_choices=choices,
        choices_truncated=truncated,
    )


def _problem_words(kind, revision, problems: list[dict], labels: dict[str, str]) -> dict[str, str]:
    """{id: words} for the ids the problems name that are not elements (``DesignKind.problem_element_label``);
    a kind that fails or has no words for an id leaves it out (the page shows the id)."""
    if kind is None:
        return {}
    words: dict[str, str] = {}
    for problem in problems:
        for element in problem.get("elements", []):
            if element in labels or element in words:
                continue
            try:
                text = kind.problem_element_label(element, revision.content, revision.kit.content)
            except Exception:
                text = None
            if text:
                words[element] = str(text)
    return words


def _labels(kind, revision) -> dict[str, str]:
    if kind is None:
        return {line["key"]: line["name"] for line in revision.bom}
    try:
        return ev.element_ids(kind, revision.content, revision.bom)
    except Exception:
        return {line["key"]: line["name"] for line in revision.bom}


# ---------------------------------------------------------------------------------------------- forks


@dataclass
class ForkTarget:
    project: object
    refusal: str | None  # why the licences refuse a fork into it; None when they allow it


def fork_targets(*, user, design) -> list[ForkTarget]:
    """The projects ``user``'s team membership lets them fork ``design`` into: not archived, on a technology
    whose kit is of the design's kind; each with the licence rule's refusal, if any (shown beside it)."""
    from boucle.projects.enums import ProjectStatus
    from boucle.projects.models import Project

    if user is None or not getattr(user, "is_authenticated", False):
        return []
    projects = (
        Project.objects.filter(team__user=user, merged_into__isnull=True)
        .exclude(status=ProjectStatus.ARCHIVED)
        .filter(Exists(DesignKit.objects.filter(technology=OuterRef("technology"), kind=design.kind)))
        .select_related("technology")
        .order_by("-created_at", "-id")[:200]
    )
    source = design.project
    return [
        ForkTarget(
            project=p,
            refusal=fork_refusal(source=source.licence, target=p.licence, same_project=p.pk == source.pk),
        )
        for p in projects
    ]


def fork_rule(licence: str) -> str:
    """The licence rule for forks of a design under ``licence``, as a sentence."""
    allowed = fork_licences_allowed(licence)
    if not allowed:
        return _("Its licence allows no derivatives: it cannot be forked into another project.")
    if len(allowed) == len(fork_licences_allowed("CC0-1.0")):
        return _("Its licence lets you fork it into any of your projects.")
    return _("A fork must be in a project under %(licences)s.") % {
        "licences": _(" or ").join(licence_label(v) for v in allowed)
    }


# ---------------------------------------------------------------------------------------------- kits


@dataclass
class KitTable:
    name: str
    columns: list
    rows: list  # [[cell text]]
    total: int


@dataclass
class KitView:
    scalars: list  # [(key, text)]
    tables: list  # [KitTable]
    pretty: str  # the whole kit as indented JSON


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return str(value)


def kit_view(content: dict) -> KitView:
    """A kit as a reader takes it in, for any kind: top-level values as a list, lists of objects as tables
    (columns in the order the keys first appear; at most MAX_KIT_ROWS rows each), nested objects as a list
    of their own keys; the full JSON beside it."""
    scalars, tables = [], []
    for key, value in (content or {}).items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            columns: list[str] = []
            for item in value[:MAX_KIT_ROWS]:
                columns.extend(k for k in item if k not in columns)
            rows = [[_cell(item.get(c)) for c in columns] for item in value[:MAX_KIT_ROWS]]
            tables.append(KitTable(name=str(key), columns=columns, rows=rows, total=len(value)))
        elif (
            isinstance(value, dict) and value and not any(isinstance(v, (dict, list)) for v in value.values())
        ):
            tables.append(
                KitTable(
                    name=str(key),
                    columns=[_("name"), _("value")],
                    rows=[[k, _cell(v)] for k, v in value.items()],
                    total=len(value),
                )
            )
        else:
            scalars.append((str(key), _cell(value)))
    return KitView(
        scalars=scalars,
        tables=tables,
        pretty=json.dumps(content, ensure_ascii=False, indent=2, sort_keys=False),
    )


def kit_summary(content: dict) -> list[tuple[str, int]]:
    """[(list name, number of entries)] of a kit's top-level lists: "parts 32, colours 14, items 448"."""
    return [(str(k), len(v)) for k, v in (content or {}).items() if isinstance(v, list)]
