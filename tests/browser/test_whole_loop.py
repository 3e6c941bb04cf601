"""The whole loop, end to end on one running server, walked in a real browser as people would (issue 7):

an organization publishes a technology with its design kit and a challenge → a member proposes a project and
designs it in the studio → others comment, suggest a change that is merged, and support it past the
threshold → reviewers accept it → a producer adopts the frozen revision and offers the kit → a buyer orders
and the producer confirms the payment → royalties reach the contributors by influence → the buyer posts a
make → the organization publishes a new technology version citing the project (and pays the designer her
royalty; she hears of the make, the payout and the version, and her later revisions leave the kit as adopted).

Every step goes through the pages: sign-ups with their e-mail verification, roles given by e-mail
invitation, forms filled and buttons pressed by their accessible names, the brick editor driven by keyboard.
The expected royalties are computed from what the influence page shows, with the rule docs/ROYALTIES.md
documents (largest remainder to the cent), never hard-coded.
"""

import io
import re
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core import mail
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from tests.browser.test_walkthrough import local, log_in, log_out, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORG = "brick-lab"
PROJECT = "lunar-rover"
ROYALTY_PERCENT = Decimal("12.5")
PRICE = Decimal("23.90")
QUANTITY = 3


def text(locator):
    """What a locator shows, with no-break spaces (between an amount and its currency) as plain spaces."""
    return locator.inner_text().replace("\u00a0", " ")


def invitation_link(email):
    """The invitation link of the last invitation e-mail sent to ``email``."""
    for message in reversed(mail.outbox):
        if email in message.to:
            found = re.search(r"https?://[^/\s]+(/orgs/invitations/\S+?/)", message.body)
            if found:
                return found.group(1)
    raise AssertionError(f"no invitation e-mail to {email}")


def invite(page, email, role):
    page.goto(f"/orgs/{ORG}/")
    page.get_by_role("button", name="Members and invitations").click()  # a link styled as a button
    form = page.locator("section", has=page.get_by_role("heading", name="Invite someone"))
    form.get_by_label("E-mail").fill(email)
    form.get_by_label("Role").select_option(label=role)
    form.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text(f"Invitation sent to {email}.")).to_be_visible()
    return invitation_link(email)


def join(page, username, link):
    """A new member signs up (with the address the invitation went to) and accepts the invitation."""
    sign_up(page, username)
    page.goto(link)
    page.get_by_role("button", name="Accept the invitation").click()
    expect(page.get_by_text("Welcome to Brick Lab.")).to_be_visible()


def open_design(page):
    page.goto(f"/projects/{PROJECT}/")
    page.locator("#designs").get_by_role("link", name="Rover chassis").first.click()
    page.wait_for_url(re.compile(rf"/projects/{PROJECT}/designs/1/$"))


def building_area(page):
    """The brick editor, ready, with the keyboard in its building area (3D, or the top view without WebGL)."""
    page.locator(".brick-editor.be-ready").wait_for()
    page.locator(".be-check-status[data-state=done]").wait_for()
    view = page.get_by_role("application", name="Building area")
    view.focus()
    return view


def photo(tmp_path):
    path = tmp_path / "rover.png"
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 200, 210)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def influence_rows(page):
    """What the influence page shows: {name: points}, and the total points of its caption."""
    table = page.locator("main table").first
    total = int(re.search(r"(\d+) points? in all", table.locator("caption").inner_text()).group(1))
    rows = {}
    for row in table.locator("tbody tr").all():
        name = row.locator("th").inner_text().strip()
        rows[name] = int(row.locator("td").nth(1).inner_text().strip())
        share = row.locator("td").nth(2).inner_text()
        assert share.startswith(f"{rows[name]} / {total} = "), share
    assert sum(rows.values()) == total
    return rows, total


def split(pool: Decimal, points: dict[str, int], order: list[str]) -> dict[str, Decimal]:
    """docs/ROYALTIES.md: whole cents of each exact quota, then the cents left over one each to the largest
    remainders, equal remainders to the member with the smaller id (here: who signed up first)."""
    cents = int(pool * 100)
    total = sum(points.values())
    whole = {name: cents * p // total for name, p in points.items()}
    left = cents - sum(whole.values())
    by_remainder = sorted(points, key=lambda name: (-(cents * points[name] % total), order.index(name)))
    for name in by_remainder[:left]:
        whole[name] += 1
    return {name: Decimal(c) / 100 for name, c in whole.items()}


def test_the_whole_loop_from_technology_to_the_version_a_project_inspired(page, tmp_path):
    now = timezone.now()

    # ------------------------------------------------------------------------------------------------
    # An organization publishes a technology with its design kit, sets how it sells, opens a challenge,
    # and invites a reviewer and a producer.
    sign_up(page, "olivia")
    page.goto("/orgs/new/")
    page.get_by_label("Name").fill("Brick Lab")
    page.locator("textarea[name=description]").fill("We make **bricks**.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/orgs/{ORG}/$"))

    page.get_by_role("button", name="New technology").click()
    page.fill("input[name=name]", "Studs")
    page.fill("input[name=summary]", "Our brick system")
    page.fill("textarea[name=description]", "Bricks with **studs**.")
    page.select_option("select[name=status]", "published")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/technologies/studs/$"))

    page.locator("#kit").get_by_role("button", name="Set up the design kit").click()
    page.get_by_label("Design kind").select_option("bricks")  # its example kit is in the text box
    page.get_by_role("button", name="Save the kit").click()
    page.wait_for_url(re.compile(r"/technologies/studs/kit/$"))
    expect(page.get_by_text("Kit revision 1 saved.")).to_be_visible()

    page.goto(f"/orgs/{ORG}/")
    page.get_by_role("link", name="Realizations").first.click()
    page.get_by_role("link", name="Seller settings").click()
    page.get_by_label("Currency").fill("EUR")
    page.get_by_label("Royalty percent").fill(str(ROYALTY_PERCENT))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Seller settings saved.")).to_be_visible()

    # its own points per act: a merged suggestion and a support weigh more than by default
    page.goto(f"/orgs/{ORG}/")
    page.get_by_role("button", name="Influence weights").click()
    page.get_by_label("merged design suggestion").fill("6")
    page.get_by_label("support *", exact=True).fill("3")
    page.get_by_role("button", name="Save the weights").click()
    expect(page.get_by_text("Influence weights saved.")).to_be_visible()

    page.goto(f"/orgs/{ORG}/")
    page.get_by_role("button", name="New challenge").click()
    page.select_option("select[name=technology]", label="Studs")
    page.fill("input[name=title]", "Space base")
    page.fill("textarea[name=brief]", "Design a **moon base**.")
    page.fill("input[name=support_ladder]", "2/30")
    page.fill("input[name=ideation_starts_at]", local(now - timedelta(days=1)))
    page.fill("input[name=ideation_ends_at]", local(now + timedelta(days=20)))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/challenges/space-base/$"))

    reviewer_link = invite(page, "rita@example.org", "reviewer")
    producer_link = invite(page, "paula@example.org", "producer")
    log_out(page)

    join(page, "rita", reviewer_link)
    log_out(page)
    join(page, "paula", producer_link)
    log_out(page)

    # ------------------------------------------------------------------------------------------------
    # A member proposes a project in the challenge, publishes it and designs it in the studio.
    sign_up(page, "alice")
    page.goto("/challenges/space-base/")
    page.get_by_role("button", name="Propose a project for this challenge").click()
    page.fill("input[name=title]", "Lunar rover")
    page.fill("textarea[name=pitch]", "A six-wheeled rover for the moon base.")
    page.fill("textarea[name=body]", "Six wheels, a **crane** and a cockpit.")
    page.fill("input[name=tags]", "space, rover")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/projects/{PROJECT}/$"))
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    assert page.locator(".badge").first.inner_text().lower() == "published"

    page.locator("#designs").get_by_role("button", name="New design").click()
    page.get_by_label("Title").fill("Rover chassis")
    page.get_by_role("button", name="Create the design").click()
    page.wait_for_url(re.compile(rf"/projects/{PROJECT}/designs/1/$"))
    page.get_by_role("button", name="Edit", exact=True).click()
    page.wait_for_url(re.compile(r"/edit/$"))
    building_area(page)
    page.keyboard.press("9")  # Brick 2 × 4
    expect(page.locator(".be-live")).to_contain_text("Brick 2 × 4 selected.")
    page.keyboard.press("Enter")
    expect(page.locator(".be-live")).to_contain_text("Placed Brick 2 × 4")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    expect(page.locator(".be-total-quantity")).to_have_text("2")
    page.get_by_label("Message").fill("Two bricks for the chassis")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".be-save-status")).to_have_text("Saved revision 2.")
    log_out(page)

    # ------------------------------------------------------------------------------------------------
    # Bob supports it, comments, and suggests a change in the studio (he is not in the team).
    sign_up(page, "bob")
    page.goto(f"/projects/{PROJECT}/")
    page.get_by_role("button", name="Support this project").click()
    page.get_by_role("button", name="Withdraw my support").wait_for()
    assert "1 / 2" in page.locator("#support-box").inner_text()
    page.locator("textarea[name=body]").last.fill("A cockpit on top would make it a real rover, @alice!")
    page.get_by_role("button", name="Comment", exact=True).click()
    page.get_by_role("paragraph").filter(has_text="A cockpit on top").wait_for()

    open_design(page)
    page.get_by_role("button", name="Suggest a change").click()
    page.wait_for_url(re.compile(r"/suggest/$"))
    building_area(page)
    page.keyboard.press("Enter")  # a cockpit, on top of the chassis under the cursor
    expect(page.locator(".be-live")).to_contain_text("Placed Brick 1 × 1, Black (b3)")
    expect(page.locator(".be-total-quantity")).to_have_text("3")
    page.get_by_label("Message").fill("A cockpit on top")
    page.get_by_role("button", name="Send the suggestion").click()
    expect(page.locator(".be-save-status")).to_contain_text("Suggestion sent")
    log_out(page)

    # Alice marks the comment helpful and merges the suggestion: the history credits Bob.
    log_in(page, "alice")
    page.goto(f"/projects/{PROJECT}/")
    comment = page.locator(".comment").filter(has_text="A cockpit on top")
    comment.get_by_role("button", name="Mark helpful").click()
    expect(comment.get_by_text("Helpful")).to_be_visible()
    open_design(page)
    page.get_by_role("link", name=re.compile(r"^Suggestions \(1 open\)")).click()
    page.get_by_role("link", name="A cockpit on top").click()
    page.get_by_role("button", name="Merge this suggestion").click()
    expect(page.get_by_text("Suggestion merged: it is revision 3, credited to bob.")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^History")).first.click()
    page.wait_for_url(re.compile(r"/history/$"))
    merged = page.locator("table.history tbody tr").filter(has_text="A cockpit on top")
    expect(merged).to_have_count(1)
    assert "Revision 3" in merged.inner_text() and "bob" in merged.inner_text()
    log_out(page)

    # Carol's support reaches the last tier: the project is supported.
    sign_up(page, "carol")
    page.goto(f"/projects/{PROJECT}/")
    page.get_by_role("button", name="Support this project").click()
    page.locator(".badge", has_text="supported").first.wait_for()
    assert "2 supporters" in page.locator("#support-box").inner_text()
    log_out(page)

    # ------------------------------------------------------------------------------------------------
    # The reviewer takes it into review, scores it and accepts it.
    log_in(page, "rita")
    page.goto(f"/orgs/{ORG}/")
    page.get_by_role("link", name="Review queue").click()
    page.get_by_role("button", name=re.compile("Start review now")).click()
    page.wait_for_url(re.compile(rf"/projects/{PROJECT}/review/$"))
    for criterion in ("design", "fit", "demand", "feasibility"):
        page.locator(f"input[name=score_{criterion}][value='4']").check()
    page.get_by_role("button", name="Submit my scorecard").click()
    page.wait_for_load_state()
    page.locator("input[name=decision][value=accepted], select[name=decision]").first.wait_for()
    if page.locator("select[name=decision]").count():
        page.select_option("select[name=decision]", "accepted")
    else:
        page.locator("input[name=decision][value=accepted]").check()
    page.fill("textarea[name=reason]", "A sturdy rover that fits our moon range.")
    page.get_by_role("button", name="Publish the decision").click()
    page.wait_for_load_state()
    page.goto(f"/projects/{PROJECT}/")
    assert page.locator(".badge").first.inner_text().lower() == "accepted"
    log_out(page)

    # ------------------------------------------------------------------------------------------------
    # The producer adopts the frozen revision 3 and offers its kit; the kit page names everyone.
    log_in(page, "paula")
    page.goto(f"/projects/{PROJECT}/")
    page.get_by_role("button", name="Adopt for production").click()
    page.get_by_label("Rover chassis — revision 3").check()
    page.get_by_role("button", name="Adopt", exact=True).click()
    page.wait_for_url(re.compile(r"/realizations/\d+/$"))
    page.get_by_role("button", name="Publish an offer").click()
    page.get_by_label("Title").fill("Lunar rover kit")
    page.get_by_label("The kit, to build").check()
    page.get_by_label("Price").fill(str(PRICE))
    page.get_by_label("Units for sale now").fill("10")
    page.get_by_label("Shipping regions").fill("FR, BE")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url(re.compile(r"/offers/\d+/$"))
    offer_url = page.url
    assert f"{PRICE} EUR" in text(page.locator("main"))
    page.get_by_role("link", name="See what is in the kit").click()
    page.wait_for_url(re.compile(r"/realizations/\d+/kit/$"))
    # exactly the bricks of revision 3: two 2 × 4 bricks and the 1 × 1 cockpit
    kit = {
        row.locator("th").inner_text(): row.locator("td").nth(1).inner_text()
        for row in page.locator("table.bom tbody tr").all()
    }
    assert kit == {"Brick 2 × 4, Black": "2", "Brick 1 × 1, Black": "1"}, kit
    chain = text(page.locator("#attribution"))
    assert "“Rover chassis” revision 3 in Lunar rover — CC BY-SA 4.0" in chain
    assert "by alice" in chain and "revisions by alice, bob" in chain  # bob's merged suggestion counts
    page.get_by_role("link", name="Lunar rover").first.click()
    page.wait_for_url(re.compile(rf"/projects/{PROJECT}/$"))
    assert page.locator(".badge").first.inner_text().lower() == "available"
    timeline = page.locator(".timeline").inner_text().lower()
    assert "in production" in timeline and "available" in timeline
    log_out(page)

    # ------------------------------------------------------------------------------------------------
    # A buyer orders three kits; the producer confirms the transfer.
    sign_up(page, "dora")
    page.goto("/shop/")
    page.get_by_role("link", name="Lunar rover kit").first.click()
    page.wait_for_url(offer_url)
    page.get_by_label("Quantity").fill(str(QUANTITY))
    page.get_by_role("button", name="Add to cart").click()
    page.get_by_role("link", name="See your cart").click()
    total = PRICE * QUANTITY
    assert f"{total} EUR" in text(page.locator("#cart-groups"))
    page.get_by_label("Street and number").fill("3 rue des Vignes")
    page.get_by_label("Postcode").fill("21000")
    page.get_by_label("City").fill("Dijon")
    page.get_by_label("Country").fill("FR")
    page.get_by_role("button", name="Place the order").click()
    page.wait_for_url(re.compile(r"/orders/[^/]+/$"))
    order_url = page.url
    reference = order_url.rstrip("/").rsplit("/", 1)[1]
    assert page.locator("#order-state").inner_text() == "placed"
    assert f"Pay by bank transfer: {total} EUR" in text(page.locator("main"))
    page.goto(offer_url)  # the order drew the stock down
    assert f"{10 - QUANTITY} in stock" in page.locator("main .add-to-cart").inner_text()
    log_out(page)

    # The influence page as it stands when the sale is paid: the split is computed from it.
    page.goto(f"/projects/{PROJECT}/")
    page.get_by_role("link", name=re.compile("Influence: who shaped this project")).click()
    expect(page.get_by_role("heading", name="Influence on Lunar rover")).to_be_visible()
    points, _ = influence_rows(page)
    assert set(points) == {"alice", "bob", "carol", "rita"}, points
    bob_acts = page.locator("main table").first.locator("tbody tr").filter(has_text="bob").inner_text()
    assert re.search(r"1 × [^×\n]*suggestion[^×\n]* × 6 = 6", bob_acts), bob_acts  # the organization's weight
    assert re.search(r"1 × support × 3 = 3", bob_acts), bob_acts

    # The producer hears of the order and opens it from the notification.
    log_in(page, "paula")
    page.get_by_role("link", name=re.compile(r"^Notifications")).first.click()
    page.get_by_role("link", name=f"New order {reference} ({total} EUR) to Brick Lab").click()
    page.wait_for_url(re.compile(rf"/orgs/{ORG}/orders/{reference}/$"))
    page.get_by_label("Payment reference (optional)").fill("VIR 2026-117")
    page.get_by_role("button", name="Confirm the payment").click()
    page.wait_for_load_state()
    assert page.locator("#order-state").inner_text() == "paid"
    assert "placed → paid" in page.locator("#order-history").inner_text()
    for step, state in (("Start production", "in production"), ("Mark as shipped", "shipped")):
        page.get_by_role("button", name=step).click()
        expect(page.locator("#order-state")).to_have_text(state)
    log_out(page)

    # ------------------------------------------------------------------------------------------------
    # Royalties reach the contributors by influence: each earnings page shows share × pool.
    pool = (total * ROYALTY_PERCENT / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    expected = split(pool, points, order=["rita", "alice", "bob", "carol"])  # the order they signed up in
    assert sum(expected.values()) == pool
    for name, amount in expected.items():
        log_in(page, name)
        page.goto("/accounts/profile/")
        page.get_by_role("link", name="My earnings").click()
        expect(page.get_by_role("heading", name="My earnings")).to_be_visible()
        row = page.locator("main table").first.locator("tbody tr").filter(has_text="Brick Lab")
        cells = row.locator("td").all_inner_texts()  # currency, earned, reversed, paid, owed
        assert cells[0] == "EUR" and Decimal(cells[1]) == amount and Decimal(cells[4]) == amount, (
            name,
            cells,
        )
        by_project = page.locator("main table").nth(1).locator("tbody tr").filter(has_text="Lunar rover")
        assert Decimal(by_project.locator("td").nth(2).inner_text()) == amount
        log_out(page)

    # ------------------------------------------------------------------------------------------------
    # The buyer's order page says it is paid; she posts a make from the project page.
    log_in(page, "dora")
    page.get_by_role("link", name=re.compile(r"^Notifications")).first.click()
    for state in ("paid", "in production", "shipped"):
        expect(
            page.get_by_role("link", name=f"Your order {reference} from Brick Lab is now {state}")
        ).to_be_visible()
    page.goto("/accounts/profile/")
    page.get_by_role("link", name="My orders").click()
    page.get_by_role("link", name=reference).click()
    assert page.locator("#order-state").inner_text() == "shipped"
    assert "paid → in production" in page.locator("#order-history").inner_text()
    page.goto(f"/projects/{PROJECT}/")
    page.get_by_role("button", name="I made it: post a make").click()
    page.wait_for_url(re.compile(r"/makes/new/$"))
    page.get_by_role("radio", name="5").check()
    page.get_by_label("What you built").select_option(label="Rover chassis, revision 3")
    expect(page.get_by_label("Your order")).to_have_value(
        re.compile(r"\d+")
    )  # her paid order, already chosen
    assert page.get_by_label("Your order").locator("option:checked").inner_text() == (
        f"Lunar rover kit, order {reference}"
    )
    page.get_by_label("Photos").set_input_files(str(photo(tmp_path)))
    page.get_by_label("Your note").fill("Built it with my daughter: the cockpit is the best part.")
    page.get_by_role("button", name="Post the make").click()
    page.wait_for_url(re.compile(r"/makes/\d+/$"))
    page.get_by_role("link", name="Lunar rover").first.click()
    page.wait_for_url(re.compile(rf"/projects/{PROJECT}/$"))
    makes = page.locator("#makes")
    assert "1 make, rated 5.0 / 5" in makes.inner_text()
    assert "verified buyer" in makes.inner_text().lower()
    assert "the cockpit is the best part" in makes.inner_text()
    open_design(page)  # the make names the design it built: it shows there too
    assert "the cockpit is the best part" in page.locator("main").inner_text()
    log_out(page)

    # the make counts as a contribution: the influence page now names the maker
    page.goto(f"/projects/{PROJECT}/")
    page.get_by_role("link", name=re.compile("Influence: who shaped this project")).click()
    after, _ = influence_rows(page)
    assert set(after) == set(points) | {"dora"}, after

    # ------------------------------------------------------------------------------------------------
    # The organization sees what it owes each contributor (the same split) and pays Alice her share.
    log_in(page, "olivia")
    page.goto(f"/orgs/{ORG}/")
    page.get_by_role("button", name="Royalties and payouts").click()
    owed = page.locator("section", has=page.get_by_role("heading", name="What you owe")).locator("tbody tr")
    shown = {
        row.locator("th").inner_text(): Decimal(row.locator("td").nth(4).inner_text()) for row in owed.all()
    }
    assert shown == expected, shown
    page.get_by_label("Member paid").select_option(label="alice (@alice)")
    page.get_by_label("Amount").fill(str(expected["alice"]))
    page.get_by_label("Reference").fill("TR-ROVER-1")
    page.get_by_role("button", name="Record the payout").click()
    expect(page.get_by_text(f"Payout of {expected['alice']} EUR to alice recorded.")).to_be_visible()

    # ------------------------------------------------------------------------------------------------
    # It publishes a new version of its technology citing the project and the make, which it found among
    # the usages of its technologies.
    page.goto(f"/orgs/{ORG}/")
    page.get_by_role("link", name="Usages: what people made from our technologies").click()
    most_made = page.locator("section", has=page.get_by_role("heading", name="Most-made projects"))
    made = most_made.locator("tbody tr").filter(has_text="Lunar rover").locator("td")
    assert made.nth(2).inner_text() == "1"
    page.goto(f"/projects/{PROJECT}/")
    page.get_by_role("link", name=re.compile("Cite this project in a new version")).click()
    page.wait_for_url(re.compile(r"/versions/new/"))
    page.get_by_label("Version").fill("2.0")
    page.get_by_label("Changelog").fill("Wheels and axles, after the lunar rover.")
    expect(page.get_by_role("checkbox", name="Lunar rover (Studs)")).to_be_checked()
    page.get_by_role("checkbox", name=re.compile("made by dora")).check()
    page.get_by_role("button", name="Publish the version").click()
    page.wait_for_url(re.compile(r"/technologies/studs/#versions$"))
    versions = page.locator("#versions")
    assert "Inspired by" in versions.inner_text() and "Lunar rover" in versions.inner_text()
    assert "the make by dora" in versions.inner_text()
    log_out(page)

    # ------------------------------------------------------------------------------------------------
    # The designer hears of it all: the payout (nothing owed any more), the make, the version it inspired.
    log_in(page, "alice")
    page.get_by_role("link", name=re.compile(r"^Notifications")).first.click()
    expect(
        page.get_by_role("link", name="dora made your project Lunar rover and rated it 5/5")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Lunar rover inspired version 2.0 of Studs")).to_be_visible()
    page.get_by_role("link", name=f"Brick Lab recorded a payout of {expected['alice']} EUR to you").click()
    expect(page.get_by_role("heading", name="My earnings")).to_be_visible()
    cells = page.locator("main table").first.locator("tbody tr").filter(has_text="Brick Lab").locator("td")
    assert Decimal(cells.nth(3).inner_text()) == expected["alice"]  # paid to her
    assert Decimal(cells.nth(4).inner_text()) == 0  # nothing owed any more
    page.goto(f"/projects/{PROJECT}/")
    assert re.search(r"This inspired version 2\.0 of Studs", page.locator("main .inspired").inner_text())

    # She goes on designing; what the producer makes stays the frozen revision 3.
    open_design(page)
    page.get_by_role("button", name="Edit", exact=True).click()
    building_area(page)
    page.keyboard.press("Enter")
    expect(page.locator(".be-total-quantity")).to_have_text("4")
    page.get_by_label("Message").fill("An antenna")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".be-save-status")).to_have_text("Saved revision 4.")
    page.goto(f"/projects/{PROJECT}/")
    page.locator("#realizations").get_by_role("link", name="the kit").click()
    assert "revision 3" in page.locator("main").inner_text()
    still = [row.locator("td").nth(1).inner_text() for row in page.locator("table.bom tbody tr").all()]
    assert sorted(still) == ["1", "2"], still
