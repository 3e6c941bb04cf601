"""JSON API of opinion maps, mounted at /api/opinions. Same services and selectors as the pages."""

from datetime import datetime
from typing import Literal

from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from boucle.api.pagination import Pagination
from boucle.community.selectors import target_get
from boucle.core.errors import InvalidInput, NotFound
from boucle.opinions import polis, services
from boucle.opinions.models import Statement, WhoMayWrite
from boucle.opinions.selectors import (
    conversation_get,
    conversations_of,
    latest_map,
    next_statement,
    statements_visible,
)
from boucle.opinions.tasks import map_request

router = Router(tags=["opinions"])

VOTE_RATE = "120/m"
STATEMENT_RATE = "10/m"
TargetType = Literal["project", "technology", "challenge"]


class ConversationOut(Schema):
    id: int
    question: str
    description: str
    target_type: TargetType | None
    target: str | None = Field(description="The slug of the challenge, technology or project.")
    who_may_write: str
    moderated_first: bool
    opens_at: datetime | None
    closes_at: datetime | None
    created_at: datetime


class ConversationIn(Schema):
    target_type: TargetType
    target: str = Field(min_length=1, max_length=200)
    question: str = Field(max_length=300)
    description: str = Field("", max_length=10000)
    who_may_write: WhoMayWrite = WhoMayWrite.MEMBERS
    moderated_first: bool = False
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    seeds: list[str] = Field(default_factory=list, max_length=200)
    moderators: list[str] = Field(
        default_factory=list, max_length=20, description="Usernames of members who moderate it too."
    )


class TargetFilter(Schema):
    target_type: TargetType
    target: str = Field(min_length=1, max_length=200)


class StatementOut(Schema):
    id: int
    text: str
    state: str
    is_seed: bool
    is_meta: bool
    created_at: datetime


class StatementIn(Schema):
    text: str = Field(max_length=2000)
    confirm_similar: bool = Field(False, description="Post even though a similar statement exists.")


class OpinionVoteIn(Schema):
    statement: int = Field(ge=1)
    value: Literal[-1, 0, 1] = Field(description="1 agree, -1 disagree, 0 pass.")


class OpinionVoteOut(Schema):
    statement: int
    value: int


class NextOut(Schema):
    statement: StatementOut | None = Field(description="None when you voted on every statement.")


class ModerationIn(Schema):
    action: Literal["approve", "reject", "merge"]
    into: int | None = Field(None, ge=1, description="For a merge: the statement it says the same as.")


class MapOut(Schema):
    computed_at: datetime | None
    vote_count: int
    map: dict | None = Field(
        description="Groups, representative, consensus and divisive statements, and participants' "
        "positions and groups (a sample of 5,000 at most, keeping the groups' proportions; "
        "docs/OPINIONS.md); None before the first computation."
    )


def _conversation_out(c) -> dict:
    target_type = (
        "challenge"
        if c.challenge_id
        else "technology"
        if c.technology_id
        else "project"
        if c.project_id
        else None
    )
    return {
        "id": c.pk,
        "question": c.question,
        "description": c.description,
        "target_type": target_type,
        "target": c.target.slug if c.target is not None else None,
        "who_may_write": c.who_may_write,
        "moderated_first": c.moderated_first,
        "opens_at": c.opens_at,
        "closes_at": c.closes_at,
        "created_at": c.created_at,
    }


@router.get("/conversations", response=list[ConversationOut], auth=None, summary="Conversations of a target")
@paginate(Pagination)
def conversation_list(request, filters: Query[TargetFilter]):
    target = target_get(target_type=filters.target_type, key=filters.target, user=request.user)
    return [_conversation_out(c) for c in conversations_of(target=target)]


@router.post("/conversations", response={201: ConversationOut}, summary="Open a conversation")
def conversation_create(request, payload: ConversationIn):
    target = target_get(target_type=payload.target_type, key=payload.target, user=request.user)
    conversation = services.conversation_create(
        actor=request.user,
        target=target,
        question=payload.question,
        description=payload.description,
        who_may_write=payload.who_may_write,
        moderated_first=payload.moderated_first,
        opens_at=payload.opens_at,
        closes_at=payload.closes_at,
        seeds=payload.seeds,
        moderators=payload.moderators,
    )
    return Status(201, _conversation_out(conversation))


@router.get(
    "/conversations/{int:conversation_id}", response=ConversationOut, auth=None, summary="A conversation"
)
def conversation_detail(request, conversation_id: int):
    return _conversation_out(conversation_get(conversation_id=conversation_id, user=request.user))


@router.get(
    "/conversations/{int:conversation_id}/statements",
    response=list[StatementOut],
    auth=None,
    summary="Its statements (moderators also see those waiting and rejected)",
)
@paginate(Pagination)
def statement_list(request, conversation_id: int):
    conversation = conversation_get(conversation_id=conversation_id, user=request.user)
    return statements_visible(conversation=conversation, user=request.user)


@router.post(
    "/conversations/{int:conversation_id}/statements",
    response={201: StatementOut},
    summary="Write a statement",
)
@ratelimit(key="user_or_ip", rate=STATEMENT_RATE, method="POST", group="opinions-statement")
def statement_create(request, conversation_id: int, payload: StatementIn):
    conversation = conversation_get(conversation_id=conversation_id, user=request.user)
    statement = services.statement_add(
        actor=request.user,
        conversation=conversation,
        text=payload.text,
        confirm_similar=payload.confirm_similar,
    )
    return Status(201, statement)


@router.post(
    "/conversations/{int:conversation_id}/votes", response=OpinionVoteOut, summary="Vote (again to change)"
)
@ratelimit(key="user_or_ip", rate=VOTE_RATE, method="POST", group="opinions-vote")
def vote_create(request, conversation_id: int, payload: OpinionVoteIn):
    conversation = conversation_get(conversation_id=conversation_id, user=request.user)
    vote = services.vote_cast(
        actor=request.user, conversation=conversation, statement=payload.statement, value=payload.value
    )
    return {"statement": vote.statement_id, "value": vote.value}


@router.get(
    "/conversations/{int:conversation_id}/next", response=NextOut, summary="The statement to vote on next"
)
def statement_next(request, conversation_id: int):
    """Favours statements with few votes and those that best separated the groups in the last map."""
    conversation = conversation_get(conversation_id=conversation_id, user=request.user)
    return {"statement": next_statement(conversation=conversation, user=request.user)}


@router.get("/conversations/{int:conversation_id}/map", response=MapOut, auth=None, summary="The last map")
def map_detail(request, conversation_id: int):
    conversation = conversation_get(conversation_id=conversation_id, user=request.user)
    snapshot = latest_map(conversation)
    if snapshot is None:
        return {"computed_at": None, "vote_count": 0, "map": None}
    return {"computed_at": snapshot.computed_at, "vote_count": snapshot.vote_count, "map": snapshot.data}


@router.post(
    "/statements/{int:statement_id}/moderation", response=StatementOut, summary="Approve, reject or merge"
)
def statement_moderate(request, statement_id: int, payload: ModerationIn):
    statement = Statement.objects.select_related("conversation").filter(pk=statement_id).first()
    if statement is None:
        raise NotFound(_("This statement does not exist."))
    conversation_get(conversation_id=statement.conversation_id, user=request.user)
    if payload.action == "approve":
        return services.statement_approve(actor=request.user, statement=statement)
    if payload.action == "reject":
        return services.statement_reject(actor=request.user, statement=statement)
    into = Statement.objects.filter(pk=payload.into or 0, conversation_id=statement.conversation_id).first()
    if into is None:
        raise InvalidInput(_("Choose the statement to merge into."), field="into")
    return services.statement_merge(actor=request.user, statement=statement, into=into)


@router.get(
    "/conversations/{int:conversation_id}/polis",
    response=dict[str, str],
    auth=None,
    summary="Export in Pol.is' open-data format",
)
def conversation_export(request, conversation_id: int):
    """The four files of Pol.is' open-data format, by name: comments.csv, votes.csv, participants-votes.csv
    (with the groups of the last map) and summary.csv."""
    conversation = conversation_get(conversation_id=conversation_id, user=request.user)
    return polis.conversation_export(conversation=conversation, snapshot=latest_map(conversation))


class ImportTarget(Schema):
    target_type: TargetType | None = None
    target: str | None = Field(None, max_length=200)


@router.post(
    "/conversations/polis", response={201: ConversationOut}, summary="Import a Pol.is open-data export"
)
def conversation_import(
    request,
    form: Form[ImportTarget],
    comments: File[UploadedFile] = None,
    votes: File[UploadedFile] = None,
    summary: File[UploadedFile] = None,
    archive: File[UploadedFile] = None,
):
    """comments.csv and votes.csv (and summary.csv for the question) as files, or ``archive``: a zip of
    them. Without a target, site staff only. A malformed or inconsistent file imports nothing."""
    target = None
    if form.target_type and form.target:
        target = target_get(target_type=form.target_type, key=form.target, user=request.user)
    if archive is not None:
        files = polis.files_from_zip(archive.read(polis.MAX_FILE_BYTES + 1))
    else:
        files = {
            name: upload.read(polis.MAX_FILE_BYTES + 1)
            for name, upload in (("comments.csv", comments), ("votes.csv", votes), ("summary.csv", summary))
            if upload is not None
        }
    conversation = polis.conversation_import(actor=request.user, files=files, target=target)
    map_request(conversation_id=conversation.pk)
    return Status(201, _conversation_out(conversation))
