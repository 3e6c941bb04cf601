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
