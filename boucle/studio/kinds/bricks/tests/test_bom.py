from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from boucle.studio.kinds.bricks import kind as bricks_kind

from .helpers import brick, free, model


def item(kit, part, colour):
    return next(i for i in kit["items"] if i["part"] == part and i["colour"] == colour)


def test_one_line_per_part_and_colour_with_prices_and_stock(kind, kit):
    # given three red 2 × 4 bricks and one blue 1 × 1 plate
    content = model(
        brick("b1"), brick("b2", z=3), brick("b3", z=6), brick("p1", part="3024", colour="1", z=9)
    )
    # when
    lines = kind.bill_of_materials(content, kit)
    # then
    red = item(kit, "3001", "4")
    assert [(line.key, line.quantity) for line in lines] == [("3001/4", 3), ("3024/1", 1)]
    first = lines[0]
    assert (first.part, first.name, first.variant, first.unit) == ("3001", "Brick 2 × 4", "Red", "pcs")
    assert first.unit_price == Decimal(red["price"])
    assert first.total_price == Decimal(red["price"]) * 3
    assert first.stock == Decimal(red["stock"]) and first.in_kit and first.available


def test_parts_the_kit_lacks_are_listed_without_a_price(kind, kit):
    content = model(brick("b1", part="3039", colour="71"), free=[free("f1", ldraw="4624", colour=15)])
    lines = {line.key: line for line in kind.bill_of_materials(content, kit)}
    assert set(lines) == {"3039/71", "4624/15"}
    assert lines["3039/71"].name == "Slope Brick 45 2 × 2" and lines["3039/71"].variant == "Light Bluish Grey"
    assert lines["4624/15"].name == "Wheel 8 mm D. × 6 mm"
    for line in lines.values():
        assert (line.in_kit, line.unit_price, line.total_price, line.available) == (False, None, None, False)


def test_a_free_placed_kit_part_joins_its_line(kind, kit):
    # given a placed red 2 × 4 brick and a free-placed one (LDraw 3001, colour 4)
    content = model(brick("b1"), free=[free("f1", ldraw="3001", colour=4, pos=(3.5, -24, 0))])
    lines = kind.bill_of_materials(content, kit)
    assert [(line.key, line.quantity, line.in_kit) for line in lines] == [("3001/4", 2, True)]


def test_an_out_of_stock_item_is_not_available(kind, kit):
    sold_out = next(i for i in kit["items"] if i["stock"] == 0)
    content = model(brick("b1", part=sold_out["part"], colour=sold_out["colour"]))
    (line,) = kind.bill_of_materials(content, kit)
    assert line.in_kit and not line.available


def test_metrics_count_pieces_price_size_and_weight(kind, kit):
    # given a 2 × 4 brick on the ground and a 1 × 1 plate on it, at the far corner
    content = model(brick("b1"), brick("p1", part="3024", colour="15", x=3, y=1, z=3))
    # when
    metrics = {m.key: m for m in kind.metrics(content, kit)}
    # then
    price = Decimal(item(kit, "3001", "4")["price"]) + Decimal(item(kit, "3024", "15")["price"])
    assert metrics["pieces"].value == 2
    assert metrics["price"].value == price and metrics["price"].unit == "EUR"
    assert metrics["distinct_parts"].value == 2
    assert (metrics["width"].value, metrics["depth"].value, metrics["height"].value) == (4, 2, 4)
    assert metrics["weight"].value == 2.49  # grams: 2.32 + 0.17
    assert set(kind.gallery_metrics) <= set(metrics)


def test_weight_is_unknown_when_the_kit_gives_none(kind, kit):
    for part in kit["parts"]:
        part.pop("weight")
    metrics = {m.key: m for m in kind.metrics(model(brick("b1")), kit)}
    assert metrics["weight"].value is None


def test_an_empty_model_has_an_empty_bom(kind, kit):
    assert kind.bill_of_materials(kind.empty_content(), kit) == []
    metrics = {m.key: m.value for m in kind.metrics(kind.empty_content(), kit)}
    assert (metrics["pieces"], metrics["price"], metrics["height"]) == (0, Decimal("0.00"), 0)


KIT = bricks_kind.demo_kit()
PRICES = {(i["part"], i["colour"]): Decimal(i["price"]) for i in KIT["items"]}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(sorted(PRICES) + [("3039", "4"), ("3001", "320")]), max_size=40))
def test_bom_quantities_and_total_price_match_a_plain_count(picks):
    content = model(*(brick(f"b{k}", part=p, colour=c, z=3 * k) for k, (p, c) in enumerate(picks)))
    lines = bricks_kind.bill_of_materials(content, KIT)
    assert sum(line.quantity for line in lines) == len(picks)
    assert {line.key: line.quantity for line in lines} == {
        f"{p}/{c}": picks.count((p, c)) for p, c in set(picks)
    }
    price = {m.key: m.value for m in bricks_kind.metrics(content, KIT)}["price"]
    assert price == sum((PRICES.get(pick, Decimal(0)) for pick in picks), Decimal(0)).quantize(
        Decimal("0.01")
    )
