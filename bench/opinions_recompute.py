"""The full recompute of an opinion map, from the database: load the votes, compute, store (issue 6, Scale).

    .venv/bin/python bench/opinions_recompute.py --data-dir DIR                     # SQLite in DIR
    .venv/bin/python bench/opinions_recompute.py --database-url postgres://...      # PostgreSQL
    .venv/bin/python bench/opinions_recompute.py --data-dir DIR --participants 10000 --votes 500000

Builds (once; later runs reuse it) a conversation on a technology with N participants, 2,000 statements and
the given number of votes: three latent camps voting by their camp's leaning with noise, each participant on
a random subset of statements; 10% of the participants are members who each support one of 12 projects of
the technology (for the group -> projects join). Then runs ``tasks.map_compute`` as the worker does and
prints its phases: loading the votes (``selectors.vote_triples``), the maths (``maths.compute_map``) and
storing (snapshot, one MapPoint per participant, the group -> projects query), the peak memory of the
process, and the latency of votes cast from another thread while the recompute runs.

The in-memory maths alone at this size is ``bench/opinions_scale.py``. Point --data-dir or
--database-url at a scratch database: the script migrates it and adds its data.
"""

import argparse
import os
import resource
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTION = "Benchmark: which sets next? ({participants} participants, {votes} votes)"


def setup(args):
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["BOUCLE_DATA_DIR"] = str(Path(args.data_dir).resolve())
        Path(args.data_dir).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "boucle.settings.base")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def generate(args):
    """The conversation of the benchmark (made once per size, found again later)."""
    import numpy as np
    from django.db import connection, transaction
    from django.utils import timezone

    from boucle.accounts.models import User
    from boucle.catalog.models import TechnologyStatus
    from boucle.catalog.services import technology_create
    from boucle.opinions.models import Conversation, Participant, Statement, StatementState, Vote
    from boucle.orgs.services import organization_create
    from boucle.projects.enums import ProjectStatus
    from boucle.projects.models import Project, Support
    from boucle.projects.services import project_create

    question = QUESTION.format(participants=args.participants, votes=args.votes)
    existing = Conversation.objects.filter(question=question).first()
    if existing is not None:
        print(f"reusing conversation {existing.pk}")
        return existing
    started = time.perf_counter()
    rng = np.random.default_rng(6)
    owner, _ = User.objects.get_or_create(
        username="bench-owner", defaults={"email": "bench-owner@example.org"}
    )
    organization = organization_create(actor=owner, name=f"Bench org {args.participants}")
    technology = technology_create(
        actor=owner, organization=organization, name="Bench bricks", status=TechnologyStatus.PUBLISHED
    )
    projects = [
        project_create(actor=owner, title=f"Bench set {i}", pitch="A set.", technology=technology)
        for i in range(12)
    ]
    Project.objects.filter(pk__in=[p.pk for p in projects]).update(status=ProjectStatus.PUBLISHED)
    conversation = Conversation.objects.create(technology=technology, question=question, created_by=owner)
    n_members = args.participants // 10
    now = timezone.now()
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(username=f"bench-{args.participants}-{i}", email=f"b{args.participants}-{i}@example.org")
                for i in range(n_members)
            ],
            batch_size=5000,
        )
        Participant.objects.bulk_create(
            [Participant(conversation=conversation, user=u) for u in users]
            + [
                Participant(conversation=conversation, external_id=str(i))
                for i in range(n_members, args.participants)
            ],
            batch_size=5000,
        )
        Statement.objects.bulk_create(
            [
                Statement(
                    conversation=conversation,
                    text=f"Bench statement {j}",
                    normalized=f"bench statement {j}",
                    length=len(f"bench statement {j}"),
                    state=StatementState.ACCEPTED,
                )
                for j in range(args.statements)
            ],
            batch_size=5000,
        )
    participant_ids = np.array(
        conversation.participants.order_by("pk").values_list("pk", flat=True), dtype=np.int64
    )
    statement_ids = np.array(
        conversation.statements.order_by("pk").values_list("pk", flat=True), dtype=np.int64
    )
    camps = rng.integers(0, 3, size=args.participants)
    leaning = rng.choice([-1, 0, 1], size=(3, args.statements), p=[0.35, 0.3, 0.35])
    member_camp = camps[:n_members]
    Support.objects.bulk_create(
        [
            Support(project=projects[int(camp) * 4 + int(rng.integers(0, 4))], user=user)
            for user, camp in zip(users, member_camp, strict=True)
        ],
        batch_size=5000,
    )
    per = args.votes // args.participants
    table = Vote._meta.db_table
    insert = (
        f"INSERT INTO {table} (participant_id, statement_id, value, created_at, updated_at) "
        "VALUES (%s, %s, %s, %s, %s)"
    )
    chunk = 2000  # participants per batch
    written = 0
    for start in range(0, args.participants, chunk):
        stop = min(start + chunk, args.participants)
        rows = []
        for p in range(start, stop):
            cols = rng.choice(args.statements, size=per, replace=False)
            values = leaning[camps[p], cols].copy()
            noise = rng.random(per) < 0.25
            values[noise] = rng.integers(-1, 2, size=int(noise.sum()))
            pid = int(participant_ids[p])
            rows.extend(
                (pid, int(statement_ids[c]), int(v), now, now) for c, v in zip(cols, values, strict=True)
            )
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # COPY: the generation only, not what is measured
                columns = "participant_id, statement_id, value, created_at, updated_at"
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(insert, rows)
        written += len(rows)
        if start % (chunk * 10) == 0:
            print(f"  {written:,} votes written ({time.perf_counter() - started:.0f} s)", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {table}")  # as autovacuum would: index-only scans
    print(f"generated in {time.perf_counter() - started:.0f} s: {written:,} votes")
    return conversation


def vote_while(conversation, stop, latencies, errors):
    """Cast votes (members changing their vote) one after the other until told to stop."""
    from django.db import connection

    from boucle.opinions.models import Participant
    from boucle.opinions.services import vote_cast

    try:
        voters = list(
            Participant.objects.filter(conversation=conversation, user__isnull=False)
            .select_related("user")
            .order_by("pk")[:200]
        )
        statements = list(conversation.statements.order_by("pk")[:50])
        i = 0
        while not stop.is_set():
            voter, statement = voters[i % len(voters)], statements[i % len(statements)]
            t = time.perf_counter()
            vote_cast(actor=voter.user, conversation=conversation, statement=statement, value=(i % 3) - 1)
            latencies.append(time.perf_counter() - t)
            i += 1
            time.sleep(0.05)
    except Exception as error:  # noqa: BLE001 - reported below
        errors.append(error)
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--data-dir", help="a scratch folder for the SQLite database")
    where.add_argument("--database-url", help="a scratch PostgreSQL database")
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--statements", type=int, default=2_000)
    parser.add_argument("--votes", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    setup(args)

    from django.db import connection
    from django.test.utils import override_settings

    from boucle.opinions import maths, selectors, tasks
    from boucle.opinions.models import MapPoint, Vote

    conversation = generate(args)
    print(
        f"database: {connection.vendor}; votes stored: {Vote.objects.filter(participant__conversation=conversation).count():,}"
    )
    phases = {}
    load, compute = selectors.vote_triples, maths.compute_map

    def timed_load(*a, **k):
        t, c = time.perf_counter(), time.process_time()
        out = load(*a, **k)
        phases["load"], phases["load_cpu"] = time.perf_counter() - t, time.process_time() - c
        return out

    def timed_compute(*a, **k):
        t, c = time.perf_counter(), time.process_time()
        out = compute(*a, **k)
        phases["maths"], phases["maths_cpu"] = time.perf_counter() - t, time.process_time() - c
        return out

    selectors.vote_triples, maths.compute_map = timed_load, timed_compute
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    for run in range(args.runs):
        stop, latencies, errors = threading.Event(), [], []
        voter = threading.Thread(target=vote_while, args=(conversation, stop, latencies, errors))
        with override_settings(TASKS=dummy):  # the votes ask for a recompute; none runs here
            voter.start()
            cpu = time.process_time()
            t = time.perf_counter()
            snapshot = tasks.map_compute(conversation)
            total = time.perf_counter() - t
            cpu = time.process_time() - cpu
            stop.set()
            voter.join()
        store = total - phases["load"] - phases["maths"]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        groups = [g["size"] for g in snapshot.data["groups"]]
        drawn = len(snapshot.data["participants"]["ids"])
        store_cpu = cpu - phases["load_cpu"] - phases["maths_cpu"]
        print(
            f"run {run + 1}: wall {total:.2f} s (load {phases['load']:.2f} s, maths {phases['maths']:.2f} s, "
            f"store {store:.2f} s); CPU of this process {cpu:.2f} s (load {phases['load_cpu']:.2f} s, "
            f"maths {phases['maths_cpu']:.2f} s, store {store_cpu:.2f} s); peak memory {peak:.0f} MB; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        print(
            f"  {snapshot.data['participant_count']:,} participants, {snapshot.vote_count:,} votes, "
            f"groups {groups}, {MapPoint.objects.filter(snapshot=snapshot).count():,} points stored, "
            f"{drawn:,} drawn, group projects {[len(g['projects']) for g in snapshot.data['groups']]}"
        )
        if latencies:
            ordered = sorted(latencies)
            print(
                f"  votes cast meanwhile: {len(ordered)}, median {ordered[len(ordered) // 2] * 1000:.0f} ms, "
                f"max {ordered[-1] * 1000:.0f} ms"
            )
        if errors:
            print(f"  vote errors: {errors[:3]}")


if __name__ == "__main__":
    main()
