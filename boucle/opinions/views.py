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
from boucle.opinions.selectors import conversation_get, latest_map, next_statement

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
    people = data["participants"]
    xs, ys = people["x"], people["y"]
    extent = max([abs(v) for v in xs + ys] + [1e-9])
    me = None
    if user.is_authenticated:
        me = conversation.participants.filter(user=user).values_list("pk", flat=True).first()
    points = []
    for pid, x, y, g in list(zip(people["ids"], xs, ys, people["group"], strict=False))[:MAP_MAX_POINTS]:
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
                "mine": any(p["me"] and p["group"] == group["id"] for p in points),
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
        "me_placed": any(p["me"] for p in points),
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
    return {"conversation": conversation, "statement": statement, "voted": voted, "error": error}


@require_http_methods(["GET"])
def conversation_detail(request, conversation_id: int):
    conversation = _conversation(request, conversation_id)
    context = _vote_context(request, conversation)
    context.update(_map_context(conversation, request.user))
    context["can_moderate"] = services.can_moderate(user=request.user, conversation=conversation)
    context["mine"] = _my_statements(request, conversation)
    return render(request, "opinions/conversation_detail.html", context)


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
    statements = list(
        Statement.objects.filter(conversation=conversation).annotate(vote_total=Count("votes")).order_by("pk")
    )
    order = {"pending": 0, "accepted": 1, "rejected": 2}
    statements.sort(key=lambda s: (order.get(s.state, 3), s.pk))
    counts = {state: sum(1 for s in statements if s.state == state) for state in order}
    accepted = [s for s in statements if s.state == "accepted"]
    return render(
        request,
        "opinions/moderation.html",
        {"conversation": conversation, "statements": statements, "counts": counts, "accepted": accepted},
    )


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
