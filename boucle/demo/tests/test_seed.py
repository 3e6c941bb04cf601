"""The demo data: loaded once per module (it takes a few seconds), then read by every test."""

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F
from django.utils import timezone

from boucle.accounts.models import User
from boucle.challenges.models import Challenge, PhaseChange
from boucle.community.models import Comment
from boucle.core.markdown import render_markdown
from boucle.demo import content
from boucle.demo.seed import (
    DEMO_PASSWORD,
    PROJECTS_PER_SCALE,
    _mention_url,
    _plan_projects,
    _project_titles,
    _seed_organization,
    _seed_people,
    seed,
)
from boucle.demo.tests.a11y import page_problems
from boucle.demo.tests.crawler import crawl
from boucle.ledger.models import Contribution, ContributionKind
from boucle.orgs.models import Membership, Organization, Role
from boucle.projects.enums import Licence, ProjectStatus
from boucle.projects.models import Project, Support, Transition
from boucle.reviews.models import Review, ReviewDecision, ReviewWindow

S = ProjectStatus


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        report = seed(scale=1)
    yield report
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)  # leave an empty database to the next module


def row_counts() -> dict:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.mark.django_db
def test_a_second_seed_changes_no_row_count(seeded):
    # given
    before = row_counts()
    # when
    report = seed(scale=1)
    # then
    assert row_counts() == before
    assert "nothing changed" in report


@pytest.mark.django_db
def test_the_first_seed_reports_what_it_loaded(seeded):
    assert "200 projects" in seeded
    assert Project.objects.count() == PROJECTS_PER_SCALE
    assert User.objects.count() >= 50
    # and the end of the loop, counted from the rows themselves
    from boucle.makes.models import Make
    from boucle.opinions.models import Conversation
    from boucle.orders.models import Order

    assert f"{Order.objects.count()} orders" in seeded and Order.objects.exists()
    assert f"{Make.objects.count()} makes" in seeded and Make.objects.exists()
    assert f"{Conversation.objects.count()} conversations" in seeded and Conversation.objects.exists()


@pytest.mark.django_db
def test_every_status_and_every_licence_is_present(seeded):
    assert set(Project.objects.values_list("status", flat=True)) == {s.value for s in ProjectStatus}
    assert set(Project.objects.values_list("licence", flat=True)) == {c.value for c in Licence}


@pytest.mark.django_db
def test_support_count_equals_the_support_rows_of_each_project(seeded):
    mismatched = [
        (p.slug, p.support_count, p.n)
        for p in Project.objects.annotate(n=Count("supports"))
        if p.support_count != p.n
    ]
    assert mismatched == []
    assert Support.objects.count() > 1000


@pytest.mark.django_db
def test_support_tiers_and_deadlines_follow_each_ladder(seeded):
    now = timezone.now()
    for p in Project.objects.all():
        if p.status == S.DRAFT or (p.status == S.ARCHIVED and p.published_at is None):
            assert (p.support_count, p.support_ladder, p.support_deadline) == (0, None, None), p.slug
            continue
        ladder = p.support_ladder
        assert len(ladder) >= 1, p.slug
        if p.status == S.PUBLISHED:
            assert p.support_tier < len(ladder), p.slug
            assert p.support_count < ladder[p.support_tier]["supporters"], p.slug
            assert p.support_deadline > now, p.slug
            if p.support_tier > 0:
                assert p.support_count >= ladder[p.support_tier - 1]["supporters"], p.slug
        elif p.status in (S.EXPIRED, S.ARCHIVED):
            assert p.support_deadline is None, p.slug
            assert p.support_count < ladder[p.support_tier]["supporters"], p.slug
        else:  # supported, then review and beyond: the last tier reached, the index stays on it
            assert p.support_tier == len(ladder) - 1, p.slug
            assert p.support_count >= ladder[-1]["supporters"], p.slug
            assert p.supported_at is not None and p.support_deadline is None, p.slug
            assert p.review_window is not None, p.slug


@pytest.mark.django_db
def test_supported_projects_wait_for_a_future_window_and_reviewed_ones_come_from_an_opened_one(seeded):
    now = timezone.now()
    for p in Project.objects.filter(status=S.SUPPORTED).select_related("review_window"):
        assert p.review_window.starts_at > now and p.review_window.opened_at is None
        assert p.review_window.organization_id == p.technology.organization_id
    for p in Project.objects.filter(status__in=[S.IN_REVIEW, S.ACCEPTED, S.DECLINED]).select_related(
        "review_window"
    ):
        assert p.review_window.opened_at is not None and p.review_window.opened_at < now
        assert p.review_window.opened_at > p.supported_at


@pytest.mark.django_db
def test_projects_collecting_supports_have_a_hot_score_and_drafts_none(seeded):
    assert not Project.objects.filter(status=S.PUBLISHED, hot_score__lte=0).exists()
    assert not Project.objects.filter(status=S.DRAFT, hot_score__gt=0).exists()


@pytest.mark.django_db
def test_every_project_has_a_transition_chain_from_draft_to_its_status(seeded):
    chains = {}
    for t in Transition.objects.order_by("created_at", "id"):
        chains.setdefault(t.project_id, []).append(t)
    for p in Project.objects.all():
        chain = chains.get(p.pk, [])
        if p.status == S.DRAFT:
            assert chain == [], p.slug
            continue
        assert chain, p.slug
        assert chain[0].from_status == S.DRAFT, p.slug
        assert [t.to_status for t in chain[:-1]] == [t.from_status for t in chain[1:]], p.slug
        assert chain[-1].to_status == p.status, p.slug
        assert all(t.reason for t in chain), p.slug
        assert chain[-1].created_at <= timezone.now()
        assert p.created_at <= chain[0].created_at, p.slug


@pytest.mark.django_db
def test_decided_projects_have_a_public_reason_and_reviews(seeded):
    decided = {S.ACCEPTED: "accepted", S.DECLINED: "declined", S.IN_PRODUCTION: "accepted", S.AVAILABLE: "accepted"}
    for p in Project.objects.filter(status__in=list(decided)).prefetch_related("decisions", "reviews"):
        [decision] = p.decisions.all()
        assert decision.decision == decided[p.status] and decision.reason.strip()
        assert Membership.objects.filter(
            organization_id=p.technology.organization_id, user=decision.decided_by, role__in=[Role.OWNER, Role.REVIEWER]
        ).exists()
        assert p.reviews.exists()
    assert not ReviewDecision.objects.filter(project__status__in=[S.IN_REVIEW, S.SUPPORTED, S.PUBLISHED]).exists()
    assert ReviewDecision.objects.exclude(answer="").exists()


@pytest.mark.django_db
def test_the_ledger_holds_one_row_for_every_act(seeded):
    def kind(k, **filters):
        return Contribution.objects.filter(kind=k, reverses__isnull=True, **filters)

    ct_project, ct_support = ContentType.objects.get_for_model(Project), ContentType.objects.get_for_model(Support)
    assert kind(ContributionKind.PROJECT_CREATED, object_type=ct_project).count() == Project.objects.count()
    assert kind(ContributionKind.COMMENT).count() == Comment.objects.count()
    assert kind(ContributionKind.COMMENT_HELPFUL).count() == Comment.objects.filter(helpful_marked_at__isnull=False).count()
    assert kind(ContributionKind.REVIEW).count() == Review.objects.count()
    # Every support row has its act; withdrawn supports have their act and its reversal.
    acts = kind(ContributionKind.SUPPORT, object_type=ct_support)
    live = set(Support.objects.values_list("pk", flat=True))
    assert live <= set(acts.values_list("object_id", flat=True))
    withdrawn = acts.exclude(object_id__in=live)
    assert withdrawn.exists()
    assert withdrawn.filter(reversed_by__isnull=True).count() == 0
    assert Contribution.objects.filter(kind=ContributionKind.PROJECT_CREATED).count() == Project.objects.count()


@pytest.mark.django_db
def test_comments_are_threaded_rendered_and_some_are_helpful(seeded):
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert Comment.objects.filter(helpful_marked_at__isnull=False).exists()
    assert Comment.objects.filter(project__isnull=True).exists()  # on technologies and challenges
    for c in Comment.objects.all()[:200]:
        assert c.body_html == render_markdown(c.body, mention_url=_mention_url)
    reply = Comment.objects.filter(parent__isnull=False).first()
    assert reply.mentions.filter(user=reply.parent.author).exists()
    assert f'href="/members/{reply.parent.author.username}/"' in reply.body_html


@pytest.mark.django_db
def test_each_organization_has_staff_technologies_challenges_and_review_windows(seeded):
    now = timezone.now()
    assert Organization.objects.count() == 3
    for org in Organization.objects.all():
        assert set(org.memberships.values_list("role", flat=True)) == {r.value for r in Role}
        assert org.technologies.filter(status="published", versions__isnull=False).exists()
        windows = list(ReviewWindow.objects.filter(organization=org))
        assert any(w.starts_at < now and w.opened_at for w in windows)
        assert any(w.starts_at > now and w.opened_at is None for w in windows)
    phases = {c.slug: c.current_phase() for c in Challenge.objects.prefetch_related("phases")}
    kinds = [p.kind if p else None for p in phases.values()]
    assert "ideation" in kinds and "support" in kinds and None in kinds  # one finished at least


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["alice", "olivia", "rachel", "admin"])
def test_demo_accounts_log_in_with_the_demo_password(seeded, client, username):
    assert client.login(username=username, password=DEMO_PASSWORD)
    user = User.objects.get(username=username)
    assert EmailAddress.objects.filter(user=user, email=user.email, verified=True, primary=True).exists()


@pytest.mark.django_db
def test_demo_accounts_have_their_roles(seeded):
    brickwerk = Organization.objects.get(slug="brickwerk")
    assert brickwerk.memberships.filter(user__username="olivia", role=Role.OWNER).exists()
    assert brickwerk.memberships.filter(user__username="rachel", role=Role.REVIEWER).exists()
    assert User.objects.filter(username="admin", is_staff=True, is_superuser=True).exists()
    alice = User.objects.get(username="alice")
    assert not alice.memberships.exists()
    assert Project.objects.filter(team__user=alice, team__role="owner").count() >= 5


@pytest.mark.django_db
def test_generated_members_have_profiles_and_verified_addresses(seeded):
    members = User.objects.exclude(username__in=["alice", "olivia", "rachel", "admin"])
    assert members.count() >= 50
    assert not members.filter(display_name="").exists()
    assert not members.filter(skills=[]).exists()
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == User.objects.count()


@pytest.mark.django_db
def test_a_larger_scale_adds_projects_and_members_after_the_existing_ones(seeded):
    # given
    slugs = set(Project.objects.values_list("slug", flat=True))
    members = User.objects.count()
    # when
    seed(scale=2)
    # then
    assert Project.objects.count() == 2 * PROJECTS_PER_SCALE
    assert slugs <= set(Project.objects.values_list("slug", flat=True))
    assert User.objects.count() == members + 50
    mismatched = Project.objects.annotate(n=Count("supports")).exclude(support_count=F("n"))
    assert not mismatched.exists()


def test_project_titles_are_the_same_prefix_at_every_scale():
    small, large = _project_titles(200), _project_titles(400)
    assert large[:200] == small
    assert len({s for _t, s, _k in large}) == 400


@pytest.mark.django_db
@pytest.mark.parametrize("scale", [0, -1, 10**7])
def test_the_seed_command_refuses_a_scale_out_of_range_and_changes_nothing(seeded, scale):
    # given
    before = row_counts()
    # when
    with pytest.raises(CommandError, match="between 1 and"):
        call_command("seed", scale=scale)
    # then
    assert row_counts() == before


@pytest.mark.django_db
def test_the_periodic_jobs_find_nothing_to_fix_in_the_demo_data(seeded):
    # given: deadlines, review windows and phases consistent with the lifecycle services
    from boucle.core import periodic

    before = sorted(Project.objects.values_list("slug", "status", "review_window_id", "support_tier"))
    transitions = Transition.objects.count()
    phase_changes = PhaseChange.objects.count()
    # when
    periodic.run_all_now()
    # then
    assert PhaseChange.objects.count() == phase_changes
    assert sorted(Project.objects.values_list("slug", "status", "review_window_id", "support_tier")) == before
    assert Transition.objects.count() == transitions


@pytest.mark.django_db
@pytest.mark.parametrize("username", [None, "alice", "olivia", "admin"])
def test_the_demo_data_shows_on_every_kind_of_page(seeded, client, username):
    # given
    if username:
        client.login(username=username, password=DEMO_PASSWORD)
    urls = ["/", "/projects/", "/projects/?sort=hot", "/projects/?sort=ending", "/orgs/", "/technologies/",
            "/challenges/", "/members/alice/", "/api/projects/", "/api/orgs/", "/api/challenges/"]
    for status in ProjectStatus.values:
        if status != S.DRAFT:  # drafts are their team's secret
            urls.append(Project.objects.filter(status=status).order_by("slug").first().get_absolute_url())
    for model in (Organization, Challenge):
        urls += [o.get_absolute_url() for o in model.objects.all()]
    urls += [t.get_absolute_url() for t in Organization.objects.get(slug="brickwerk").technologies.all()]
    if username in ("olivia", "admin"):
        urls += ["/orgs/brickwerk/reviews/"]
    # when
    answers = {url: client.get(url).status_code for url in urls}
    # then
    assert {url: code for url, code in answers.items() if code != 200} == {}


@pytest.mark.django_db
def test_planning_the_projects_twice_gives_the_same_data(seeded):
    # given: the same members and organizations, the same moment
    now = timezone.now()
    people = _seed_people(scale=1, now=now)
    orgs = [_seed_organization(index=k, spec=spec, people=people, now=now)
            for k, spec in enumerate(content.ORGANIZATIONS)]
    plans = _project_titles(PROJECTS_PER_SCALE)

    def fingerprint():
        projects, batch = _plan_projects(plans=plans, indices=range(len(plans)), people=people, orgs=orgs, now=now)
        return (
            [(p.slug, p.status, p.licence, p.support_count, p.created_by.username, p.created_at, p.challenge_id)
             for p in projects],
            [(slug, s.user.username, s.created_at) for s, slug in batch.supports],
            [(slug, t.from_status, t.to_status, t.actor_id, t.reason) for t, slug in batch.transitions],
            [(key, c.author.username, c.body) for c, _parent, key in batch.comments],
        )

    # when / then
    assert fingerprint() == fingerprint()


# --- every page the demo links to answers ----------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("username", [None, "alice", "olivia", "admin"])
def test_every_kind_of_page_the_demo_links_to_answers_without_a_server_error(seeded, client, username):
    # given a visitor, a member, an organization owner and site staff
    if username:
        client.login(username=username, password=DEMO_PASSWORD)
    # when they follow every kind of link from the home page
    pages = []
    answers, views = crawl(client, pages=pages)
    # then no page fails, and the crawl went far: projects, designs, the shop, makes, opinions...
    assert {url: code for url, code in answers.items() if code >= 500} == {}
    for view in ("project_detail", "design_detail", "shop", "make_detail", "opinions_conversation"):
        assert view in views, f"{view} not reached from the home page"
    assert len(views) >= 40


@pytest.mark.django_db
@pytest.mark.parametrize("username", [None, "olivia", "admin"])
def test_every_kind_of_demo_page_labels_its_fields_images_and_links(seeded, client, username):
    # given a visitor, an organization's owner (the most forms) and staff
    if username:
        client.login(username=username, password=DEMO_PASSWORD)
    pages = []
    crawl(client, per_view=1, pages=pages)
    # when each kind of page is read as a screen reader would
    problems = {}
    for url in pages:
        if url.startswith("/api/"):  # the API's own documentation page is django-ninja's
            continue
        found = page_problems(client.get(url).content.decode())
        if found:
            problems[url] = found
    # then every field has a label, every image an alt text, every link a name, every id is unique
    assert len(pages) >= 35
    assert problems == {}


@pytest.mark.django_db
def test_the_demo_pages_speak_french(seeded, client):
    client.login(username="alice", password=DEMO_PASSWORD)
    client.cookies["django_language"] = "fr"
    answers, _views = crawl(client, per_view=1, limit=120)
    page = client.get("/projects/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert {url: code for url, code in answers.items() if code >= 500} == {}
    assert '<html lang="fr"' in page


@pytest.mark.django_db
def test_every_admin_list_and_change_page_opens_on_the_demo_data(seeded, client):
    # given site staff, and every model of Boucle's in the admin
    from django.contrib import admin

    client.login(username="admin", password=DEMO_PASSWORD)
    failures = {}
    for model in admin.site._registry:
        if not model.__module__.startswith("boucle."):
            continue
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        # when staff open its list and the change page of its first row
        urls = [base]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(f"{base}{first.pk}/change/")
        for url in urls:
            code = client.get(url).status_code
            if code != 200:
                failures[url] = code
    # then
    assert failures == {}
