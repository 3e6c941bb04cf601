"""The attribution chain walks parents across forks; the lineage tree shows ancestors and descendants."""

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.projects.enums import Licence
from boucle.projects.tests.factories import make_project
from boucle.studio.selectors import attribution_chain, design_lineage
from boucle.studio.services import design_fork, revision_save, suggestion_merge, suggestion_propose
from boucle.studio.tests.factories import make_design, make_kit, tally

pytestmark = pytest.mark.django_db


@pytest.fixture
def family():
    """alice's design (r1 alice, r2 bob's merged suggestion, r3 alice), carol forks r2 into her project and saves
    r2 herself; dave forks carol's design."""
    technology = TechnologyFactory()
    make_kit(technology)
    alice, bob, carol, dave = (
        UserFactory(username=n, display_name=n.title()) for n in ("alice", "bob", "carol", "dave")
    )
    original = make_design(owner=alice, technology=technology, licence=Licence.BY_SA, counters=[("apple", 1)])
    suggestion = suggestion_propose(
        actor=bob, design=original, content=tally(("apple", 2)), parent=1, message="+1"
    )
    suggestion_merge(actor=alice, suggestion=suggestion)
    revision_save(actor=alice, design=original, content=tally(("apple", 3)), parent=2)
    carols_project = make_project(
        owner=carol, technology=technology, licence=Licence.BY_SA, publish=True, title="Carol's"
    )
    carols = design_fork(actor=carol, revision=original.revisions.get(number=2), into_project=carols_project)
    revision_save(actor=carol, design=carols, content=tally(("apple", 2), ("pear", 1)), parent=1)
    daves_project = make_project(
        owner=dave, technology=technology, licence=Licence.BY_SA, publish=True, title="Dave's"
    )
    daves = design_fork(actor=dave, revision=carols.revisions.get(number=2), into_project=daves_project)
    for d in (original, carols, daves):
        d.refresh_from_db()
    return {
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "dave": dave,
        "original": original,
        "carols": carols,
        "daves": daves,
    }


def test_the_attribution_chain_names_every_ancestor_author_across_forks(family):
    chain = attribution_chain(design=family["daves"])
    # dave only copied (his r1 is a fork): alice and bob made r1-r2 of the original, carol her r2
    assert [c.author.username for c in chain.authors] == ["alice", "bob", "carol"]
    assert [(e.design, e.upto) for e in chain.designs] == [
        (family["daves"], 1),
        (family["carols"], 2),
        (family["original"], 2),
    ]
    assert [[u.username for u in e.authors] for e in chain.designs] == [[], ["carol"], ["alice", "bob"]]
    assert {e.licence for e in chain.designs} == {Licence.BY_SA}
    lines = chain.lines()
    assert len(lines) == 3 and "Alice, Bob" in lines[2] and "CC BY-SA 4.0" in lines[2]
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in lines[2]


def test_revision_three_of_the_original_is_not_in_the_forks_chain(family):
    # alice's r3 came after the fork: the original's own chain has it, the forks' do not
    own = attribution_chain(design=family["original"])
    assert own.designs[0].upto == 3
    assert [c.revisions for c in own.authors] == [2, 1]  # alice r1 + r3, bob r2


def test_the_lineage_tree_shows_ancestors_and_descendants(family):
    lineage = design_lineage(design=family["carols"], user=None)
    assert [n.design for n in lineage.ancestors] == [family["original"]]
    tree = lineage.tree
    assert tree.design == family["original"] and not tree.current
    assert [(c.design, c.forked_at, c.current) for c in tree.children] == [(family["carols"], 2, True)]
    assert [(c.design, c.forked_at) for c in tree.children[0].children] == [(family["daves"], 2)]
    assert [(node.design.title, depth) for node, depth in lineage.walk()] == [
        ("Fruit basket", 0),
        ("Fruit basket", 1),
        ("Fruit basket", 2),
    ]


def test_a_fork_in_a_draft_project_is_not_shown_to_others(family):
    secret_project = make_project(
        owner=family["bob"], technology=family["original"].technology, licence=Licence.BY_SA
    )
    secret = design_fork(actor=family["bob"], revision=family["original"].head, into_project=secret_project)
    public_view = design_lineage(design=family["original"], user=None)
    assert secret not in [n.design for n, _depth in public_view.walk()]
    bobs_view = design_lineage(design=family["original"], user=family["bob"])
    assert secret in [n.design for n, _depth in bobs_view.walk()]
