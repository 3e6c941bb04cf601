from hypothesis import given
from hypothesis import strategies as st

from boucle.core.markdown import mentioned_usernames, render_markdown

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg/onload=alert(1)>",
    '"><script>alert(1)</script>',
    "<iframe src=//evil.example></iframe>",
    "![x](javascript:alert(1))",
]


def test_markdown_renders_emphasis_and_links():
    html = render_markdown("**bold** and [a link](https://example.org)")
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html
    assert "nofollow" in html


def test_usual_xss_payloads_leave_no_script():
    for payload in XSS:
        html = render_markdown(payload).lower()
        assert "<script" not in html
        assert 'href="javascript' not in html and 'src="javascript' not in html
        assert "<img src=x" not in html and " onerror=" not in html.replace("&lt;img src=x onerror=", "")
        assert "<iframe" not in html and "<svg" not in html


@given(st.text())
def test_any_text_renders_without_active_content(text):
    html = render_markdown(text).lower()
    assert "<script" not in html and "<iframe" not in html
    assert 'href="javascript' not in html and 'src="javascript' not in html


def test_mentions_are_found_outside_code():
    assert mentioned_usernames("Hi @alice and @bob. `@carol`") == {"alice", "bob"}


def test_mentions_link_to_known_members_only():
    html = render_markdown("Hi @alice and @ghost", mention_url=lambda u: "/members/alice/" if u == "alice" else None)
    assert '<a href="/members/alice/"' in html
    assert "@ghost" in html and "/members/ghost/" not in html
