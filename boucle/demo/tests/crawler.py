"""A crawler of the site's own links, for tests: every kind of page, reached as people reach them."""

import html
import re
from collections import Counter, deque
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

LINK = re.compile(r'href="(/[^"#]*)"')
NOT_FOLLOWED = ("/accounts/logout/", "/static/", "/media/", "/i18n/")


def crawl(client, *, start="/", per_view=3, limit=700, pages=None):
    """Follow the site's own links breadth-first from ``start``, at most ``per_view`` URLs per view (so the crawl
    reaches every kind of page, not every project). Returns ({url: status}, {view names visited}); the URLs that
    answered with an HTML page are appended to ``pages`` when given."""
    answers, views, queue, queued = {}, Counter(), deque([start]), {start}
    while queue and len(answers) < limit:
        url = queue.popleft()
        try:
            view = resolve(urlsplit(url).path).view_name
        except Resolver404:
            continue
        if views[view] >= per_view:
            continue
        views[view] += 1
        response = client.get(url)
        answers[url] = response.status_code
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            if pages is not None:
                pages.append(url)
            for href in LINK.findall(response.content.decode()):
                href = html.unescape(href)
                if href not in queued and not href.startswith(NOT_FOLLOWED):
                    queued.add(href)
                    queue.append(href)
    return answers, set(views)
