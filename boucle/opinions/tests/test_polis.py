from pathlib import Path

import pytest
from sklearn.metrics import adjusted_rand_score

from boucle.accounts.tests.factories import UserFactory
from boucle.core.errors import InvalidInput, NotAllowed
from boucle.opinions.models import Conversation, Participant, Statement, StatementState, Vote
from boucle.opinions.polis import conversation_export, conversation_import
from boucle.opinions.tasks import map_compute

DATA = Path(__file__).resolve().parents[3] / "tests" / "data" / "polis"
FILES = ("comments.csv", "votes.csv", "participants-votes.csv", "summary.csv")


def read(name):
    return {f: (DATA / name / f).read_bytes() for f in FILES}


@pytest.fixture
def staff(db):
    return UserFactory(username="staff", is_staff=True)


def polis_groups(files):
    """Pol.is' own groups, from participants-votes.csv: {participant id: group id}."""
    import csv
    import io

    rows = csv.DictReader(io.StringIO(files["participants-votes.csv"].decode()))
    return {r["participant"]: r["group-id"] for r in rows if r["group-id"] != ""}


def test_a_real_conversation_imports_and_maps_close_to_polis_own_groups(staff):
    # given
    files = read("15-per-hour-seattle")
    # when
    conversation = conversation_import(actor=staff, files=files)
    snapshot = map_compute(conversation)
    # then
    assert conversation.question == "$15/hour"
    assert conversation.description.startswith("How do you think the new minimum wage law")
    assert conversation.participants.filter(user__isnull=False).count() == 0  # anonymous, not accounts
    rejected = set(conversation.statements.filter(state=StatementState.REJECTED).values_list("pk", flat=True))
    assert rejected  # moderated = -1 statements are kept...
    data = snapshot.data
    in_map = {r["statement"] for g in data["groups"] for r in g["representative"]}
    assert not in_map & rejected  # ...but left out of the map
    assert data["statement_count"] == conversation.statements.count() - len(rejected)
    assert len(data["groups"]) == 2  # as Pol.is found
    # Agreement with the groups Pol.is computed for the same conversation.
    external = dict(Participant.objects.filter(conversation=conversation).values_list("pk", "external_id"))
    theirs = polis_groups(files)
    ours = {
        external[pid]: g
        for pid, g in zip(data["participants"]["ids"], data["participants"]["group"], strict=True)
    }
    common = [p for p in theirs if ours.get(p) is not None]
    assert len(common) == len(theirs) == data["clustered_count"]  # the same participants are clustered
    assert adjusted_rand_score([theirs[p] for p in common], [ours[p] for p in common]) > 0.7


def test_a_small_conversation_imports_and_maps(staff):
    # when
    conversation = conversation_import(actor=staff, files=read("london.youth.policing"))
    snapshot = map_compute(conversation)
    # then
    assert conversation.question.startswith("What is the best way to engage more young people")
    assert snapshot.data["clustered_count"] == len(polis_groups(read("london.youth.policing")))
    assert 1 <= len(snapshot.data["groups"]) <= 5


def test_the_latest_vote_of_a_repeated_pair_wins(staff):
    # given
    files = {
        "comments.csv": "timestamp,comment-id,author-id,moderated,comment-body\n1,0,7,1,Trains\n2,1,7,-1,Spam\n",
        "votes.csv": "timestamp,comment-id,voter-id,vote\n30,0,8,1\n10,0,8,-1\n20,0,8,0\n5,1,8,1\n",
    }
    # when
    conversation = conversation_import(actor=staff, files=files)
    # then
    votes = {(v.statement.external_id, v.value) for v in Vote.objects.select_related("statement")}
    assert votes == {(0, 1), (1, 1)}
    assert conversation.statements.get(external_id=1).state == StatementState.REJECTED
    assert sorted(conversation.participants.values_list("external_id", flat=True)) == ["7", "8"]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"comments.csv": "comment-id,author-id,moderated,comment-body\n0,1,1,A\n"}, "votes.csv is missing"),
        ({"comments.csv": "comment-id,author-id,comment-body\n0,1,A\n", "votes.csv": "x"}, "missing column"),
        (
            {"comments.csv": "comment-id,author-id,moderated,comment-body\nx,1,1,A\n", "votes.csv": "x"},
            "line 2",
        ),
        (
            {"comments.csv": "comment-id,author-id,moderated,comment-body\n0,1,2,A\n", "votes.csv": "x"},
            "moderated",
        ),
        (
            {
                "comments.csv": "comment-id,author-id,moderated,comment-body\n0,1,1,A\n",
                "votes.csv": "timestamp,comment-id,voter-id,vote\n1,0,1,1\n2,5,1,1\n",
            },
            "statement 5 is not in comments.csv",
        ),
        (
            {
                "comments.csv": "comment-id,author-id,moderated,comment-body\n0,1,1,A\n",
                "votes.csv": "timestamp,comment-id,voter-id,vote\n1,0,1,1\n2,0,2,3\n",
            },
            "a vote is -1, 0 or 1",
        ),
        ({"comments.csv": b"\xff\xfe", "votes.csv": "x"}, "UTF-8"),
        (
            {
                "comments.csv": "comment-id,author-id,moderated,comment-body\n0,1,1,A\n",
                "votes.csv": "timestamp,comment-id,voter-id,vote\n1,0,1," + "9" * 200000 + "\n",
            },
            "CSV",
        ),
    ],
)
def test_malformed_or_inconsistent_files_are_refused_and_nothing_is_imported(staff, files, message):
    # when
    with pytest.raises(InvalidInput) as refused:
        conversation_import(actor=staff, files=files)
    # then
    assert message in refused.value.message
    assert not Conversation.objects.exists() and not Statement.objects.exists() and not Vote.objects.exists()


def test_only_staff_import_without_a_target(db):
    with pytest.raises(NotAllowed):
        conversation_import(actor=UserFactory(), files=read("london.youth.policing"))
    assert not Conversation.objects.exists()


def test_export_then_import_gives_the_same_conversation(staff):
    # given
    original = conversation_import(actor=staff, files=read("15-per-hour-seattle"))
    snapshot = map_compute(original)
    # when
    exported = conversation_export(conversation=original, snapshot=snapshot)
    copy = conversation_import(actor=staff, files={k: v.encode() for k, v in exported.items()})

    # then
    def statements(c):
        return sorted(c.statements.values_list("external_id", "text", "state", "author__external_id"))

    def votes(c):
        return sorted(
            Vote.objects.filter(statement__conversation=c).values_list(
                "participant__external_id", "statement__external_id", "value"
            )
        )

    assert statements(copy) == statements(original)
    assert votes(copy) == votes(original)
    assert copy.question == original.question and copy.description == original.description
    assert set(exported) == {"comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"}
    header = exported["participants-votes.csv"].splitlines()[0]
    assert header.startswith("participant,group-id,n-comments,n-votes,n-agree,n-disagree,")
