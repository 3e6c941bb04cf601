from django import template

from boucle.projects.enums import ProjectStatus
from boucle.reviews import selectors
from boucle.reviews.forms import AnswerForm, DecisionForm, ScorecardForm
from boucle.reviews.models import Review

register = template.Library()


@register.inclusion_tag("reviews/_panel.html", takes_context=True)
def review_panel(context, project):
    """A project's review state on its page: decision, reason, team's answer, criteria, reviewer actions.

    Usage: ``{% load reviews %}{% review_panel project %}``. At most six queries, whoever looks.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    organization = project.technology.organization
    in_review = project.status == ProjectStatus.IN_REVIEW
    decision = selectors.project_latest_decision(project=project)
    criteria = selectors.review_criteria(organization=organization)
    can_review = in_review and selectors.can_review(user=user, organization=organization)
    is_team = decision is not None and not decision.answered_at and selectors.is_team_member(user=user, project=project)
    panel = {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "project": project,
        "organization": organization,
        "in_review": in_review,
        "decision": decision,
        "criteria": criteria,
        "can_review": can_review,
        "is_team": is_team,
    }
    if is_team:
        panel["answer_form"] = AnswerForm()
    if can_review:
        mine = Review.objects.filter(project=project, reviewer=user).first()
        panel["my_review"] = mine
        panel["scorecard"] = ScorecardForm(criteria=criteria, initial=ScorecardForm.initial_for(mine))
        panel["decision_form"] = DecisionForm()
    return panel


@register.filter
def get_score(scores, key):
    """A scorecard's score for one criterion: {{ review.scores|get_score:criterion.key }}."""
    if isinstance(scores, dict):
        return scores.get(key, "–")
    return "–"
