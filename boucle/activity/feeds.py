"""Atom feeds (django.contrib.syndication) of a project, a challenge, a tag, an organization and a member.

Each entry is one event: its title is the feed line as text, its summary (HTML, escaped here) the comment or
reason it carries. Links are absolute, built from ``settings.SITE_URL`` (never from the Host header a client
chooses), like the pages' share metadata.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.encoding import iri_to_uri
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from boucle.activity import selectors
from boucle.activity.lines import event_detail, event_text, event_url
from boucle.core.errors import NotFound

ENTRIES = 30


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + iri_to_uri(path)


@dataclass
class _Source:
    target: object
    request: object


class EventFeed(Feed):
    feed_type = Atom1Feed

    def events(self, target):  # pragma: no cover - each subclass says which events
        raise NotImplementedError

    def lookup(self, key: str):  # pragma: no cover
        raise NotImplementedError

    def get_object(self, request, key):
        return _Source(target=self.lookup(key.replace("\x00", "")), request=request)

    def title(self, source):
        return _("%(name)s · activity on Boucle") % {"name": selectors.follow_title(source.target)}

    def subtitle(self, source):
        return _("What happened lately on %(name)s.") % {"name": selectors.follow_title(source.target)}

    def link(self, source):
        return _absolute(selectors.follow_url(source.target))

    def feed_url(self, source):
        return _absolute(source.request.path)

    def items(self, source):
        return list(self.events(source.target).order_by("-created_at", "-id")[:ENTRIES])

    def item_title(self, event):
        return event_text(event)

    def item_description(self, event):
        detail = event_detail(event)
        # Atom's <summary type="html"> is read as HTML: the text is escaped so it stays text.
        return escape(detail) if detail else None

    def item_link(self, event):
        return _absolute(event_url(event) or "/")

    def item_guid(self, event):
        return f"urn:boucle:event:{event.pk}"

    def item_guid_is_permalink(self, event):
        return False

    def item_pubdate(self, event):
        return event.created_at

    def item_updateddate(self, event):
        return event.created_at

    def item_author_name(self, event):
        actor = event.data.get("actor") or {}
        return actor.get("name") or _("Boucle")


class ProjectFeed(EventFeed):
    def lookup(self, key):
        try:
            return selectors.project_public(slug=key)
        except NotFound:
            raise Http404 from None

    def events(self, target):
        return selectors.project_events(project=target)


class OrganizationFeed(EventFeed):
    def lookup(self, key):
        from boucle.orgs.models import Organization

        return get_object_or_404(Organization, slug=key)

    def events(self, target):
        return selectors.organization_events(organization=target)


class ChallengeFeed(EventFeed):
    def lookup(self, key):
        from boucle.challenges.models import Challenge

        return get_object_or_404(Challenge, slug=key, is_published=True)

    def events(self, target):
        return selectors.challenge_events(challenge=target)


class TagFeed(EventFeed):
    def lookup(self, key):
        from boucle.projects.models import Tag

        return get_object_or_404(Tag, slug=key)

    def events(self, target):
        return selectors.tag_events(tag=target)


class MemberFeed(EventFeed):
    def lookup(self, key):
        from boucle.accounts.models import User

        return get_object_or_404(User, username=key, is_active=True)

    def events(self, target):
        return selectors.member_events(member=target)
