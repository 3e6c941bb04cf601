"""The registry finds kinds through the ``boucle.design_kinds`` entry points of the installed packages."""

import logging
from importlib.metadata import EntryPoint

import pytest

from boucle.core.errors import NotFound
from boucle.studio import registry
from boucle.studio.kinds.base import DesignKind


@pytest.fixture(autouse=True)
def _fresh_registry():
    registry.reset_kinds()
    yield
    registry.reset_kinds()


def test_the_tally_test_package_is_found_through_its_entry_point():
    # given the package tests/kinds/boucle-kind-tally installed into the environment (scripts/setup --test)
    from importlib.metadata import entry_points

    declared = {e.name: e.value for e in entry_points(group="boucle.design_kinds")}
    # when
    kind = registry.get_kind("tally")
    # then: the real entry point, not a patched registry
    assert declared["tally"] == "boucle_kind_tally:kind"
    assert isinstance(kind, DesignKind)
    assert kind.name == "tally"
    assert type(kind).__module__ == "boucle_kind_tally"
    assert "tally" in [k.name for k in registry.kinds()]


def test_an_unknown_kind_is_not_found():
    with pytest.raises(NotFound):
        registry.get_kind("no-such-kind")
    assert registry.find_kind("no-such-kind") is None


def _entry(name, value):
    return EntryPoint(name=name, value=value, group=registry.ENTRY_POINT_GROUP)


def test_a_kind_that_does_not_load_is_logged_and_left_out(monkeypatch, caplog):
    # given one good kind and three broken ones
    entries = [
        _entry("tally", "boucle_kind_tally:kind"),
        _entry("broken", "boucle_no_such_package:kind"),
        _entry("misnamed", "boucle_kind_tally:kind"),  # the entry point's name differs from the kind's
        _entry("notakind", "boucle.studio.registry:kinds"),
    ]
    monkeypatch.setattr(registry, "entry_points", lambda group: [e for e in entries if e.group == group])
    # when
    with caplog.at_level(logging.ERROR, logger="boucle.studio.registry"):
        names = registry.kind_names()
    # then
    assert names == ["tally"]
    logged = caplog.text
    assert "broken" in logged and "misnamed" in logged and "notakind" in logged


def test_the_registry_is_cached_until_reset(monkeypatch):
    calls = []
    real = registry.entry_points

    def counting(group):
        calls.append(group)
        return real(group=group)

    monkeypatch.setattr(registry, "entry_points", counting)
    registry.kinds()
    registry.kinds()
    registry.get_kind("tally")
    assert len(calls) == 1
    registry.reset_kinds()
    registry.kinds()
    assert len(calls) == 2
