"""Reads of the opinions app."""

import numpy as np
from django.db.models import Q

from boucle.opinions.models import MapSnapshot, Statement, StatementState, Vote


def map_statements(conversation):
    """The statements that count in the map: accepted and not meta."""
    return Statement.objects.filter(conversation=conversation, state=StatementState.ACCEPTED, is_meta=False)


def moderated_out_ids(conversation):
    """Rejected and meta statements: Pol.is keeps their votes (they count towards who is clustered) and zeroes
    their columns; `maths.compute_map(moderated_out=...)` does the same and leaves them out of the map."""
    return list(
        Statement.objects.filter(conversation=conversation)
        .filter(Q(state=StatementState.REJECTED) | Q(is_meta=True))
        .values_list("pk", flat=True)
    )


def vote_triples(conversation, *, chunk: int = 100_000, moderated_out: bool = False):
    """The votes of the map as arrays: (participant ids, statement ids, row index, column index, value).
    With `moderated_out`, the votes on rejected and meta statements too (see `moderated_out_ids`).

    Read with one plain SELECT in chunks straight into numpy (no model instances, no transaction held), so a
    conversation of millions of votes loads in seconds and never blocks the votes being cast meanwhile."""
    from itertools import chain

    from django.db import connection

    statements = map_statements(conversation)
    if moderated_out:
        statements = statements | Statement.objects.filter(pk__in=moderated_out_ids(conversation))
    statement_ids = np.fromiter(statements.order_by("pk").values_list("pk", flat=True), dtype=np.int64)
    voted_on = Q(statement__state=StatementState.ACCEPTED, statement__is_meta=False)
    if moderated_out:
        voted_on |= Q(statement__state=StatementState.REJECTED) | Q(statement__is_meta=True)
    query = (
        Vote.objects.filter(voted_on, statement__conversation=conversation)
        .order_by()
        .values_list("participant_id", "statement_id", "value")
    )
    sql, params = query.query.sql_with_params()
    parts = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk):
            flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=3 * len(rows))
            parts.append(flat.reshape(-1, 3))
    triples = np.concatenate(parts) if parts else np.empty((0, 3), dtype=np.int64)
    participant_ids, rows = np.unique(triples[:, 0], return_inverse=True)
    cols = np.searchsorted(statement_ids, triples[:, 1])
    return participant_ids, statement_ids, rows.ravel(), cols, triples[:, 2]


def latest_map(conversation):
    return MapSnapshot.objects.filter(conversation=conversation, is_ready=True).first()


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
    probabilities, 0..1). Ties: the oldest first.

    The votes per statement are those the last map counted (stored with it; statements written since count
    0, so they come first): counting millions of votes live on every vote took seconds. Before any map, they
    are counted live (few votes then)."""
    from django.db.models import Count

    voted = Vote.objects.filter(participant__conversation=conversation, participant__user=user).values(
        "statement_id"
    )
    candidates = (
        Statement.objects.filter(conversation=conversation, state=StatementState.ACCEPTED)
        .exclude(pk__in=voted)
        .order_by("pk")
    )
    snapshot = latest_map(conversation)
    stored = snapshot.data.get("statement_votes") if snapshot is not None else None
    if stored is None:
        candidates = list(candidates.annotate(vote_total=Count("votes")))
    else:
        counts = dict(zip(stored["ids"], stored["counts"], strict=True))
        candidates = list(candidates)
        for statement in candidates:
            statement.vote_total = counts.get(statement.pk, 0)
    if not candidates:
        return None
    spread = {}
    if snapshot is not None:
        spread = {d["statement"]: d["spread"] or 0 for d in snapshot.data.get("divisive", [])}
    return max(candidates, key=lambda s: (1 / (1 + s.vote_total) + spread.get(s.pk, 0), -s.pk))


GROUP_PROJECTS = 3


def group_projects(*, conversation, snapshot) -> list[list[dict]]:
    """For each group of a stored map: the projects of the conversation's technology that its members
    support most (drafts left out), as [{"project", "supporters", "share"}], most supported first.

    One query joining supports to the map's stored points (``MapPoint``), grouped by group and project: no
    list of members travels to the database, whatever the size of the map. Imported (anonymous)
    participants support nothing."""
    from django.db.models import Count

    from boucle.projects.enums import ProjectStatus
    from boucle.projects.models import Support

    groups = snapshot.data.get("groups", [])
    out = [[] for _ in groups]
    target = conversation.target
    if target is None or not groups:
        return out
    technology_id = target.pk if target.__class__.__name__ == "Technology" else target.technology_id
    point = "user__opinion_participants__map_points"
    rows = (
        Support.objects.filter(
            project__technology_id=technology_id,
            user__opinion_participants__conversation=conversation,
            **{f"{point}__snapshot": snapshot, f"{point}__group__isnull": False},
        )
        .exclude(project__status=ProjectStatus.DRAFT)
        .order_by()
        .values_list(f"{point}__group", "project_id")
        .annotate(supporters=Count("pk"))
    )
    counts = [[] for _ in groups]
    for group, project_id, supporters in rows:
        if 0 <= group < len(groups):
            counts[group].append((project_id, supporters))
    for index, (group, ranked) in enumerate(zip(groups, counts, strict=True)):
        ranked.sort(key=lambda item: (-item[1], item[0]))
        out[index] = [
            {"project": p, "supporters": n, "share": round(n / group["size"], 4) if group["size"] else 0}
            for p, n in ranked[:GROUP_PROJECTS]
        ]
    return out


def map_point_of(*, snapshot, user):
    """The member's own place in a stored map (a ``MapPoint``), or None."""
    from boucle.opinions.models import MapPoint

    if snapshot is None or user is None or not user.is_authenticated:
        return None
    return MapPoint.objects.filter(
        snapshot=snapshot, participant__conversation_id=snapshot.conversation_id, participant__user=user
    ).first()


def map_groups_of(*, snapshot) -> dict[int, int]:
    """{participant id: group} of a stored map, for every clustered participant (the export's group-id)."""
    from boucle.opinions.models import MapPoint

    if snapshot is None:
        return {}
    groups = dict(
        MapPoint.objects.filter(snapshot=snapshot, group__isnull=False).values_list("participant_id", "group")
    )
    if groups or snapshot.points.exists():
        return groups
    people = snapshot.data.get("participants", {})  # a map stored before the points had their table
    return {
        p: g for p, g in zip(people.get("ids", []), people.get("group", []), strict=False) if g is not None
    }


def participation_by_day(*, conversation) -> list[dict]:
    """Votes cast and participants who voted per day (the site's time zone), oldest first: the moderation
    chart. Read from ``ParticipationDay``, kept up to date as votes are cast (and filled on import)."""
    from boucle.opinions.models import ParticipationDay

    return [
        {"day": day, "votes": votes, "participants": participants}
        for day, votes, participants in ParticipationDay.objects.filter(conversation=conversation)
        .order_by("day")
        .values_list("day", "votes", "participants")
    ]
