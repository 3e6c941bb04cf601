from boucle.studio.kinds.base import DesignKind, Format
from boucle.studio.kinds.bricks import BricksKind
from boucle.studio.kinds.bricks.schemas import BrickKit, BrickModel
from boucle.studio.registry import get_kind, reset_kinds


def test_the_brick_kind_is_found_through_its_entry_point():
    # given a fresh registry / when
    reset_kinds()
    kind = get_kind("bricks")
    # then
    assert isinstance(kind, BricksKind) and isinstance(kind, DesignKind)
    assert kind.name == "bricks" and str(kind.label) == "Brick model"
    assert kind.content_schema is BrickModel and kind.kit_schema is BrickKit
    assert kind.editor_template == "studio/kinds/bricks/editor.html"
    assert kind.gallery_metrics[:2] == ("pieces", "price")


def test_the_brick_kind_imports_and_exports_ldraw(kind):
    assert [f.name for f in kind.importers] == ["ldraw"] and [f.name for f in kind.exporters] == ["ldraw"]
    assert all(isinstance(f, Format) for f in kind.importers + kind.exporters)
    assert ".mpd" in kind.importers[0].extensions and kind.importers[0].max_bytes == 5 * 1024 * 1024


def test_empty_content_is_valid_and_has_no_problems(kind, kit):
    content = kind.empty_content()
    BrickModel.model_validate(content)
    assert kind.validate(content, kit) == []
    assert kind.elements(content) == {}
