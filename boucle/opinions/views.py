"""Pages of a conversation: vote one statement at a time (htmx), write a statement, see the map."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from boucle.core.errors import BoucleError, InvalidInput, NotFound
from boucle.opinions import services
from boucle.opinions.models import Statement, Vote
from boucle.opinions.selectors import (
    conversation_get,
    latest_map,
    map_point_of,
    next_statement,
    participation_by_day,
)

MAP_SIZE = 400
MAP_MAX_POINTS = 5000
GROUP_SHAPES = ["circle", "square", "triangle", "diamond", "cross"]
GROUP_LETTERS = "ABCDE"
SHAPE_NAMES = {
    "circle": gettext_lazy("circles"),
    "square": gettext_lazy("squares"),
    "triangle": gettext_lazy("triangles"),
    "diamond": gettext_lazy("diamonds"),
    "cross": gettext_lazy("crosses"),
}


def _conversation(request, conversation_id):
    try:
        return conversation_get(conversation_id=conversation_id, user=request.user)
    except NotFound:
        raise Http404 from None


def _map_context(conversation, user):
    snapshot = latest_map(conversation)
    if snapshot is None:
        return {"snapshot": None}
    data = snapshot.data
    texts = dict(Statement.objects.filter(conversation=conversation).values_list("pk", "text"))
    from boucle.projects.models import Project

    project_ids = {p["project"] for g in data["groups"] for p in g.get("projects", [])}
    projects = Project.objects.in_bulk(project_ids) if project_ids else {}
    people = data["participants"]  # a sample of the participants (MAP_MAX_POINTS at most), see tasks
    xs, ys = people["x"], people["y"]
    extent = data.get("extent") or max([abs(v) for v in xs + ys] + [1e-9])
    extent = max(extent, 1e-9)
    mine = map_point_of(snapshot=snapshot, user=user)
    placed = list(zip(people["ids"], xs, ys, people["group"], strict=False))[:MAP_MAX_POINTS]
    if mine is not None and mine.participant_id not in set(people["ids"]):
        placed.append((mine.participant_id, mine.x, mine.y, mine.group))  # the viewer is always drawn
    me = mine.participant_id if mine is not None else None
    points = []
    for pid, x, y, g in placed:
        px = round(MAP_SIZE / 2 + x / extent * (MAP_SIZE / 2 - 12), 1)
        py = round(MAP_SIZE / 2 - y / extent * (MAP_SIZE / 2 - 12), 1)
        points.append(
            {
                "x": px,
                "y": py,
                "x0": round(px - 4, 1),
                "y0": round(py - 4, 1),
                "group": g,
                "shape": GROUP_SHAPES[g] if g is not None else "none",
                "me": pid == me,
            }
        )
    groups = []
    for group in data["groups"]:
        groups.append(
            {
                "letter": GROUP_LETTERS[group["id"]],
                "shape": SHAPE_NAMES[GROUP_SHAPES[group["id"]]],
                "size": group["size"],
                "projects": [
                    {"project": projects[p["project"]], "supporters": p["supporters"]}
                    for p in group.get("projects", [])
                    if p["project"] in projects
                ],
                "mine": mine is not None and mine.group == group["id"],
                "representative": [
                    dict(
                        r,
                        text=texts.get(r["statement"], ""),
                        share_in_pct=_pct(r["share_in"]),
                        share_out_pct=_pct(r["share_out"]),
                    )
                    for r in group["representative"]
                ],
            }
        )
    consensus = [dict(c, text=texts.get(c["statement"], "")) for c in data["consensus"]]
    divisive = [dict(d, text=texts.get(d["statement"], "")) for d in data["divisive"]]
    return {
        "snapshot": snapshot,
        "points": points,
        "groups": groups,
        "consensus": consensus,
        "divisive": divisive,
        "map_size": MAP_SIZE,
        "me_placed": me is not None,
        "sampled": people.get("sampled", False),
        "participant_count": data.get("participant_count", len(points)),
    }


def _my_statements(request, conversation):
    if not request.user.is_authenticated:
        return []
    return list(
        Statement.objects.filter(conversation=conversation, author__user=request.user)
        .select_related("merged_into")
        .order_by("pk")
    )


def _pct(share):
    return None if share is None else round(share * 100)


def _vote_context(request, conversation, error=None):
    statement = (
        next_statement(conversation=conversation, user=request.user)
        if request.user.is_authenticated
        else None
    )
    voted = 0
    if request.user.is_authenticated:
        voted = Vote.objects.filter(
            participant__conversation=conversation, participant__user=request.user
        ).count()
    from django.utils import timezone

    now = timezone.now()
    return {
        "conversation": conversation,
        "statement": statement,
        "voted": voted,
        "error": error,
        "is_open": conversation.is_open(now),
        "not_yet_open": bool(conversation.opens_at and now < conversation.opens_at),
    }


@require_http_methods(["GET"])
def conversation_detail(request, conversation_id: int):
    conversation = _conversation(request, conversation_id)
    context = _vote_context(request, conversation)
    context.update(_map_context(conversation, request.user))
    context["can_moderate"] = services.can_moderate(user=request.user, conversation=conversation)
    context["mine"] = _my_statements(request, conversation)
    context.update(_statement_list(conversation))
    return render(request, "opinions/conversation_detail.html", context)


STATEMENT_LIST_MAX = 300


def _statement_list(conversation) -> dict:
    """The accepted statements, for anyone to read (visitors included), the first STATEMENT_LIST_MAX."""
    from boucle.opinions.models import StatementState

    accepted = Statement.objects.filter(conversation=conversation, state=StatementState.ACCEPTED)
    total = accepted.count()
    return {
        "statements": list(accepted.order_by("pk")[:STATEMENT_LIST_MAX]) if total else [],
        "statement_total": total,
        "statements_more": max(total - STATEMENT_LIST_MAX, 0),
    }


@require_http_methods(["POST"])
@ratelimit(key="user_or_ip", rate="120/m", method="POST", group="opinions-vote")
def vote(request, conversation_id: int):
    conversation = _conversation(request, conversation_id)
    if not request.user.is_authenticated:
        return redirect_to_login(conversation_url(conversation))
    error = None
    try:
        value = int(request.POST.get("value", ""))
    except ValueError:
        value = None
    try:
        if value is None:
            raise InvalidInput(_("A vote is agree, disagree or pass."))
        services.vote_cast(
            actor=request.user,
            conversation=conversation,
            statement=request.POST.get("statement"),
            value=value,
        )
    except BoucleError as exc:
        error = str(exc.message)
    if request.htmx:
        return render(request, "opinions/_vote_card.html", _vote_context(request, conversation, error))
    return redirect(conversation_url(conversation))


@require_http_methods(["POST"])
@ratelimit(key="user_or_ip", rate="10/m", method="POST", group="opinions-statement")
def statement_create(request, conversation_id: int):
    conversation = _conversation(request, conversation_id)
    if not request.user.is_authenticated:
        return redirect_to_login(conversation_url(conversation))
    context = _vote_context(request, conversation)
    try:
        statement = services.statement_add(
            actor=request.user,
            conversation=conversation,
            text=request.POST.get("text", ""),
            confirm_similar=bool(request.POST.get("confirm_similar")),
        )
        context["written"] = statement
    except BoucleError as exc:
        context["write_error"] = str(exc.message)
        context["write_text"] = request.POST.get("text", "")[:2000]
        context["similar"] = bool((exc.errors or {}).get("similar"))
    if request.htmx:
        return render(request, "opinions/_write.html", context)
    context.update(_map_context(conversation, request.user))
    context["can_moderate"] = services.can_moderate(user=request.user, conversation=conversation)
    return render(
        request, "opinions/conversation_detail.html", context, status=400 if "write_error" in context else 200
    )


def conversation_url(conversation) -> str:
    from django.urls import reverse

    return reverse("opinions_conversation", args=[conversation.pk])


def _require_moderator(request, conversation):
    from django.core.exceptions import PermissionDenied

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not services.can_moderate(user=request.user, conversation=conversation):
        raise PermissionDenied(_("Only the conversation's moderators can moderate its statements."))
    return None


@require_http_methods(["GET", "POST"])
def moderation(request, conversation_id: int):
    """Statements waiting first, then the others; approve, reject or merge each; add seeds (one per line)."""
    from django.contrib import messages
    from django.db.models import Count

    conversation = _conversation(request, conversation_id)
    refused = _require_moderator(request, conversation)
    if refused:
        return refused
    if request.method == "POST":
        try:
            if "seeds" in request.POST:
                created = services.statements_seed(
                    actor=request.user, conversation=conversation, texts=request.POST["seeds"].splitlines()
                )
                messages.success(request, _("%(count)d statements added.") % {"count": len(created)})
            else:
                statement = Statement.objects.filter(
                    conversation=conversation, pk=_int_or_none(request.POST.get("statement"))
                ).first()
                if statement is None:
                    raise NotFound(_("This statement does not exist."))
                action = request.POST.get("action")
                if action == "approve":
                    services.statement_approve(actor=request.user, statement=statement)
                elif action == "reject":
                    services.statement_reject(actor=request.user, statement=statement)
                elif action == "merge":
                    into = Statement.objects.filter(
                        conversation=conversation, pk=_int_or_none(request.POST.get("into"))
                    ).first()
                    if into is None:
                        raise InvalidInput(_("Choose the statement to merge into."))
                    services.statement_merge(actor=request.user, statement=statement, into=into)
                else:
                    raise InvalidInput(_("Unknown choice."))
        except BoucleError as exc:
            messages.error(request, str(exc.message))
        return redirect("opinions_moderation", conversation.pk)
    # vote counts as of the last map (stored with it): counting millions of votes live took a minute
    snapshot = latest_map(conversation)
    stored = snapshot.data.get("statement_votes") if snapshot is not None else None
    statements = (
        Statement.objects.filter(conversation=conversation).select_related("merged_into").order_by("pk")
    )
    if stored is None:
        statements = list(statements.annotate(vote_total=Count("votes")))
    else:
        counts = dict(zip(stored["ids"], stored["counts"], strict=True))
        statements = list(statements)
        for statement in statements:
            statement.vote_total = counts.get(statement.pk, 0)
    order = {"pending": 0, "accepted": 1, "rejected": 2}
    statements.sort(key=lambda s: (order.get(s.state, 3), s.pk))
    counts = {state: sum(1 for s in statements if s.state == state) for state in order}
    accepted = [s for s in statements if s.state == "accepted"]
    return render(
        request,
        "opinions/moderation.html",
        {
            "conversation": conversation,
            "statements": statements,
            "counts": counts,
            "accepted": accepted,
            "participation": _participation_chart(conversation),
            "counts_at": snapshot.computed_at if stored is not None else None,
        },
    )


CHART_DAYS = 60
CHART_WIDTH, CHART_HEIGHT = 600, 160


def _participation_chart(conversation) -> dict:
    """Votes and voters per day (the last CHART_DAYS days with votes) as bars of an SVG chart, and the same
    figures as a table for screen readers and for reading exact numbers."""
    days = participation_by_day(conversation=conversation)[-CHART_DAYS:]
    if not days:
        return {"days": []}
    top = max(d["votes"] for d in days) or 1
    step = CHART_WIDTH / len(days)
    bar = max(step * 0.8, 1)
    for index, day in enumerate(days):
        day["height"] = round(day["votes"] / top * (CHART_HEIGHT - 20), 1)
        day["voters_height"] = round(day["participants"] / top * (CHART_HEIGHT - 20), 1)
        day["x"] = round(index * step + (step - bar) / 2, 1)
        day["y"] = round(CHART_HEIGHT - day["height"], 1)
        day["voters_y"] = round(CHART_HEIGHT - day["voters_height"], 1)
    return {
        "days": days,
        "bar": round(bar, 1),
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "top": top,
        "votes": sum(d["votes"] for d in days),
    }


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------------- open, import, export


def _target(request, target_type, slug):
    from boucle.community.selectors import target_get

    try:
        return target_get(target_type=target_type, key=slug, user=request.user)
    except BoucleError:
        raise Http404 from None


def _may_open(request, target):
    from django.core.exceptions import PermissionDenied

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not services.can_open_conversation(user=request.user, target=target):
        raise PermissionDenied(
            _(
                "Only the organization's owners and moderators, or the project's team, can open a conversation."
            )
        )
    return None


@require_http_methods(["GET", "POST"])
def conversation_open(request, target_type: str, slug: str):
    """Open a conversation on a challenge, a technology or a project: question, description, seed statements,
    who may write, moderation first, dates, other moderators."""
    from boucle.core.viewutils import form_error
    from boucle.opinions.forms import ConversationForm

    target = _target(request, target_type, slug)
    refused = _may_open(request, target)
    if refused:
        return refused
    form = ConversationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                conversation = services.conversation_create(
                    actor=request.user,
                    target=target,
                    question=data["question"],
                    description=data["description"],
                    who_may_write=data["who_may_write"],
                    moderated_first=data["moderated_first"],
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    seeds=form.seed_lines(),
                    moderators=form.moderator_names(),
                )
            except BoucleError as exc:
                if exc.field == "text":  # a seed line
                    exc.field = "seeds"
                form_error(form, exc)
            else:
                return redirect(conversation_url(conversation))
        status = 400
    return render(
        request,
        "opinions/conversation_form.html",
        {"form": form, "target": target, "target_type": target_type},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate="10/m", method="POST", group="opinions-import")
def conversation_import(request, target_type: str, slug: str):
    """Import a Pol.is open-data export (a zip, or comments.csv and votes.csv) as a conversation of the
    target. All or nothing: a bad file is named with its line, and nothing is stored."""
    from boucle.core.viewutils import form_error
    from boucle.opinions import polis
    from boucle.opinions.forms import PolisImportForm

    target = _target(request, target_type, slug)
    refused = _may_open(request, target)
    if refused:
        return refused
    form = PolisImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["archive"]:
                    files = polis.files_from_zip(_read(data["archive"], "archive"))
                else:
                    files = {
                        name: _read(data[field], name)
                        for field, name in (
                            ("comments", "comments.csv"),
                            ("votes", "votes.csv"),
                            ("summary", "summary.csv"),
                        )
                        if data[field]
                    }
                conversation = polis.conversation_import(actor=request.user, files=files, target=target)
            except BoucleError as exc:
                exc.field = {"comments.csv": "comments", "votes.csv": "votes", "summary.csv": "summary"}.get(
                    exc.field, exc.field
                )
                form_error(form, exc)
            else:
                _map_request(conversation.pk)
                return redirect(conversation_url(conversation))
        status = 400
    return render(
        request,
        "opinions/conversation_import.html",
        {"form": form, "target": target, "target_type": target_type},
        status=status,
    )


def _map_request(conversation_id):
    from boucle.opinions.tasks import map_request

    map_request(conversation_id=conversation_id)


def _read(upload, name) -> bytes:
    from boucle.opinions.polis import MAX_FILE_BYTES

    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        raise InvalidInput(_("%(file)s is too large.") % {"file": name}, field=name)
    return upload.read(MAX_FILE_BYTES + 1)


@require_http_methods(["GET"])
def conversation_export(request, conversation_id: int):
    """A zip of comments.csv, votes.csv, participants-votes.csv and summary.csv (Pol.is' open-data layout)."""
    from django.http import HttpResponse

    from boucle.opinions import polis

    conversation = _conversation(request, conversation_id)
    content = polis.conversation_export_zip(conversation=conversation, snapshot=latest_map(conversation))
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="conversation-{conversation.pk}-polis.zip"'
    return response
