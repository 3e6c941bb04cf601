import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_and_helpful_404(page):
    page.goto("/")
    assert page.locator("h1").first.inner_text() == "Design products together"
    response = page.goto("/projects/no-such-project-anywhere/")
    assert response.status == 404
    assert page.get_by_role("link", name="Browse projects").is_visible()
