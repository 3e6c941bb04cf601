"""An adoption reaches the project's team and followers; adoptions and offers read in feeds."""

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.activity.lines import event_html, event_url
from boucle.activity.models import Event, Verb
from boucle.activity.services import follow
from boucle.notifications.enums import Kind
from boucle.notifications.models import Notification
from boucle.notifications.services import notifications_fan_out
from boucle.notifications.texts import notification_text
from boucle.realization import services
from boucle.realization.tests.factories import accepted_design, make_producer

pytestmark = pytest.mark.django_db


def test_the_team_and_followers_hear_of_an_adoption_and_feeds_link_to_it():
    # given a project with an owner and a follower, and a bystander
    owner, follower, bystander = UserFactory(), UserFactory(), UserFactory()
    design = accepted_design(owner=owner)
    follow(actor=follower, target=design.project)
    producer, org = make_producer()
    # when a producer adopts it and publishes an offer
    realization = services.realization_adopt(
        actor=producer, organization=org, project=design.project, revision=design.head
    )
    offer = services.offer_create(actor=producer, realization=realization, title="Basket kit", price="9.50")
    adopted = Event.objects.get(verb=Verb.REALIZATION_ADOPTED)
    notifications_fan_out(event_id=adopted.pk)
    # then the owner and the follower are told, not the bystander nor the producer
    told = Notification.objects.filter(kind=Kind.PROJECT_ADOPTED)
    assert set(told.values_list("recipient", flat=True)) == {owner.pk, follower.pk}
    assert org.name in notification_text(told.first())
    # and the feed lines point at the realization and the offer
    assert event_url(adopted) == realization.get_absolute_url()
    assert org.name in str(event_html(adopted))
    published = Event.objects.get(verb=Verb.OFFER_PUBLISHED)
    assert event_url(published) == offer.get_absolute_url() and "9.50" in str(event_html(published))
    assert not Notification.objects.filter(recipient=bystander).exists()
