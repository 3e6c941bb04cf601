"""Every installed design kind keeps the contract of ``kinds.base.DesignKind``, through the studio's own calls
(the studio names no kind: this test runs over whatever the registry finds, the tally test kind included)."""

import pytest

from boucle.studio import evaluation as ev
from boucle.studio.kinds.base import Change
from boucle.studio.registry import kinds

KINDS = kinds()


def test_the_test_kind_and_boucles_own_kinds_are_installed():
    assert "tally" in [k.name for k in KINDS]


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_hook_answers_as_the_contract_says(kind):
    kit = ev.kit_clean(kind, kind.demo_kit())
    empty = ev.content_clean(kind, kind.empty_content())
    designs = kind.demo_designs()
    assert designs, "a kind gives the demo a few designs"
    for title, raw in designs:
        content = ev.content_clean(kind, raw)
        evaluation = ev.evaluate(kind, content, kit)
        assert evaluation.valid, (title, evaluation.problems)
        elements = kind.elements(content)
        assert elements and all(isinstance(k, str) and isinstance(v, str) for k, v in elements.items())
        assert {line["key"] for line in evaluation.bom}, title
        keys = [m["key"] for m in evaluation.metrics]
        assert set(kind.gallery_metrics) <= set(keys), title
        changes = kind.diff(empty, content, kit)
        assert changes and all(isinstance(c, Change) and c.action == "added" for c in changes), title
        assert kind.diff(content, content, kit) == []
        svg = kind.render_svg(content, kit)
        assert svg.lstrip().startswith("<svg") and "<script" not in svg.lower()
        assert kind.render_png(content, kit, size=200).startswith(b"\x89PNG")


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_a_design_exported_and_imported_again_has_the_same_bill_of_materials(kind):
    kit = ev.kit_clean(kind, kind.demo_kit())
    shared = {f.name for f in kind.exporters} & {f.name for f in kind.importers}
    for fmt in shared:
        for title, raw in kind.demo_designs():
            content = ev.content_clean(kind, raw)
            data = kind.export_file(fmt, content, kit, title=title, attribution=["By someone — CC BY 4.0"])
            again = ev.content_clean(kind, kind.import_file(fmt, data, kit))
            assert ev.evaluate(kind, again, kit).bom == ev.evaluate(kind, content, kit).bom, (fmt, title)
