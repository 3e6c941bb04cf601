"""HTML views of comments.

Every action answers an htmx request with the re-rendered thread (which the page swaps in place, errors
shown next to the form that caused them) and a plain request with a redirect back to the commented page,
at the comment's anchor, so everything works without JavaScript too.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from boucle.community import services
from boucle.community.forms import CommentEditForm, CommentForm, HelpfulForm, ReactionForm
from boucle.community.models import Comment
from boucle.community.selectors import comment_get, comment_revisions, comment_thread, target_get
from boucle.core.errors import BoucleError, InvalidInput, NotFound
from boucle.core.viewutils import form_error

COMMENT_RATE = "10/m"
RATE_GROUP = "community.comment_create"  # shared by the page and the API: one budget per member


class _TooFast(BoucleError):
    status_code = 429

    def __init__(self):
        super().__init__(_("You are commenting too fast. Please wait a minute and try again."), field="body")


def thread_context(*, viewer, target, error: dict | None = None) -> dict:
    """What community/_thread.html needs. ``error``: {"form": "new" | "reply-<id>" | "edit-<id>" |
    "comment-<id>", "message": str, "body": str} puts a message (and the typed text) back on one form."""
    thread = comment_thread(target=target, viewer=viewer)
    error = error or {}
    kind, _sep, key = error.get("form", "").partition("-")
    if key:
        for node in thread.flat():
            if str(node.id) == key:
                node.error_form, node.error_message, node.error_body = (
                    kind,
                    error["message"],
                    error.get("body", ""),
                )
    return {
        "thread": thread,
        "target": target,
        "dom_id": thread_dom_id(thread.target_type, target),
        "new_error": error.get("message", "") if kind == "new" else "",
        "new_body": error.get("body", "") if kind == "new" else "",
        "max_length": services.MAX_BODY_LENGTH,
    }


def thread_dom_id(target_type: str, target) -> str:
    return f"comments-{target_type}-{target.pk}"


def _back(target, comment: Comment | None = None):
    anchor = f"#comment-{comment.pk}" if comment is not None else ""
    return redirect(target.get_absolute_url() + anchor)


def _thread_response(request, target, *, error=None):
    return render(
        request, "community/_thread.html", thread_context(viewer=request.user, target=target, error=error)
    )


def _error_page(request, error: BoucleError, *, target=None, form=None, title=None):
    return render(
        request,
        "community/comment_error.html",
        {
            "title": title or _("This did not work"),
            "message": str(error.message),
            "target": target,
            "form": form,
        },
        status=error.status_code,
    )


def _comment_or_404(request, comment_id) -> Comment:
    try:
        return comment_get(comment_id=comment_id, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def _login_required(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.META.get("HTTP_REFERER") or request.get_full_path())
    return None


@require_http_methods(["POST"])
@ratelimit(key="user_or_ip", rate=COMMENT_RATE, method="POST", group=RATE_GROUP, block=False)
def comment_create(request):
    if (response := _login_required(request)) is not None:
        return response
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _error_page(request, InvalidInput(_("This form is not valid. Reload the page and try again.")))
    data = form.cleaned_data
    try:
        target = target_get(
            target_type=data["target_type"], key=data["target_id"], user=request.user, by="pk"
        )
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    form_key = f"reply-{data['parent']}" if data.get("parent") else "new"
    try:
        if getattr(request, "limited", False):
            raise _TooFast()
        parent = None
        if data.get("parent"):
            parent = Comment.objects.filter(pk=data["parent"]).first()
            if parent is None:
                raise InvalidInput(_("The comment you reply to does not exist any more."), field="parent")
        comment = services.comment_create(
            author=request.user, target=target, body=data["body"], parent=parent
        )
    except BoucleError as exc:
        if request.htmx:
            return _thread_response(
                request, target, error={"form": form_key, "message": str(exc.message), "body": data["body"]}
            )
        return _error_page(request, exc, target=target, form=form_error(form, exc))
    if request.htmx:
        return _thread_response(request, target)
    return _back(target, comment)


@require_http_methods(["GET", "POST"])
def comment_edit(request, comment_id):
    if (response := _login_required(request)) is not None:
        return response
    comment = _comment_or_404(request, comment_id)
    target = comment.target
    if request.method == "GET":
        form = CommentEditForm(initial={"body": comment.body})
        return render(
            request, "community/comment_edit.html", {"comment": comment, "target": target, "form": form}
        )
    form = CommentEditForm(request.POST)
    body = request.POST.get("body", "")
    try:
        form.is_valid()
        comment = services.comment_edit(
            actor=request.user, comment=comment, body=form.cleaned_data.get("body", "")
        )
    except BoucleError as exc:
        if request.htmx:
            return _thread_response(
                request,
                target,
                # A refused edit (not the author, deleted meanwhile) has no edit form to show it on.
                error={
                    "form": f"{'edit' if isinstance(exc, InvalidInput) else 'comment'}-{comment.pk}",
                    "message": str(exc.message),
                    "body": body,
                },
            )
        return render(
            request,
            "community/comment_edit.html",
            {"comment": comment, "target": target, "form": form_error(form, exc)},
            status=exc.status_code,
        )
    if request.htmx:
        return _thread_response(request, target)
    return _back(target, comment)


def _act(request, comment_id, action):
    """Run a one-button action on a comment (delete, react, helpful) and answer as the request expects."""
    if (response := _login_required(request)) is not None:
        return response
    comment = _comment_or_404(request, comment_id)
    target = comment.target
    try:
        action(comment)
    except BoucleError as exc:
        if request.htmx:
            return _thread_response(
                request, target, error={"form": f"comment-{comment.pk}", "message": str(exc.message)}
            )
        return _error_page(request, exc, target=target)
    if request.htmx:
        return _thread_response(request, target)
    return _back(target, comment)


@require_http_methods(["POST"])
def comment_delete(request, comment_id):
    return _act(request, comment_id, lambda c: services.comment_delete(actor=request.user, comment=c))


@require_http_methods(["POST"])
def comment_react(request, comment_id):
    form = ReactionForm(request.POST)

    def react(comment):
        if not form.is_valid():
            raise InvalidInput(_("Unknown reaction."), field="kind")
        services.reaction_toggle(actor=request.user, comment=comment, kind=form.cleaned_data["kind"])

    return _act(request, comment_id, react)


@require_http_methods(["POST"])
def comment_helpful(request, comment_id):
    form = HelpfulForm(request.POST)

    def helpful(comment):
        if not form.is_valid():
            raise InvalidInput(_("Choose whether to mark or unmark the comment."), field="action")
        if form.cleaned_data["action"] == "mark":
            services.comment_mark_helpful(actor=request.user, comment=comment)
        else:
            services.comment_unmark_helpful(actor=request.user, comment=comment)

    return _act(request, comment_id, helpful)


@require_http_methods(["GET"])
def comment_history(request, comment_id):
    comment = _comment_or_404(request, comment_id)
    revisions = (
        [] if comment.is_deleted else list(comment_revisions(comment=comment).order_by("-created_at", "-id"))
    )
    return render(
        request,
        "community/comment_history.html",
        {"comment": comment, "target": comment.target, "revisions": revisions},
    )
