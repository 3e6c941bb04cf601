"""Live-only problems (``Problem.live``, the kind's ``live_problem_codes``) are never read back from a stored
revision: revisions saved before the configurator's "unreachable" hints became live-only still hold them, and
revisions are immutable, so every read (API revisions, designs, suggestions, pages) leaves them out, and the
validity it shows agrees with the problems it shows."""

import pytest
from django.db.models import QuerySet
from django.urls import reverse

from boucle.studio import evaluation as ev
from boucle.studio import pages, services
from boucle.studio.kinds.configurator.tests.test_studio import configured_design
from boucle.studio.models import Design, Revision
from boucle.studio.registry import get_kind

pytestmark = pytest.mark.django_db

UNREACHABLE = {
    "code": "unreachable",
    "message": "“Porteur box, 80 l” is not possible with “Long-tail frame”.",
    "elements": ["front-box"],
    "severity": "warning",
}
NOTE = {"code": "rule", "message": "A rule the design breaks.", "elements": ["frame"], "severity": "warning"}


def stored_before(revision, problems, *, valid=True):
    """Write ``problems`` into a stored revision as an older version of the studio did (past the immutability
    guard, which only a migration of old data would cross)."""
    QuerySet.update(Revision.objects.filter(pk=revision.pk), problems=problems, valid=valid)
    QuerySet.update(Design.objects.filter(pk=revision.design_id), valid=valid)


def test_the_api_leaves_out_unreachable_hints_an_old_revision_stored(user, client_for):
    # given a revision stored with an "unreachable" hint beside a problem that still holds
    design = configured_design(user)
    stored_before(design.head, [UNREACHABLE, NOTE])
    client = client_for(user)
    # when the API reads the revision and the design
    revision = client.get(reverse("api:revision_read", args=[design.pk, 1])).json()
    read = client.get(reverse("api:design_read", args=[design.pk])).json()
    # then only the problem that holds is shown
    assert revision["problems"] == [NOTE]
    assert revision["valid"] is True and read["valid"] is True and read["head_revision"]["valid"] is True
    # and the stored revision is untouched
    assert Revision.objects.get(pk=design.head_id).problems == [UNREACHABLE, NOTE]


def test_a_live_only_error_stored_before_does_not_make_the_design_invalid_when_read(user, client_for):
    # given a revision whose only error was a live-only one (stored invalid)
    design = configured_design(user)
    stored_before(design.head, [{**UNREACHABLE, "severity": "error"}], valid=False)
    client = client_for(user)
    # when its design, history and revision are read
    read = client.get(reverse("api:design_read", args=[design.pk])).json()
    history = client.get(reverse("api:revision_list", args=[design.pk])).json()
    revision = client.get(reverse("api:revision_read", args=[design.pk, 1])).json()
    gallery = client.get(reverse("api:design_gallery")).json()
    # then every read says valid, with no problem listed
    assert revision["problems"] == [] and revision["valid"] is True
    assert read["valid"] is True and read["head_revision"]["valid"] is True
    assert [r["valid"] for r in history["items"]] == [True]
    assert [d["valid"] for d in gallery["items"] if d["id"] == design.pk] == [True]


def test_a_real_error_beside_a_live_only_one_keeps_the_revision_invalid(user, client_for):
    # given a stored revision with a live-only hint and a real error
    design = configured_design(user)
    error = {**NOTE, "severity": "error"}
    stored_before(design.head, [UNREACHABLE, error], valid=False)
    # when the API reads it
    revision = client_for(user).get(reverse("api:revision_read", args=[design.pk, 1])).json()
    # then the error stands and the revision is invalid
    assert revision["problems"] == [error] and revision["valid"] is False


def test_a_suggestion_stored_with_an_unreachable_hint_shows_none(user, other_user, client_for):
    # given a suggestion whose stored revision holds an "unreachable" hint
    design = configured_design(user)
    suggestion = services.suggestion_propose(
        actor=other_user,
        design=design,
        content=design.head.content
        | {"selections": {**design.head.content["selections"], "paint": ["paint-ochre"]}},
        parent=1,
        message="in ochre",
    )
    stored_before(suggestion.revision, [UNREACHABLE])
    client = client_for(other_user)
    # when the API reads it, alone and in the list
    read = client.get(reverse("api:suggestion_read", args=[suggestion.pk])).json()
    listed = client.get(reverse("api:suggestion_list", args=[design.pk])).json()
    # then no hint is listed and it is valid
    assert read["revision"]["problems"] == [] and read["valid"] is True
    assert [s["valid"] for s in listed["items"]] == [True]


def test_the_page_falls_back_to_the_stored_problems_without_the_live_ones(user, monkeypatch):
    # given an old revision with a hint, and a kind that fails when the page asks it again
    design = configured_design(user)
    stored_before(design.head, [UNREACHABLE, NOTE])
    revision = Revision.objects.select_related("kit").get(pk=design.head_id)

    def broken(*args, **kwargs):
        raise RuntimeError("the kind broke")

    monkeypatch.setattr(pages.ev, "evaluate", broken)
    monkeypatch.setattr(pages.cache, "get", lambda *args, **kwargs: None)  # no answer cached by another test
    # when the page reads the revision's problems
    problems, _bom, _metrics = pages.localized(get_kind("configurator"), revision)
    # then the stored ones stand in, without the hint
    assert problems == [NOTE]


def test_every_live_problem_the_configurator_answers_has_a_code_in_its_live_problem_codes(user):
    # given a configuration with choices the others rule out
    kind = get_kind("configurator")
    design = configured_design(user)
    # when the kind validates it
    problems = kind.validate(design.head.content, design.head.kit.content)
    live = [p for p in problems if p.live]
    # then every live problem is known by its code, and no other problem has such a code
    assert live and {p.code for p in live} <= kind.live_problem_codes
    assert not [p for p in problems if not p.live and p.code in kind.live_problem_codes]


def test_stored_problems_of_an_unknown_kind_are_left_as_they_are():
    assert ev.stored_problems(None, [UNREACHABLE]) == [UNREACHABLE]
    assert ev.stored_valid(None, False, [{**UNREACHABLE, "severity": "error"}]) is False
