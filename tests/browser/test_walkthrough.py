"""The whole first loop, walked in a real browser as people would: an organization opens a technology and a
challenge, a member proposes a project, others discuss and support it past its threshold, the organization
reviews and accepts it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-Long-pass-phrase-42"


def sign_up(page, username):
    """Sign up through the form, open the verification link from the e-mail, confirm: signed in."""
    mail.outbox.clear()
    page.goto("/accounts/signup/")
    page.fill("input[name=email]", f"{username}@example.org")
    page.fill("input[name=username]", username)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert len(mail.outbox) == 1, "a verification e-mail is sent"
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[0].body).group(1)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Log out").is_visible()


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    if page.url.endswith("/accounts/logout/"):  # allauth asks to confirm
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Log out").is_visible()


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_from_technology_to_accepted_project(page):
    # An organization owner signs up, creates the organization, a technology and a challenge.
    sign_up(page, "olivia")
    page.goto("/orgs/new/")
    page.fill("input[name=name]", "Brick Lab")
    page.fill("textarea[name=description]", "We make **bricks**.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/orgs/brick-lab/$"))

    page.get_by_role("button", name="New technology").click()  # a link styled as a button
    page.fill("input[name=name]", "Studs")
    page.fill("input[name=summary]", "Our brick system")
    page.fill("textarea[name=description]", "Bricks with **studs**.")
    page.select_option("select[name=status]", "published")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/technologies/studs/"))

    now = timezone.now()
    page.goto("/challenges/new/?technology=studs")
    page.fill("input[name=title]", "Space base")
    page.fill("textarea[name=brief]", "Design a **moon base**.")
    page.fill("input[name=support_ladder]", "2/30")
    page.fill("input[name=ideation_starts_at]", local(now - timedelta(days=1)))
    page.fill("input[name=ideation_ends_at]", local(now + timedelta(days=20)))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/challenges/space-base/$"))
    assert page.get_by_text("Ideation", exact=False).first.is_visible()
    log_out(page)

    # A member proposes a project in the challenge and publishes it.
    sign_up(page, "alice")
    page.goto("/challenges/space-base/")
    page.get_by_role("button", name="Propose a project for this challenge").click()
    page.fill("input[name=title]", "Lunar rover")
    page.fill("textarea[name=pitch]", "A six-wheeled rover for the moon base.")
    page.fill("textarea[name=body]", "Six wheels, a **crane** and a cockpit.")
    page.fill("input[name=tags]", "space, rover")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/projects/lunar-rover/$"))
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    assert page.locator(".badge").first.inner_text().lower() == "published"
    log_out(page)

    # Two members discuss and support it: the last tier (2 supporters) is reached.
    sign_up(page, "bob")
    page.goto("/projects/lunar-rover/")
    page.get_by_role("button", name="Support this project").click()
    page.get_by_role("button", name="Withdraw my support").wait_for()
    assert "1 / 2" in page.locator("#support-box").inner_text()
    page.locator("textarea[name=body]").last.fill("Love the crane, @alice!")
    page.get_by_role("button", name="Comment", exact=True).click()
    page.get_by_role("paragraph").filter(has_text="Love the crane").wait_for()
    log_out(page)

    sign_up(page, "carol")
    page.goto("/projects/lunar-rover/")
    page.get_by_role("button", name="Support this project").click()
    page.locator(".badge", has_text="supported").first.wait_for()  # the page reloads on the new status
    assert "2 supporters" in page.locator("#support-box").inner_text()
    log_out(page)

    # The organization reviews it: takes it into review, scores it, accepts it with a reason.
    log_in(page, "olivia")
    page.goto("/orgs/brick-lab/reviews/")
    page.get_by_role("button", name=re.compile("Start review now")).click()
    page.wait_for_url(re.compile(r"/projects/lunar-rover/review/$"))
    for criterion in ("design", "fit", "demand", "feasibility"):
        page.locator(f"input[name=score_{criterion}][value='4']").check()
    page.get_by_role("button", name="Submit my scorecard").click()
    page.wait_for_load_state()
    page.locator("input[name=decision][value=accepted], select[name=decision]").first.wait_for()
    if page.locator("select[name=decision]").count():
        page.select_option("select[name=decision]", "accepted")
    else:
        page.locator("input[name=decision][value=accepted]").check()
    page.fill("textarea[name=reason]", "A sturdy design that fits our moon range and our moulds.")
    page.get_by_role("button", name="Publish the decision").click()
    page.wait_for_load_state()

    page.goto("/projects/lunar-rover/")
    assert page.locator(".badge").first.inner_text().lower() == "accepted"
    assert page.get_by_text("A sturdy design that fits our moon range").first.is_visible()
    timeline = page.locator(".timeline").inner_text().lower()
    for status in ("published", "supported", "in review", "accepted"):
        assert status in timeline
