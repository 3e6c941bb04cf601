"""The usual XSS payloads, written into every text field a person can fill, leave no script in any page.

Everything is created through the services people's forms call; then every page that shows those objects is
read by a visitor, a member and the organization's owner."""

from datetime import timedelta

import pytest
from django.utils import timezone

from boucle.accounts.services import profile_update
from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.services import technology_create, technology_version_add
from boucle.challenges.services import challenge_create
from boucle.community.services import comment_create
from boucle.core.testing import XSS_PAYLOADS, active_content
from boucle.orgs.services import organization_create
from boucle.projects import services as projects
from boucle.projects.enums import ProjectStatus
from boucle.reviews.services import decision_answer, review_decide, review_start, review_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    owner = UserFactory(username="owner")
    member = UserFactory(username="member")
    fans = [UserFactory(username=f"fan{i}") for i in range(2)]
    payloads = " ".join(XSS_PAYLOADS)
    profile_update(
        actor=member, user=member, display_name=XSS_PAYLOADS[0][:80], bio=payloads,
        skills=", ".join(p[:40] for p in XSS_PAYLOADS[:5]), links="https://example.org/?q=<script>alert(1)</script>",
    )
    org = organization_create(actor=owner, name="Org <script>alert(1)</script>", description=payloads)
    tech = technology_create(
        actor=owner, organization=org, name="Tech <img src=x onerror=alert(1)>", summary=XSS_PAYLOADS[1],
        description=payloads, status="published", support_ladder_text="2/30",
    )
    technology_version_add(actor=owner, technology=tech, version="1.0<script>", changelog=payloads)
    now = timezone.now()
    challenge = challenge_create(
        actor=owner, technology=tech, title="Challenge <svg/onload=alert(1)>", brief=payloads,
        phases={"ideation": (now - timedelta(days=1), now + timedelta(days=10))},
    )
    project = projects.project_create(
        actor=member, title="Project <script>alert(1)</script>", pitch=XSS_PAYLOADS[1], body=payloads,
        technology=tech, challenge=challenge, tags=["<b>x</b>", "javascript:alert(1)"],
    )
    projects.project_publish(actor=member, project=project)
    for payload in XSS_PAYLOADS:
        comment = comment_create(author=fans[0], target=project, body=payload)
        comment_create(author=member, target=project, body=payload, parent=comment)
        comment_create(author=fans[1], target=tech, body=payload)
        comment_create(author=fans[1], target=challenge, body=payload)
    for fan in fans:
        projects.support_add(actor=fan, project=project)
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUPPORTED
    review_start(actor=owner, project=project, reason=payloads[:500])
    review_submit(actor=owner, project=project, scores={"design": 4, "fit": 4, "demand": 4, "feasibility": 4},
                  note=payloads)
    decision = review_decide(actor=owner, project=project, decision="declined", reason="Declined because " + payloads)
    decision_answer(actor=member, decision=decision, answer=payloads)
    project.refresh_from_db()
    return {"owner": owner, "member": member, "org": org, "tech": tech, "challenge": challenge, "project": project}


def pages(w):
    org, tech, challenge, project = w["org"], w["tech"], w["challenge"], w["project"]
    comment_id = project.comments.first().pk
    return [
        "/", "/projects/", f"/projects/?tag={project.tags.first().slug}", "/orgs/", "/technologies/", "/challenges/",
        f"/orgs/{org.slug}/", f"/technologies/{tech.slug}/", f"/challenges/{challenge.slug}/",
        f"/projects/{project.slug}/", f"/members/{w['member'].username}/", f"/comments/{comment_id}/history/",
        f"/orgs/{org.slug}/review-windows/", f"/orgs/{org.slug}/second-chances/", "/api/docs",
    ]


OWNER_PAGES = ["/orgs/{org}/edit/", "/orgs/{org}/members/", "/orgs/{org}/reviews/", "/technologies/{tech}/edit/",
               "/challenges/{challenge}/edit/", "/projects/{project}/review/"]


def test_no_page_carries_a_script_from_user_text(world, client, client_for):
    readers = {"visitor": client, "member": client_for(world["member"]), "owner": client_for(world["owner"])}
    slugs = {k: world[k].slug for k in ("org", "tech", "challenge", "project")}
    checked = 0
    for name, reader in readers.items():
        urls = pages(world) + ([u.format(**slugs) for u in OWNER_PAGES] if name == "owner" else [])
        for url in urls:
            response = reader.get(url)
            assert response.status_code == 200, (name, url, response.status_code)
            problems = active_content(response.content.decode())
            assert problems == [], (name, url, problems)
            checked += 1
    assert checked >= 45
