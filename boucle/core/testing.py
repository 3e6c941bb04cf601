"""Helpers for tests across apps."""

from html.parser import HTMLParser

XSS_PAYLOADS = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg/onload=alert(1)>",
    '"><script>alert(1)</script>',
    "<iframe src=//evil.example></iframe>",
    "![x](javascript:alert(1))",
    "<details open ontoggle=alert(1)>",
    "{{ 7*7 }}<style>body{display:none}</style>",
]

DANGEROUS_TAGS = {"iframe", "object", "embed", "svg", "math", "style", "base", "form"}


class _Scanner(HTMLParser):
    def __init__(self, allowed_scripts: set[str]):
        super().__init__()
        self.problems = []
        self.allowed_scripts = allowed_scripts
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            src = attrs.get("src") or ""
            if not any(src.startswith(a) for a in self.allowed_scripts) and "type" not in attrs:
                self.problems.append(f"inline or foreign <script>: {attrs}")
        if tag in DANGEROUS_TAGS - {"form"}:
            self.problems.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action") and value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value}>")


def active_content(html: str, *, allowed_scripts=("/static/",)) -> list[str]:
    """The script tags, event handlers and javascript: URLs in a page that the page itself did not ship."""
    scanner = _Scanner(set(allowed_scripts))
    scanner.feed(html)
    return scanner.problems
