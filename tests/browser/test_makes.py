"""Makes and the loop back in a real browser: a member posts a make with a photo and sees it on the project page;
the organization's owner publishes a version citing the project, and the project page says it inspired it."""

import io
import re

import pytest
from PIL import Image

from boucle.accounts.tests.factories import UserFactory
from boucle.makes.tests.factories import public_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "pass-word-123")
    page.locator("main form button[type=submit]").click()
    page.get_by_role("button", name="Log out").wait_for()


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").first.wait_for()


def photo_file(tmp_path):
    path = tmp_path / "my-castle.png"
    buf = io.BytesIO()
    Image.new("RGB", (320, 240), (30, 120, 200)).save(buf, "PNG")
    path.write_bytes(buf.getvalue())
    return path


def test_a_member_posts_a_make_and_the_owner_cites_the_project_in_a_new_version(page, tmp_path):
    # given: a published project, a member who built it, the technology's owner
    designer = UserFactory(username="designer", display_name="Dana Designer")
    project = public_project(owner=designer, title="A castle that opens")
    technology = project.technology
    owner = technology.organization.created_by
    UserFactory(username="maker", display_name="Mara Maker")

    # The member opens the project, posts a make with a photo, a rating and a note.
    log_in(page, "maker")
    page.goto(project.get_absolute_url())
    page.get_by_role("button", name="I made it: post a make").click()
    page.wait_for_url(re.compile(r"/makes/new/$"))
    page.get_by_role("radio", name="5").check()
    page.get_by_label("Photos").set_input_files(str(photo_file(tmp_path)))
    page.get_by_label("Your note").fill("Built it with my son: the gate really opens!")
    page.get_by_role("button", name="Post the make").click()
    page.wait_for_url(re.compile(r"/makes/\d+/$"))
    assert page.get_by_role("img", name="Rated 5 out of 5").is_visible()
    assert "the gate really opens" in page.locator("main").inner_text()

    # The project page shows the make, with its photo.
    page.get_by_role("link", name="A castle that opens").first.click()
    page.wait_for_url(re.compile(re.escape(project.get_absolute_url()) + "$"))
    makes = page.locator("#makes")
    assert "1 make, rated 5.0 / 5" in makes.inner_text()
    assert makes.get_by_role("img", name="Photo of the make by Mara Maker").is_visible()
    log_out(page)

    # The owner cites the project in a new version, from the link on the project page.
    log_in(page, owner.username)
    page.goto(project.get_absolute_url())
    page.get_by_role("link", name=re.compile("Cite this project in a new version")).click()
    page.wait_for_url(re.compile(r"/versions/new/"))
    page.get_by_label("Version").fill("2.0")
    page.get_by_label("Changelog").fill("Hinges strong enough for opening walls.")
    assert page.get_by_role("checkbox", name=f"A castle that opens ({technology.name})").is_checked()
    page.get_by_role("checkbox", name=re.compile("made by Mara Maker")).check()
    page.get_by_role("button", name="Publish the version").click()
    page.wait_for_url(re.compile(re.escape(technology.get_absolute_url()) + "#versions$"))
    versions = page.locator("#versions")
    assert "Inspired by" in versions.inner_text() and "the make by Mara Maker" in versions.inner_text()

    # The project page says what it inspired.
    page.goto(project.get_absolute_url())
    notice = page.locator("main .inspired")
    assert re.search(rf"This inspired version 2\.0 of {re.escape(technology.name)}", notice.inner_text())
