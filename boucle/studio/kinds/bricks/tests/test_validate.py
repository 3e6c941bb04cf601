from .helpers import brick, by_code, codes, free, model


def test_demo_designs_are_valid_in_the_demo_kit(kind, kit):
    designs = kind.demo_designs()
    assert 4 <= len(designs) <= 6
    for title, content in designs:
        assert kind.validate(content, kit) == [], title


def test_a_stack_of_bricks_on_the_ground_is_valid(kind, kit):
    content = model(brick("b1"), brick("b2", z=3, x=2), brick("b3", part="3024", colour="15", x=5, y=1, z=6))
    assert kind.validate(content, kit) == []


def test_a_part_the_kit_lacks_is_named_with_every_brick_using_it(kind, kit):
    # given two 2 × 2 slopes (3039: known footprint, not in the kit) on a brick
    content = model(brick("b1"), brick("b2", part="3039", z=3), brick("b3", part="3039", x=2, z=3))
    # when
    problems = kind.validate(content, kit)
    # then
    assert codes(problems) == ["not_in_kit"]
    assert problems[0].elements == ("b2", "b3")
    assert "Slope Brick 45 2 × 2" in problems[0].message
    assert problems[0].severity == "error"


def test_a_colour_the_kit_lacks_and_a_part_not_offered_in_a_colour_are_not_in_kit(kind, kit):
    # given a brick in Dark Red (320, not a kit colour) and a tile in Lime (tiles come in fewer colours)
    content = model(brick("b1", colour="320"), brick("b2", part="3068b", colour="27", z=3))
    # when
    problems = by_code(kind.validate(content, kit), "not_in_kit")
    # then
    assert [p.elements for p in problems] == [("b1",), ("b2",)]
    assert "Dark Red" in problems[0].message
    assert "Tile 2 × 2" in problems[1].message and "Lime" in problems[1].message


def test_a_part_of_unknown_shape_is_not_in_kit_and_left_out_of_spatial_checks(kind, kit):
    # given an unknown part number placed where it would overlap the brick
    content = model(brick("b1"), brick("b2", part="99999x"))
    # when
    problems = kind.validate(content, kit)
    # then: it is named as missing from the kit, but not as overlapping or floating
    assert codes(problems) == ["not_in_kit"]
    assert problems[0].elements == ("b2",)
    assert "shape is unknown" in problems[0].message


def test_two_bricks_sharing_volume_overlap(kind, kit):
    # given a 2 × 4 brick and a 1 × 1 brick one plate into it
    content = model(brick("b1"), brick("b2", part="3005", x=3, y=1, z=1))
    # when
    problems = by_code(kind.validate(content, kit), "overlap")
    # then
    assert len(problems) == 1
    assert problems[0].elements == ("b1", "b2")
    assert "Brick 2 × 4, red, at (0, 0, 0)" in problems[0].message


def test_bricks_side_by_side_or_stacked_do_not_overlap(kind, kit):
    content = model(brick("b1"), brick("b2", x=4), brick("b3", x=2, z=3), brick("b4", y=2, rot=0))
    assert by_code(kind.validate(content, kit), "overlap") == []


def test_a_turned_brick_uses_its_turned_footprint(kind, kit):
    # given a 2 × 4 brick turned 90° (2 wide, 4 deep) beside one that would overlap it unturned
    content = model(brick("b1", rot=90), brick("b2", x=2), brick("b3", x=0, y=4))
    # then
    assert by_code(kind.validate(content, kit), "overlap") == []
    assert by_code(kind.validate(model(brick("b1", rot=90), brick("b2", x=1)), kit), "overlap")


def test_a_cluster_of_overlapping_bricks_is_one_problem(kind, kit):
    content = model(brick("b1"), brick("b2"), brick("b3", x=1), brick("b4", x=20))
    problems = by_code(kind.validate(content, kit), "overlap")
    assert [p.elements for p in problems] == [("b1", "b2", "b3")]
    assert "3 bricks overlap" in problems[0].message


def test_a_brick_in_the_air_floats(kind, kit):
    # given a brick held by nothing, above the model
    content = model(brick("b1"), brick("b2", z=3), brick("b3", x=10, z=9))
    # when
    problems = kind.validate(content, kit)
    # then
    assert codes(problems) == ["floating"]
    assert problems[0].elements == ("b3",)
    assert "floats" in problems[0].message


def test_a_second_structure_on_the_ground_stands_apart(kind, kit):
    # given a tower of two bricks and, apart, a lone plate on the ground
    content = model(brick("b1"), brick("b2", z=3), brick("b3", part="3024", x=10))
    # when
    problems = kind.validate(content, kit)
    # then: the largest group is the model; the lone plate is named
    assert codes(problems) == ["floating"]
    assert problems[0].elements == ("b3",)
    assert "stands apart" in problems[0].message


def test_bricks_only_touching_sideways_are_not_connected(kind, kit):
    content = model(brick("b1"), brick("b2", x=4), brick("b3", x=4, z=3))
    problems = by_code(kind.validate(content, kit), "floating")
    assert [p.elements for p in problems] == [("b1",)]


def test_a_bridge_joins_two_towers_into_one_structure(kind, kit):
    content = model(brick("b1"), brick("b2", x=6), brick("b3", part="3034", z=3))
    assert kind.validate(content, kit) == []


def test_a_tile_holds_nothing_on_top(kind, kit):
    # given a brick on a tile (no studs) on a brick
    content = model(brick("b1"), brick("t1", part="3068b", colour="15", z=3), brick("b2", part="3003", z=4))
    # then the brick on the tile is not held
    problems = by_code(kind.validate(content, kit), "floating")
    assert [p.elements for p in problems] == [("b2",)]


def test_a_brick_below_the_ground_is_named(kind, kit):
    content = model(brick("b1", z=-1), brick("b2", z=2))
    problems = by_code(kind.validate(content, kit), "below_ground")
    assert len(problems) == 1 and problems[0].elements == ("b1",)


def test_the_kit_size_limits_name_the_bricks_beyond_them(kind, kit):
    # given a kit of 8 × 8 studs, 6 plates high, 3 parts at most
    kit["limits"] = {"max_x": 8, "max_y": 8, "max_z": 6, "max_parts": 3}
    content = model(
        brick("b1"),
        brick("b2", x=4),
        brick("b3", x=8),  # x 8..11: beyond 8 studs
        brick("b4", y=8, z=3, rot=90),  # y 8..11, and z 3..6
        brick("b5", z=6, part="3024"),  # z 6..7: beyond 6 plates
    )
    # when
    problems = {p.code: p for p in kind.validate(content, kit)}
    # then
    assert problems["too_wide"].elements == ("b3",)
    assert problems["too_deep"].elements == ("b4",)
    assert problems["too_high"].elements == ("b5",)
    assert problems["too_many_parts"].elements == ("b4", "b5")
    assert "12 studs wide" in problems["too_wide"].message


def test_free_placed_parts_get_a_warning_only(kind, kit):
    # given a valid brick and a free-placed red 2 × 4 brick at 45°
    content = model(brick("b1"), free=[free("f1", matrix=(0.7071, 0, 0.7071, 0, 1, 0, -0.7071, 0, 0.7071))])
    # when
    problems = kind.validate(content, kit)
    # then
    assert [(p.code, p.severity, p.elements) for p in problems] == [("free_placed", "warning", ("f1",))]
    assert "not checked for collisions and connection" in problems[0].message


def test_a_free_placed_part_the_kit_lacks_is_not_in_kit(kind, kit):
    content = model(brick("b1"), free=[free("f1", ldraw="3641", colour=0)])
    assert codes(kind.validate(content, kit)) == ["free_placed", "not_in_kit"]


def test_with_free_placed_parts_a_floating_group_is_a_warning(kind, kit):
    # given two groups of bricks that may be joined by a free-placed Technic beam
    content = model(brick("b1"), brick("b2", x=10, z=6), free=[free("f1", ldraw="40490", colour=71)])
    problems = by_code(kind.validate(content, kit), "floating")
    assert [(p.severity, p.elements) for p in problems] == [("warning", ("b2",))]
