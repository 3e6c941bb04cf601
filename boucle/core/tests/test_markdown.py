from hypothesis import given
from hypothesis import strategies as st

from boucle.core.markdown import mentioned_usernames, render_markdown
from boucle.core.testing import XSS_PAYLOADS, active_content


def test_markdown_renders_emphasis_and_links():
    html = render_markdown("**bold** and [a link](https://example.org)")
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html
    assert "nofollow" in html


def test_usual_xss_payloads_leave_no_active_content():
    for payload in XSS_PAYLOADS:
        assert active_content(render_markdown(payload)) == [], payload


@given(st.text())
def test_any_text_renders_without_active_content(text):
    assert active_content(render_markdown(text)) == []


def test_mentions_are_found_outside_code():
    assert mentioned_usernames("Hi @alice and @bob. `@carol`") == {"alice", "bob"}


def test_mentions_link_to_known_members_only():
    html = render_markdown("Hi @alice and @ghost", mention_url=lambda u: "/members/alice/" if u == "alice" else None)
    assert '<a href="/members/alice/"' in html
    assert "@ghost" in html and "/members/ghost/" not in html
