"""Makes are reported and moderated like projects and comments: a member reports one from its page, enough
reports hide it (its feed line goes), the organization's moderators decide from their queue or from the page."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from boucle.activity.models import Event, Verb
from boucle.core.errors import NotAllowed
from boucle.makes.models import Make
from boucle.makes.services import make_hide
from boucle.makes.tests.factories import post_make
from boucle.moderation import services
from boucle.moderation.models import ModerationAction, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def make(world):
    return post_make(author=world.commenter, project=world.project, note="Glued every brick. Cheap watches here.")


def _feed_lines(make):
    return Event.objects.filter(
        verb=Verb.MAKE_POSTED, subject_type=ContentType.objects.get_for_model(Make), subject_id=make.pk
    )


def test_a_member_reports_a_make_to_the_organization_of_its_project(world, make):
    report = services.report_create(reporter=world.visitor, target=make, reason="spam", text="Ads in the note")

    assert report.kind == "make" and report.organization == world.org
    make.refresh_from_db()
    assert make.hidden_at is None  # one report does not hide


def test_its_author_cannot_report_their_own_make(world, make):
    with pytest.raises(NotAllowed):
        services.report_create(reporter=world.commenter, target=make, reason="spam")
    assert not Report.objects.exists()


def test_enough_reports_hide_the_make_and_remove_its_feed_line(world, make):
    assert _feed_lines(make).exists()

    for reporter in world.reporters[:3]:
        services.report_create(reporter=reporter, target=make, reason="spam")

    make.refresh_from_db()
    assert make.hidden_at is not None
    assert not _feed_lines(make).exists()
    assert ModerationAction.objects.filter(kind="make", action="hide", moderator=None).count() == 1


def test_a_hidden_make_cannot_be_reported_by_those_who_no_longer_see_it(world, make):
    make_hide(moderator=world.moderator, make=make)

    with pytest.raises(NotAllowed):
        services.report_create(reporter=world.visitor, target=make, reason="spam")


def test_hiding_from_the_make_page_closes_its_open_reports(world, make):
    services.report_create(reporter=world.visitor, target=make, reason="abuse")

    make_hide(moderator=world.moderator, make=make, reason="confirmed")

    report = Report.objects.get()
    assert report.resolved_at is not None and report.resolution == "hide" and report.resolved_by == world.moderator
    assert ModerationAction.objects.get(moderator=world.moderator).kind == "make"


def test_another_organizations_moderator_cannot_decide(world, make):
    services.report_create(reporter=world.visitor, target=make, reason="spam")

    with pytest.raises(NotAllowed):
        services.content_hide(moderator=world.other_mod, target=make)
    make.refresh_from_db()
    assert make.hidden_at is None


def test_the_make_page_has_a_report_link_and_the_form_reports_it(world, make, client_for):
    client = client_for(world.visitor)

    page = client.get(make.get_absolute_url()).content.decode()
    form = client.get(reverse("moderation_report"), {"type": "make", "id": make.pk}).content.decode()
    response = client.post(reverse("moderation_report"), {"type": "make", "id": make.pk, "reason": "spam"})

    assert f"/moderation/report/?type=make&amp;id={make.pk}" in page
    assert "You are reporting this make" in form and "Castle" in form
    assert response.status_code == 302 and response.url == make.get_absolute_url()
    assert Report.objects.get().target == make


def test_the_report_form_speaks_french(world, make, client_for):
    client = client_for(world.visitor)
    client.cookies["django_language"] = "fr"

    form = client.get(reverse("moderation_report"), {"type": "make", "id": make.pk}, HTTP_ACCEPT_LANGUAGE="fr")

    assert "fabrication" in form.content.decode()


def test_the_queue_shows_a_reported_makes_photos(world, client_for):
    from boucle.makes.tests.factories import png_upload

    make = post_make(author=world.commenter, project=world.project, note="", photos=[png_upload()])
    services.report_create(reporter=world.visitor, target=make, reason="abuse")

    queue = client_for(world.moderator).get(reverse("moderation_org_queue", args=[world.org.slug])).content.decode()

    photo = make.photos.get()
    assert f'id="make-{make.pk}"' in queue and 'alt="Photo 1"' in queue and photo.image.rsplit(".", 1)[0] in queue


def test_the_organizations_queue_shows_the_reported_make_and_its_moderator_restores_it(world, make, client_for):
    for reporter in world.reporters[:3]:
        services.report_create(reporter=reporter, target=make, reason="spam")
    client = client_for(world.moderator)

    queue = client.get(reverse("moderation_org_queue", args=[world.org.slug]), {"kind": "make"}).content.decode()
    response = client.post(
        reverse("moderation_act"), {"action": "restore", "type": "make", "id": make.pk, "reason": "fine"}
    )

    assert f'id="make-{make.pk}"' in queue and "Glued every brick" in queue
    assert response.status_code == 302
    make.refresh_from_db()
    assert make.hidden_at is None
    assert not Report.objects.filter(resolved_at__isnull=True).exists()


def test_the_api_takes_reports_of_makes(world, make, client_for):
    response = client_for(world.visitor).post(
        "/api/moderation/reports",
        json.dumps({"type": "make", "id": make.pk, "reason": "spam"}),
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["type"] == "make"
