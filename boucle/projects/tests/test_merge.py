"""Merging a duplicate into another project: by a moderator, by the two teams, and every refusal."""

import pytest
from django.urls import reverse

from boucle.accounts.tests.factories import UserFactory
from boucle.activity.models import Event, Verb
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.community.models import Comment
from boucle.community.services import comment_create
from boucle.core.errors import Conflict, InvalidInput, NotAllowed
from boucle.ledger.models import Contribution, ContributionKind
from boucle.orgs.models import Membership, Role
from boucle.projects.enums import ProjectStatus, TeamRole
from boucle.projects.merge import (
    merge_candidates,
    merge_request_accept,
    merge_request_create,
    merge_request_decline,
    project_merge,
    project_merge_or_request,
)
from boucle.projects.models import (
    MergeRequest,
    MergeRequestStatus,
    Project,
    ProjectMember,
    Support,
    Transition,
)
from boucle.projects.services import support_add, team_add
from boucle.projects.tests.factories import force_status, make_project

pytestmark = pytest.mark.django_db

LADDER = [{"supporters": 3, "days": 30}, {"supporters": 50, "days": 60}]


@pytest.fixture
def world():
    """Two projects with the same idea on one organization's technologies, a moderator, shared supporters."""
    technology = TechnologyFactory()
    organization = technology.organization
    other_technology = TechnologyFactory(organization=organization)
    moderator = UserFactory(username="mod")
    Membership.objects.create(organization=organization, user=moderator, role=Role.MODERATOR)
    target_owner, dup_owner, dup_coauthor = (UserFactory(username=n) for n in ("tina", "dana", "cory"))
    target = make_project(owner=target_owner, technology=technology, publish=True, ladder=LADDER, title="Opening castle")
    duplicate = make_project(
        owner=dup_owner, technology=other_technology, publish=True, title="Castle that opens", pitch="Same idea."
    )
    team_add(actor=dup_owner, project=duplicate, username="cory")
    both, only_dup, only_dup2 = (UserFactory(username=n) for n in ("both", "onlydup", "onlydup2"))
    support_add(actor=both, project=target)
    for fan in (both, only_dup, only_dup2):
        support_add(actor=fan, project=duplicate)
    first = comment_create(author=only_dup, target=duplicate, body="First on the duplicate")
    comment_create(author=dup_owner, target=duplicate, body="A reply", parent=first)
    comment_create(author=both, target=target, body="On the target")
    target.refresh_from_db()
    duplicate.refresh_from_db()
    return {
        "organization": organization,
        "moderator": moderator,
        "target": target,
        "duplicate": duplicate,
        "target_owner": target_owner,
        "dup_owner": dup_owner,
        "dup_coauthor": dup_coauthor,
        "both": both,
        "only_dup": only_dup,
        "only_dup2": only_dup2,
    }


def snapshot():
    """Everything a merge may write, to prove a refusal wrote nothing."""
    return {
        "projects": list(
            Project.objects.order_by("pk").values_list("pk", "status", "support_count", "support_tier", "merged_into")
        ),
        "supports": sorted(Support.objects.values_list("pk", "project_id", "user_id")),
        "comments": sorted(Comment.objects.values_list("pk", "target_id", "project_id")),
        "team": sorted(ProjectMember.objects.values_list("project_id", "user_id", "role")),
        "ledger": Contribution.objects.count(),
        "transitions": Transition.objects.count(),
        "requests": sorted(MergeRequest.objects.values_list("pk", "status")),
        "events": Event.objects.filter(verb=Verb.PROJECTS_MERGED).count(),
    }


def assert_merged(w, result):
    target, duplicate = w["target"], w["duplicate"]
    target.refresh_from_db()
    duplicate.refresh_from_db()
    # supports: "both" counts once, the two others moved
    assert result.supports_moved == 2 and result.supports_merged == 1
    assert set(Support.objects.filter(project=target).values_list("user__username", flat=True)) == {
        "both", "onlydup", "onlydup2"
    }
    assert not Support.objects.filter(project=duplicate).exists()
    assert target.support_count == 3 and duplicate.support_count == 0
    # the ledger: a reversal on the duplicate and a support on the target for each moved support
    for fan in (w["only_dup"], w["only_dup2"]):
        rows = Contribution.objects.filter(actor=fan, kind=ContributionKind.SUPPORT)
        assert rows.filter(project=duplicate, reverses__isnull=False).count() == 1
        assert rows.filter(project=target, reverses__isnull=True).count() == 1
    both_rows = Contribution.objects.filter(actor=w["both"], kind=ContributionKind.SUPPORT)
    assert both_rows.filter(project=duplicate, reverses__isnull=False).count() == 1
    assert both_rows.filter(project=target, reverses__isnull=True).count() == 1  # their own, not a second one
    # comments follow, in their order, the thread kept
    bodies = list(Comment.objects.filter(target_id=target.pk).order_by("created_at", "id").values_list("body", flat=True))
    assert bodies == ["First on the duplicate", "A reply", "On the target"]
    assert not Comment.objects.filter(project=duplicate).exists()
    reply = Comment.objects.get(body="A reply")
    assert reply.parent.body == "First on the duplicate" and reply.project_id == target.pk
    # authors keep their credit
    team = dict(ProjectMember.objects.filter(project=target).values_list("user__username", "role"))
    assert team == {"tina": TeamRole.OWNER, "dana": TeamRole.COAUTHOR, "cory": TeamRole.COAUTHOR}
    credited = Contribution.objects.filter(kind=ContributionKind.PROJECT_MERGED, project=target)
    assert set(credited.values_list("actor__username", flat=True)) == {"dana", "cory"}
    # the duplicate is archived and points to the target
    assert duplicate.status == ProjectStatus.ARCHIVED and duplicate.merged_into == target
    transition = duplicate.transitions.last()
    assert transition.to_status == ProjectStatus.ARCHIVED and "Opening castle" in transition.reason
    event = Event.objects.get(verb=Verb.PROJECTS_MERGED)
    assert event.project == target and event.subject == duplicate and event.data["supports_moved"] == 2


def test_a_moderator_merges_a_duplicate(world):
    # given
    w = world
    # when
    result = project_merge(actor=w["moderator"], duplicate=w["duplicate"], into=w["target"], reason="Same castle")
    # then
    assert_merged(w, result)
    assert w["duplicate"].transitions.last().actor == w["moderator"]


def test_site_staff_and_organization_owners_merge_too(world):
    w = world
    staff = UserFactory(is_staff=True)
    result = project_merge(actor=staff, duplicate=w["duplicate"], into=w["target"].slug, reason="Same castle")
    assert_merged(w, result)


def test_the_moved_supports_climb_the_targets_ladder(world):
    # given: the target needs 3 supporters for its first tier and has 1
    w = world
    assert w["target"].support_tier == 0
    # when
    project_merge(actor=w["moderator"], duplicate=w["duplicate"], into=w["target"], reason="Same castle")
    # then
    w["target"].refresh_from_db()
    assert w["target"].support_count == 3 and w["target"].support_tier == 1


def test_the_duplicates_old_address_shows_where_it_went(world, client, settings):
    w = world
    settings.SITE_URL = "https://boucle.example"
    project_merge(actor=w["moderator"], duplicate=w["duplicate"], into=w["target"], reason="Same castle")
    response = client.get(reverse("project_detail", args=[w["duplicate"].slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This project was merged into" in html
    assert f'href="{w["target"].get_absolute_url()}"' in html
    # the target's canonical address is the one to share
    assert f'<link rel="canonical" href="https://boucle.example{w["target"].get_absolute_url()}">' in html


def test_the_two_teams_agree_to_merge(world):
    # given: the duplicate's owner asks
    w = world
    request = project_merge_or_request(
        actor=w["dup_owner"], duplicate=w["duplicate"], into=w["target"].slug, reason="We had the same idea"
    )
    assert isinstance(request, MergeRequest) and request.status == MergeRequestStatus.PENDING
    w["duplicate"].refresh_from_db()
    assert w["duplicate"].status == ProjectStatus.PUBLISHED and w["duplicate"].support_count == 3
    # when: the target's owner accepts
    result = merge_request_accept(actor=w["target_owner"], merge_request=request)
    # then
    assert_merged(w, result)
    request.refresh_from_db()
    assert request.status == MergeRequestStatus.ACCEPTED and request.decided_by == w["target_owner"]


def test_the_target_team_declines_and_nothing_moves(world):
    w = world
    request = merge_request_create(actor=w["dup_owner"], duplicate=w["duplicate"], into=w["target"], reason="Same")
    before = snapshot()
    merge_request_decline(actor=w["target_owner"], merge_request=request)
    request.refresh_from_db()
    assert request.status == MergeRequestStatus.DECLINED
    after = snapshot()
    assert after.pop("requests") != before.pop("requests")
    assert after == before


def test_the_requester_withdraws_their_request(world):
    w = world
    request = merge_request_create(actor=w["dup_owner"], duplicate=w["duplicate"], into=w["target"], reason="Same")
    merge_request_decline(actor=w["dup_owner"], merge_request=request)
    request.refresh_from_db()
    assert request.status == MergeRequestStatus.CANCELLED


def test_an_owner_of_both_projects_merges_directly(world):
    w = world
    team_add(actor=w["target_owner"], project=w["target"], username="dana", role=TeamRole.OWNER)
    result = project_merge_or_request(actor=w["dup_owner"], duplicate=w["duplicate"], into=w["target"], reason="x")
    assert result.into == w["target"]
    assert not MergeRequest.objects.exists()


def test_a_merge_cancels_the_other_pending_requests(world):
    w = world
    third = make_project(owner=w["dup_owner"], technology=w["target"].technology, publish=True, title="Third castle")
    request = merge_request_create(actor=w["dup_owner"], duplicate=w["duplicate"], into=third, reason="Same")
    project_merge(actor=w["moderator"], duplicate=w["duplicate"], into=w["target"], reason="Same castle")
    request.refresh_from_db()
    assert request.status == MergeRequestStatus.CANCELLED
    with pytest.raises(Conflict):
        merge_request_accept(actor=w["dup_owner"], merge_request=request)


# ---------------------------------------------------------------------------------------------- refusals


def _refusals(w):
    other_org_project = make_project(owner=UserFactory(), publish=True, title="Elsewhere")
    merged_away = make_project(owner=UserFactory(), technology=w["target"].technology, publish=True, title="Gone")
    merged_away.merged_into = w["target"]
    merged_away.save(update_fields=["merged_into"])
    draft = make_project(owner=UserFactory(), technology=w["target"].technology, title="Draft castle")
    stranger = UserFactory()
    mod, dup, tgt = w["moderator"], w["duplicate"], w["target"]
    return [
        ("a stranger", lambda: project_merge(actor=stranger, duplicate=dup, into=tgt, reason="x"), NotAllowed),
        ("the duplicate's owner alone", lambda: project_merge(actor=w["dup_owner"], duplicate=dup, into=tgt, reason="x"), NotAllowed),
        ("a co-author asks", lambda: merge_request_create(actor=w["dup_coauthor"], duplicate=dup, into=tgt, reason="x"), NotAllowed),
        ("the target's owner asks", lambda: merge_request_create(actor=w["target_owner"], duplicate=dup, into=tgt, reason="x"), NotAllowed),
        ("a visitor", lambda: project_merge(actor=None, duplicate=dup, into=tgt, reason="x"), NotAllowed),
        ("itself", lambda: project_merge(actor=mod, duplicate=dup, into=dup, reason="x"), InvalidInput),
        ("no reason", lambda: project_merge(actor=mod, duplicate=dup, into=tgt, reason="  "), InvalidInput),
        ("a reason too long", lambda: project_merge(actor=mod, duplicate=dup, into=tgt, reason="x" * 5000), InvalidInput),
        ("no target", lambda: project_merge(actor=mod, duplicate=dup, into="", reason="x"), InvalidInput),
        ("an unknown target", lambda: project_merge(actor=mod, duplicate=dup, into="nope\x00", reason="x"), InvalidInput),
        ("another organization", lambda: project_merge(actor=mod, duplicate=dup, into=other_org_project, reason="x"), InvalidInput),
        ("a merged target", lambda: project_merge(actor=mod, duplicate=dup, into=merged_away, reason="x"), InvalidInput),
        ("a draft target", lambda: project_merge(actor=mod, duplicate=dup, into=draft, reason="x"), InvalidInput),
        ("a draft target by slug", lambda: project_merge(actor=mod, duplicate=dup, into=draft.slug, reason="x"), InvalidInput),
    ]


def test_every_refusal_leaves_both_projects_unchanged(world):
    w = world
    for label, attempt, error in _refusals(w):
        before = snapshot()
        with pytest.raises(error):
            attempt()
        assert snapshot() == before, label


@pytest.mark.parametrize("status", [ProjectStatus.IN_PRODUCTION, ProjectStatus.AVAILABLE])
def test_a_project_being_made_or_sold_is_not_merged(world, status):
    w = world
    force_status(w["duplicate"], status)
    before = snapshot()
    with pytest.raises(Conflict):
        project_merge(actor=w["moderator"], duplicate=w["duplicate"], into=w["target"], reason="x")
    assert snapshot() == before


def test_an_archived_target_is_refused(world):
    w = world
    force_status(w["target"], ProjectStatus.ARCHIVED)
    before = snapshot()
    with pytest.raises(InvalidInput):
        project_merge(actor=w["moderator"], duplicate=w["duplicate"], into=w["target"], reason="x")
    assert snapshot() == before


def test_a_project_is_merged_only_once(world):
    w = world
    project_merge(actor=w["moderator"], duplicate=w["duplicate"], into=w["target"], reason="x")
    third = make_project(owner=UserFactory(), technology=w["target"].technology, publish=True, title="Third")
    before = snapshot()
    with pytest.raises(Conflict):
        project_merge(actor=w["moderator"], duplicate=w["duplicate"], into=third, reason="x")
    assert snapshot() == before


def test_a_second_pending_request_is_refused(world):
    w = world
    merge_request_create(actor=w["dup_owner"], duplicate=w["duplicate"], into=w["target"], reason="Same")
    before = snapshot()
    with pytest.raises(Conflict):
        merge_request_create(actor=w["dup_owner"], duplicate=w["duplicate"], into=w["target"], reason="Again")
    assert snapshot() == before


def test_only_the_targets_owners_answer_a_request(world):
    w = world
    request = merge_request_create(actor=w["dup_owner"], duplicate=w["duplicate"], into=w["target"], reason="Same")
    before = snapshot()
    for actor in (w["dup_coauthor"], UserFactory(), w["dup_owner"]):
        with pytest.raises(NotAllowed):
            merge_request_accept(actor=actor, merge_request=request)
    with pytest.raises(NotAllowed):
        merge_request_decline(actor=UserFactory(), merge_request=request)
    assert snapshot() == before


def test_a_request_whose_target_changed_meanwhile_is_refused_on_accept(world):
    w = world
    request = merge_request_create(actor=w["dup_owner"], duplicate=w["duplicate"], into=w["target"], reason="Same")
    force_status(w["duplicate"], ProjectStatus.IN_PRODUCTION)
    before = snapshot()
    with pytest.raises(Conflict):
        merge_request_accept(actor=w["target_owner"], merge_request=request)
    assert snapshot() == before


def test_candidates_are_the_organizations_live_projects_most_similar_first(world):
    w = world
    make_project(owner=UserFactory(), publish=True, title="Castle on another org")
    make_project(owner=UserFactory(), technology=w["target"].technology, title="Castle draft")
    similar = make_project(owner=UserFactory(), technology=w["target"].technology, publish=True, title="Castle that open")
    slugs = [p.slug for p in merge_candidates(duplicate=w["duplicate"])]
    assert slugs[0] == similar.slug and w["target"].slug in slugs
    assert w["duplicate"].slug not in slugs and len(slugs) == 2
    assert [p.slug for p in merge_candidates(duplicate=w["duplicate"], query="opening")] == [w["target"].slug]


# ---------------------------------------------------------------------------------------------- pages


def test_moderators_and_the_duplicates_owners_see_the_merge_link(world, client_for, client):
    w = world
    url = reverse("project_detail", args=[w["duplicate"].slug])
    merge_url = reverse("project_merge", args=[w["duplicate"].slug])
    for member in (w["moderator"], w["dup_owner"], w["organization"].created_by):
        assert merge_url in client_for(member).get(url).content.decode()
    for member in (w["dup_coauthor"], w["target_owner"], w["both"]):
        assert merge_url not in client_for(member).get(url).content.decode()
    assert merge_url not in client.get(url).content.decode()
    assert client_for(w["both"]).get(merge_url).status_code == 403
    assert client.get(merge_url).status_code == 302  # to the log-in page


def test_the_merge_page_lists_similar_projects_and_a_moderator_merges(world, client_for):
    # given
    w = world
    c = client_for(w["moderator"])
    url = reverse("project_merge", args=[w["duplicate"].slug])
    page = c.get(url)
    assert page.status_code == 200 and w["target"].title in page.content.decode()
    assert f'value="{w["target"].slug}"' in c.get(url, {"into": w["target"].slug}).content.decode()
    assert w["target"].title in c.get(url, {"q": "opening"}).content.decode()
    # when
    response = c.post(url, {"into": w["target"].slug, "reason": "Same castle"})
    # then
    assert response.status_code == 302 and response["Location"] == w["target"].get_absolute_url()
    w["duplicate"].refresh_from_db()
    assert w["duplicate"].merged_into == w["target"]
    page = c.get(response["Location"]).content.decode()
    assert "is merged into this project" in page


def test_a_bad_merge_form_says_why_and_changes_nothing(world, client_for):
    w = world
    c = client_for(w["moderator"])
    url = reverse("project_merge", args=[w["duplicate"].slug])
    before = snapshot()
    response = c.post(url, {"into": w["duplicate"].slug, "reason": "x"})
    assert response.status_code == 200 and "cannot be merged into itself" in response.content.decode()
    response = c.post(url, {"into": "no-such-project", "reason": "x"})
    assert response.status_code == 200 and "No published project has the address" in response.content.decode()
    response = c.post(url, {"into": w["target"].slug, "reason": ""})
    assert response.status_code == 200
    assert snapshot() == before


def test_the_teams_merge_through_the_pages(world, client_for):
    # given: the duplicate's owner asks from the merge page
    w = world
    response = client_for(w["dup_owner"]).post(
        reverse("project_merge", args=[w["duplicate"].slug]), {"into": w["target"].slug, "reason": "Same idea"}
    )
    assert response.status_code == 302
    request = MergeRequest.objects.get()
    dup_page = client_for(w["dup_owner"]).get(w["duplicate"].get_absolute_url()).content.decode()
    assert "its owners have not answered yet" in dup_page
    # the target's owner sees it, a stranger does not
    target_page = client_for(w["target_owner"]).get(w["target"].get_absolute_url()).content.decode()
    accept_url = reverse("merge_request_answer", args=[request.pk, "accept"])
    assert accept_url in target_page and "Same idea" in target_page
    assert accept_url not in client_for(w["both"]).get(w["target"].get_absolute_url()).content.decode()
    # a stranger's answer is refused
    client_for(w["both"]).post(accept_url)
    request.refresh_from_db()
    assert request.status == MergeRequestStatus.PENDING
    # when
    response = client_for(w["target_owner"]).post(accept_url)
    # then
    assert response.status_code == 302
    request.refresh_from_db()
    w["duplicate"].refresh_from_db()
    assert request.status == MergeRequestStatus.ACCEPTED and w["duplicate"].merged_into == w["target"]
    assert client_for(w["target_owner"]).post(reverse("merge_request_answer", args=[request.pk, "other"])).status_code == 404


def test_the_target_team_declines_from_its_page(world, client_for):
    w = world
    request = merge_request_create(actor=w["dup_owner"], duplicate=w["duplicate"], into=w["target"], reason="Same")
    client_for(w["target_owner"]).post(reverse("merge_request_answer", args=[request.pk, "decline"]))
    request.refresh_from_db()
    assert request.status == MergeRequestStatus.DECLINED
    w["duplicate"].refresh_from_db()
    assert w["duplicate"].merged_into is None and w["duplicate"].support_count == 3


# ---------------------------------------------------------------------------------------------- API


def test_api_a_moderator_merges(world, client_for):
    w = world
    response = client_for(w["moderator"]).post(
        f"/api/projects/{w['duplicate'].slug}/merge",
        {"into": w["target"].slug, "reason": "Same castle"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "merged": True,
        "duplicate": w["duplicate"].slug,
        "into": w["target"].slug,
        "supports_moved": 2,
        "supports_merged": 1,
        "comments_moved": 2,
        "authors_added": 2,
        "request": None,
    }
    read = client_for(w["moderator"]).get(f"/api/projects/{w['duplicate'].slug}").json()
    assert read["merged_into"] == w["target"].slug and read["status"] == "archived"


def test_api_the_teams_merge_with_a_request(world, client_for):
    # given
    w = world
    response = client_for(w["dup_owner"]).post(
        f"/api/projects/{w['duplicate'].slug}/merge",
        {"into": w["target"].slug, "reason": "Same idea"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["merged"] is False and body["request"]["status"] == "pending"
    request_id = body["request"]["id"]
    listed = client_for(w["target_owner"]).get(f"/api/projects/{w['target'].slug}/merge-requests").json()
    assert [r["id"] for r in listed] == [request_id]
    assert client_for(w["both"]).get(f"/api/projects/{w['target'].slug}/merge-requests").status_code == 403
    # a stranger cannot accept
    refused = client_for(w["both"]).post(f"/api/projects/merge-requests/{request_id}/accept")
    assert refused.status_code == 403 and refused.json()["detail"]
    # when
    response = client_for(w["target_owner"]).post(f"/api/projects/merge-requests/{request_id}/accept")
    # then
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["merged"] is True and body["supports_moved"] == 2
    assert body["request"]["status"] == "accepted" and body["request"]["decided_by"] == "tina"
    again = client_for(w["target_owner"]).post(f"/api/projects/merge-requests/{request_id}/decline")
    assert again.status_code == 409


def test_api_decline(world, client_for):
    w = world
    request = merge_request_create(actor=w["dup_owner"], duplicate=w["duplicate"], into=w["target"], reason="Same")
    response = client_for(w["target_owner"]).post(f"/api/projects/merge-requests/{request.pk}/decline")
    assert response.status_code == 200 and response.json()["status"] == "declined"
    assert client_for(w["target_owner"]).post("/api/projects/merge-requests/999999/accept").status_code == 404


@pytest.mark.parametrize(
    "payload, status",
    [
        ({"into": "nope", "reason": "x"}, 400),
        ({"into": "SELF", "reason": "x"}, 400),
        ({"into": "TARGET", "reason": ""}, 400),
        ({"into": "TARGET\x00", "reason": "x"}, 400),
        ({"reason": "x"}, 422),
    ],
)
def test_api_refusals_change_nothing(world, client_for, payload, status):
    w = world
    payload = {
        k: v.replace("SELF", w["duplicate"].slug).replace("TARGET", w["target"].slug) for k, v in payload.items()
    }
    before = snapshot()
    response = client_for(w["moderator"]).post(
        f"/api/projects/{w['duplicate'].slug}/merge", payload, content_type="application/json"
    )
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert snapshot() == before


def test_api_a_stranger_and_a_visitor_cannot_merge(world, client_for, client):
    w = world
    before = snapshot()
    url = f"/api/projects/{w['duplicate'].slug}/merge"
    data = {"into": w["target"].slug, "reason": "x"}
    assert client_for(w["both"]).post(url, data, content_type="application/json").status_code == 403
    assert client.post(url, data, content_type="application/json").status_code == 401
    assert snapshot() == before


def test_merge_requests_are_in_the_admin(world, client_for):
    w = world
    merge_request_create(actor=w["dup_owner"], duplicate=w["duplicate"], into=w["target"], reason="Same")
    c = client_for(UserFactory(is_staff=True, is_superuser=True))
    assert c.get(reverse("admin:projects_mergerequest_changelist")).status_code == 200
    request = MergeRequest.objects.get()
    assert c.get(reverse("admin:projects_mergerequest_change", args=[request.pk])).status_code == 200


def test_followers_of_the_duplicate_follow_the_target_once(world):
    # given
    from boucle.activity.models import Follow
    from boucle.activity.selectors import is_following
    from boucle.activity.services import follow

    w = world
    follow(actor=w["only_dup"], target=w["duplicate"])
    follow(actor=w["both"], target=w["duplicate"])
    follow(actor=w["both"], target=w["target"])
    # when
    project_merge(actor=w["moderator"], duplicate=w["duplicate"], into=w["target"], reason="Same castle")
    # then
    assert is_following(user=w["only_dup"], target=w["target"])
    assert is_following(user=w["both"], target=w["target"])
    assert Follow.objects.filter(follower=w["both"], target_id=w["target"].pk).count() == 1
    assert not is_following(user=w["only_dup"], target=w["duplicate"])
