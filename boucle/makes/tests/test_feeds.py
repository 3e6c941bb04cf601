"""Makes and version citations in feeds, Atom and notifications."""

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.activity.lines import event_html, event_url
from boucle.activity.models import Event, Verb
from boucle.catalog.services import technology_version_publish
from boucle.makes.services import make_delete
from boucle.makes.tests.factories import post_make, public_project
from boucle.notifications.enums import Kind
from boucle.notifications.models import Notification
from boucle.notifications.selectors import notification_target_url
from boucle.notifications.texts import notification_text

pytestmark = pytest.mark.django_db


def test_a_make_reads_as_a_feed_line_and_reaches_the_team(user, django_capture_on_commit_callbacks):
    # given
    project = public_project(owner=user, title="A castle that opens")
    maker = UserFactory(display_name="Mara Maker")

    # when
    with django_capture_on_commit_callbacks(execute=True):
        make = post_make(author=maker, project=project, rating=5, note="Built it <b>twice</b>")

    # then: the feed line links the make and escapes the note
    event = Event.objects.get(verb=Verb.MAKE_POSTED)
    line = str(event_html(event))
    assert "Mara Maker" in line and make.get_absolute_url() in line and "(5/5)" in line
    assert event_url(event) == make.get_absolute_url()
    notification = Notification.objects.get(kind=Kind.PROJECT_MADE)
    assert notification.recipient == user
    assert (
        notification_text(notification) == "Mara Maker made your project A castle that opens and rated it 5/5"
    )
    assert notification_target_url(notification) == make.get_absolute_url()


def test_the_project_atom_feed_has_the_make_and_the_version_it_inspired(client, user):
    project = public_project(owner=user, title="A castle that opens")
    make = post_make(project=project)
    technology = project.technology
    technology_version_publish(
        actor=technology.organization.created_by, technology=technology, version="2.0", makes=[make]
    )
    atom = client.get(f"/projects/{project.slug}/feed.atom").content.decode()
    assert "posted a make of A castle that opens" in atom
    assert f"A castle that opens inspired {technology.name} 2.0" in atom


def test_a_deleted_make_leaves_no_feed_line_and_no_notification(user, django_capture_on_commit_callbacks):
    project = public_project(owner=user)
    make = post_make(project=project)
    make_delete(actor=make.author, make=make)
    with django_capture_on_commit_callbacks(execute=True):
        pass
    assert not Event.objects.filter(verb=Verb.MAKE_POSTED).exists()
    assert not Notification.objects.filter(kind=Kind.PROJECT_MADE).exists()
