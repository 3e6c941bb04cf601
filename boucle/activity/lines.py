"""How an event reads in a feed: one line of HTML (links escaped by ``format_html``), the same as plain text
(Atom titles, the API), and the address it points to. Everything comes from ``Event.data``: no query.
"""

import html

from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from boucle.activity.models import Event, Verb


def _url(name: str, key) -> str:
    try:
        return reverse(name, args=[key]) if key else ""
    except NoReverseMatch:
        return ""


def _link(url: str, text) -> SafeString:
    text = text or "…"
    return format_html('<a href="{}">{}</a>', url, text) if url else format_html("{}", text)


def _actor(event: Event) -> SafeString:
    actor = event.data.get("actor") or {}
    if not actor:
        return format_html("{}", _("Boucle"))
    return _link(_url("member_detail", actor.get("username")), actor.get("name") or actor.get("username"))


def _project(event: Event) -> SafeString:
    project = event.data.get("project") or {}
    return _link(_url("project_detail", project.get("slug")), project.get("title"))


_TARGET_URLS = {"project": "project_detail", "technology": "technology_detail", "challenge": "challenge_detail"}


def _status_label(value) -> str:
    from boucle.projects.enums import ProjectStatus

    return ProjectStatus(value).label if value in ProjectStatus.values else str(value or "")


_DESIGN_VERBS = {
    Verb.DESIGN_CREATED,
    Verb.DESIGN_REVISION,
    Verb.DESIGN_FORKED,
    Verb.SUGGESTION_PROPOSED,
    Verb.SUGGESTION_DECIDED,
}


def _design_url(data: dict) -> str:
    """A design's page (studio: /projects/<slug>/designs/<number>/), else its project's."""
    design, project = data.get("design") or {}, data.get("project") or {}
    if not project.get("slug") or not design.get("number"):
        return ""
    try:
        return reverse("design_detail", args=[project["slug"], design["number"]])
    except NoReverseMatch:
        url = _url("project_detail", project["slug"])
        return f"{url}#design-{design['number']}" if url else ""


def _design(event: Event) -> SafeString:
    return _link(_design_url(event.data), (event.data.get("design") or {}).get("title"))


def _design_line(event: Event, actor, project) -> SafeString:
    data, verb = event.data, event.verb
    design = _design(event)
    revision = (data.get("revision") or {}).get("number") or "?"
    if verb == Verb.DESIGN_CREATED:
        return format_html(
            _("{actor} started the design {design} in {project}"), actor=actor, design=design, project=project
        )
    if verb == Verb.DESIGN_REVISION:
        if data.get("merged_by"):
            return format_html(
                _("{actor}'s suggestion became revision {n} of {design} in {project}"),
                actor=actor,
                n=revision,
                design=design,
                project=project,
            )
        return format_html(
            _("{actor} saved revision {n} of {design} in {project}"),
            actor=actor,
            n=revision,
            design=design,
            project=project,
        )
    if verb == Verb.DESIGN_FORKED:
        source = data.get("source") or {}
        return format_html(
            _("{actor} forked {source} into {design} in {project}"),
            actor=actor,
            source=source.get("title") or "…",
            design=design,
            project=project,
        )
    if verb == Verb.SUGGESTION_PROPOSED:
        return format_html(
            _("{actor} suggested a change to {design} in {project}"),
            actor=actor,
            design=design,
            project=project,
        )
    if (data.get("suggestion") or {}).get("decision") == "merged":
        return format_html(
            _("{actor} merged a suggestion into {design} in {project}"),
            actor=actor,
            design=design,
            project=project,
        )
    return format_html(
        _("{actor} declined a suggestion to {design} in {project}"),
        actor=actor,
        design=design,
        project=project,
    )


def event_url(event: Event) -> str:
    """The page an event is about (a comment's anchor, a project, a member)."""
    data = event.data
    if event.verb in _DESIGN_VERBS and (url := _design_url(data)):
        return url
    if event.verb == Verb.COMMENT_POSTED:
        target = data.get("target") or {}
        url = _url(_TARGET_URLS.get(target.get("kind"), ""), target.get("slug")) if target.get("kind") in _TARGET_URLS else ""
        return f"{url}#comment-{data['comment_id']}" if url and data.get("comment_id") else url
    if event.verb in (Verb.MAKE_POSTED, Verb.VERSION_INSPIRED):
        from boucle.makes.notify import make_event_url

        if url := make_event_url(event):
            return url
    if event.verb in (Verb.REALIZATION_ADOPTED, Verb.OFFER_PUBLISHED):
        from boucle.realization.notify import realization_event_url

        if url := realization_event_url(event):
            return url
    if event.verb == Verb.MEMBER_FOLLOWED:
        return _url("member_detail", (data.get("member") or {}).get("username"))
    if data.get("project"):
        return _url("project_detail", data["project"].get("slug"))
    if data.get("challenge"):
        return _url("challenge_detail", data["challenge"].get("slug"))
    if data.get("organization"):
        return _url("org_detail", data["organization"].get("slug"))
    return _url("member_detail", (data.get("actor") or {}).get("username"))


def event_html(event: Event) -> SafeString:
    """One feed line, e.g. ``<a href="/members/alice/">Alice</a> published <a href="/projects/castle/">Castle</a>``."""
    data = event.data
    actor, project = _actor(event), _project(event)
    verb = event.verb
    if verb == Verb.PROJECT_PUBLISHED:
        return format_html(_("{actor} published {project}"), actor=actor, project=project)
    if verb == Verb.PROJECT_EDITED:
        return format_html(_("{actor} edited {project}"), actor=actor, project=project)
    if verb == Verb.PROJECT_MILESTONE:
        return format_html(
            _("{project} reached {n} supporters"), project=project, n=data.get("supporters", "?")
        )
    if verb == Verb.PROJECT_STATUS:
        return format_html(
            _("{project} is now {status}"), project=project, status=_status_label(data.get("to"))
        )
    if verb == Verb.COMMENT_POSTED:
        target = data.get("target") or {}
        url = event_url(event)
        return format_html(
            _("{actor} commented on {target}: “{excerpt}”"),
            actor=actor,
            target=_link(url, target.get("title")),
            excerpt=data.get("excerpt", ""),
        )
    if verb == Verb.REVIEW_DECIDED:
        if data.get("decision") == "accepted":
            return format_html(_("{actor} accepted {project}"), actor=actor, project=project)
        return format_html(_("{actor} declined {project}"), actor=actor, project=project)
    if verb == Verb.MEMBER_FOLLOWED:
        member = data.get("member") or {}
        return format_html(
            _("{actor} followed {member}"),
            actor=actor,
            member=_link(_url("member_detail", member.get("username")), member.get("name")),
        )
    if verb == Verb.PROJECTS_MERGED:
        duplicate = data.get("duplicate") or {}
        return format_html(
            _("{actor} merged {duplicate} into {project}"),
            actor=actor,
            duplicate=duplicate.get("title") or "…",
            project=project,
        )
    if verb in _DESIGN_VERBS:
        return _design_line(event, actor, project)
    if verb in (Verb.MAKE_POSTED, Verb.VERSION_INSPIRED):
        from boucle.makes.notify import make_event_html

        return make_event_html(event, actor=actor, project=project)
    if verb in (Verb.REALIZATION_ADOPTED, Verb.OFFER_PUBLISHED):
        from boucle.realization.notify import realization_event_html

        return realization_event_html(event, actor=actor, project=project)
    label = Verb(verb).label if verb in Verb.values else verb
    if data.get("project"):
        return format_html("{} {} {}", actor, label, project)
    return format_html("{} {}", actor, label)


def event_text(event: Event) -> str:
    """The feed line as plain text (unescaped: whoever outputs it escapes it)."""
    return html.unescape(strip_tags(event_html(event)))


def event_detail(event: Event) -> str:
    """The longer text of an event, when it has one (a decision's reason), as plain text."""
    data = event.data
    if event.verb == Verb.REVIEW_DECIDED:
        return data.get("reason", "")
    if event.verb == Verb.COMMENT_POSTED:
        return data.get("excerpt", "")
    if event.verb == Verb.PROJECT_STATUS:
        return data.get("reason", "")
    if event.verb in (Verb.DESIGN_REVISION, Verb.DESIGN_CREATED):
        return (data.get("revision") or {}).get("message", "")
    if event.verb == Verb.SUGGESTION_PROPOSED:
        return (data.get("suggestion") or {}).get("message", "")
    if event.verb == Verb.SUGGESTION_DECIDED:
        return (data.get("suggestion") or {}).get("reason", "")
    if event.verb == Verb.MAKE_POSTED:
        return data.get("excerpt", "")
    return ""
