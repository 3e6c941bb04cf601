"""The thread on the real project page, and the htmx interactions in a real browser."""

import pytest
from django.urls import reverse

from boucle.community import services
from boucle.core.testing import XSS_PAYLOADS, active_content


@pytest.mark.django_db
def test_project_page_shows_the_thread_without_active_content(user, other_user, client_for, project):
    # given
    for payload in XSS_PAYLOADS:
        services.comment_create(author=user, target=project, body=payload)
    services.comment_create(author=user, target=project, body="Plain words for @bob")

    # when
    html = client_for(other_user).get(project.get_absolute_url()).content.decode()

    # then
    assert f'id="comments-project-{project.pk}"' in html and "Plain words for" in html
    assert active_content(html) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_comment_reply_react_and_delete_in_the_browser(page, live_server, settings):
    from pathlib import Path

    import boucle

    # The site's own static files (htmx, Pico) live in boucle/static/, which settings do not list in
    # STATICFILES_DIRS yet; without it the live server answers 404 for htmx.js.
    static_dir = Path(boucle.__file__).parent / "static"
    if static_dir not in [Path(d) for d in getattr(settings, "STATICFILES_DIRS", [])]:
        settings.STATICFILES_DIRS = [*getattr(settings, "STATICFILES_DIRS", []), static_dir]
    from boucle.accounts.tests.factories import UserFactory
    from boucle.community.models import Comment
    from boucle.community.tests.factories import CommentProjectFactory

    # given
    member = UserFactory(username="carla")
    project = CommentProjectFactory(title="Browser lamp")
    page.goto(reverse("account_login"))
    page.fill("input[name=login]", "carla")
    page.fill("input[name=password]", "pass-word-123")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    page.goto(project.get_absolute_url())
    assert page.evaluate("typeof htmx") == "object"

    # when: comment (htmx swaps the thread)
    page.get_by_label("Add a comment").fill("A **first** thought")
    page.get_by_role("button", name="Comment", exact=True).click()
    page.locator(".comment-body strong", has_text="first").wait_for()
    comment = Comment.objects.get(author=member)

    # reply through the details disclosure
    page.locator(f"#comment-{comment.pk} summary", has_text="Reply").click()
    page.get_by_label("Your reply").fill("And a reply")
    page.locator(f"#comment-{comment.pk} form button", has_text="Reply").click()
    page.locator(".replies .comment-body", has_text="And a reply").wait_for()

    # react
    page.locator(f"#comment-{comment.pk} button[value=like]").first.click()
    page.locator(f'#comment-{comment.pk} button[value=like][aria-pressed="true"]').first.wait_for()

    # delete (accepting the confirmation)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#comment-{comment.pk} button", has_text="Delete").first.click()
    page.locator(f"#comment-{comment.pk}", has_text="Comment deleted").wait_for()

    # then
    comment.refresh_from_db()
    assert comment.is_deleted and comment.replies.count() == 1
    assert page.url.endswith(project.get_absolute_url())  # all of it without leaving the page
