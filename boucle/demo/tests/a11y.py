"""A small accessibility check of an HTML page, for tests: what a keyboard or screen-reader user needs from the
markup itself. Standard library only (html.parser); it reads what the server sent, not what scripts add."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
NOT_LABELLED = {"hidden", "submit", "button", "reset", "image"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.ids = {}
        self.label_for = set()
        self.fields = []  # (tag, id, inside a label, has aria name, line)
        self.label_depth = 0
        self.links = []  # [text parts, has aria name, line, has img with alt]
        self.html_lang = None
        self.h1 = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        line = self.getpos()[0]
        if a.get("id"):
            if a["id"] in self.ids:
                self.problems.append(f"line {line}: id {a['id']!r} used twice (first on line {self.ids[a['id']]})")
            self.ids.setdefault(a["id"], line)
        named = bool(a.get("aria-label") or a.get("aria-labelledby") or a.get("title"))
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label":
            if a.get("for"):
                self.label_for.add(a["for"])
            if tag not in VOID:
                self.label_depth += 1
        elif tag == "img":
            if "alt" not in a:
                self.problems.append(f"line {line}: <img src={a.get('src', '')[:60]!r}> has no alt")
            for link in self.links:
                if a.get("alt"):
                    link[3] = True
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and (a.get("type") or "text") in NOT_LABELLED:
                return
            self.fields.append((tag, a.get("id"), self.label_depth > 0, named, line, a.get("name")))
        elif tag == "a" and "href" in a:
            self.links.append([[], named, line, False])
        elif tag == "svg" and self.links:
            self.links[-1][3] = self.links[-1][3] or named

    def handle_endtag(self, tag):
        if tag == "label" and self.label_depth:
            self.label_depth -= 1
        elif tag == "a" and self.links:
            text, named, line, img = self.links.pop()
            if not ("".join(text).strip() or named or img):
                self.problems.append(f"line {line}: a link with no text or name")

    def handle_data(self, data):
        for link in self.links:
            link[0].append(data)


def page_problems(markup: str) -> list[str]:
    """What keeps a keyboard or screen-reader user from using the page: a missing html lang, form fields with no
    label, images with no alt, links with no name, ids used twice (they break labels and fragment links)."""
    page = _Page()
    page.feed(markup)
    page.close()
    problems = list(page.problems)
    if not page.html_lang:
        problems.append("<html> has no lang")
    for tag, id_, in_label, named, line, name in page.fields:
        if not (in_label or named or (id_ and id_ in page.label_for)):
            problems.append(f"line {line}: <{tag} name={name!r}> has no label")
    return problems
