from boucle.studio import evaluation as ev
from boucle.studio.kinds.base import DesignKind
from boucle.studio.kinds.recipes import RecipesKind
from boucle.studio.kinds.recipes.schemas import Recipe, RecipeKit
from boucle.studio.registry import get_kind, reset_kinds


def test_the_recipe_kind_is_found_through_its_entry_point():
    reset_kinds()
    kind = get_kind("recipes")
    assert isinstance(kind, RecipesKind) and isinstance(kind, DesignKind)
    assert str(kind.label) == "Beer recipe" and kind.content_schema is Recipe and kind.kit_schema is RecipeKit
    assert kind.editor_template == "studio/kinds/recipes/editor.html"
    assert [f.name for f in kind.importers] == ["beerxml"] == [f.name for f in kind.exporters]


def test_the_demo_kit_has_at_least_40_ingredients_with_published_values(kind):
    kit = RecipeKit.model_validate(kind.demo_kit())
    assert len(kit.fermentables) + len(kit.hops) + len(kit.yeasts) + len(kit.miscs) >= 40
    hops = {h.id: h for h in kit.hops}
    assert hops["cascade"].alpha == 6.8 and hops["hallertauer"].alpha == 4.8
    yeasts = {y.id: y for y in kit.yeasts}
    assert (yeasts["wyeast-1056"].attenuation, yeasts["wlp002"].flocculation) == (75.0, "very_high")


def test_empty_content_is_valid_and_has_no_problems(kind, kit):
    content = kind.empty_content()
    Recipe.model_validate(content)
    assert kind.validate(content, kit) == []
    assert kind.elements(content) == {}


def test_demo_designs_are_valid_recipes_in_the_demo_kit(kind, kit):
    designs = kind.demo_designs()
    assert 3 <= len(designs) <= 5
    for title, raw in designs:
        content = ev.content_clean(kind, raw)
        evaluation = ev.evaluate(kind, content, ev.kit_clean(kind, kit))
        assert evaluation.valid, (title, evaluation.problems)
        assert not [p for p in evaluation.problems if p["code"] == "not_in_kit"]


def test_the_recipe_card_shows_the_style_bars(kind, kit):
    title, content = kind.demo_designs()[0]
    svg = kind.render_svg(content, kit, title="<b>Pride</b>")
    assert svg.startswith("<svg") and "<script" not in svg and "&lt;b&gt;Pride" in svg
    assert "Best Bitter" in svg and "1.049" in svg
    png = kind.render_png(content, kit, size=120)
    assert png.startswith(b"\x89PNG")


def test_the_scale_helper_and_the_editor_data(kind, kit):
    _title, content = kind.demo_designs()[0]
    assert kind.scale(content, kit, batch_size=20)["batch_size"] == 20
    assert any(s["code"] == "21A" for s in kind.style_table)
    assert '"PPG_SUCROSE": 46.214' in kind.constants_json
