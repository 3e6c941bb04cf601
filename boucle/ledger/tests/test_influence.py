"""Influence: acts per kind × weight = points; share = points / total, exact."""

from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boucle.accounts.tests.factories import UserFactory
from boucle.core.errors import InvalidInput, NotAllowed
from boucle.ledger.models import DEFAULT_WEIGHTS, ContributionKind, InfluenceWeights
from boucle.ledger.selectors import influence_weights, project_influence
from boucle.ledger.services import contribution_reverse, influence_weights_update
from boucle.ledger.tests.conftest import record

K = ContributionKind


@pytest.mark.django_db
def test_worked_example_of_shares_with_the_default_weights(project, creator):
    # given carol's idea (10), dan's two accepted revisions (2 × 5 = 10) and a helpful comment (2),
    # erin's merged suggestion (4) and support (1), and a plain comment by erin (worth nothing)
    dan, erin = UserFactory(username="dan"), UserFactory(username="erin")
    record(project, dan, K.DESIGN_REVISION, 2)
    record(project, dan, K.COMMENT_HELPFUL)
    record(project, erin, K.SUGGESTION_MERGED)
    record(project, erin, K.SUPPORT)
    record(project, erin, K.COMMENT)
    # when
    influence = project_influence(project)
    # then: dan 10 + 2 = 12, carol 10, erin 4 + 1 = 5; total 27
    assert influence.total_points == 27
    assert [(s.username, s.points, s.share) for s in influence.shares] == [
        ("dan", 12, Fraction(12, 27)),
        ("carol", 10, Fraction(10, 27)),
        ("erin", 5, Fraction(5, 27)),
    ]
    assert sum(s.share for s in influence.shares) == 1
    dan_acts = [(a.kind, a.count, a.weight, a.points) for a in influence.shares[0].acts]
    assert dan_acts == [("design_revision", 2, 5, 10), ("comment_helpful", 1, 2, 2)]
    assert str(influence.shares[0].percent) == "44.44"


@pytest.mark.django_db
def test_a_reversed_act_no_longer_counts(project, creator):
    # given erin supported twice and withdrew one support
    erin = UserFactory(username="erin")
    record(project, erin, K.SUPPORT, 2)
    contribution_reverse(actor=erin, kind=K.SUPPORT, subject=project)
    # when
    influence = project_influence(project)
    # then carol 10, erin 1
    assert influence.points_by_member() == {creator.pk: 10, erin.pk: 1}


@pytest.mark.django_db
def test_weights_of_the_technologys_organization_apply(project, creator, user, org):
    # given the organization makes supports worth 10 and ideas 5
    erin = UserFactory()
    record(project, erin, K.SUPPORT)
    influence_weights_update(actor=user, organization=org, weights={"support": 10, "project_created": 5})
    # when
    influence = project_influence(project)
    # then
    assert influence.points_by_member() == {erin.pk: 10, creator.pk: 5}
    assert influence.shares[0].share == Fraction(2, 3)


@pytest.mark.django_db
def test_a_member_whose_acts_all_weigh_nothing_has_no_share(project, creator, user, org):
    erin = UserFactory()
    record(project, erin, K.SUPPORT)
    influence_weights_update(actor=user, organization=org, weights={"support": 0})
    assert project_influence(project).points_by_member() == {creator.pk: 10}


@pytest.mark.django_db
def test_influence_takes_two_queries_however_many_acts(project):
    for _ in range(5):
        record(project, UserFactory(), K.SUPPORT, 3)
    with CaptureQueriesContext(connection) as queries:
        influence = project_influence(project)
    assert len(influence.shares) == 6
    assert len(queries) == 2


@pytest.mark.django_db
def test_only_owners_change_weights_and_bad_weights_change_nothing(org, user, other_user):
    # non-owner
    with pytest.raises(NotAllowed):
        influence_weights_update(actor=other_user, organization=org, weights={"support": 3})
    # out of range, unknown kind, not a whole number, all zero
    for weights in [{"support": -1}, {"support": 1001}, {"comment": 3}, {"support": "3"}, {"support": 2.5}]:
        with pytest.raises(InvalidInput):
            influence_weights_update(actor=user, organization=org, weights=weights)
    with pytest.raises(InvalidInput):
        influence_weights_update(actor=user, organization=org, weights=dict.fromkeys(DEFAULT_WEIGHTS, 0))
    assert not InfluenceWeights.objects.exists()
    assert influence_weights(organization=org) == {str(k): v for k, v in DEFAULT_WEIGHTS.items()}
    # an owner
    influence_weights_update(actor=user, organization=org, weights={"support": 3})
    assert influence_weights(organization=org)["support"] == 3
    assert influence_weights(organization=org)["project_created"] == 10
