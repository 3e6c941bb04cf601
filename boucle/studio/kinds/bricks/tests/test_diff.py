from .helpers import brick, free, model


def test_diff_names_bricks_added_removed_moved_turned_and_recoloured(kind, kit):
    # given
    old = model(brick("b1"), brick("b2", z=3), brick("b3", part="3024", x=5), brick("b4", colour="1", x=8))
    new = model(
        brick("b1", x=1),  # moved
        brick("b3", part="3024", x=5, colour="14"),  # recoloured
        brick("b4", colour="1", x=8, rot=90),  # turned
        brick("b5", part="3003", z=3),  # added; b2 removed
    )
    # when
    changes = kind.diff(old, new, kit)
    # then
    assert [(c.action, c.element, c.text) for c in changes] == [
        ("changed", "b1", "Moved Brick 2 × 4, red, at (0, 0, 0) to (1, 0, 0)"),
        ("changed", "b3", "Recoloured Plate 1 × 1, yellow, at (5, 0, 0) from red to yellow"),
        ("changed", "b4", "Turned Brick 2 × 4, blue, at (8, 0, 0) from 0° to 90°"),
        ("added", "b5", "Added Brick 2 × 2, red, at (0, 0, 3)"),
        ("removed", "b2", "Removed Brick 2 × 4, red, at (0, 0, 3)"),
    ]


def test_diff_of_a_model_with_itself_is_empty(kind, kit):
    for _title, content in kind.demo_designs():
        assert kind.diff(content, content, kit) == []


def test_diff_covers_free_placed_parts(kind, kit):
    old = model(free=[free("f1", ldraw="3641", colour=0), free("f2")])
    new = model(
        free=[free("f1", ldraw="3641", colour=0, pos=(10, 0, 0)), free("f3", ldraw="4624", colour=15)]
    )
    changes = kind.diff(old, new, kit)
    assert [(c.action, c.element) for c in changes] == [("changed", "f1"), ("added", "f3"), ("removed", "f2")]
    assert changes[0].text.startswith("Moved Tyre 6/50 × 8 Offset Tread, black, free-placed at (0, 0, 0) LDU")


def test_elements_label_every_brick_and_bom_line(kind, kit):
    content = model(brick("b1"), brick("b2", z=3), free=[free("f1", ldraw="3641", colour=0)])
    labels = kind.elements(content)
    assert labels == {
        "b1": "Brick 2 × 4, red, at (0, 0, 0)",
        "b2": "Brick 2 × 4, red, at (0, 0, 3)",
        "f1": "Tyre 6/50 × 8 Offset Tread, black, free-placed at (0, 0, 0) LDU",
        "3001/4": "2 × Brick 2 × 4, red",
        "3641/0": "1 × Tyre 6/50 × 8 Offset Tread, black",
    }
    # with the kit, names come from the kit
    kit["parts"][[p["id"] for p in kit["parts"]].index("3001")]["name"] = "Brique 2 × 4"
    assert kind.elements(content, kit)["b1"] == "Brique 2 × 4, red, at (0, 0, 0)"
