"""``boucle seed --scale N``: a generated community on top of the demo data, loaded once for the module."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from boucle.accounts.models import User
from boucle.activity.models import Event, Follow, Verb
from boucle.community.models import Comment
from boucle.demo.models import GeneratedCommunity
from boucle.demo.scale import GENERATED_USERNAME, _fit_total, members_for
from boucle.demo.seed import DEMO_PASSWORD
from boucle.ledger.models import Contribution, ContributionKind
from boucle.projects.enums import ProjectStatus
from boucle.projects.models import Project, Support, Transition

S = ProjectStatus
N = 200
GENERATED = r"-g[0-9]+$"  # generated project slugs end with -g<index>


@pytest.fixture(scope="module")
def scaled(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed", scale=N, no_progress=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)  # leave an empty database to the next module


def generated_projects():
    return Project.objects.filter(slug__regex=GENERATED)


def row_counts() -> dict:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.mark.django_db
def test_the_generated_community_has_the_announced_size(scaled):
    n = GeneratedCommunity.objects.get().projects  # N, or more if the "larger N" test ran first
    projects = generated_projects()
    assert projects.count() == n >= N
    assert User.objects.filter(username__regex=GENERATED_USERNAME).count() == members_for(n) >= 20
    assert Support.objects.filter(project__in=projects).count() == 10 * n
    assert Comment.objects.filter(project__in=projects).count() == 5 * n
    assert Comment.objects.filter(project__in=projects, parent__isnull=False).exists()
    assert Follow.objects.filter(follower__username__regex=GENERATED_USERNAME).count() > n
    assert Event.objects.filter(project__in=projects, verb=Verb.COMMENT_POSTED).count() == 5 * n
    assert Event.objects.filter(project__in=projects, verb=Verb.PROJECT_PUBLISHED).count() == projects.exclude(
        published_at=None
    ).count()


@pytest.mark.django_db
def test_statuses_come_in_realistic_proportions(scaled):
    counts = dict(generated_projects().values_list("status").annotate(n=Count("id")))
    common = counts.get(S.PUBLISHED, 0) + counts.get(S.EXPIRED, 0) + counts.get(S.DRAFT, 0)
    assert common > sum(counts.values()) / 2
    assert counts.get(S.PUBLISHED, 0) > counts.get(S.SUPPORTED, 0) > 0


@pytest.mark.django_db
def test_support_count_equals_the_support_rows_and_pairs_are_unique(scaled):
    mismatched = Project.objects.annotate(n=Count("supports")).exclude(support_count=F("n"))
    assert not mismatched.exists()
    doubled = Support.objects.values("project", "user").annotate(n=Count("id")).filter(n__gt=1)
    assert not doubled.exists()
    in_own_team = Support.objects.filter(project__team__user=F("user"))
    assert not in_own_team.exists()


@pytest.mark.django_db
def test_every_generated_act_has_exactly_one_ledger_row(scaled):
    projects = generated_projects()
    supports = set(Support.objects.filter(project__in=projects).values_list("pk", flat=True))
    rows = list(
        Contribution.objects.filter(project__in=projects, kind=ContributionKind.SUPPORT).values_list(
            "object_id", flat=True
        )
    )
    assert sorted(rows) == sorted(supports)
    comments = Comment.objects.filter(project__in=projects).count()
    assert Contribution.objects.filter(project__in=projects, kind=ContributionKind.COMMENT).count() == comments
    created = Contribution.objects.filter(project__in=projects, kind=ContributionKind.PROJECT_CREATED)
    assert created.count() == projects.count()
    assert not created.exclude(actor=F("project__created_by")).exists()


@pytest.mark.django_db
def test_tiers_deadlines_and_transitions_follow_each_ladder(scaled):
    now = timezone.now()
    last = {}
    for t in Transition.objects.filter(project__slug__regex=GENERATED).order_by("created_at", "id"):
        assert t.from_status == last.get(t.project_id, S.DRAFT), t.project_id
        last[t.project_id] = t.to_status
    for p in generated_projects():
        assert last.get(p.pk, S.DRAFT) == p.status, p.slug
        if p.published_at is None:
            assert (p.support_count, p.support_ladder, p.support_deadline) == (0, None, None), p.slug
            continue
        ladder = p.support_ladder
        if p.status == S.PUBLISHED:
            assert p.support_tier < len(ladder) and p.support_deadline > now, p.slug
            assert p.support_count < ladder[p.support_tier]["supporters"], p.slug
            if p.support_tier:
                assert p.support_count >= ladder[p.support_tier - 1]["supporters"], p.slug
        elif p.status in (S.EXPIRED, S.ARCHIVED):
            assert p.support_deadline is None and p.support_count < ladder[0]["supporters"], p.slug
        else:
            assert p.support_tier == len(ladder) - 1 and p.support_count >= ladder[-1]["supporters"], p.slug
            assert p.supported_at is not None and p.review_window is not None, p.slug


@pytest.mark.django_db
def test_titles_are_mostly_distinct_and_comments_are_rendered(scaled):
    titles = list(generated_projects().values_list("title", flat=True))
    assert len(set(titles)) > 0.9 * len(titles)
    comment = Comment.objects.filter(project__slug__regex=GENERATED).first()
    assert comment.body_html.startswith("<p>")


@pytest.mark.django_db
def test_a_second_run_with_the_same_scale_changes_nothing(scaled):
    # given
    before = row_counts()
    # when
    call_command("seed", scale=N, no_progress=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    # then
    assert row_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("scale", [0, -1, 10**7])
def test_the_command_refuses_a_scale_out_of_range_and_changes_nothing(scaled, scale):
    # given
    before = row_counts()
    # when
    with pytest.raises(CommandError, match="between 1 and"):
        call_command("seed", scale=scale)
    # then
    assert row_counts() == before


@pytest.mark.django_db
def test_demo_accounts_and_generated_members_log_in_and_pages_answer(scaled):
    member = User.objects.filter(username__regex=GENERATED_USERNAME).first()
    project = generated_projects().exclude(published_at=None).first()
    for username in ("alice", "olivia", "admin", member.username):
        assert Client().login(username=username, password=DEMO_PASSWORD), username
    client = Client()
    client.force_login(member)
    urls = [reverse("project_list") + f"?sort={s}" for s in ("hot", "new", "supported", "ending")]
    urls += [project.get_absolute_url(), member.get_absolute_url(), reverse("org_list"), reverse("home")]
    urls += [reverse("org_detail", args=[project.technology.organization.slug])]
    for url in urls:
        assert Client().get(url).status_code == 200, url
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_a_larger_scale_adds_only_the_difference(scaled):
    # given
    supports, comments = Support.objects.count(), Comment.objects.count()
    # when
    call_command("seed", scale=N + 50, no_progress=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    # then
    assert generated_projects().count() == N + 50
    assert Support.objects.count() == supports + 500
    assert Comment.objects.count() == comments + 250
    assert GeneratedCommunity.objects.get().projects == N + 50
    assert not Project.objects.annotate(n=Count("supports")).exclude(support_count=F("n")).exists()


def test_fit_total_reaches_the_target_inside_the_ranges():
    import random

    counts, ranges = [5, 0, 30, 2], [(0, 11), (0, 0), (25, 40), (0, 9)]
    _fit_total(random.Random(1), counts, ranges, 40)
    assert sum(counts) == 40
    assert all(lo <= c <= hi for c, (lo, hi) in zip(counts, ranges, strict=True))
