"""Two members saving from the same revision at the same moment: exactly one wins, the other gets a conflict
(SQLite and PostgreSQL)."""

import threading

import pytest
from django.db import connections

from boucle.core.errors import Conflict
from boucle.projects.services import team_add
from boucle.studio.models import Design, Revision
from boucle.studio.services import revision_save
from boucle.studio.tests.factories import make_design, tally

SAVERS = 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_from_the_same_head_let_exactly_one_win(user):
    # given a design and a team of six, all editing from revision 1
    from boucle.accounts.tests.factories import UserFactory

    design = make_design(owner=user)
    team = [user]
    for _ in range(SAVERS - 1):
        member = UserFactory()
        team_add(actor=user, project=design.project, username=member.username)
        team.append(member)
    start = threading.Barrier(SAVERS)
    won, conflicts, errors = [], [], []

    def save(i, member):
        try:
            start.wait(timeout=30)
            revision = revision_save(
                actor=member,
                design=Design.objects.get(pk=design.pk),
                content=tally(("apple", 10 + i)),
                parent=1,
            )
            won.append(revision.pk)
        except Conflict:
            conflicts.append(i)
        except Exception as error:  # noqa: BLE001 (collected and asserted below)
            errors.append(repr(error))
        finally:
            connections.close_all()

    # when they all save at once
    threads = [threading.Thread(target=save, args=(i, m)) for i, m in enumerate(team)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    # then one revision 2, the others told of a conflict
    assert errors == []
    assert len(won) == 1 and len(conflicts) == SAVERS - 1
    design.refresh_from_db()
    assert design.head.pk == won[0] and design.head.number == 2
    assert list(
        Revision.objects.filter(design=design).values_list("number", flat=True).order_by("number")
    ) == [1, 2]
