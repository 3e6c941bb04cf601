"""User text is Markdown, rendered to HTML and sanitized by nh3 before it reaches any page."""

import re

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

MENTION_RE = re.compile(r"(?<![\w@/])@([A-Za-z0-9_.+-]{1,150})")


def render_markdown(text: str, *, mention_url=None) -> str:
    """Render Markdown to safe HTML. ``mention_url(username) -> url | None`` links @mentions.

    Raw HTML in the source is escaped by markdown-it (html=False), then nh3 removes anything not on the
    allow-list (scripts, event handlers, javascript: links), whatever the renderer produced.
    """
    html = _md.render(text or "")
    if mention_url is not None:
        html = _link_mentions(html, mention_url)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener ugc",
    )


def _link_mentions(html: str, mention_url) -> str:
    # Only text outside tags and outside <code>/<pre> is touched.
    out, in_code = [], 0
    for part in re.split(r"(<[^>]+>)", html):
        if part.startswith("<"):
            tag = part[1:].split()[0].rstrip(">").lower() if len(part) > 2 else ""
            if tag in ("code", "pre", "a"):
                in_code += 1
            elif tag in ("/code", "/pre", "/a"):
                in_code = max(0, in_code - 1)
            out.append(part)
        elif in_code:
            out.append(part)
        else:
            def repl(m):
                url = mention_url(m.group(1))
                return f'<a href="{url}">@{m.group(1)}</a>' if url else m.group(0)

            out.append(MENTION_RE.sub(repl, part))
    return "".join(out)


def mentioned_usernames(text: str) -> set[str]:
    """Usernames written as @name in a Markdown text, code spans and blocks excluded."""
    stripped = re.sub(r"```.*?```|`[^`]*`", " ", text or "", flags=re.S)
    return {m.group(1).rstrip(".") for m in MENTION_RE.finditer(stripped)}
