"""Following and unfollowing: services, the follow button, the followers and following pages."""

import pytest
from django.contrib.contenttypes.models import ContentType

from boucle.activity import selectors
from boucle.activity.models import Follow
from boucle.activity.services import follow, unfollow
from boucle.core.errors import InvalidInput, NotAllowed, NotFound
from boucle.projects.models import Tag

pytestmark = pytest.mark.django_db


def test_following_twice_keeps_one_follow(user, other_user):
    # when
    first, created = follow(actor=user, target=other_user)
    again, created_again = follow(actor=user, target=other_user)
    # then
    assert created and not created_again and first == again
    assert Follow.objects.count() == 1


def test_unfollow_is_harmless_when_not_following(user, other_user):
    follow(actor=user, target=other_user)
    assert unfollow(actor=user, target=other_user) is True
    assert unfollow(actor=user, target=other_user) is False
    assert not Follow.objects.exists()


def test_nobody_follows_themselves(user):
    with pytest.raises(InvalidInput):
        follow(actor=user, target=user)
    assert not Follow.objects.exists()


def test_visitors_cannot_follow(project):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        follow(actor=AnonymousUser(), target=project)
    assert not Follow.objects.exists()


def test_every_kind_can_be_followed(user, other_user, project):
    from boucle.challenges.tests.factories import ChallengeFactory

    challenge = ChallengeFactory(technology=project.technology)
    targets = {
        "member": other_user,
        "project": project,
        "organization": project.technology.organization,
        "challenge": challenge,
        "tag": Tag.objects.get(slug="castle"),
    }
    for kind, target in targets.items():
        found = selectors.follow_target_get(kind=kind, key=selectors.follow_key(target))
        assert found == target
        follow(actor=other_user if kind == "member" else user, target=found) if kind != "member" else follow(
            actor=user, target=found
        )
    assert selectors.following_count(member=user) == 5
    assert [f.follower for f in selectors.followers(target=project)] == [user]


@pytest.mark.parametrize(
    "kind, key",
    [("member", "nobody"), ("project", "no-such-project"), ("organization", "nope"), ("challenge", "nope"), ("tag", "nope")],
)
def test_unknown_targets_are_not_found(kind, key):
    with pytest.raises(NotFound):
        selectors.follow_target_get(kind=kind, key=key)


def test_drafts_and_hidden_projects_cannot_be_followed(project, draft):
    from django.utils import timezone

    project.hidden_at = timezone.now()
    project.save(update_fields=["hidden_at"])
    for slug in (project.slug, draft.slug):
        with pytest.raises(NotFound):
            selectors.follow_target_get(kind="project", key=slug)


def test_an_unknown_kind_is_invalid():
    with pytest.raises(InvalidInput):
        selectors.follow_target_get(kind="spaceship", key="x")


# --- pages ----------------------------------------------------------------------------------------------


def test_follow_button_follows_without_javascript(user_client, user, project):
    # when
    response = user_client.post(
        f"/follow/project/{project.slug}/", {"action": "follow", "next": project.get_absolute_url()}
    )
    # then
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert selectors.is_following(user=user, target=project)
    page = user_client.get(project.get_absolute_url()).content.decode()
    assert "Following" in page and "1 follower" in page


def test_follow_button_swaps_itself_with_htmx(user_client, user, other_user):
    # when
    response = user_client.post(f"/follow/member/{other_user.username}/", {"action": "follow"}, HTTP_HX_REQUEST="true")
    # then
    html = response.content.decode()
    assert response.status_code == 200 and 'id="follow-member-bob"' in html
    assert 'aria-pressed="true"' in html and "1 follower" in html
    # and unfollows
    response = user_client.post(
        f"/follow/member/{other_user.username}/", {"action": "unfollow"}, HTTP_HX_REQUEST="true"
    )
    assert 'aria-pressed="false"' in response.content.decode() and "0 followers" in response.content.decode()
    assert not Follow.objects.exists()


def test_follow_refuses_an_outside_next_url(user_client, project):
    response = user_client.post(f"/follow/project/{project.slug}/", {"next": "https://evil.example/"})
    assert response["Location"] == project.get_absolute_url()


def test_follow_of_an_unknown_target_is_404(user_client):
    assert user_client.post("/follow/project/nope/").status_code == 404
    assert user_client.post("/follow/spaceship/x/").status_code == 404
    assert not Follow.objects.exists()


def test_visitors_see_a_log_in_link(client, project):
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Log in to follow" in page
    response = client.post(f"/follow/project/{project.slug}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Follow.objects.exists()


def test_follow_only_answers_post(user_client, project):
    assert user_client.get(f"/follow/project/{project.slug}/").status_code == 405


def test_own_profile_shows_no_follow_button(user_client, user):
    page = user_client.get(f"/members/{user.username}/").content.decode()
    assert 'action="/follow/member/alice/"' not in page


def test_member_page_shows_counts_and_lists(client, user, other_user, project):
    # given
    follow(actor=other_user, target=user)
    follow(actor=other_user, target=project)
    # when
    profile = client.get(f"/members/{user.username}/").content.decode()
    followers_page = client.get(f"/members/{user.username}/followers/").content.decode()
    following_page = client.get(f"/members/{other_user.username}/following/").content.decode()
    # then
    assert f'href="/members/{user.username}/followers/">1<' in profile
    assert f'href="/members/{user.username}/following/">0<' in profile
    assert other_user.name in followers_page
    assert project.title in following_page and user.name in following_page
    assert client.get("/members/nobody/followers/").status_code == 404


def test_the_project_list_filtered_by_a_tag_offers_to_follow_it(user_client, user, project):
    page = user_client.get("/projects/?tag=castle").content.decode()
    assert 'action="/follow/tag/castle/"' in page
    assert 'href="/tags/castle/feed.atom"' in page
    user_client.post("/follow/tag/castle/", {"action": "follow"})
    assert selectors.is_following(user=user, target=Tag.objects.get(slug="castle"))
    assert Follow.objects.filter(target_type=ContentType.objects.get_for_model(Tag)).count() == 1
