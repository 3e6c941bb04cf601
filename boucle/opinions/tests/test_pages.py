"""Pages to open a conversation, import and export Pol.is files, the Conversations section of the challenge,
technology and project pages, the moderation chart, and the visitor's way in."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from boucle.accounts.tests.factories import UserFactory
from boucle.community.tests.factories import CommentProjectFactory
from boucle.opinions.models import Conversation, Participant, Statement, Vote, WhoMayWrite
from boucle.opinions.polis import conversation_export
from boucle.opinions.services import vote_cast


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def opening(**changes):
    data = {
        "question": "Which set should come next?",
        "description": "We *listen*.",
        "seeds": "Trains for everyone\n\nMore space sets\n",
        "who_may_write": "moderators",
        "moderated_first": "on",
        "opens_at": "",
        "closes_at": "",
        "moderators": "",
    }
    data.update(changes)
    return data


def test_the_technology_page_lists_its_conversations_and_invites_its_owners_to_start_one(
    conversation, technology, owner, members, client_for, client
):
    # when
    as_owner = client_for(owner).get(technology.get_absolute_url()).content.decode()
    as_member = client_for(members[0]).get(technology.get_absolute_url()).content.decode()
    as_visitor = client.get(technology.get_absolute_url()).content.decode()
    # then
    for html in (as_owner, as_member, as_visitor):
        assert "Conversations" in html and f"/opinions/{conversation.pk}/" in html
    assert f"/opinions/new/technology/{technology.slug}/" in as_owner
    assert "Start a conversation" not in as_member and "Start a conversation" not in as_visitor


def test_an_owner_opens_a_conversation_with_seeds_settings_and_moderators(technology, owner, client_for):
    # given
    helper = UserFactory(username="Helper")
    opens = timezone.localtime() + timedelta(days=1)
    # when
    response = client_for(owner).post(
        f"/opinions/new/technology/{technology.slug}/",
        opening(
            opens_at=opens.strftime("%Y-%m-%dT%H:%M"),
            closes_at=(opens + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
            moderators="helper",
        ),
    )
    # then
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/opinions/{conversation.pk}/"
    assert conversation.technology == technology and conversation.created_by == owner
    assert conversation.question == "Which set should come next?"
    assert conversation.who_may_write == WhoMayWrite.MODERATORS and conversation.moderated_first
    assert conversation.opens_at is not None and conversation.closes_at > conversation.opens_at
    assert sorted(conversation.statements.values_list("text", flat=True)) == [
        "More space sets",
        "Trains for everyone",
    ]
    assert list(conversation.moderators.all()) == [helper]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"question": ""}, "This field is required"),
        ({"question": "<b></b>"}, "Please ask a question."),
        ({"opens_at": "2030-01-02T10:00", "closes_at": "2030-01-01T10:00"}, "must close after it opens"),
        ({"moderators": "nobody-here"}, "No member is called nobody-here"),
        ({"seeds": "A fine statement\n<i></i>"}, "Line 2"),
        ({"who_may_write": "everyone"}, "Select a valid choice"),
    ],
)
def test_a_bad_opening_is_answered_on_the_form_and_nothing_is_created(
    technology, owner, client_for, changes, message
):
    # when
    response = client_for(owner).post(f"/opinions/new/technology/{technology.slug}/", opening(**changes))
    # then
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Conversation.objects.exists() and not Statement.objects.exists()


def test_a_project_team_opens_a_conversation_and_others_may_not(db, client_for, client):
    # given
    coauthor, outsider = UserFactory(username="coauthor"), UserFactory(username="outsider")
    project = CommentProjectFactory(title="Moon base", team=[coauthor])
    path = f"/opinions/new/project/{project.slug}/"
    # when a stranger, a visitor, then the team try
    refused = client_for(outsider).post(path, opening())
    visitor = client.get(path)
    page = client_for(coauthor).get(project.get_absolute_url()).content.decode()
    opened = client_for(coauthor).post(path, opening(who_may_write="members", moderated_first=""))
    # then
    assert refused.status_code == 403
    assert visitor.status_code == 302 and visitor["Location"].startswith("/accounts/login/?next=")
    assert "Start a conversation" in page and path in page
    conversation = Conversation.objects.get()
    assert conversation.project == project and opened["Location"] == f"/opinions/{conversation.pk}/"
    assert conversation.question in client.get(project.get_absolute_url()).content.decode()


def test_a_challenge_page_has_its_conversations_section(owner, technology, client_for):
    # given
    from boucle.challenges.tests.factories import ChallengeFactory

    challenge = ChallengeFactory(technology=technology)
    # when
    client_for(owner).post(f"/opinions/new/challenge/{challenge.slug}/", opening(question="Rules?"))
    html = client_for(owner).get(challenge.get_absolute_url()).content.decode()
    # then
    conversation = Conversation.objects.get(challenge=challenge)
    assert f"/opinions/{conversation.pk}/" in html and "Rules?" in html


def test_an_unknown_target_is_not_found(owner, client_for):
    assert client_for(owner).get("/opinions/new/technology/nothing-here/").status_code == 404
    assert client_for(owner).get("/opinions/new/planet/mars/").status_code == 404


def zipped(files: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(f"export/{name}", content)
    return out.getvalue()


def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content if isinstance(content, bytes) else content.encode())


def test_an_owner_exports_a_zip_and_imports_it_back_on_the_same_technology(
    conversation, technology, owner, members, client_for
):
    # given votes on the conversation
    statements = list(conversation.statements.order_by("pk"))
    for i, member in enumerate(members):
        for j, statement in enumerate(statements):
            vote_cast(actor=member, conversation=conversation, statement=statement, value=(i + j) % 3 - 1)
    # when
    exported = client_for(members[0]).get(f"/opinions/{conversation.pk}/export/")
    archive = zipfile.ZipFile(io.BytesIO(exported.content))
    response = client_for(owner).post(
        f"/opinions/import/technology/{technology.slug}/",
        {"archive": upload("polis.zip", exported.content)},
    )
    # then
    assert exported.status_code == 200 and exported["Content-Type"] == "application/zip"
    assert "attachment" in exported["Content-Disposition"]
    assert sorted(archive.namelist()) == sorted(
        ["comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"]
    )
    imported = Conversation.objects.exclude(pk=conversation.pk).get()
    assert response.status_code == 302 and response["Location"] == f"/opinions/{imported.pk}/"
    assert imported.technology == technology and imported.is_imported
    assert imported.question == conversation.question
    assert Vote.objects.filter(statement__conversation=imported).count() == len(members) * len(statements)
    assert not Participant.objects.filter(conversation=imported, user__isnull=False).exists()
    assert imported.snapshots.exists()  # its map is asked for at once
    assert sum(imported.participation_days.values_list("votes", flat=True)) == len(members) * len(statements)


def test_csv_files_import_one_by_one(conversation, technology, owner, members, client_for):
    # given
    vote_cast(actor=members[0], conversation=conversation, statement=conversation.statements.first(), value=1)
    files = conversation_export(conversation=conversation)
    # when
    response = client_for(owner).post(
        f"/opinions/import/technology/{technology.slug}/",
        {
            "comments": upload("comments.csv", files["comments.csv"]),
            "votes": upload("v.csv", files["votes.csv"]),
        },
    )
    # then
    assert response.status_code == 302
    assert Conversation.objects.filter(is_imported=True).count() == 1


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"archive": b"PK not really a zip"}, "This is not a zip file."),
        (
            {"archive": zipped({"comments.csv": "comment-id,author-id,moderated,comment-body\n"})},
            "no votes.csv",
        ),
        (
            {
                "comments": "comment-id,author-id,moderated,comment-body\n0,1,1,Trains\n",
                "votes": "timestamp,comment-id,voter-id,vote\n1,0,1,1\n2,7,1,1\n",
            },
            "votes.csv, line 3: statement 7 is not in comments.csv.",
        ),
        (
            {
                "comments": "comment-id,author-id,moderated,comment-body\n0,1,1,Trains\n",
                "votes": "timestamp,comment-id,voter-id,vote\n1,0,1,yes\n",
            },
            "vote is not a whole number",
        ),
        (
            {"comments": "id,text\n0,Trains\n", "votes": "timestamp,comment-id,voter-id,vote\n"},
            "missing column",
        ),
        ({"votes": "timestamp,comment-id,voter-id,vote\n"}, "comments.csv is missing."),
    ],
)
def test_a_bad_import_is_named_and_nothing_is_imported(technology, owner, client_for, files, message):
    # given
    names = {"archive": "export.zip", "comments": "comments.csv", "votes": "votes.csv"}
    # when
    response = client_for(owner).post(
        f"/opinions/import/technology/{technology.slug}/",
        {field: upload(names[field], content) for field, content in files.items()},
    )
    # then
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Conversation.objects.exists() and not Statement.objects.exists() and not Vote.objects.exists()


def test_only_those_who_may_open_a_conversation_may_import(technology, members, client_for):
    response = client_for(members[0]).get(f"/opinions/import/technology/{technology.slug}/")
    assert response.status_code == 403


def test_moderators_see_participation_per_day(conversation, owner, members, client_for, monkeypatch):
    # given two votes by one member three days ago, then two members voting today
    from boucle.opinions import services

    statements = list(conversation.statements.order_by("pk"))
    today = services.timezone.now
    monkeypatch.setattr(services.timezone, "now", lambda: today() - timedelta(days=3))
    for statement in statements[:2]:
        vote_cast(actor=members[0], conversation=conversation, statement=statement, value=1)
    monkeypatch.setattr(services.timezone, "now", today)
    for member in members[1:3]:
        vote_cast(actor=member, conversation=conversation, statement=statements[0], value=1)
    vote_cast(actor=members[1], conversation=conversation, statement=statements[0], value=-1)  # changed
    # when
    html = client_for(owner).get(f"/opinions/{conversation.pk}/moderation/").content.decode()
    # then
    assert "Participation over time" in html and 'role="img"' in html
    table = html.split("Participation by day")[1].split("</table>")[0]
    rows = [r for r in table.split("<tr>")[2:]]
    cells = [[c.split("</td>")[0].split(">")[-1] for c in r.split("<td>")[1:]] for r in rows]
    assert [c[1:] for c in cells] == [["2", "1"], ["3", "2"]]  # votes cast, participants: oldest day first


def test_a_visitor_reads_the_statements_and_the_map_and_signs_in_to_vote(conversation, members, client):
    # given a map
    from boucle.opinions.tasks import map_compute

    for member in members:
        for statement in conversation.statements.all():
            vote_cast(actor=member, conversation=conversation, statement=statement, value=1)
    map_compute(conversation)
    path = f"/opinions/{conversation.pk}/"
    # when
    html = client.get(path).content.decode()
    # then every accepted statement and the map are there, and the way in comes back here
    for text in conversation.statements.values_list("text", flat=True):
        assert text in html
    assert "<svg" in html and "Opinion map" in html
    assert f'href="/accounts/login/?next={path}"' in html
    # when they sign in from that link
    members[0].set_password("pass-word-123")
    members[0].save()
    signed_in = client.post(
        f"/accounts/login/?next={path}",
        {"login": members[0].username, "password": "pass-word-123", "next": path},
    )
    # then they are back on the conversation
    assert signed_in.status_code == 302 and signed_in["Location"] == path


def test_a_closed_or_not_yet_open_conversation_says_so_instead_of_offering_a_vote(
    conversation, members, client_for
):
    # given
    later = timezone.now() + timedelta(days=2)
    Conversation.objects.filter(pk=conversation.pk).update(opens_at=later)
    # when
    before = client_for(members[0]).get(f"/opinions/{conversation.pk}/").content.decode()
    Conversation.objects.filter(pk=conversation.pk).update(opens_at=None, closes_at=timezone.now())
    after = client_for(members[0]).get(f"/opinions/{conversation.pk}/").content.decode()
    # then
    assert "This conversation opens on" in before and 'name="value"' not in before
    assert "This conversation is closed." in after and 'name="value"' not in after


def test_the_moderation_page_lists_the_statements_to_merge_into_once_not_once_per_row(
    conversation, owner, client_for
):
    # given 40 accepted statements
    from boucle.opinions.services import statements_seed

    statements_seed(
        actor=owner, conversation=conversation, texts=[f"Idea number {i} for sets" for i in range(40)]
    )
    accepted = list(conversation.statements.values_list("pk", flat=True))
    # when
    html = client_for(owner).get(f"/opinions/{conversation.pk}/moderation/").content.decode()
    # then one shared list: the page grows with the statements, not with their square
    assert all(html.count(f'<option value="{pk}">') == 1 for pk in accepted)
    assert html.count('list="accepted-statements"') == len(accepted)
