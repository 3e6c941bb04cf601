"""Designs and revisions: creation, saves on top of the head, conflicts, refused contents."""

from decimal import Decimal

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.activity.models import Event, Verb
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.core.errors import Conflict, InvalidInput, NotAllowed
from boucle.ledger.models import Contribution, ContributionKind
from boucle.projects.tests.factories import make_project
from boucle.studio.models import Design, DesignMetric, Revision
from boucle.studio.services import design_create, revision_save
from boucle.studio.tests.factories import make_design, make_kit, tally

pytestmark = pytest.mark.django_db


def test_a_team_member_creates_a_design_whose_first_revision_is_evaluated(user):
    # given a published project on a technology with a tally kit
    project = make_project(owner=user, publish=True)
    kit = make_kit(project.technology)
    # when
    design = design_create(
        actor=user, project=project, title="Fruit basket", content=tally(("apple", 3), ("pear", 2))
    )
    # then
    head = design.head
    assert (design.number, design.kind, head.number, head.parent, head.kit) == (1, "tally", 1, None, kit)
    assert head.valid and head.problems == []
    assert [(line["part"], line["quantity"], line["total_price"]) for line in head.bom] == [
        ("apple", "3", "1.50"),
        ("pear", "2", "1.40"),
    ]
    assert head.totals == {"price": "2.90", "quantity": "5", "complete": True}
    assert len(head.content_hash) == 64
    assert dict(DesignMetric.objects.filter(design=design).values_list("key", "value")) == {
        "total": Decimal(5),
        "price": Decimal("2.9"),
    }
    assert (
        Contribution.objects.filter(
            actor=user, kind=ContributionKind.DESIGN_REVISION, project=project
        ).count()
        == 1
    )
    assert Event.objects.filter(verb=Verb.DESIGN_CREATED, project=project).count() == 1


def test_a_new_design_starts_from_the_kinds_empty_content(user):
    project = make_project(owner=user)
    make_kit(project.technology)
    design = design_create(actor=user, project=project, title="Empty")
    assert design.head.content == {"counters": []}
    # a draft project: nobody follows it yet, no event
    assert not Event.objects.filter(project=project).exists()


def test_someone_outside_the_team_cannot_create_a_design(user, other_user):
    project = make_project(owner=user, publish=True)
    make_kit(project.technology)
    with pytest.raises(NotAllowed):
        design_create(actor=other_user, project=project, title="Mine")
    assert not Design.objects.exists()


def test_a_technology_without_kit_has_no_designs(user):
    project = make_project(owner=user, technology=TechnologyFactory(), publish=True)
    with pytest.raises(Conflict, match="no design kit"):
        design_create(actor=user, project=project, title="Nothing")
    assert not Design.objects.exists()


def test_saving_on_the_head_appends_a_revision_and_credits_its_author(user):
    design = make_design(owner=user)
    # when
    revision = revision_save(
        actor=user, design=design, content=tally(("apple", 4)), parent=design.head, message="One more apple"
    )
    # then
    design.refresh_from_db()
    assert (revision.number, revision.parent.number, revision.message) == (2, 1, "One more apple")
    assert design.head == revision and design.revision_count == 2
    assert Contribution.objects.filter(actor=user, kind=ContributionKind.DESIGN_REVISION).count() == 2
    assert Event.objects.filter(verb=Verb.DESIGN_REVISION, subject_id=revision.pk).count() == 1


def test_saving_on_a_revision_that_is_no_longer_the_head_is_a_conflict(user):
    # given a design whose head moved to revision 2 (a co-author saved) while alice edits from revision 1
    design = make_design(owner=user)
    revision_save(actor=user, design=design, content=tally(("apple", 4)), parent=1)
    # when alice saves from revision 1
    with pytest.raises(Conflict) as raised:
        revision_save(actor=user, design=design, content=tally(("pear", 9)), parent=1)
    # then she is told who saved what, and nothing was overwritten
    assert "revision 2" in str(raised.value.message)
    assert raised.value.errors.keys() == {"parent"}
    design.refresh_from_db()
    assert design.head.number == 2 and design.head.content == tally(("apple", 4))
    assert Revision.objects.filter(design=design).count() == 2


def test_saving_the_same_content_again_is_refused(user):
    design = make_design(owner=user, counters=[("apple", 3)])
    with pytest.raises(InvalidInput, match="Nothing changed"):
        revision_save(actor=user, design=design, content=tally(("apple", 3)), parent=1)
    assert Revision.objects.filter(design=design).count() == 1


@pytest.mark.parametrize(
    "content, field",
    [
        ({"counters": [{"id": "c1", "name": "apple", "count": -1}]}, "content.counters.0.count"),
        ({"counters": "many"}, "content.counters"),
        ({"counters": [], "extra": 1}, "content.extra"),
        ([1, 2], "content"),
        ("text", "content"),
        (None, "content"),
    ],
)
def test_content_that_does_not_fit_the_kinds_schema_is_refused_naming_the_field(user, content, field):
    design = make_design(owner=user)
    with pytest.raises(InvalidInput) as raised:
        revision_save(actor=user, design=design, content=content, parent=1)
    assert field in raised.value.errors
    assert Revision.objects.filter(design=design).count() == 1


def test_an_oversized_content_is_refused_with_a_clear_message(user):
    design = make_design(owner=user)
    huge = {"counters": [{"id": "c1", "name": "apple", "count": 1}], "padding": "x" * (2 * 1024 * 1024 + 1)}
    with pytest.raises(InvalidInput, match="too large"):
        revision_save(actor=user, design=design, content=huge, parent=1)
    assert Revision.objects.filter(design=design).count() == 1


def test_an_invalid_design_is_saved_with_its_problems_naming_the_elements(user):
    design = make_design(owner=user)
    revision = revision_save(actor=user, design=design, content=tally(("apple", 1), ("cherry", 2)), parent=1)
    assert revision.valid is False
    assert revision.problems == [
        {
            "code": "not_in_kit",
            "message": "“cherry” is not in the kit.",
            "elements": ["c2"],
            "severity": "error",
        }
    ]
    line = next(line for line in revision.bom if line["part"] == "cherry")
    assert (line["in_kit"], line["unit_price"]) == (False, None)
    design.refresh_from_db()
    assert design.valid is False


def test_only_the_team_saves_revisions(user, other_user):
    design = make_design(owner=user)
    with pytest.raises(NotAllowed):
        revision_save(actor=other_user, design=design, content=tally(("apple", 9)), parent=1)
    assert Revision.objects.filter(design=design).count() == 1


def test_a_parent_that_is_not_a_revision_of_the_design_is_refused(user):
    design = make_design(owner=user)
    other = make_design(owner=UserFactory())
    for parent in (None, 7, "x", other.head):
        with pytest.raises(InvalidInput):
            revision_save(actor=user, design=design, content=tally(("apple", 9)), parent=parent)


def test_an_archived_projects_designs_no_longer_change(user):
    from boucle.projects.services import project_archive

    design = make_design(owner=user)
    project_archive(actor=user, project=design.project, reason="Done")
    design.refresh_from_db()
    with pytest.raises(Conflict, match="archived"):
        revision_save(actor=user, design=design, content=tally(("apple", 9)), parent=1)


def test_revisions_are_immutable(user):
    design = make_design(owner=user)
    revision = design.head
    revision.message = "rewritten"
    with pytest.raises(TypeError):
        revision.save()
    with pytest.raises(TypeError):
        Revision.objects.filter(pk=revision.pk).update(message="rewritten")
    with pytest.raises(TypeError):
        revision.delete()
