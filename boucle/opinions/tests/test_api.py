import pytest

from boucle.opinions.models import MapSnapshot, StatementState, Vote


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_an_owner_opens_a_conversation_and_members_vote_and_read_the_map(
    owner, technology, members, client_for, django_capture_on_commit_callbacks
):
    # when
    response = post(
        client_for(owner),
        "/api/opinions/conversations",
        {
            "target_type": "technology",
            "target": technology.slug,
            "question": "Next set?",
            "seeds": ["Trains", "Boats"],
        },
    )
    # then
    assert response.status_code == 201, response.json()
    conversation_id = response.json()["id"]
    listing = client_for(members[0]).get(f"/api/opinions/conversations/{conversation_id}/statements").json()
    statements = [s["id"] for s in listing["items"]]
    assert len(statements) == 2
    with django_capture_on_commit_callbacks(execute=True):
        for member in members[:2]:
            for statement in statements:
                vote = post(
                    client_for(member),
                    f"/api/opinions/conversations/{conversation_id}/votes",
                    {"statement": statement, "value": 1},
                )
                assert vote.status_code == 200, vote.json()
    assert Vote.objects.count() == 4
    assert client_for(members[0]).get(f"/api/opinions/conversations/{conversation_id}/next").json() == {
        "statement": None
    }
    assert (
        client_for(members[3]).get(f"/api/opinions/conversations/{conversation_id}/next").json()["statement"]
    )
    the_map = client_for(members[0]).get(f"/api/opinions/conversations/{conversation_id}/map").json()
    assert the_map["vote_count"] == 4 and the_map["map"]["participant_count"] == 2
    listed = (
        client_for(members[0])
        .get("/api/opinions/conversations", {"target_type": "technology", "target": technology.slug})
        .json()
    )
    assert [c["id"] for c in listed["items"]] == [conversation_id]


def test_bad_votes_are_answered_clearly(conversation, members, client_for):
    client = client_for(members[0])
    url = f"/api/opinions/conversations/{conversation.pk}/votes"
    statement = conversation.statements.first().pk
    assert post(client, url, {"statement": statement, "value": 5}).status_code == 422
    assert post(client, url, {"statement": 999999, "value": 1}).status_code == 404
    assert (
        post(
            client, "/api/opinions/conversations/999999/votes", {"statement": statement, "value": 1}
        ).status_code
        == 404
    )
    anonymous = post(client.__class__(), url, {"statement": statement, "value": 1})
    assert anonymous.status_code in (401, 403)
    assert not Vote.objects.exists()


def test_a_near_duplicate_statement_is_pointed_out(conversation, members, client_for):
    response = post(
        client_for(members[0]),
        f"/api/opinions/conversations/{conversation.pk}/statements",
        {"text": "Bigger wheels for the rovers"},
    )
    assert response.status_code == 409
    assert "Bigger wheels for rovers" in response.json()["detail"]
    assert response.json()["errors"]["similar"]


def test_moderators_reject_and_members_cannot(conversation, owner, members, client_for):
    statement = conversation.statements.first()
    url = f"/api/opinions/statements/{statement.pk}/moderation"
    assert post(client_for(members[0]), url, {"action": "reject"}).status_code == 403
    response = post(client_for(owner), url, {"action": "reject"})
    assert response.status_code == 200 and response.json()["state"] == StatementState.REJECTED
    visible = client_for(members[0]).get(f"/api/opinions/conversations/{conversation.pk}/statements").json()
    assert statement.pk not in [s["id"] for s in visible["items"]]
    assert post(client_for(owner), url, {"action": "merge"}).status_code == 400


def test_the_map_before_any_vote_is_empty(conversation, client):
    response = client.get(f"/api/opinions/conversations/{conversation.pk}/map")
    assert response.status_code == 200
    assert response.json() == {"computed_at": None, "vote_count": 0, "map": None}
    assert not MapSnapshot.objects.exists()


def test_dates_without_a_time_zone_are_read_in_the_site_zone(owner, technology, client_for):
    response = post(
        client_for(owner),
        "/api/opinions/conversations",
        {
            "target_type": "technology",
            "target": technology.slug,
            "question": "Dated?",
            "opens_at": "2030-01-01T10:00:00",
            "closes_at": "2030-01-01T09:00:00+00:00",
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"]["closes_at"]


def test_export_and_import_through_the_api(conversation, owner, technology, members, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from boucle.opinions.models import Conversation
    from boucle.opinions.services import vote_cast

    # given
    for statement in conversation.statements.all():
        vote_cast(actor=members[0], conversation=conversation, statement=statement, value=1)
    # when
    files = client_for(members[1]).get(f"/api/opinions/conversations/{conversation.pk}/polis").json()
    response = client_for(owner).post(
        "/api/opinions/conversations/polis",
        {
            "comments": SimpleUploadedFile("comments.csv", files["comments.csv"].encode()),
            "votes": SimpleUploadedFile("votes.csv", files["votes.csv"].encode()),
            "summary": SimpleUploadedFile("summary.csv", files["summary.csv"].encode()),
            "target_type": "technology",
            "target": technology.slug,
        },
    )
    # then
    assert response.status_code == 201, response.json()
    copy = Conversation.objects.get(pk=response.json()["id"])
    assert copy.question == conversation.question and copy.technology == technology
    assert copy.statements.count() == 3
    assert Vote.objects.filter(statement__conversation=copy, value=1).count() == 3
    # a member without a role cannot import
    refused = client_for(members[1]).post(
        "/api/opinions/conversations/polis",
        {
            "comments": SimpleUploadedFile("comments.csv", files["comments.csv"].encode()),
            "votes": SimpleUploadedFile("votes.csv", b"timestamp,comment-id,voter-id,vote\\n1,0,0,7\\n"),
        },
    )
    assert refused.status_code == 403
    assert Conversation.objects.count() == 2


def test_other_moderators_are_named_when_opening_and_an_unknown_one_refuses_it(
    owner, technology, members, client_for
):
    # given
    from boucle.opinions.models import Conversation

    payload = {"target_type": "technology", "target": technology.slug, "question": "Next set?"}
    # when
    refused = post(client_for(owner), "/api/opinions/conversations", {**payload, "moderators": ["nobody"]})
    opened = post(
        client_for(owner), "/api/opinions/conversations", {**payload, "moderators": [members[1].username]}
    )
    # then
    assert refused.status_code == 400 and "moderators" in refused.json()["errors"]
    conversation = Conversation.objects.get()
    assert opened.status_code == 201 and list(conversation.moderators.all()) == [members[1]]
    reject = post(
        client_for(members[1]),
        f"/api/opinions/statements/{statement_for(conversation, members[0]).pk}/moderation",
        {"action": "reject"},
    )
    assert reject.status_code == 200 and reject.json()["state"] == StatementState.REJECTED


def statement_for(conversation, author):
    from boucle.opinions.services import statement_add

    return statement_add(actor=author, conversation=conversation, text="Bigger boxes for the bricks")


def test_a_zip_imports_through_the_api_and_a_bad_one_imports_nothing(
    conversation, owner, technology, client_for
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from boucle.opinions.models import Conversation

    # given
    exported = client_for(owner).get(f"/opinions/{conversation.pk}/export/").content
    target = {"target_type": "technology", "target": technology.slug}
    # when
    bad = client_for(owner).post(
        "/api/opinions/conversations/polis", {"archive": SimpleUploadedFile("x.zip", b"not a zip"), **target}
    )
    good = client_for(owner).post(
        "/api/opinions/conversations/polis", {"archive": SimpleUploadedFile("x.zip", exported), **target}
    )
    # then
    assert bad.status_code == 400 and bad.json()["detail"] == "This is not a zip file."
    assert good.status_code == 201, good.json()
    assert Conversation.objects.count() == 2
    assert Conversation.objects.get(pk=good.json()["id"]).statements.count() == 3
