"""The studio's HTML pages: the gallery, a design with its head revision, its history and diffs, old revisions,
the lineage tree, suggestions, the edit page (the kind's editor, or a JSON editor when the kind ships none),
forks, anchored comments, new designs and imports, and a technology's kit.

Views are thin: they read a form, call one service of ``boucle.studio.services`` (which checks permissions
and rules) and redirect, or re-render the form with the service's message. Reads come from ``selectors`` and
``pages``. Downloads (BOM as CSV or JSON, the kind's export formats) are the JSON API's endpoints, linked from
the pages; previews are served here, with HTTP caching keyed by the revision's content hash.

URL names (``boucle/studio/urls.py``): ``design_gallery``, ``design_create``, ``design_detail``,
``design_history``, ``design_compare``, ``revision_detail``, ``design_lineage``, ``design_suggestions``,
``suggestion_detail``, ``suggestion_merge``, ``suggestion_decline``, ``design_edit``, ``design_suggest``,
``design_fork``, ``design_comment``, ``revision_preview_svg``, ``revision_preview_png``, ``kit_detail``,
``kit_version``, ``kit_edit``.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from boucle.core.errors import BoucleError, Conflict
from boucle.core.pagination import CappedPaginator
from boucle.core.viewutils import flash_error, form_error
from boucle.projects.enums import LICENCE_URLS, ProjectStatus
from boucle.projects.selectors import project_get
from boucle.studio import exports, pages, selectors, services
from boucle.studio.enums import SuggestionState
from boucle.studio.forms import (
    CommentForm,
    DeclineForm,
    DesignCreateForm,
    ForkForm,
    GalleryFilterForm,
    KitForm,
    RenameForm,
    RevisionForm,
    SuggestionForm,
)
from boucle.studio.licences import licence_label
from boucle.studio.models import DesignKit, Revision, Suggestion
from boucle.studio.registry import find_kind, kinds

GALLERY_PAGE_SIZE = 24
HISTORY_PAGE_SIZE = 50
SUGGESTIONS_PAGE_SIZE = 30
COMMENT_RATE = "20/m"
PREVIEW_MAX_AGE = 24 * 3600
NO_PREVIEW_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 120" width="160" height="120">'
    '<rect width="160" height="120" fill="#eee"/><path d="M50 80 L80 40 L110 80 Z" fill="#bbb"/></svg>'
)


# ---------------------------------------------------------------------------------------------- helpers


def _design(request, slug, number):
    """The design at /projects/<slug>/designs/<number>/ if the member may see it (Http404 otherwise: a draft's
    designs stay a secret)."""
    project = project_get(slug=str(slug), user=request.user)
    design = selectors.design_get_by_number(project=project, number=number, user=request.user)
    design.project = project
    return design


def _is_team(request, design) -> bool:
    return services.is_team(project=design.project, user=request.user)


def _editable(design) -> bool:
    return design.project.status != ProjectStatus.ARCHIVED and find_kind(design.kind) is not None


def _design_urls(design) -> dict:
    args = [design.project.slug, design.number]
    return {
        "detail": reverse("design_detail", args=args),
        "history": reverse("design_history", args=args),
        "lineage": reverse("design_lineage", args=args),
        "suggestions": reverse("design_suggestions", args=args),
        "edit": reverse("design_edit", args=args),
        "rename": reverse("design_rename", args=args),
        "suggest": reverse("design_suggest", args=args),
        "fork": reverse("design_fork", args=args),
        "comment": reverse("design_comment", args=args),
        "compare": reverse("design_compare", args=args),
    }


def _downloads(design, revision) -> list[tuple[str, str]]:
    """[(label, URL)]: the BOM as CSV and JSON, then the kind's export formats (the API's endpoints)."""
    if revision is None or revision.number is None:
        return []
    args = [design.pk, revision.number]
    bom = reverse("api:revision_bom", args=args)
    links = [(_("BOM (CSV)"), f"{bom}?format=csv"), (_("BOM (JSON)"), f"{bom}?format=json")]
    kind = find_kind(design.kind)
    export = reverse("api:revision_export", args=args)
    for fmt in kind.exporters if kind else ():
        links.append((str(fmt.label), f"{export}?format={fmt.name}"))
    return links


def preview_url(revision, fmt: str = "svg", size: int | None = None) -> str:
    if revision is None:
        return ""
    if fmt == "png":
        url = reverse("revision_preview_png", args=[revision.pk])
        return f"{url}?size={size}" if size else url
    return reverse("revision_preview_svg", args=[revision.pk])


# ---------------------------------------------------------------------------------------------- gallery


def _gallery_form(request):
    from boucle.catalog.models import Technology

    # Technologies with a kit (a few rows), not those with designs (a join over every design).
    technologies = list(
        Technology.objects.filter(Exists(DesignKit.objects.filter(technology=OuterRef("pk"))))
        .exclude(status="draft")
        .order_by("name")
        .values_list("slug", "name")
    )
    data = {k: v.replace("\x00", "") for k, v in request.GET.items()} or None
    return GalleryFilterForm(
        data,
        kinds=[(k.name, str(k.label)) for k in kinds()],
        technologies=technologies,
        metrics=pages.gallery_metrics(),
    )


@require_http_methods(["GET", "HEAD"])
def design_gallery(request):
    """Designs of every kind, with previews; filtered by kind, technology, licence and a metric range, sorted
    by date, forks or any metric."""
    form = _gallery_form(request)
    filters = form.filters()
    page = CappedPaginator(pages.gallery(**filters), GALLERY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "filters": filters, "query": query.urlencode()}
    if request.htmx and request.htmx.target == "design-results":
        return render(request, "studio/_gallery_results.html", context)
    return render(request, "studio/gallery.html", context)


# ---------------------------------------------------------------------------------------------- previews


def _preview(request, revision_id, fmt):
    revision = (
        Revision.objects.select_related("design__project__technology__organization", "kit")
        .filter(pk=revision_id)
        .first()
    )
    if revision is None or not selectors.design_visible_to(design=revision.design, user=request.user):
        raise Http404("No such revision.")
    size = None
    if fmt == "png":
        try:
            size = int(request.GET.get("size", 400))
        except (TypeError, ValueError):
            size = 400
        size = size if size in exports.PNG_SIZES else 400
    # Revisions never change: the content hash and the kit say everything the picture depends on.
    etag = f'"{revision.content_hash[:40]}-{revision.kit_id}-{fmt}{size or ""}"'
    project = revision.design.project
    public = project.status != ProjectStatus.DRAFT and project.hidden_at is None
    cache_control = f"{'public' if public else 'private'}, max-age={PREVIEW_MAX_AGE}"
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        try:
            if fmt == "png":
                response = HttpResponse(exports.preview_png(revision, size), content_type="image/png")
            else:
                response = HttpResponse(exports.preview_svg(revision), content_type="image/svg+xml")
        except BoucleError:  # the kind is not installed, or failed on this content: a neutral picture
            response = HttpResponse(NO_PREVIEW_SVG, content_type="image/svg+xml")
            cache_control = "no-cache"
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    # Drawn by a kind's code: no script runs from it even when opened directly.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "HEAD"])
def revision_preview_svg(request, revision_id):
    return _preview(request, revision_id, "svg")


@require_http_methods(["GET", "HEAD"])
def revision_preview_png(request, revision_id):
    return _preview(request, revision_id, "png")


# ---------------------------------------------------------------------------------------------- a design


def _detail_context(request, design, revision, *, comment_form=None, fork_form=None, status_code=200):
    user = request.user
    is_team = _is_team(request, design)
    kind = find_kind(design.kind)
    head = design.head
    view = pages.revision_view(design=design, revision=revision)
    chain = selectors.attribution_chain(design=design, revision=revision)
    targets = pages.fork_targets(user=user, design=design) if user.is_authenticated else []
    mine = []
    if user.is_authenticated and not is_team:
        mine = list(selectors.design_suggestions(design=design).filter(author=user)[:5])
    if comment_form is None:
        comment_form = CommentForm()
    if fork_form is None:
        fork_form = ForkForm(targets=targets, initial={"title": design.title})
    return {
        "design": design,
        "project": design.project,
        "revision": revision,
        "is_head": revision.pk == head.pk,
        "head": head,
        "kind": kind,
        "kind_label": str(kind.label) if kind else design.kind,
        "view": view,
        "attribution": chain,
        "licence_label": licence_label(design.project.licence),
        "licence_url": LICENCE_URLS.get(design.project.licence, ""),
        "fork_rule": pages.fork_rule(design.project.licence),
        "is_team": is_team,
        "can_edit": is_team and _editable(design),
        "can_suggest": user.is_authenticated and not is_team and _editable(design),
        "fork_targets": targets,
        "fork_form": fork_form,
        "comment_form": comment_form,
        "my_suggestions": mine,
        "downloads": _downloads(design, revision),
        "urls": _design_urls(design),
        "preview_svg": preview_url(revision),
        "share_image": preview_url(head, "png", 800),
        "status_code": status_code,
    }


def _render_detail(request, design, revision, **kwargs):
    context = _detail_context(request, design, revision, **kwargs)
    return render(request, "studio/design_detail.html", context, status=context["status_code"])


@require_http_methods(["GET", "HEAD"])
def design_detail(request, slug, number):
    """A design: its head revision's preview, BOM, problems, metrics and downloads, its licence and attribution
    chain, comments anchored to its elements, and the team's and members' actions (edit, suggest, fork)."""
    design = _design(request, slug, number)
    return _render_detail(request, design, design.head)


@require_http_methods(["GET", "HEAD"])
def revision_detail(request, slug, number, revision):
    """An old (or the current) main-line revision, with its preview, BOM and downloads."""
    design = _design(request, slug, number)
    found = selectors.revision_get(design=design, number=revision)
    return _render_detail(request, design, found)


@require_http_methods(["GET", "HEAD"])
def design_history(request, slug, number):
    design = _design(request, slug, number)
    page = CappedPaginator(selectors.revision_history(design=design), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    kind = find_kind(design.kind)
    keys = list(kind.gallery_metrics[:2]) if kind else []
    rows = []
    for revision in page.object_list:
        metrics = {m["key"]: m for m in revision.metrics or []}
        rows.append((revision, [metrics.get(k) for k in keys]))
    labels = pages.metric_labels(kind) if kind else {}
    head_number = design.head.number
    return render(
        request,
        "studio/design_history.html",
        {
            "design": design,
            "project": design.project,
            "page": page,
            "rows": rows,
            "metric_headers": [labels.get(k, k) for k in keys],
            "default_from": max(head_number - 1, 1),
            "default_to": head_number,
            "urls": _design_urls(design),
        },
    )


def _revision_number(value):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number >= 1 else None


@require_http_methods(["GET", "HEAD"])
def design_compare(request, slug, number):
    """What changed between two revisions (``?from=&to=``), as the kind words it."""
    design = _design(request, slug, number)
    head = design.head.number
    old, new = _revision_number(request.GET.get("from")), _revision_number(request.GET.get("to"))
    error, changes, old_revision, new_revision = "", [], None, None
    if old is None or new is None:
        error = _("Choose two revisions to compare.")
    elif old > head or new > head:
        error = _("This design has revisions 1 to %(n)d.") % {"n": head}
    else:
        old_revision = selectors.revision_get(design=design, number=old)
        new_revision = selectors.revision_get(design=design, number=new)
        try:
            changes = selectors.revision_diff(old=old_revision, new=new_revision)
        except BoucleError as failure:
            error = str(failure.message)
    return render(
        request,
        "studio/design_compare.html",
        {
            "design": design,
            "project": design.project,
            "old": old_revision,
            "new": new_revision,
            "changes": changes,
            "error": error,
            "numbers": list(range(head, 0, -1)) if head <= 1000 else [],
            "selected_from": old or max(head - 1, 1),
            "selected_to": new or head,
            "urls": _design_urls(design),
        },
        status=400 if error else 200,
    )


@require_http_methods(["GET", "HEAD"])
def design_lineage(request, slug, number):
    design = _design(request, slug, number)
    lineage = selectors.design_lineage(design=design, user=request.user)
    return render(
        request,
        "studio/design_lineage.html",
        {"design": design, "project": design.project, "lineage": lineage, "urls": _design_urls(design)},
    )


# ---------------------------------------------------------------------------------------------- suggestions


@require_http_methods(["GET", "HEAD"])
def design_suggestions(request, slug, number):
    design = _design(request, slug, number)
    state = request.GET.get("state", "")
    state = state if state in SuggestionState.values else ""
    page = CappedPaginator(
        selectors.design_suggestions(design=design, state=state), SUGGESTIONS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "studio/design_suggestions.html",
        {
            "design": design,
            "project": design.project,
            "page": page,
            "state": state,
            "query": f"state={state}" if state else "",
            "states": SuggestionState.choices,
            "is_team": _is_team(request, design),
            "urls": _design_urls(design),
        },
    )


def _suggestion(request, slug, number, pk) -> Suggestion:
    design = _design(request, slug, number)
    suggestion = selectors.suggestion_get(suggestion_id=pk, user=request.user)
    if suggestion.design_id != design.pk:
        raise Http404("No such suggestion.")
    suggestion.design = design
    suggestion.revision.design = design
    return suggestion


def _render_suggestion(request, suggestion, *, decline_form=None, status=200):
    design = suggestion.design
    revision = suggestion.revision
    parent = revision.parent
    changes, diff_error = [], ""
    if parent is not None:
        parent.design = design
        try:
            changes = selectors.revision_diff(old=parent, new=revision)
        except BoucleError as failure:
            diff_error = str(failure.message)
    is_team = _is_team(request, design)
    return render(
        request,
        "studio/suggestion_detail.html",
        {
            "design": design,
            "project": design.project,
            "suggestion": suggestion,
            "revision": revision,
            "view": pages.revision_view(design=design, revision=revision, with_comments=False),
            "changes": changes,
            "diff_error": diff_error,
            "is_team": is_team,
            "is_author": request.user.is_authenticated and suggestion.author_id == request.user.pk,
            "head_moved": parent is not None and parent.pk != design.head_id,
            "decline_form": decline_form or DeclineForm(),
            "preview_svg": preview_url(revision),
            "urls": _design_urls(design),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD"])
def suggestion_detail(request, slug, number, pk):
    return _render_suggestion(request, _suggestion(request, slug, number, pk))


@login_required
@require_http_methods(["POST"])
def suggestion_merge(request, slug, number, pk):
    suggestion = _suggestion(request, slug, number, pk)
    try:
        revision = services.suggestion_merge(actor=request.user, suggestion=suggestion)
    except BoucleError as error:
        flash_error(request, error)
        return redirect("suggestion_detail", slug, number, suggestion.pk)
    messages.success(
        request,
        _("Suggestion merged: it is revision %(n)d, credited to %(name)s.")
        % {"n": revision.number, "name": suggestion.author.name},
    )
    return redirect("design_detail", slug, number)


@login_required
@require_http_methods(["POST"])
def suggestion_decline(request, slug, number, pk):
    suggestion = _suggestion(request, slug, number, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.suggestion_decline(
                actor=request.user, suggestion=suggestion, reason=form.cleaned_data["reason"]
            )
        except BoucleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Suggestion declined. Its author sees your reason."))
            return redirect("design_suggestions", slug, number)
    return _render_suggestion(request, suggestion, decline_form=form, status=400)


# ---------------------------------------------------------------------------------------------- editing


def _editor_template(kind) -> str | None:
    """The kind's editor template when it can be loaded; None: the page falls back to the JSON editor."""
    name = getattr(kind, "editor_template", "") if kind else ""
    if not name:
        return None
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


def _edit(request, slug, number, *, mode):
    """The edit page, for the team (``mode="save"``: a new revision) or a member outside it (``"suggest"``).

    It includes the kind's editor, ``kind.editor_template``, rendered with this context (the editor's
    contract; ``csrf_token`` is in the normal template context as well):

    - ``design``: the ``Design`` (``design.pk``, ``design.title``, ``design.project``…);
    - ``revision``: the head ``Revision`` the edit starts from (``revision.number`` is the ``parent`` to send);
    - ``content``: the head's content (a ``dict``, as the kind's content schema reads it);
    - ``content_json``: the same as JSON text (for a ``<textarea>``);
    - ``kit``: the technology's current kit content (a ``dict``, as the kind's kit schema reads it);
    - ``kit_object``: the current ``DesignKit`` row (``kit_object.number``);
    - ``kind``: the ``DesignKind`` instance;
    - ``mode``: ``"save"`` (the team saves revisions) or ``"suggest"`` (a member suggests a change);
    - ``urls``: a dict of
      ``check`` — POST ``{"content": {...}}`` → validity, problems, BOM, metrics, totals (no write)
      (``/api/designs/<id>/check``);
      ``save`` — POST ``{"content", "parent", "message"}`` → 201 the new revision, 409 when someone saved
      since ``parent`` (``/api/designs/<id>/revisions``);
      ``suggest`` — POST ``{"content", "parent", "message"}`` → 201 the suggestion
      (``/api/designs/<id>/suggestions``);
      ``design`` — the design's page (go there after a save);
      ``suggestions`` — the design's suggestions page (go there after a suggestion);
      ``history`` — the history page; ``head`` — the page of the head revision (link it on a 409);
      ``preview`` — the head's SVG preview.

    Without JavaScript, or when the kind's template cannot be loaded, the page shows a JSON editor that posts
    here (``RevisionForm``/``SuggestionForm``).
    """
    design = _design(request, slug, number)
    is_team = _is_team(request, design)
    if mode == "save" and not is_team:
        if request.method == "GET" and request.user.is_authenticated:
            return redirect("design_suggest", slug, number)
        raise PermissionDenied(_("Only the project's team can save revisions of its designs."))
    if mode == "suggest" and is_team:
        return redirect("design_edit", slug, number)
    kind = find_kind(design.kind)
    if kind is None:
        messages.error(
            request, _("The design kind of this design is not installed on this site: it is read-only.")
        )
        return redirect(design)
    if design.project.status == ProjectStatus.ARCHIVED:
        messages.error(request, _("This project is archived: its designs can no longer change."))
        return redirect(design)
    head = design.head
    form_class = RevisionForm if mode == "save" else SuggestionForm
    error_head = None
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if mode == "save":
                    revision = services.revision_save(
                        actor=request.user,
                        design=design,
                        content=data["content"],
                        parent=data["parent"],
                        message=data["message"],
                    )
                else:
                    suggestion = services.suggestion_propose(
                        actor=request.user,
                        design=design,
                        content=data["content"],
                        parent=data["parent"],
                        message=data["message"],
                    )
            except BoucleError as error:
                form_error(form, error)
                if isinstance(error, Conflict):
                    design.refresh_from_db()
                    error_head = selectors.revision_get(design=design, number=design.revision_count)
            else:
                if mode == "save":
                    messages.success(request, _("Revision %(n)d saved.") % {"n": revision.number})
                    return redirect(design)
                messages.success(request, _("Your suggestion is sent to the team."))
                return redirect("suggestion_detail", slug, number, suggestion.pk)
    else:
        form = form_class(
            initial={
                "content": json.dumps(head.content, ensure_ascii=False, indent=2),
                "parent": head.number,
            }
        )
    kit = services.kit_current(design.technology)
    args = [design.pk]
    urls = {
        "check": reverse("api:design_check", args=args),
        "save": reverse("api:revision_create", args=args),
        "suggest": reverse("api:suggestion_propose", args=args),
        "design": design.get_absolute_url(),
        "suggestions": reverse("design_suggestions", args=[slug, number]),
        "history": reverse("design_history", args=[slug, number]),
        "head": reverse("revision_detail", args=[slug, number, head.number]),
        "preview": preview_url(head),
    }
    context = {
        "design": design,
        "project": design.project,
        "revision": head,
        "content": head.content,
        "content_json": json.dumps(head.content, ensure_ascii=False, indent=2),
        "kit": kit.content if kit else {},
        "kit_object": kit,
        "kind": kind,
        "mode": mode,
        "urls": urls,
        "editor_template": _editor_template(kind),
        "form": form,
        "conflict_head": error_head,
        "page_urls": _design_urls(design),
    }
    return render(
        request, "studio/design_edit.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def design_edit(request, slug, number):
    return _edit(request, slug, number, mode="save")


@login_required
@require_http_methods(["GET", "POST"])
def design_suggest(request, slug, number):
    return _edit(request, slug, number, mode="suggest")


# ---------------------------------------------------------------------------------------------- forks


@login_required
@require_http_methods(["GET", "POST"])
def design_rename(request, slug, number):
    """The team gives a design another title (its content changes only through revisions)."""
    design = _design(request, slug, number)
    if not services.is_team(project=design.project, user=request.user):
        raise PermissionDenied(_("Only the project's team can rename its designs."))
    form = RenameForm(request.POST or None, initial={"title": design.title})
    if request.method == "POST" and form.is_valid():
        try:
            services.design_update(actor=request.user, design=design, title=form.cleaned_data["title"])
        except BoucleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Renamed."))
            return redirect(design)
    return render(
        request,
        "studio/design_rename.html",
        {"design": design, "project": design.project, "form": form, "urls": _design_urls(design)},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def design_fork(request, slug, number):
    """Fork the head (or ``revision``) into one of the member's projects; the licence rule's refusal shows on
    the form."""
    design = _design(request, slug, number)
    targets = pages.fork_targets(user=request.user, design=design)
    revision = design.head
    if request.method == "POST":
        if request.POST.get("revision"):
            revision = selectors.revision_get(design=design, number=request.POST.get("revision"))
        form = ForkForm(request.POST, targets=targets)
        if form.is_valid():
            target = next(t.project for t in targets if t.project.slug == form.cleaned_data["project"])
            try:
                fork = services.design_fork(
                    actor=request.user,
                    revision=revision,
                    into_project=target,
                    title=form.cleaned_data["title"] or None,
                )
            except BoucleError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Forked into “%(project)s”.") % {"project": target.title})
                return redirect(fork)
        return render(
            request,
            "studio/design_fork.html",
            {
                "design": design,
                "project": design.project,
                "form": form,
                "targets": targets,
                "revision": revision,
                "fork_rule": pages.fork_rule(design.project.licence),
                "urls": _design_urls(design),
            },
            status=400,
        )
    form = ForkForm(targets=targets, initial={"title": design.title})
    return render(
        request,
        "studio/design_fork.html",
        {
            "design": design,
            "project": design.project,
            "form": form,
            "targets": targets,
            "revision": revision,
            "fork_rule": pages.fork_rule(design.project.licence),
            "urls": _design_urls(design),
        },
    )


# ---------------------------------------------------------------------------------------------- comments


@login_required
@require_http_methods(["POST"])
@ratelimit(key="user_or_ip", rate=COMMENT_RATE, method="POST", group="studio.comment", block=True)
def design_comment(request, slug, number):
    """A comment anchored to one element of a revision (``revision``: its number, the head by default)."""
    design = _design(request, slug, number)
    revision = design.head
    if request.POST.get("revision"):
        revision = selectors.revision_get(design=design, number=request.POST.get("revision"))
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.design_comment_create(
                author=request.user,
                design=design,
                revision=revision,
                element=form.cleaned_data["element"],
                body=form.cleaned_data["body"],
            )
        except BoucleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Comment posted."))
            if revision.pk == design.head_id:
                url = design.get_absolute_url()
            else:
                url = reverse("revision_detail", args=[slug, number, revision.number])
            return redirect(f"{url}#comment-{comment.pk}")
    return _render_detail(request, design, revision, comment_form=form, status_code=400)


# ---------------------------------------------------------------------------------------------- new designs


def _read_upload(upload, importers) -> bytes:
    limit = max([f.max_bytes for f in importers] or [0])
    if upload.size is not None and limit and upload.size > limit:
        from boucle.core.errors import InvalidInput

        raise InvalidInput(
            _("The file is too large: %(size)s KB, %(max)s KB at most.")
            % {"size": upload.size // 1024, "max": limit // 1024},
            field="file",
        )
    return upload.read(limit + 1 if limit else -1)


def _format_for(upload, chosen: str, importers) -> str:
    """The format chosen, else the one whose extension the file's name has, else the first one."""
    if chosen:
        return chosen
    name = (upload.name or "").lower()
    for fmt in importers:
        if any(name.endswith(ext) for ext in fmt.extensions):
            return fmt.name
    return importers[0].name if importers else ""


@login_required
@require_http_methods(["GET", "POST"])
def design_create(request, slug):
    """The team starts a design of the kind of its technology's kit: empty, or imported from a file (the
    importer's refusal names the line at fault; nothing is stored)."""
    project = project_get(slug=str(slug), user=request.user)
    if not services.is_team(project=project, user=request.user):
        raise PermissionDenied(_("Only the project's team can add designs to it."))
    kit = services.kit_current(project.technology)
    kind = find_kind(kit.kind) if kit else None
    importers = list(kind.importers) if kind else []
    status = 200
    if request.method == "POST":
        form = DesignCreateForm(request.POST, request.FILES, importers=importers)
        if form.is_valid():
            data = form.cleaned_data
            upload = data.get("file")
            try:
                if upload:
                    design = services.design_import(
                        actor=request.user,
                        project=project,
                        fmt=_format_for(upload, data.get("format", ""), importers),
                        data=_read_upload(upload, importers),
                        title=data["title"],
                    )
                else:
                    design = services.design_create(actor=request.user, project=project, title=data["title"])
            except BoucleError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Design “%(title)s” created.") % {"title": design.title})
                return redirect(design)
        status = 400
    else:
        form = DesignCreateForm(importers=importers)
    return render(
        request,
        "studio/design_create.html",
        {
            "project": project,
            "form": form,
            "kit": kit,
            "kind": kind,
            "kind_label": str(kind.label) if kind else "",
        },
        status=status,
    )


# ---------------------------------------------------------------------------------------------- kits


def _technology(request, slug):
    from boucle.catalog.models import Technology
    from boucle.catalog.selectors import technology_can_view

    technology = get_object_or_404(
        Technology.objects.select_related("organization"), slug=str(slug).replace("\x00", "")
    )
    if not technology_can_view(user=request.user, technology=technology):
        raise Http404("No such technology.")
    return technology


def _is_org_owner(user, technology) -> bool:
    from boucle.orgs.models import Role
    from boucle.orgs.selectors import org_has_role

    return org_has_role(user=user, organization=technology.organization, roles=[Role.OWNER])


def _render_kit(request, technology, kit):
    kind = find_kind(kit.kind) if kit else None
    history = list(selectors.kit_history(technology=technology)[:50])
    current = history[0] if history else None
    return render(
        request,
        "studio/kit_detail.html",
        {
            "technology": technology,
            "kit": kit,
            "is_current": kit is not None and current is not None and kit.pk == current.pk,
            "kind_label": str(kind.label) if kind else (kit.kind if kit else ""),
            "view": pages.kit_view(kit.content) if kit else None,
            "history": history,
            "is_owner": _is_org_owner(request.user, technology),
        },
    )


@require_http_methods(["GET", "HEAD"])
def kit_detail(request, slug):
    """A technology's current design kit, readable (tables of its lists), with the kit's version history."""
    technology = _technology(request, slug)
    return _render_kit(request, technology, selectors.kit_current(technology=technology))


@require_http_methods(["GET", "HEAD"])
def kit_version(request, slug, number):
    technology = _technology(request, slug)
    kit = get_object_or_404(
        DesignKit.objects.select_related("version", "created_by"), technology=technology, number=number
    )
    return _render_kit(request, technology, kit)


@login_required
@require_http_methods(["GET", "POST"])
def kit_edit(request, slug):
    """The organization's owners edit the kit as JSON; the kind's schema refuses what does not fit (every
    field at fault listed) and nothing is stored then."""
    technology = _technology(request, slug)
    if not _is_org_owner(request.user, technology):
        raise PermissionDenied(
            _("Only the organization's owners can edit the design kit of its technologies.")
        )
    current = selectors.kit_current(technology=technology)
    kind_choices = [(k.name, str(k.label)) for k in kinds()]
    versions = [(v.version, v.version) for v in technology.versions.all()]
    status = 200
    field_errors = []
    if request.method == "POST":
        form = KitForm(request.POST, kinds=kind_choices, versions=versions)
        if form.is_valid():
            data = form.cleaned_data
            try:
                kit = services.kit_save(
                    actor=request.user,
                    technology=technology,
                    kind=data["kind"],
                    content=data["content"],
                    version=data["version"] or None,
                )
            except BoucleError as error:
                form_error(form, error)
                field_errors = [
                    (name, message)
                    for name, errors in (error.errors or {}).items()
                    if name not in form.fields
                    for message in errors
                ]
            else:
                messages.success(request, _("Kit revision %(n)d saved.") % {"n": kit.number})
                return redirect("kit_detail", technology.slug)
        status = 400
    else:
        if current is not None:
            kind_name, content = current.kind, current.content
        else:
            first = kinds()[0] if kinds() else None
            kind_name = first.name if first else ""
            try:
                content = first.demo_kit() if first else {}
            except Exception:
                content = {}
        form = KitForm(
            kinds=kind_choices,
            versions=versions,
            initial={
                "kind": kind_name,
                "content": json.dumps(content, ensure_ascii=False, indent=2),
                "version": current.version.version if current is not None and current.version_id else "",
            },
        )
    return render(
        request,
        "studio/kit_edit.html",
        {"technology": technology, "form": form, "current": current, "field_errors": field_errors},
        status=status,
    )
