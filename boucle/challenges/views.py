from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from boucle.catalog.selectors import ladder_words, technologies_for_challenges
from boucle.challenges import services
from boucle.challenges.forms import ChallengeForm
from boucle.challenges.models import Challenge
from boucle.challenges.selectors import (
    challenge_accepts_projects,
    challenge_can_view,
    challenge_countdown,
    challenge_projects,
    challenge_timeline,
    challenges_published,
)
from boucle.core.errors import BoucleError
from boucle.core.pagination import CappedPaginator
from boucle.core.viewutils import form_error
from boucle.orgs.models import Role
from boucle.orgs.selectors import org_has_role
from boucle.projects.ladder import DEFAULT_LADDER, ladder_for, ladder_format


def _is_owner(user, challenge):
    return org_has_role(user=user, organization=challenge.technology.organization, roles=[Role.OWNER])


@require_http_methods(["GET"])
def challenge_list(request):
    now = timezone.now()
    page = Paginator(challenges_published(), 20).get_page(request.GET.get("page"))
    rows = [{"challenge": c, "phase": c.current_phase(now=now), "next": c.next_phase(now=now)} for c in page]
    can_create = technologies_for_challenges(user=request.user).exists()
    return render(request, "challenges/challenge_list.html", {"page": page, "rows": rows, "can_create": can_create})


@login_required
@require_http_methods(["GET", "POST"])
def challenge_create(request):
    technologies = technologies_for_challenges(user=request.user)
    if not technologies.exists():
        raise PermissionDenied(_("Only owners of an organization with a technology can open a challenge."))
    initial = {}
    if request.GET.get("technology"):
        initial["technology"] = technologies.filter(slug=request.GET["technology"].replace("\x00", "")).first()
    form = ChallengeForm(request.POST or None, technologies=technologies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            challenge = services.challenge_create(
                actor=request.user, technology=data["technology"], title=data["title"], brief=data["brief"],
                phases=form.phases(), support_ladder_text=data["support_ladder"], is_published=data["is_published"],
            )
        except BoucleError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Challenge opened."))
            return redirect(challenge)
    return render(request, "challenges/challenge_form.html", {"form": form, "creating": True},
                  status=400 if form.errors else 200)


@require_http_methods(["GET"])
def challenge_detail(request, slug):
    challenge = get_object_or_404(
        Challenge.objects.select_related("technology__organization").prefetch_related("phases"), slug=slug
    )
    if not challenge_can_view(user=request.user, challenge=challenge):
        raise Http404
    now = timezone.now()
    ladder = ladder_for(technology=challenge.technology, challenge=challenge)
    page = CappedPaginator(challenge_projects(challenge=challenge), 12).get_page(request.GET.get("page"))
    return render(request, "challenges/challenge_detail.html", {
        "challenge": challenge,
        "timeline": challenge_timeline(challenge=challenge, now=now),
        "countdown": challenge_countdown(challenge=challenge, now=now),
        "accepts_projects": challenge_accepts_projects(challenge=challenge, now=now),
        "ladder_words": ladder_words(ladder),
        "ladder_is_default": ladder is DEFAULT_LADDER,
        "page": page,
        "is_owner": _is_owner(request.user, challenge),
    })


@login_required
@require_http_methods(["GET", "POST"])
def challenge_edit(request, slug):
    challenge = get_object_or_404(Challenge.objects.select_related("technology__organization"), slug=slug)
    if not _is_owner(request.user, challenge):
        raise PermissionDenied(_("Only the owners of %(org)s can do this.") % {"org": challenge.organization.name})
    tz = timezone.get_current_timezone()
    initial = {
        "title": challenge.title, "brief": challenge.brief, "is_published": challenge.is_published,
        "support_ladder": ladder_format(challenge.support_ladder),
    }
    for phase in challenge.phases.all():
        initial[f"{phase.kind}_starts_at"] = timezone.localtime(phase.starts_at, tz)
        initial[f"{phase.kind}_ends_at"] = timezone.localtime(phase.ends_at, tz)
    form = ChallengeForm(request.POST or None, technologies=None, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.challenge_update(
                actor=request.user, challenge=challenge, title=data["title"], brief=data["brief"],
                phases=form.phases(), support_ladder_text=data["support_ladder"], is_published=data["is_published"],
            )
        except BoucleError as e:
            form_error(form, e)
            challenge.refresh_from_db()
        else:
            messages.success(request, _("Saved."))
            return redirect(challenge)
    return render(request, "challenges/challenge_form.html", {"form": form, "challenge": challenge},
                  status=400 if form.errors else 200)
