#!/usr/bin/env python
"""Fuzz Boucle's JSON API with schemathesis, against a throwaway SQLite database.

    .venv/bin/python scripts/schemathesis_run.py [--max-examples 25] [--only /api/projects] [--keep]

It creates a temporary BOUCLE_DATA_DIR, migrates a fresh SQLite database there, loads the demo data
(scale 1) and creates an API token for the demo member ``olivia`` (owner of Brickwerk Toys, so the
organization's write paths are reached too). Then, for every operation of /api/openapi.json, it sends a
bounded number of deterministic cases (hypothesis, derandomized) through the WSGI application:

- with path parameters taken from the demo data (an existing organization, project, comment...), so
  requests reach the code behind the 404s, with valid then invalid (negative) bodies and queries;
- with every parameter generated.

Each response is checked for ``not_a_server_error`` (no 5xx) and ``response_schema_conformance`` (the body
matches the documented schema of its status code). The run prints one line per operation, then every
distinct failure (operation, status, what failed, a curl command and, for a 5xx, the exception raised in
the server), then ``schemathesis: N operations, M cases, F failures``. It exits 1 on any failure.
"""

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHECK_NAMES = ("not_a_server_error", "response_schema_conformance")


@dataclass
class Found:
    operation: str
    title: str
    status: int
    message: str
    curl: str
    server_error: str = ""


@dataclass
class Stats:
    cases: int = 0
    statuses: dict = field(default_factory=dict)  # HTTP status -> count
    failures: dict = field(default_factory=dict)  # (operation, title, status) -> Found


class ServerErrors(logging.Handler):
    """Keeps the exceptions Django logs for 5xx answers, to show where the server failed."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.last = None

    def emit(self, record):
        if record.exc_info:
            exc_type, exc, tb = record.exc_info
            frames = traceback.extract_tb(tb)
            ours = [f for f in frames if "/boucle/" in f.filename and "site-packages" not in f.filename]
            where = ours[-1] if ours else (frames[-1] if frames else None)
            place = f" at {os.path.relpath(where.filename, ROOT)}:{where.lineno} in {where.name}" if where else ""
            self.last = f"{exc_type.__name__}: {exc}{place}"

    def pop(self) -> str:
        last, self.last = self.last, None
        return last or ""


def prepare(data_dir: Path):
    """Settings, a fresh database with the demo data, and a token. Returns (token, path parameters)."""
    os.environ["BOUCLE_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    # The test settings: SQLite under BOUCLE_DATA_DIR, mail kept in memory, tasks run inline, no rate limits
    # (the fuzzer sends thousands of requests), plain static files (no collectstatic needed).
    os.environ["DJANGO_SETTINGS_MODULE"] = "boucle.settings.test"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    call_command("migrate", interactive=False, verbosity=0)
    from boucle.demo.seed import seed

    seed(scale=1)

    from boucle.accounts.models import ApiToken, User
    from boucle.community.models import Comment
    from boucle.orgs.models import Invitation, Organization
    from boucle.projects.models import Project, SecondChanceRound
    from boucle.reviews.models import ReviewWindow

    olivia = User.objects.get(username="olivia")
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(user=olivia, name="schemathesis", key_hash=ApiToken.hash_key(key), hint=key[:12])
    spare_key = ApiToken.generate_key()
    spare = ApiToken.objects.create(
        user=olivia, name="spare", key_hash=ApiToken.hash_key(spare_key), hint=spare_key[:12]
    )
    org = Organization.objects.get(slug="brickwerk")
    project = Project.objects.filter(technology__organization=org, status="in_review").order_by("slug").first()
    comment = Comment.objects.filter(project=project).order_by("id").first() or Comment.objects.order_by("id").first()
    window = ReviewWindow.objects.filter(organization=org, opened_at__isnull=True).first()
    invitation = Invitation.objects.create(
        organization=org, email="invitee@example.org", role="producer", token="schemathesis-invitation",
        invited_by=olivia,
    )
    known = {
        "/api/orgs/": {"slug": org.slug, "username": "alice", "role": "producer", "invitation_id": invitation.pk,
                       "window_id": window.pk if window else 1, "token": invitation.token},
        "/api/technologies/": {"slug": "brickwerk-system"},
        "/api/challenges/": {"slug": "small-flats-big-builds"},
        "/api/projects/": {
            "slug": project.slug if project else "unknown",
            "username": "alice",
            "round_id": getattr(SecondChanceRound.objects.order_by("id").first(), "pk", 1),
        },
        "/api/comments/": {"comment_id": comment.pk if comment else 1},
        "/api/members/": {"username": "alice"},
        "/api/me/tokens/": {"token_id": spare.pk},
    }
    # The studio's paths: a design of the demo data (its revision 1) and one of its suggestions.
    from boucle.studio.models import Design, Suggestion

    design = Design.objects.order_by("id").first()
    suggestion = Suggestion.objects.order_by("id").first()
    if design is not None:
        known["/api/designs/"] = {"design_id": design.pk, "number": 1}
    if suggestion is not None:
        known["/api/suggestions/"] = {"suggestion_id": suggestion.pk}
    # The makes' paths: a make of the demo data, an organization's usages.
    from boucle.makes.models import Make

    make = Make.objects.order_by("id").first()
    known["/api/makes/"] = {"make_id": make.pk if make else 1, "organization": org.slug}
    return key, token, known


def known_parameters(path: str, names: list[str], known: dict) -> dict:
    for prefix in sorted(known, key=len, reverse=True):
        if path.startswith(prefix):
            return {n: v for n, v in known[prefix].items() if n in names}
    return {}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--max-examples", type=int, default=25,
        help="Examples per operation (default 25), shared between valid and invalid input, known and generated paths.",
    )
    parser.add_argument("--only", default="", help="Only operations whose path contains this text.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary data directory.")
    args = parser.parse_args(argv)

    data_dir = Path(tempfile.mkdtemp(prefix="boucle-schemathesis-"))
    started = time.monotonic()
    try:
        key, token, known = prepare(data_dir)
        return fuzz(key=key, token=token, known=known, args=args, started=started)
    finally:
        if args.keep:
            print(f"Data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def fuzz(*, key, token, known, args, started) -> int:
    import hypothesis
    import schemathesis
    from hypothesis import HealthCheck, Phase, given
    from hypothesis import settings as hsettings
    from schemathesis.checks import not_a_server_error
    from schemathesis.core.failures import FailureGroup
    from schemathesis.core.result import Ok
    from schemathesis.specs.openapi.checks import response_schema_conformance

    from boucle.accounts.models import ApiToken
    from boucle.wsgi import application

    server_errors = ServerErrors()
    request_logger = logging.getLogger("django.request")
    request_logger.handlers = [server_errors]
    request_logger.propagate = False

    headers = {"Authorization": f"Bearer {key}"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    operations, broken = [], []
    for result in schema.get_all_operations():
        if isinstance(result, Ok):
            operations.append(result.ok())
        else:
            broken.append(str(result.err()))
    operations = [op for op in operations if args.only in op.path]
    stats = Stats()
    checks = [not_a_server_error, response_schema_conformance]

    def keep_token_usable():
        # A fuzzed DELETE /api/me/tokens/{id} may revoke the fuzzer's own token: undo it, so later cases
        # keep testing the authenticated paths rather than a 401.
        if not ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True, user__is_active=True).exists():
            ApiToken.objects.filter(pk=token.pk).update(revoked_at=None)
            token.user.__class__.objects.filter(pk=token.user_id).update(is_active=True)

    def run_pass(operation, mode, path_parameters, max_examples) -> int:
        count = 0
        strategy = operation.as_strategy(
            generation_mode=mode, path_parameters=path_parameters or None, headers=headers
        )

        @hsettings(
            max_examples=max_examples, derandomize=True, deadline=None, database=None,
            suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate], print_blob=False,
        )
        @given(case=strategy)
        def test(case):
            nonlocal count
            keep_token_usable()
            server_errors.pop()
            response = case.call(headers=headers)
            count += 1
            stats.statuses[response.status_code] = stats.statuses.get(response.status_code, 0) + 1
            try:
                case.validate_response(response, checks=checks, headers=headers)
            except FailureGroup as group:
                server_error = server_errors.pop()
                try:
                    curl = case.as_curl_command(headers=headers)
                except Exception:  # noqa: BLE001 - a reproduction hint only
                    curl = f"{case.method} {case.formatted_path}"
                curl = curl.replace(key, "$TOKEN")
                for failure in group.exceptions:
                    found_key = (operation.label, failure.title, response.status_code)
                    if found_key not in stats.failures:
                        stats.failures[found_key] = Found(
                            operation=operation.label, title=failure.title, status=response.status_code,
                            message=(failure.message or "").strip(), curl=curl, server_error=server_error,
                        )

        try:
            test()
        except (hypothesis.errors.Unsatisfiable, hypothesis.errors.FailedHealthCheck):
            pass  # no case of this kind exists for this operation (e.g. nothing to make invalid)
        except Exception as exc:  # noqa: BLE001 - report the operation, keep going
            found_key = (operation.label, "Could not generate or send cases", 0)
            stats.failures.setdefault(found_key, Found(
                operation=operation.label, title=found_key[1], status=0,
                message=f"{type(exc).__name__}: {exc}", curl="",
            ))
        return count

    for operation in operations:
        names = [p.name for p in operation.path_parameters] if operation.path_parameters else []
        fixed = known_parameters(operation.path, names, known)
        before = len(stats.failures)
        cases = 0
        positive, negative = schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE
        if fixed:  # most of the budget where requests reach the code behind the 404s
            passes = [(positive, fixed, 0.4), (negative, fixed, 0.3), (positive, None, 0.15), (negative, None, 0.15)]
        else:
            passes = [(positive, None, 0.5), (negative, None, 0.5)]
        for mode, params, share in passes:
            cases += run_pass(operation, mode, params, max(1, round(args.max_examples * share)))
        stats.cases += cases
        new = len(stats.failures) - before
        print(f"  {operation.label:<60} {cases:>4} cases  {'FAILED (' + str(new) + ')' if new else 'ok'}", flush=True)

    elapsed = time.monotonic() - started
    if broken:
        print("\nOperations schemathesis could not read from the schema:")
        for message in broken:
            print(f"  - {message}")
    if stats.failures:
        print(f"\n{len(stats.failures)} distinct failures:\n")
        for n, found in enumerate(stats.failures.values(), start=1):
            print(f"{n}. {found.operation}: {found.title} (HTTP {found.status})")
            for line in found.message.splitlines()[:12]:
                print(f"     {line}")
            if found.server_error:
                print(f"     server raised {found.server_error}")
            if found.curl:
                print(f"     reproduce: {found.curl}")
            print()
    failures = len(stats.failures) + len(broken)
    print("answers: " + ", ".join(f"{code}×{n}" for code, n in sorted(stats.statuses.items())))
    print(
        f"schemathesis: {len(operations)} operations, {stats.cases} cases, {failures} failures "
        f"({elapsed:.0f} s)"
    )
    if not operations:
        print("No operation found in /api/openapi.json.")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
