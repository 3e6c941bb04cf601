"""Designs in feeds, Atom, notifications and search: supporters hear of a new revision, the team of a
suggestion, its author of the decision; designs of public projects are found."""

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.activity.lines import event_html, event_text, event_url
from boucle.activity.models import Event, Verb
from boucle.notifications.enums import Kind
from boucle.notifications.models import Notification
from boucle.notifications.texts import notification_excerpt, notification_text
from boucle.projects.services import support_add
from boucle.search.selectors import search_query
from boucle.studio.services import revision_save, suggestion_decline, suggestion_propose
from boucle.studio.tests.factories import make_design, tally

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def test_supporters_hear_of_a_new_revision(committed, user):
    # given a design of a published project with two supporters
    design = make_design(owner=user, title="Gatehouse")
    fans = [UserFactory(), UserFactory()]
    for fan in fans:
        support_add(actor=fan, project=design.project)
    # when the team saves a revision
    revision = committed(
        revision_save, actor=user, design=design, content=tally(("apple", 9)), parent=1, message="Taller"
    )
    # then each supporter gets a notification that says so and leads to the design
    notes = Notification.objects.filter(kind=Kind.SUPPORTED_REVISION).select_related(
        "event__actor", "event__project"
    )
    assert sorted(n.recipient_id for n in notes) == sorted(f.pk for f in fans)
    note = notes[0]
    assert (
        notification_text(note)
        == f"{design.project.title}, a project you support, saved revision 2 of its design “Gatehouse”"
    )
    assert notification_excerpt(note) == "Taller"
    assert not Notification.objects.filter(recipient=user).exists()  # never the actor
    event = Event.objects.get(verb=Verb.DESIGN_REVISION, subject_id=revision.pk)
    assert event_text(event) == f"{user.name} saved revision 2 of Gatehouse in {design.project.title}"
    assert design.project.get_absolute_url() in event_url(event)
    assert "<a href=" in event_html(event)


def test_the_team_hears_of_a_suggestion_and_its_author_of_the_decision(committed, user, other_user):
    design = make_design(owner=user, title="Gatehouse")
    suggestion = committed(
        suggestion_propose,
        actor=other_user,
        design=design,
        content=tally(("pear", 1)),
        parent=1,
        message="Pears",
    )
    to_team = Notification.objects.get(kind=Kind.DESIGN_SUGGESTION)
    assert to_team.recipient == user
    assert "suggested a change to “Gatehouse”" in notification_text(to_team)
    committed(suggestion_decline, actor=user, suggestion=suggestion, reason="Apples only")
    to_author = Notification.objects.get(kind=Kind.SUGGESTION_DECIDED)
    assert to_author.recipient == other_user
    assert "declined your suggestion" in notification_text(to_author)
    assert notification_excerpt(to_author) == "Apples only"


def test_the_projects_atom_feed_lists_design_revisions(client, user):
    design = make_design(owner=user, title="Gatehouse")
    revision_save(actor=user, design=design, content=tally(("apple", 9)), parent=1, message="Taller")
    from django.urls import reverse

    response = client.get(reverse("project_atom", args=[design.project.slug]))
    assert response.status_code == 200
    assert b"saved revision 2 of Gatehouse" in response.content


def test_designs_of_public_projects_are_found_by_title_and_kind(user):
    from boucle.search.services import search_reindex

    design = make_design(owner=user, title="Gatehouse with drawbridge")
    hidden = make_design(owner=UserFactory(), title="Secret drawbridge", publish=False)
    search_reindex()
    hits = search_query(q="drawbridge", kind="design").hits
    assert [h.object for h in hits] == [design]
    assert hits[0].url == design.get_absolute_url()
    assert hidden not in [h.object for h in search_query(q="drawbridge").hits]
    assert [h.object for h in search_query(q="tally", kind="design").hits] == [design]
