import pytest

from boucle.core.errors import Conflict, NotAllowed
from boucle.projects.enums import ProjectStatus
from boucle.projects.models import Project, Transition
from boucle.reviews import services


@pytest.fixture
def supported(project):
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.SUPPORTED)
    project.refresh_from_db()
    return project


def test_a_reviewer_takes_a_supported_project_into_review_now(supported, reviewer):
    # when
    services.review_start(actor=reviewer, project=supported)
    # then
    supported.refresh_from_db()
    assert supported.status == ProjectStatus.IN_REVIEW
    transition = Transition.objects.filter(project=supported).last()
    assert (transition.from_status, transition.to_status, transition.actor) == ("supported", "in_review", reviewer)


def test_an_outsider_cannot_start_a_review_and_nothing_changes(supported, outsider):
    with pytest.raises(NotAllowed):
        services.review_start(actor=outsider, project=supported)
    supported.refresh_from_db()
    assert supported.status == ProjectStatus.SUPPORTED
    assert not Transition.objects.filter(project=supported).exists()


def test_only_a_supported_project_can_be_taken_into_review(project, reviewer):
    # project is already in review
    with pytest.raises(Conflict):
        services.review_start(actor=reviewer, project=project)


def test_the_queue_button_starts_the_review(supported, reviewer, client_for):
    client = client_for(reviewer)
    queue = client.get(f"/orgs/{supported.technology.organization.slug}/reviews/")
    assert "Start review now" in queue.content.decode()
    response = client.post(f"/projects/{supported.slug}/review/start/")
    assert response.status_code == 302
    supported.refresh_from_db()
    assert supported.status == ProjectStatus.IN_REVIEW


def test_the_api_starts_the_review_and_refuses_outsiders(supported, reviewer, outsider, client_for):
    assert client_for(outsider).post(f"/api/projects/{supported.slug}/review/start").status_code == 403
    response = client_for(reviewer).post(f"/api/projects/{supported.slug}/review/start")
    assert response.status_code == 200
    assert response.json() == {"slug": supported.slug, "status": "in_review"}
