"""Pol.is open-data format: import and export of comments.csv, votes.csv, participants-votes.csv and
summary.csv (the layout of the Computational Democracy Project's openData repository)."""

import csv
import io
from datetime import UTC, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from boucle.core.errors import InvalidInput, NotAllowed
from boucle.opinions import text as statement_text
from boucle.opinions.models import Conversation, Participant, Statement, StatementState, Vote

COMMENT_COLUMNS = ("comment-id", "author-id", "moderated", "comment-body")
VOTE_COLUMNS = ("timestamp", "comment-id", "voter-id", "vote")
MAX_FILE_BYTES = 50 * 1024 * 1024


def _text(content, name) -> str:
    if content is None:
        return ""
    if isinstance(content, bytes | bytearray):
        if len(content) > MAX_FILE_BYTES:
            raise InvalidInput(_("%(file)s is too large.") % {"file": name}, field=name)
        try:
            return bytes(content).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput(_("%(file)s is not UTF-8 text.") % {"file": name}, field=name) from None
    return str(content).lstrip("\ufeff")


def _reader(content, name, required):
    reader = csv.DictReader(io.StringIO(_text(content, name), newline=""))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(
            _("%(file)s: missing column(s) %(columns)s.") % {"file": name, "columns": ", ".join(missing)},
            field=name,
        )
    return reader


def _error(name, line, message):
    return InvalidInput(
        _("%(file)s, line %(line)d: %(message)s") % {"file": name, "line": line, "message": message},
        field=name,
    )


def _int(value, name, line, what):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise _error(
            name,
            line,
            _("%(what)s is not a whole number (%(value)s).") % {"what": what, "value": str(value)[:40]},
        ) from None


def parse_summary(content) -> dict:
    """summary.csv: two columns, key then value."""
    summary = {}
    for row in csv.reader(io.StringIO(_text(content, "summary.csv"), newline="")):
        if row:
            summary[row[0].strip()] = row[1] if len(row) > 1 else ""
    return summary


def parse_comments(content) -> list[dict]:
    name = "comments.csv"
    reader = _reader(content, name, COMMENT_COLUMNS)
    comments, seen = [], set()
    for row in reader:
        line = reader.line_num
        comment_id = _int(row["comment-id"], name, line, "comment-id")
        if comment_id < 0 or comment_id in seen:
            raise _error(name, line, _("comment-id %(id)d is negative or repeated.") % {"id": comment_id})
        seen.add(comment_id)
        moderated = _int(row["moderated"] or 0, name, line, "moderated")
        if moderated not in (-1, 0, 1):
            raise _error(name, line, _("moderated must be -1, 0 or 1."))
        timestamp = _int(row["timestamp"], name, line, "timestamp") if row.get("timestamp") else None
        is_meta = str(row.get("is-meta") or "").strip().lower() in {"1", "true", "t", "yes"}
        comments.append(
            {
                "id": comment_id,
                "author": str(row["author-id"] or "").strip(),
                "moderated": moderated,
                "text": (row["comment-body"] or "").strip(),
                "timestamp": timestamp,
                "is_meta": is_meta,
            }
        )
    return comments


def parse_votes(content, comment_ids: set[int]) -> list[dict]:
    """The votes, the latest (by timestamp, then by line) for each (voter, statement) pair."""
    name = "votes.csv"
    reader = _reader(content, name, VOTE_COLUMNS)
    latest: dict[tuple[str, int], tuple[int, int, int]] = {}
    for row in reader:
        line = reader.line_num
        timestamp = _int(row["timestamp"], name, line, "timestamp")
        comment_id = _int(row["comment-id"], name, line, "comment-id")
        voter = str(row["voter-id"] or "").strip()
        value = _int(row["vote"], name, line, "vote")
        if comment_id not in comment_ids:
            raise _error(name, line, _("statement %(id)d is not in comments.csv.") % {"id": comment_id})
        if not voter:
            raise _error(name, line, _("voter-id is empty."))
        if value not in (-1, 0, 1):
            raise _error(name, line, _("a vote is -1, 0 or 1, not %(value)d.") % {"value": value})
        key = (voter, comment_id)
        if key not in latest or (timestamp, line) >= latest[key][:2]:
            latest[key] = (timestamp, line, value)
    return [
        {"voter": voter, "comment": comment, "timestamp": ts, "value": value}
        for (voter, comment), (ts, _line, value) in latest.items()
    ]


def _when(timestamp_ms):
    if timestamp_ms is None:
        return datetime.now(UTC)
    return datetime.fromtimestamp(timestamp_ms / 1000, tz=UTC)


@transaction.atomic
def conversation_import(*, actor, files: dict, target=None, question: str = "") -> Conversation:
    """Import a Pol.is open-data export as a new conversation (all or nothing).

    ``files`` maps file names to their content (str or bytes): comments.csv and votes.csv are required,
    summary.csv gives the question and description, participants-votes.csv is not needed (votes.csv is the
    record; the groups Pol.is computed are only read by the comparison benchmark)."""
    from boucle.opinions.services import _target_kwargs, can_open_conversation

    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAllowed(_("Please log in first."))
    if target is None and not actor.is_staff:
        raise NotAllowed(
            _("Only site staff can import a conversation without a challenge, technology or project.")
        )
    if target is not None and not can_open_conversation(user=actor, target=target):
        raise NotAllowed(
            _(
                "Only the organization's owners and moderators, or the project's team, can open a conversation."
            )
        )
    for required in ("comments.csv", "votes.csv"):
        if not files.get(required):
            raise InvalidInput(_("%(file)s is missing.") % {"file": required}, field=required)
    name = "summary.csv"
    try:
        summary = parse_summary(files.get("summary.csv"))
        name = "comments.csv"
        comments = parse_comments(files["comments.csv"])
        name = "votes.csv"
        votes = parse_votes(files["votes.csv"], {c["id"] for c in comments})
    except csv.Error as error:  # NUL bytes, a field too large, a broken quote...
        raise InvalidInput(
            _("%(file)s is not a readable CSV file (%(error)s).") % {"file": name, "error": str(error)[:80]},
            field=name,
        ) from None

    question = statement_text.strip_markup(question or summary.get("topic") or "")[:300] or _(
        "Imported conversation"
    )
    conversation = Conversation.objects.create(
        **(_target_kwargs(target) if target is not None else {}),
        question=question,
        description=(summary.get("conversation-description") or "").strip()[:10000],
        created_by=actor,
        is_imported=True,
    )
    external_ids = sorted({c["author"] for c in comments if c["author"]} | {v["voter"] for v in votes})
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, external_id=e) for e in external_ids], batch_size=2000
    )
    participants = dict(conversation.participants.values_list("external_id", "pk"))
    Statement.objects.bulk_create(
        [
            Statement(
                conversation=conversation,
                author_id=participants.get(c["author"]),
                text=c["text"],
                normalized=(normalized := statement_text.normalize(c["text"])),
                length=len(normalized),
                state=StatementState.REJECTED if c["moderated"] == -1 else StatementState.ACCEPTED,
                moderated=c["moderated"],
                is_meta=c["is_meta"],
                external_id=c["id"],
                created_at=_when(c["timestamp"]),
            )
            for c in comments
        ],
        batch_size=2000,
    )
    statements = dict(conversation.statements.values_list("external_id", "pk"))
    Vote.objects.bulk_create(
        [
            Vote(
                participant_id=participants[v["voter"]],
                statement_id=statements[v["comment"]],
                value=v["value"],
                created_at=_when(v["timestamp"]),
                updated_at=_when(v["timestamp"]),
            )
            for v in votes
        ],
        batch_size=5000,
    )
    _participation_days(conversation, votes)
    # auto_now_add overrode the statements' dates: put Pol.is' back (one UPDATE per statement is fine here).
    for c in comments:
        if c["timestamp"] is not None:
            Statement.objects.filter(pk=statements[c["id"]]).update(created_at=_when(c["timestamp"]))
    return conversation


def _participation_days(conversation, votes) -> None:
    """The moderation chart's rows (votes and voters per day) from the imported votes' timestamps."""
    from django.utils import timezone

    from boucle.opinions.models import ParticipationDay

    days: dict = {}
    for v in votes:
        day = timezone.localdate(_when(v["timestamp"]))
        count, voters = days.setdefault(day, [0, set()])
        days[day][0] = count + 1
        voters.add(v["voter"])
    ParticipationDay.objects.bulk_create(
        [
            ParticipationDay(conversation=conversation, day=day, votes=count, participants=len(voters))
            for day, (count, voters) in sorted(days.items())
        ]
    )


# -------------------------------------------------------------------------------------------------- export


def _csv(rows) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _ms(moment) -> int:
    return int(moment.timestamp() * 1000)


def _human(moment) -> str:
    return moment.astimezone(UTC).strftime("%a %b %d %H:%M:%S UTC %Y")


def conversation_export(*, conversation, snapshot=None) -> dict[str, str]:
    """The conversation in Pol.is' open-data layout: {file name: CSV text}. Ids are Pol.is' own for an
    imported conversation, otherwise numbers given in order of creation."""
    statements = list(conversation.statements.order_by("pk"))
    participants = list(conversation.participants.order_by("pk"))
    if statements and all(s.external_id is not None for s in statements):
        comment_id = {s.pk: s.external_id for s in statements}
    else:
        comment_id = {s.pk: i for i, s in enumerate(statements)}
    if participants and all(p.external_id.isdigit() for p in participants):
        voter_id = {p.pk: p.external_id for p in participants}
    else:
        voter_id = {p.pk: str(i) for i, p in enumerate(participants)}
    votes = list(
        Vote.objects.filter(statement__conversation=conversation)
        .order_by("created_at", "pk")
        .values_list("participant_id", "statement_id", "value", "updated_at")
    )

    def moderated(s):
        if s.state == StatementState.REJECTED:
            return -1
        if s.state == StatementState.PENDING:
            return 0
        return 1 if s.moderated == 1 or s.moderated_at else 0

    agrees, disagrees = {}, {}
    per_voter: dict[int, dict[int, int]] = {}
    for participant_id, statement_id, value, _at in votes:
        if value == 1:
            agrees[statement_id] = agrees.get(statement_id, 0) + 1
        elif value == -1:
            disagrees[statement_id] = disagrees.get(statement_id, 0) + 1
        per_voter.setdefault(participant_id, {})[statement_id] = value
    comments = [
        (
            "timestamp",
            "datetime",
            "comment-id",
            "author-id",
            "agrees",
            "disagrees",
            "moderated",
            "comment-body",
        )
    ]
    for s in sorted(statements, key=lambda s: (s.created_at, s.pk)):
        comments.append(
            (
                _ms(s.created_at),
                _human(s.created_at),
                comment_id[s.pk],
                voter_id.get(s.author_id, ""),
                agrees.get(s.pk, 0),
                disagrees.get(s.pk, 0),
                moderated(s),
                s.text,
            )
        )
    vote_rows = [("timestamp", "datetime", "comment-id", "voter-id", "vote")]
    for participant_id, statement_id, value, at in sorted(votes, key=lambda v: (v[3], v[0], v[1])):
        vote_rows.append((_ms(at), _human(at), comment_id[statement_id], voter_id[participant_id], value))

    from boucle.opinions.selectors import map_groups_of

    groups = map_groups_of(snapshot=snapshot)
    authored = {}
    for s in statements:
        if s.author_id:
            authored[s.author_id] = authored.get(s.author_id, 0) + 1
    ordered_statements = sorted(statements, key=lambda s: comment_id[s.pk])
    matrix = [
        ("participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")
        + tuple(comment_id[s.pk] for s in ordered_statements)
    ]
    for p in participants:
        own = per_voter.get(p.pk, {})
        matrix.append(
            (
                voter_id[p.pk],
                groups.get(p.pk, ""),
                authored.get(p.pk, 0),
                len(own),
                sum(1 for v in own.values() if v == 1),
                sum(1 for v in own.values() if v == -1),
            )
            + tuple(own.get(s.pk, "") for s in ordered_statements)
        )
    summary = [
        ("topic", conversation.question),
        ("url", ""),
        ("views", ""),
        ("voters", len(per_voter)),
        ("voters-in-conv", len(groups) if snapshot is not None else ""),
        ("commenters", len(authored)),
        ("comments", len(statements)),
        ("groups", len(snapshot.data["groups"]) if snapshot is not None else ""),
        ("conversation-description", conversation.description),
    ]
    return {
        "comments.csv": _csv(comments),
        "votes.csv": _csv(vote_rows),
        "participants-votes.csv": _csv(matrix),
        "summary.csv": _csv(summary),
    }


# ---------------------------------------------------------------------------------------------------- zips

EXPORT_FILES = ("comments.csv", "votes.csv", "participants-votes.csv", "summary.csv")
IMPORT_FILES = ("comments.csv", "votes.csv", "summary.csv")


def files_from_zip(content: bytes) -> dict[str, bytes]:
    """The files of a zipped Pol.is export, by name (folders inside the zip are ignored: the first
    comments.csv, votes.csv and summary.csv found). A file larger than MAX_FILE_BYTES once unpacked is
    refused before it is read, so a zip bomb costs nothing."""
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InvalidInput(_("This is not a zip file."), field="archive") from None
    files = {}
    for info in members:
        name = info.filename.rsplit("/", 1)[-1]
        if info.is_dir() or name not in IMPORT_FILES or name in files:
            continue
        if info.file_size > MAX_FILE_BYTES:
            raise InvalidInput(_("%(file)s is too large.") % {"file": name}, field="archive")
        try:
            files[name] = archive.read(info)
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
            raise InvalidInput(
                _("%(file)s cannot be read from the zip file.") % {"file": name}, field="archive"
            ) from None
    for required in ("comments.csv", "votes.csv"):
        if required not in files:
            raise InvalidInput(_("The zip file has no %(file)s.") % {"file": required}, field="archive")
    return files


def conversation_export_zip(*, conversation, snapshot=None) -> bytes:
    """The four files of ``conversation_export`` in one zip."""
    import zipfile

    exported = conversation_export(conversation=conversation, snapshot=snapshot)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in EXPORT_FILES:
            archive.writestr(name, exported[name])
    return out.getvalue()
