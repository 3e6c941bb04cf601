"""Forks: what each licence allows, the parent revision kept, the refusals saying why."""

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.core.errors import InvalidInput, NotAllowed, NotFound
from boucle.projects.enums import Licence
from boucle.projects.tests.factories import make_project
from boucle.studio.licences import fork_licences_allowed
from boucle.studio.models import Design, Revision
from boucle.studio.services import design_fork, revision_save
from boucle.studio.tests.factories import make_design, make_kit, tally

pytestmark = pytest.mark.django_db

L = Licence
# What a fork into a project under each target licence gives, for each source licence (True: allowed).
ALLOWED = {
    L.CC0: set(L.values),
    L.BY: set(L.values),
    L.BY_SA: {L.BY_SA},
    L.BY_NC: {L.BY_NC, L.BY_NC_SA},
    L.BY_NC_SA: {L.BY_NC_SA},
    L.BY_ND: set(),
}
PAIRS = [(source, target) for source in L.values for target in L.values]


def test_the_licence_table_covers_every_licence():
    assert set(ALLOWED) == set(L.values)
    for source, targets in ALLOWED.items():
        assert set(fork_licences_allowed(source)) == targets


@pytest.fixture
def technology():
    technology = TechnologyFactory()
    make_kit(technology)
    return technology


@pytest.mark.parametrize("source, target", PAIRS)
def test_a_fork_is_allowed_exactly_when_the_licences_are_compatible(technology, source, target):
    # given alice's design under ``source`` and bob's project under ``target`` on the same technology
    alice, bob = UserFactory(), UserFactory()
    design = make_design(owner=alice, technology=technology, licence=source)
    revision_save(actor=alice, design=design, content=tally(("apple", 5)), parent=1)
    bobs = make_project(owner=bob, technology=technology, licence=target, publish=True)
    forked_from = Revision.objects.get(design=design, number=1)
    # when bob forks revision 1
    if target in ALLOWED[source]:
        fork = design_fork(actor=bob, revision=forked_from, into_project=bobs)
        # then the fork's first revision has the source revision for parent
        assert fork.forked_from == forked_from
        assert fork.head.parent == forked_from and fork.head.number == 1
        assert fork.head.content == tally(("apple", 3)) and fork.head.author == bob
        assert fork.project == bobs and fork.title == design.title
        design.refresh_from_db()
        assert design.fork_count == 1
    else:
        error = NotAllowed if source == L.BY_ND else InvalidInput
        with pytest.raises(error) as raised:
            design_fork(actor=bob, revision=forked_from, into_project=bobs)
        message = str(raised.value.message)
        assert L(source).label in message  # it says which licence forbids it...
        if source == L.BY_ND:
            assert "no derivatives" in message
        else:  # ...and which licence the target needs
            assert L(target).label in message
            assert all(L(v).label in message for v in ALLOWED[source])
        assert Design.objects.filter(project=bobs).count() == 0


def test_a_team_may_fork_its_own_no_derivatives_design_within_its_project(technology):
    alice = UserFactory()
    design = make_design(owner=alice, technology=technology, licence=L.BY_ND)
    fork = design_fork(actor=alice, revision=design.head, into_project=design.project, title="Variant")
    assert (fork.project, fork.number, fork.title) == (design.project, 2, "Variant")


def test_forking_needs_a_place_in_the_target_projects_team(technology):
    alice, bob = UserFactory(), UserFactory()
    design = make_design(owner=alice, technology=technology, licence=L.BY)
    with pytest.raises(NotAllowed):
        design_fork(actor=bob, revision=design.head, into_project=design.project)


def test_a_draft_projects_design_cannot_be_forked_by_others(technology):
    alice, bob = UserFactory(), UserFactory()
    design = make_design(owner=alice, technology=technology, licence=L.BY, publish=False)
    bobs = make_project(owner=bob, technology=technology, licence=L.BY)
    with pytest.raises(NotFound):
        design_fork(actor=bob, revision=design.head, into_project=bobs)


def test_a_fork_onto_a_technology_of_another_kind_or_without_kit_is_refused(technology):
    alice, bob = UserFactory(), UserFactory()
    design = make_design(owner=alice, technology=technology, licence=L.BY)
    elsewhere = make_project(owner=bob, technology=TechnologyFactory(), licence=L.BY)
    from boucle.core.errors import Conflict

    with pytest.raises(Conflict, match="no design kit"):
        design_fork(actor=bob, revision=design.head, into_project=elsewhere)


def test_a_fork_is_checked_against_the_target_technologys_kit(technology):
    alice, bob = UserFactory(), UserFactory()
    design = make_design(owner=alice, technology=technology, licence=L.BY, counters=[("pear", 2)])
    other_technology = TechnologyFactory()
    make_kit(other_technology, content={"items": [{"name": "apple", "price": "1.00"}], "max_total": 10})
    bobs = make_project(owner=bob, technology=other_technology, licence=L.BY)
    fork = design_fork(actor=bob, revision=design.head, into_project=bobs)
    assert fork.head.valid is False and fork.head.problems[0]["code"] == "not_in_kit"
    assert fork.head.kit.technology == other_technology
