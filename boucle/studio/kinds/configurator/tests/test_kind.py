"""The configurator kind as the studio uses it: kit and configuration schemas, problems in words, the fix,
greyed choices, BOM, metrics, diff, pictures and the JSON format."""

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boucle.core.errors import InvalidInput
from boucle.studio import evaluation as ev
from boucle.studio.kinds.base import ImportRefused
from boucle.studio.kinds.configurator import kind
from boucle.studio.kinds.configurator.demo import demo_designs
from boucle.studio.registry import get_kind, reset_kinds


@pytest.fixture
def kit():
    return ev.kit_clean(kind, kind.demo_kit())


def configuration(**groups):
    return {"selections": {g: [v] if isinstance(v, str) else v for g, v in groups.items()}}


SCHOOL_RUN = dict(demo_designs()[0][1]["selections"])


def test_the_kind_is_found_through_its_entry_point_and_the_demo_kit_is_big_enough():
    reset_kinds()
    found = get_kind("configurator")
    assert found.name == "configurator" and found.editor_template.endswith("configurator/editor.html")
    demo = found.demo_kit()
    assert len(demo["groups"]) >= 8 and sum(len(g["choices"]) for g in demo["groups"]) >= 40
    assert len(demo["rules"]) >= 10


def test_a_kit_whose_rules_admit_no_configuration_is_refused_with_a_clear_message():
    # given the demo kit with a rule that the lightest possible bike breaks
    bad = kind.demo_kit()
    bad["rules"].append({"id": "too-light", "type": "limit", "attribute": "weight", "op": "<=", "value": 5})
    # when / then
    with pytest.raises(InvalidInput) as error:
        ev.kit_clean(kind, bad)
    assert "These rules admit no valid configuration at all" in str(error.value)
    assert "Value error" not in str(error.value)


def test_a_kit_naming_an_unknown_choice_in_a_rule_is_refused():
    bad = kind.demo_kit()
    bad["rules"].append({"id": "ghost", "type": "requires", "choice": "frame-step", "needs": ["rocket"]})
    with pytest.raises(InvalidInput) as error:
        ev.kit_clean(kind, bad)
    assert "rocket" in str(error.value)


def test_a_configuration_naming_an_unknown_choice_is_refused_naming_it(kit):
    content = ev.content_clean(kind, configuration(**{**SCHOOL_RUN, "wheels": "wheels-99"}))
    with pytest.raises(InvalidInput) as error:
        ev.evaluate(kind, content, kit)
    assert "wheels-99" in str(error.value)
    with pytest.raises(InvalidInput):
        ev.evaluate(kind, ev.content_clean(kind, configuration(spoiler="wing")), kit)


def test_the_demo_designs_are_valid_with_price_weight_and_range(kit):
    for title, content in demo_designs():
        evaluation = ev.evaluate(kind, ev.content_clean(kind, content), kit)
        assert evaluation.valid, (title, evaluation.problems)
        metrics = {m["key"]: m["value"] for m in evaluation.metrics}
        assert float(metrics["price"]) > 1000 and float(metrics["weight"]) <= 42
        assert float(metrics["range_km"]) > 20
        assert evaluation.bom[0]["key"] == "product"


def test_an_incompatible_choice_names_the_rule_and_offers_the_nearest_fix(kit):
    # given the school-run long-tail with the small battery
    content = ev.content_clean(kind, configuration(**{**SCHOOL_RUN, "battery": "bat-400"}))
    # when
    evaluation = ev.evaluate(kind, content, kit)
    # then the broken rule is named in words, and the fix is one change back to a big battery
    assert not evaluation.valid
    errors = [p for p in evaluation.problems if p["severity"] == "error"]
    assert any(
        "“Long-tail frame” requires “Battery 750 Wh” or “Dual battery 1,250 Wh”" in p["message"]
        for p in errors
    )
    fix = next(p for p in evaluation.problems if p["code"] == "fix")
    assert fix["elements"] == ["set:battery:bat-750"]
    assert "Battery: Battery 400 Wh → Battery 750 Wh" in fix["message"]
    # and applying it gives a valid configuration
    fixed = copy.deepcopy(content)
    for step in fix["elements"]:
        _, group, choices = step.split(":")
        fixed["selections"][group] = choices.split("+") if choices else []
    assert ev.evaluate(kind, ev.content_clean(kind, fixed), kit).valid


def test_choices_ruled_out_by_the_others_are_warnings_with_the_reason(kit):
    content = ev.content_clean(kind, configuration(**SCHOOL_RUN))
    problems = kind.validate(content, kit)
    unreachable = {p.elements[0]: p for p in problems if p.code == "unreachable"}
    assert all(p.severity == "warning" for p in unreachable.values())
    # a porteur box needs the porteur frame: not possible with the long-tail
    assert "front-box" in unreachable and "“Long-tail frame”" in unreachable["front-box"].message
    # the rear rack is still possible (the child seat can sit on it)
    assert "rear-rack" not in unreachable


def test_missing_and_extra_choices_in_a_group_are_errors(kit):
    selections = {k: v for k, v in SCHOOL_RUN.items() if k != "motor"}
    selections["lights"] = ["lights-basic", "lights-bright"]
    problems = kind.validate(ev.content_clean(kind, {"selections": selections}), kit)
    codes = {(p.code, p.elements) for p in problems}
    assert ("group_min", ("motor",)) in codes and ("group_max", ("lights",)) in codes


def test_diff_says_what_changed_in_each_group(kit):
    old = ev.content_clean(kind, configuration(**SCHOOL_RUN))
    new = ev.content_clean(kind, configuration(**{**SCHOOL_RUN, "wheels": "wheels-24", "fenders": []}))
    texts = [(c.action, c.element, c.text) for c in kind.diff(old, new, kit)]
    assert ("changed", "wheels", "Wheels: 20-inch wheels → 24-inch wheels") in texts
    assert ("removed", "fenders", "Mudguards: removed Plastic mudguards") in texts
    assert kind.elements(old, kit)["wheels-20"] == "Wheels: 20-inch wheels"


def test_the_picture_stacks_the_chosen_layers(kit):
    from boucle.studio.kinds.configurator.render import composite, layers

    content = ev.content_clean(kind, configuration(**SCHOOL_RUN))
    order = layers(content, kit)
    assert order.index("velomotive/wheels-20.png") < order.index("velomotive/frame-longtail.png")
    assert order.index("velomotive/frame-longtail.png") < order.index("velomotive/paint-sage.png")
    image = composite(content, kit)
    assert image.getbbox() is not None and image.getpixel((0, 0))[3] == 0
    assert kind.render_png(content, kit, size=120)[:4] == b"\x89PNG"
    svg = kind.render_svg(content, kit, title="<b>x</b>")
    assert (
        "data:image/png;base64," in svg
        and "<b>" not in svg
        and "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )


def test_a_layer_path_outside_the_folder_is_refused_by_the_kit_schema():
    bad = kind.demo_kit()
    bad["groups"][0]["choices"][0]["layer"]["image"] = "../../../settings.png"
    with pytest.raises(InvalidInput):
        ev.kit_clean(kind, bad)


def test_json_export_and_import_round_trip_and_unknown_choices_are_refused(kit):
    content = ev.content_clean(kind, configuration(**SCHOOL_RUN))
    data = kind.export_file("json", content, kit, title="School run", attribution=["By Ada — CC BY 4.0"])
    doc = json.loads(data)
    assert doc["attribution"] == ["By Ada — CC BY 4.0"] and doc["format"] == "boucle-configuration"
    assert kind.import_file("json", data, kit) == content
    doc["selections"]["wheels"] = ["wheels-99"]
    with pytest.raises(ImportRefused, match="wheels-99"):
        kind.import_file("json", json.dumps(doc).encode(), kit)
    with pytest.raises(ImportRefused):
        kind.import_file("json", b"{not json", kit)
    with pytest.raises(ImportRefused):
        kind.import_file("json", b"[" * 100_000, kit)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_either_import_or_are_refused_with_a_message(data):
    kit = ev.kit_clean(kind, kind.demo_kit())
    try:
        content = kind.import_file("json", data, kit)
    except ImportRefused as error:
        assert str(error)
    else:
        ev.content_clean(kind, content)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_any_configuration_of_the_kit_round_trips_through_json(data):
    kit = ev.kit_clean(kind, kind.demo_kit())
    selections = {}
    for group in kit["groups"]:
        ids = [c["id"] for c in group["choices"]]
        picked = data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=group["max"]))
        if picked:
            selections[group["id"]] = picked
    content = ev.content_clean(kind, {"selections": selections})
    exported = kind.export_file("json", content, kit, title="T", attribution=[])
    assert kind.import_file("json", exported, kit) == content


def test_fix_steps_read_in_the_kits_words(kit):
    # the design pages show a fix step by the group's and choices' names, never by the editor's raw id
    assert kind.problem_element_label("set:battery:bat-750", {}, kit) == "Battery: Battery 750 Wh"
    two = kind.problem_element_label("set:accessories:acc-child-seat+acc-phone", {}, kit)
    assert two == "Accessories: Child seat, Phone mount"
    assert kind.problem_element_label("set:accessories:", {}, kit) == "Accessories: none"
    # what is not a fix step has no words: the page shows the id
    assert kind.problem_element_label("bat-750", {}, kit) is None
    assert kind.problem_element_label("set:no-such-group:x", {}, kit) is None
