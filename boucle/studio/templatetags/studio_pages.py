"""Template tags of the studio's pages, and the pieces other apps' pages show of the studio.

- ``{% design_card design %}``: a gallery card (PNG thumbnail, title, project, kind, licence, metrics), written in
  Python like ``project_card`` (a gallery page prints 24). The design comes with its project and technology
  loaded (``selectors.design_gallery`` and ``project_designs`` do it).
- ``{% project_designs project %}``: the "Designs" section of a project page, with "New design" and the
  import form for its team.
- ``{% technology_kit technology %}``: the kit summary of a technology page, with a link to edit it for the
  organization's owners.
- ``{% lineage_tree lineage %}``: a lineage tree as nested lists.
- ``{% element_select name choices selected %}``: the "comment on" select, grouped.
- Filters ``amount`` (a price: two decimals, localized), ``quantity`` (no trailing zeros), ``metric_text``.
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from boucle.studio import pages
from boucle.studio.licences import licence_label
from boucle.studio.registry import find_kind

register = template.Library()


def _number(value):
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


@register.filter
def amount(value):
    """``"12.5000"`` → ``12.50`` (``12,50`` in French); empty for None."""
    number = _number(value)
    return "" if number is None else floatformat(number, 2)


@register.filter
def quantity(value):
    """``"3.000"`` → ``3``; ``"2.5"`` → ``2.5``."""
    number = _number(value)
    return "" if number is None else floatformat(number, -3)


@register.filter
def metric_text(metric):
    """A metric dict as ``12.50 €`` / ``42``; an em dash when it has no value."""
    if not metric:
        return "—"
    number = _number(metric.get("value"))
    if number is None:
        return "—"
    text = floatformat(number, -2)
    return f"{text} {metric['unit']}" if metric.get("unit") else text


def _thumbnail(revision_id) -> str:
    """The head's PNG thumbnail (400 px): lighter than the SVG of a large model, cached by content hash."""
    return f"{reverse('revision_preview_png', args=[revision_id])}?size=400" if revision_id else ""


@register.simple_tag
def design_card(design, show_project=True):
    kind = find_kind(design.kind)
    keys = list(kind.gallery_metrics) if kind else []
    metrics = {m.get("key"): m for m in design.metrics or []}
    labels = pages.metric_labels(kind) if kind else {}  # in the reader's language, not the saver's
    shown = [
        (labels.get(k) or metrics[k].get("label") or k, metric_text(metrics[k])) for k in keys if k in metrics
    ][:3]
    title = design.title
    image = (
        format_html(
            '<img class="design-preview" src="{}" alt="{}" loading="lazy" width="320" height="200">',
            _thumbnail(design.head_id),
            gettext("Preview of %(title)s") % {"title": title},
        )
        if design.head_id
        else ""
    )
    project = design.project
    where = (
        format_html(' · <a href="{}">{}</a>', project.get_absolute_url(), project.title)
        if show_project
        else ""
    )
    validity = (
        "" if design.valid else format_html(' <span class="badge invalid">{}</span>', gettext("has problems"))
    )
    forks = (
        format_html(
            " · {}", ngettext("%(n)d fork", "%(n)d forks", design.fork_count) % {"n": design.fork_count}
        )
        if design.fork_count
        else ""
    )
    metric_line = (
        format_html(
            '<dl class="metrics">{}</dl>',
            format_html_join("", "<div><dt>{}</dt><dd>{}</dd></div>", shown),
        )
        if shown
        else ""
    )
    return format_html(
        '<article class="design-card"><a href="{}" tabindex="-1" aria-hidden="true">{}</a>'
        '<h3><a href="{}">{}</a></h3>'
        '<p class="meta">{}{}<br>{} · {}{}{}</p>{}</article>',
        design.get_absolute_url(),
        image,
        design.get_absolute_url(),
        title,
        str(kind.label) if kind else design.kind,
        where,
        design.technology.name,
        licence_label(project.licence),
        forks,
        validity,
        metric_line,
    )


@register.inclusion_tag("studio/_project_designs.html", takes_context=True)
def project_designs(context, project):
    """The designs of a project (whose visibility the page checked), and the team's "New design" / import."""
    from boucle.studio import selectors, services

    user = context.get("user") or context["request"].user
    is_team = context.get("is_team")
    if is_team is None:
        is_team = services.is_team(project=project, user=user)
    designs = list(selectors.project_designs(project=project))
    for design in designs:
        design.project = project
    kit = services.kit_current(project.technology) if is_team else None
    kind = find_kind(kit.kind) if kit else None
    form = None
    if kind is not None and kind.importers:
        from boucle.studio.forms import DesignCreateForm

        form = DesignCreateForm(importers=kind.importers, auto_id="id_import_%s")
    return {
        "project": project,
        "designs": designs,
        "is_team": is_team,
        "can_add": is_team and kit is not None and kind is not None and project.status != "archived",
        "no_kit": is_team and kit is None,
        "import_form": form,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("studio/_technology_kit.html", takes_context=True)
def technology_kit(context, technology):
    from boucle.studio import pages, selectors

    kit = selectors.kit_current(technology=technology)
    kind = find_kind(kit.kind) if kit else None
    return {
        "technology": technology,
        "kit": kit,
        "kind_label": str(kind.label) if kind else (kit.kind if kit else ""),
        "summary": pages.kit_summary(kit.content) if kit else [],
        "is_owner": bool(context.get("is_owner")),
    }


def _node_html(node) -> str:
    design = node.design
    if design is None:
        body = format_html('<span class="meta">{}</span>', gettext("a design you cannot see"))
    else:
        label = format_html(
            '<a href="{}"{}>{}</a> <span class="meta">{} {}</span>',
            design.get_absolute_url(),
            mark_safe(' aria-current="page"') if node.current else "",
            design.title,
            gettext("in"),
            design.project.title,
        )
        body = label
        if node.current:
            body = format_html(
                '<strong>{}</strong> <span class="meta">({})</span>', label, gettext("this design")
            )
    if node.forked_at:
        body = format_html(
            '{} <span class="meta">· {}</span>',
            body,
            gettext("forked at revision %(n)d") % {"n": node.forked_at},
        )
    return body


@register.simple_tag
def lineage_tree(lineage):
    """The tree as nested ``<ul>``s, written without recursion (a long chain of forks is deep)."""
    parts = ['<ul class="lineage">']
    depth = 0
    first = True
    for node, level in lineage.walk():
        if first:
            parts.append("<li>")
            first = False
        elif level > depth:
            parts.append("<ul><li>")
        else:
            parts.append("</li>")
            for _ in range(depth - level):
                parts.append("</ul></li>")
            parts.append("<li>")
        parts.append(str(_node_html(node)))
        depth = level
    parts.append("</li>")
    for _ in range(depth):
        parts.append("</ul></li>")
    parts.append("</ul>")
    return mark_safe("".join(parts))  # every piece is format_html'd


@register.simple_tag
def lineage_node(node):
    return _node_html(node)


@register.simple_tag
def element_select(name, choices, selected="", element_id=""):
    """``<select>`` of the elements a comment may point at, grouped (BOM lines, then the kind's elements)."""
    selected = str(selected or "")
    groups = []
    for group, options in choices:
        rendered = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((value, mark_safe(" selected") if value == selected else "", label) for value, label in options),
        )
        groups.append(format_html('<optgroup label="{}">{}</optgroup>', group, rendered))
    return format_html(
        '<select name="{}" id="{}" required>{}</select>',
        name,
        element_id or f"id_{name}",
        mark_safe("".join(groups)),
    )
