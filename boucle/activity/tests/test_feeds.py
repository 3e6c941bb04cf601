"""The home feed, the public activity streams and their keyset pages."""

import pytest
from django.utils import timezone

from boucle.accounts.tests.factories import UserFactory
from boucle.activity import selectors
from boucle.activity.models import Event, Verb
from boucle.activity.services import event_record, follow
from boucle.community.services import comment_create
from boucle.projects.models import Tag
from boucle.projects.services import project_update
from boucle.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def carol(db):
    return UserFactory(username="carol")


def feed_of(member):
    return list(selectors.feed_events(user=member))


def test_an_empty_follow_list_gives_an_empty_feed(carol, project):
    assert feed_of(carol) == []


def test_following_a_project_shows_its_events(carol, user, project):
    # given
    follow(actor=carol, target=project)
    other = make_project(owner=user, publish=True, title="Unrelated")
    # when
    project_update(actor=user, project=project, pitch="New pitch")
    # then
    verbs = [(e.verb, e.project_id) for e in feed_of(carol)]
    assert (Verb.PROJECT_EDITED, project.pk) in verbs and (Verb.PROJECT_PUBLISHED, project.pk) in verbs
    assert all(project_id != other.pk for _verb, project_id in verbs)


def test_following_a_member_shows_what_they_do(carol, user, other_user, project):
    # given
    follow(actor=carol, target=other_user)
    # when
    comment_create(author=other_user, target=project, body="I would buy it")
    make_project(owner=user, publish=True, title="Someone else's")
    # then
    feed = feed_of(carol)
    assert [e.verb for e in feed] == [Verb.COMMENT_POSTED]
    assert feed[0].actor == other_user


def test_following_an_organization_shows_its_projects_and_discussions(carol, user, project):
    # given
    follow(actor=carol, target=project.technology.organization)
    # when
    comment_create(author=user, target=project.technology, body="About the technology")
    # then
    verbs = {e.verb for e in feed_of(carol)}
    assert verbs == {Verb.PROJECT_PUBLISHED, Verb.COMMENT_POSTED}


def test_following_a_challenge_shows_its_projects(carol, user):
    from boucle.challenges.tests.factories import ChallengeFactory

    # given
    challenge = ChallengeFactory()
    follow(actor=carol, target=challenge)
    # when
    inside = make_project(owner=user, challenge=challenge, publish=True, title="Inside")
    make_project(owner=user, technology=challenge.technology, publish=True, title="Outside")
    # then
    assert [e.project_id for e in feed_of(carol)] == [inside.pk]


def test_following_a_tag_shows_projects_carrying_it(carol, user, project):
    # given
    follow(actor=carol, target=Tag.objects.get(slug="medieval"))
    make_project(owner=user, publish=True, title="Spaceship", tags="space")
    # when
    tagged = make_project(owner=user, publish=True, title="Keep", tags="medieval")
    # then
    assert {e.project_id for e in feed_of(carol)} == {project.pk, tagged.pk}


def test_own_acts_stay_out_of_my_feed(user, project):
    follow(actor=user, target=project.technology.organization)
    assert feed_of(user) == []


def test_drafts_and_hidden_content_never_show(carol, user, project, draft):
    # given
    follow(actor=carol, target=user)
    follow(actor=carol, target=project.technology.organization)
    comment_create(author=user, target=draft, body="Note to self on the draft")
    hidden = comment_create(author=user, target=project, body="Something moderators hide")
    deleted = comment_create(author=user, target=project, body="Something I take back")
    kept = comment_create(author=user, target=project, body="Stays")
    hidden.hidden_at = timezone.now()
    hidden.save(update_fields=["hidden_at"])
    from boucle.community.services import comment_delete

    comment_delete(actor=user, comment=deleted)
    # when
    subjects = {e.subject_id for e in feed_of(carol) if e.verb == Verb.COMMENT_POSTED}
    # then
    assert subjects == {kept.pk}
    assert all(e.project_id != draft.pk for e in feed_of(carol))
    # a hidden project disappears whole, from feeds and streams
    project.hidden_at = timezone.now()
    project.save(update_fields=["hidden_at"])
    assert feed_of(carol) == []
    assert list(selectors.organization_events(organization=project.technology.organization)) == []


def _many_events(project, n):
    for i in range(n):
        event_record(verb=Verb.PROJECT_EDITED, project=project, subject=project, data={"changed": [f"f{i}"]})


def test_pages_have_no_duplicates_or_gaps_even_while_events_arrive(carol, project):
    # given
    follow(actor=carol, target=project)
    _many_events(project, 45)
    expected = [e.pk for e in selectors.feed_events(user=carol).order_by("-created_at", "-id")]
    # when
    seen, cursor = [], None
    while True:
        page = selectors.events_page(selectors.feed_events(user=carol), cursor=cursor, limit=10)
        seen += [e.pk for e in page.events]
        _many_events(project, 1)  # newer events never shift the pages already handed out
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    # then
    assert seen == expected and len(seen) == 46


def test_events_with_the_same_time_are_paged_by_id(carol, project):
    follow(actor=carol, target=project)
    _many_events(project, 5)
    Event.objects.update(created_at=timezone.now())
    first = selectors.events_page(selectors.feed_events(user=carol), limit=3)
    second = selectors.events_page(selectors.feed_events(user=carol), cursor=first.next_cursor, limit=3)
    ids = [e.pk for e in first.events + second.events]
    assert len(ids) == len(set(ids)) == 6 and ids == sorted(ids, reverse=True)
    assert second.next_cursor is None


@pytest.mark.parametrize("cursor", ["garbage", "MTIz", "", "%%%", "OTk5OTk5OTk5OTk5OTk5OTk5OTk5LjE"])
def test_a_bad_cursor_is_a_clear_400(user_client, cursor):
    response = user_client.get("/feed/", {"cursor": cursor})
    assert response.status_code in (200, 400)
    if cursor:
        assert response.status_code == 400


# --- pages ----------------------------------------------------------------------------------------------


def test_the_feed_page_needs_a_login(client):
    response = client.get("/feed/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_feed_page_lists_lines_and_loads_more_with_htmx(client_for, carol, project):
    # given
    follow(actor=carol, target=project)
    _many_events(project, 25)
    client = client_for(carol)
    # when
    page = client.get("/feed/").content.decode()
    # then
    assert page.count('class="event ') == 20 and 'id="events-more"' in page
    cursor = page.split('hx-get="/feed/?cursor=')[1].split('"')[0]
    more = client.get(f"/feed/?cursor={cursor}", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="events-more")
    fragment = more.content.decode()
    assert "<html" not in fragment and fragment.count('class="event ') == 6
    assert 'id="events-more"' not in fragment
    # without JS the link opens the next page in full
    assert "<html" in client.get(f"/feed/?cursor={cursor}").content.decode()


def test_the_home_page_shows_my_feed(client_for, carol, project):
    follow(actor=carol, target=project)
    page = client_for(carol).get("/").content.decode()
    assert "My feed" in page and f'href="/projects/{project.slug}/"' in page


def test_feed_page_queries_do_not_grow_with_the_page(client_for, carol, project, django_assert_max_num_queries):
    # given
    follow(actor=carol, target=project)
    follow(actor=carol, target=Tag.objects.get(slug="castle"))
    client = client_for(carol)
    _many_events(project, 10)
    client.get("/feed/")  # warm the content-type cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ten:
        assert client.get("/feed/").content.decode().count('class="event ') == 11  # with the publication
    # when
    _many_events(project, 40)
    # then
    with django_assert_max_num_queries(len(ten.captured_queries)):
        response = client.get("/feed/")
    assert response.content.decode().count('class="event ') == 20


def test_project_stream_page_and_recent_activity(client, user, project):
    comment_create(author=user, target=project, body="First news")
    stream = client.get(f"/projects/{project.slug}/activity/")
    assert stream.status_code == 200
    html = stream.content.decode()
    assert "First news" in html and 'type="application/atom+xml"' in html
    detail = client.get(project.get_absolute_url()).content.decode()
    assert "Recent activity" in detail and f'href="/projects/{project.slug}/feed.atom"' in detail


def test_streams_of_drafts_and_unknowns_are_404(client, draft):
    assert client.get(f"/projects/{draft.slug}/activity/").status_code == 404
    assert client.get("/projects/nope/activity/").status_code == 404
    assert client.get("/orgs/nope/activity/").status_code == 404


def test_organization_stream_page(client, user, project):
    organization = project.technology.organization
    html = client.get(f"/orgs/{organization.slug}/activity/").content.decode()
    assert project.title in html
    detail = client.get(organization.get_absolute_url()).content.decode()
    assert "Recent activity" in detail and f'href="/orgs/{organization.slug}/feed.atom"' in detail


def test_feed_pages_read_by_source_are_the_feed_pages(user):
    """``feed_page`` (one index walk per followed source) gives exactly the pages of ``feed_events`` (the
    feed's definition as one query), for random follows, events and page sizes, ties in time included."""
    import random
    from datetime import timedelta

    from boucle.challenges.tests.factories import ChallengeFactory

    rng = random.Random(20261126)
    members = [UserFactory(username=f"m{i}") for i in range(6)]
    challenge = ChallengeFactory()
    projects = [
        make_project(owner=user, publish=True, title=f"Idea {i}", tags=rng.choice(["castle", "boat", "castle, boat", ""]),
                     challenge=challenge if i % 3 == 0 else None)
        for i in range(8)
    ]
    start = timezone.now() - timedelta(days=10)
    for _ in range(160):
        project = rng.choice(projects)
        event = event_record(verb=Verb.PROJECT_EDITED, actor=rng.choice(members + [user, None]), project=project,
                             subject=project, data={"changed": ["body"]})
        # Some events share their time exactly: the pages must still break ties by id.
        Event.objects.filter(pk=event.pk).update(created_at=start + timedelta(minutes=rng.randint(0, 90)))
    tags = list(Tag.objects.all())
    targets = [*members, *projects, *tags, challenge, projects[0].technology.organization]
    for reader in members:
        for target in rng.sample(targets, rng.randint(1, 8)):
            if target != reader:
                follow(actor=reader, target=target)
    for reader in members:
        for limit in (1, 4, 25):
            cursor, fast, slow = None, [], []
            while True:
                page = selectors.feed_page(user=reader, cursor=cursor, limit=limit)
                reference = selectors.events_page(selectors.feed_events(user=reader), cursor=cursor, limit=limit)
                fast += [e.pk for e in page.events]
                slow += [e.pk for e in reference.events]
                assert page.next_cursor == reference.next_cursor
                if page.next_cursor is None:
                    break
                cursor = page.next_cursor
            assert fast == slow
            assert len(fast) == len(set(fast))
