import pytest
from django.urls import reverse

from boucle.accounts.tests.factories import UserFactory
from boucle.community import services
from boucle.community.models import Comment, CommentRevision, Mention, Reaction

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Comment, CommentRevision, Reaction, Mention])
def test_every_model_has_working_admin_pages(client, user, other_user, project, model):
    comment = services.comment_create(author=user, target=project, body="Hi @bob")
    services.comment_edit(actor=user, comment=comment, body="Hello @bob")
    services.reaction_toggle(actor=other_user, comment=comment, kind="like")
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    obj = model.objects.first()
    opts = model._meta

    listing = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    change = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    assert listing.status_code == 200 and change.status_code == 200
