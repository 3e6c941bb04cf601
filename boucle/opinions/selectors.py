"""Reads of the opinions app."""

import numpy as np

from boucle.opinions.models import MapSnapshot, Statement, StatementState, Vote


def map_statements(conversation):
    """The statements that count in the map: accepted and not meta."""
    return Statement.objects.filter(conversation=conversation, state=StatementState.ACCEPTED, is_meta=False)


def vote_triples(conversation):
    """The votes of the map as arrays: (participant ids, statement ids, row index, column index, value)."""
    statement_ids = np.fromiter(
        map_statements(conversation).order_by("pk").values_list("pk", flat=True), dtype=np.int64
    )
    triples = np.array(
        list(
            Vote.objects.filter(statement__in=map_statements(conversation)).values_list(
                "participant_id", "statement_id", "value"
            )
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    participant_ids, rows = np.unique(triples[:, 0], return_inverse=True)
    cols = np.searchsorted(statement_ids, triples[:, 1])
    return participant_ids, statement_ids, rows.ravel(), cols, triples[:, 2]


def latest_map(conversation):
    return MapSnapshot.objects.filter(conversation=conversation).first()


def conversation_is_visible(*, user, conversation) -> bool:
    """A conversation shows wherever its target shows (a draft's only to those who prepare it)."""
    from boucle.community.selectors import target_is_visible

    target = conversation.target
    return target is None or target_is_visible(user=user, target=target)


def conversation_get(*, conversation_id, user):
    """A conversation the member may see, or NotFound."""
    from django.utils.translation import gettext as _

    from boucle.core.errors import NotFound
    from boucle.opinions.models import Conversation

    conversation = (
        Conversation.objects.select_related(
            "technology__organization",
            "challenge__technology__organization",
            "project__technology__organization",
        )
        .filter(pk=conversation_id)
        .first()
    )
    if conversation is None or not conversation_is_visible(user=user, conversation=conversation):
        raise NotFound(_("This conversation does not exist."))
    return conversation


def conversations_of(*, target):
    from boucle.opinions.models import Conversation
    from boucle.opinions.services import _target_kwargs

    return Conversation.objects.filter(**_target_kwargs(target)).order_by("-created_at", "-id")


def statements_visible(*, conversation, user):
    """Accepted statements for everyone; the waiting and rejected ones too for moderators."""
    from boucle.opinions.services import can_moderate

    statements = Statement.objects.filter(conversation=conversation).order_by("pk")
    if can_moderate(user=user, conversation=conversation):
        return statements
    return statements.filter(state=StatementState.ACCEPTED)


def next_statement(*, conversation, user):
    """The statement to show this member next, or None when they voted on every one.

    Among the accepted statements they have not voted on, the one with the highest priority: few votes so far
    (1 / (1 + votes)) plus how much it separated the groups in the last map (the spread of the groups' agree
    probabilities, 0..1). Ties: the oldest first."""
    from django.db.models import Count

    voted = Vote.objects.filter(participant__conversation=conversation, participant__user=user).values(
        "statement_id"
    )
    candidates = list(
        Statement.objects.filter(conversation=conversation, state=StatementState.ACCEPTED)
        .exclude(pk__in=voted)
        .annotate(vote_total=Count("votes"))
        .order_by("pk")
    )
    if not candidates:
        return None
    snapshot = latest_map(conversation)
    spread = {}
    if snapshot is not None:
        spread = {d["statement"]: d["spread"] or 0 for d in snapshot.data.get("divisive", [])}
    return max(candidates, key=lambda s: (1 / (1 + s.vote_total) + spread.get(s.pk, 0), -s.pk))


GROUP_PROJECTS = 3


def group_projects(*, conversation, result: dict) -> list[list[dict]]:
    """For each group of a computed map: the projects of the conversation's technology that its members
    support most (drafts left out), as [{"project", "supporters", "share"}], most supported first.
    Imported (anonymous) participants support nothing."""
    from collections import Counter

    from boucle.opinions.models import Participant
    from boucle.projects.enums import ProjectStatus
    from boucle.projects.models import Support

    groups = result.get("groups", [])
    empty = [[] for _ in groups]
    target = conversation.target
    if target is None or not groups:
        return empty
    technology_id = target.pk if target.__class__.__name__ == "Technology" else target.technology_id
    people = result["participants"]
    group_of = {pid: g for pid, g in zip(people["ids"], people["group"], strict=False) if g is not None}
    members = dict(
        Participant.objects.filter(conversation=conversation, user__isnull=False).values_list("user_id", "pk")
    )
    members = {user_id: pid for user_id, pid in members.items() if pid in group_of}
    if not members:
        return empty
    counts = [Counter() for _ in groups]
    supports = (
        Support.objects.filter(user_id__in=list(members), project__technology_id=technology_id)
        .exclude(project__status=ProjectStatus.DRAFT)
        .values_list("user_id", "project_id")
    )
    for user_id, project_id in supports:
        counts[group_of[members[user_id]]][project_id] += 1
    out = []
    for group, counter in zip(groups, counts, strict=True):
        ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:GROUP_PROJECTS]
        out.append([{"project": p, "supporters": n, "share": round(n / group["size"], 4)} for p, n in ranked])
    return out
