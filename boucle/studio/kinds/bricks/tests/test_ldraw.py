import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from boucle.studio.kinds.base import ImportRefused
from boucle.studio.kinds.bricks import kind as bricks_kind
from boucle.studio.kinds.bricks.ldraw import MAX_BYTES
from boucle.studio.kinds.bricks.schemas import BrickModel, det3

from .helpers import brick, free, model


def load(kind, kit, text: str) -> dict:
    return kind.import_file("ldraw", text.encode(), kit)


def part_lines(data: bytes) -> list[str]:
    return [line for line in data.decode().splitlines() if line.startswith("1 ")]


# --- export


def test_export_writes_a_header_with_the_attribution_chain(kind, kit):
    data = kind.export_file(
        "ldraw", model(brick("b1")), kit, title="Red\nhouse", attribution=["alice", "forked from bob's Barn"]
    )
    lines = data.decode().splitlines()
    assert lines[:3] == ["0 Red house", "0 Name: red-house.ldr", "0 Author: alice"]
    assert "0 // forked from bob's Barn" in lines
    assert data.endswith(b"\r\n")


def test_export_can_state_the_licence(kind, kit):
    data = kind.export_file("ldraw", model(), kit, title="T", attribution=[], licence="CC BY-SA 4.0")
    assert "0 !LICENSE CC BY-SA 4.0" in data.decode().splitlines()


def test_export_places_a_brick_by_the_centre_of_its_top_in_ldu(kind, kit):
    # given a red 2 × 4 brick at the origin, one turned a quarter at (5, 0, 3) and a plate at (0, 6, 0)
    content = model(brick("b1"), brick("b2", x=5, z=3, rot=90), brick("b3", part="3024", colour="15", y=6))
    # when
    lines = part_lines(kind.export_file("ldraw", content, kit, title="T", attribution=[]))
    # then: 20 LDU per stud, 8 per plate, -Y up, origin at the top centre
    assert lines == [
        "1 4 40 -24 20 1 0 0 0 1 0 0 0 1 3001.dat",
        "1 4 120 -48 40 0 0 -1 0 1 0 1 0 0 3001.dat",
        "1 15 10 -8 130 1 0 0 0 1 0 0 0 1 3024.dat",
    ]


# --- import


def test_import_puts_grid_parts_on_the_grid_and_maps_kit_colours(kind, kit):
    text = (
        "0 Test\r\n1 4 40 -24 20 1 0 0 0 1 0 0 0 1 3001.DAT\r\n1 14 10 -32 10 0 0 1 0 1 0 -1 0 0 3024.dat\r\n"
    )
    content = load(kind, kit, text)
    assert content == {
        "parts": [
            {"id": "b1", "part": "3001", "colour": "4", "x": 0, "y": 0, "z": 0, "rot": 0},
            {"id": "b2", "part": "3024", "colour": "14", "x": 0, "y": 0, "z": 3, "rot": 270},
        ],
        "free": [],
    }


def test_import_keeps_off_grid_tilted_upside_down_and_unknown_parts_free_placed(kind, kit):
    text = "\n".join(
        [
            "1 4 45 -24 20 1 0 0 0 1 0 0 0 1 3001.dat",  # half a stud off
            "1 4 40 -24 20 0.7071 0 0.7071 0 1 0 -0.7071 0 0.7071 3001.dat",  # 45°
            "1 4 40 -24 20 1 0 0 0 -1 0 0 0 -1 3001.dat",  # upside down
            "1 0 40 -24 20 1 0 0 0 1 0 0 0 1 3641.dat",  # a tyre: no known footprint
        ]
    )
    content = load(kind, kit, text)
    assert content["parts"] == []
    assert [(f["id"], f["ldraw"], f["colour"]) for f in content["free"]] == [
        ("f1", "3001", 4),
        ("f2", "3001", 4),
        ("f3", "3001", 4),
        ("f4", "3641", 0),
    ]
    assert content["free"][1]["pos"] == [40.0, -24.0, 20.0]
    assert content["free"][1]["matrix"] == [0.7071, 0, 0.7071, 0, 1, 0, -0.7071, 0, 0.7071]
    BrickModel.model_validate(content)


def test_import_keeps_parts_and_colours_the_kit_lacks(kind, kit):
    content = load(kind, kit, "1 320 0 -24 0 1 0 0 0 1 0 0 0 1 3039.dat\n")
    assert content["parts"] == [
        {"id": "b1", "part": "3039", "colour": "320", "x": -1, "y": -1, "z": 0, "rot": 0}
    ]
    assert [p.code for p in kind.validate(content, kit)] == ["not_in_kit"]


def test_mpd_sub_models_are_expanded_with_composed_transforms_and_inherited_colour(kind, kit):
    text = "\n".join(
        [
            "0 FILE main.ldr",
            "1 1 0 -24 0 1 0 0 0 1 0 0 0 1 wall.ldr",  # the sub-model, raised one brick, in blue
            "1 4 0 0 0 0 0 -1 0 1 0 1 0 0 Wall.ldr",  # again, turned a quarter, in red (names ignore case)
            "0 NOFILE",
            "0 FILE wall.ldr",
            "1 16 40 -24 20 1 0 0 0 1 0 0 0 1 3001.dat",  # main colour: the parent's
            "1 24 10 -32 10 1 0 0 0 1 0 0 0 1 3024.dat",  # edge colour: the parent's too
            "1 14 40 -24 60 1 0 0 0 1 0 0 0 1 3001.dat",  # own colour
        ]
    )
    content = load(kind, kit, text)
    got = [(p["part"], p["colour"], p["x"], p["y"], p["z"], p["rot"]) for p in content["parts"]]
    assert got == [
        ("3001", "1", 0, 0, 3, 0),
        ("3024", "1", 0, 0, 6, 0),
        ("3001", "14", 0, 2, 3, 0),
        ("3001", "4", -2, 0, 0, 90),
        ("3024", "4", -1, 0, 3, 90),
        ("3001", "14", -4, 0, 0, 90),
    ]


def test_a_model_below_the_ground_is_lifted_onto_it(kind, kit):
    # given a plate whose top is LDraw's Y = 0 (the car.ldr convention) and a free-placed tyre under it
    text = "1 4 40 0 20 1 0 0 0 1 0 0 0 1 3020.dat\n1 0 0 6 0 1 0 0 0 1 0 0 0 1 3641.dat\n"
    content = load(kind, kit, text)
    assert content["parts"][0]["z"] == 0
    assert content["free"][0]["pos"] == [0.0, -2.0, 0.0]  # lifted by the same plate (8 LDU)


def test_boucle_lines_keep_element_ids_and_free_parts(kind, kit):
    text = "0 !BOUCLE ID door\n1 4 40 -24 20 1 0 0 0 1 0 0 0 1 3001.dat\n0 !BOUCLE FREE wheel\n1 4 40 -48 20 1 0 0 0 1 0 0 0 1 3001.dat\n"
    content = load(kind, kit, text)
    assert [p["id"] for p in content["parts"]] == ["door"]
    assert [f["id"] for f in content["free"]] == ["wheel"]


def test_boucle_lines_with_odd_or_repeated_ids_are_ignored(kind, kit):
    line = "1 4 40 -24 20 1 0 0 0 1 0 0 0 1 3001.dat"
    text = f"0 !BOUCLE ID <b>\n{line}\n0 !BOUCLE ID b9\n{line}\n0 !BOUCLE ID b9\n{line}\n"
    content = load(kind, kit, text)
    assert [p["id"] for p in content["parts"]] == ["b1", "b9", "b2"]


def test_geometry_lines_are_checked_and_ignored(kind, kit):
    text = "2 24 0 0 0 1 1 1\n3 16 0 0 0 1 0 0 0 1 0\n4 16 0 0 0 1 0 0 1 1 0 0 1 0\n5 24 0 0 0 1 0 0 0 1 0 1 1 1\n1 4 40 -24 20 1 0 0 0 1 0 0 0 1 3001.dat\n"
    assert len(load(kind, kit, text)["parts"]) == 1


# --- bad input: refused with the line named


def mpd(*sections):
    return "\n".join(line for section in sections for line in section)


BAD = [
    ("0 ok\n7 4 0 0 0\n", 2, "unknown line type"),
    ("x 4 0 0 0\n", 1, "unknown line type"),
    ("1 4 a 0 0 1 0 0 0 1 0 0 0 1 3001.dat\n", 1, "is not a number"),
    ("1 4 0 0 0 1 0 0 0 1 0 0 0\n", 1, "needs a colour, 12 numbers and a file name"),
    ("1 red 0 0 0 1 0 0 0 1 0 0 0 1 3001.dat\n", 1, "is not a colour code"),
    ("0\n\n1 4 nan 0 0 1 0 0 0 1 0 0 0 1 3001.dat\n", 3, "not a finite number"),
    ("1 4 0 inf 0 1 0 0 0 1 0 0 0 1 3001.dat\n", 1, "not a finite number"),
    ("1 4 0 0 1e400 1 0 0 0 1 0 0 0 1 3001.dat\n", 1, "not a finite number"),
    ("1 4 0 0 0 1 0 0 0 1 0 0 0 NaN 3001.dat\n", 1, "not a finite number"),
    ("1 4 1_0 0 0 1 0 0 0 1 0 0 0 1 3001.dat\n", 1, "is not a number"),
    ("1 4 0 0 0 1 0 0 0 0 0 0 0 1 3001.dat\n", 1, "singular"),
    ("1 4 0 0 0 1 2 3 2 4 6 0 0 1 3001.dat\n", 1, "singular"),
    ("1 4 0 0 2e6 1 0 0 0 1 0 0 0 1 3001.dat\n", 1, "too far away"),
    ("1 4 0 0 0 5000 0 0 0 1 0 0 0 1 3001.dat\n", 1, "more than 1,000 times"),
    ("3 16 0 0 0 1 0 0 0 1\n", 1, "needs 11 fields"),
    ("0 x\n1 4 0 0 0 1 0 0 0 1 0 0 0 1 ../../etc/passwd\n", 2, "points outside the file"),
    ("1 4 0 0 0 1 0 0 0 1 0 0 0 1 parts/../../secret.dat\n", 1, "points outside the file"),
    ("1 4 0 0 0 1 0 0 0 1 0 0 0 1 /etc/passwd\n", 1, "points outside the file"),
    ("1 4 0 0 0 1 0 0 0 1 0 0 0 1 C:\\LDraw\\parts\\3001.dat\n", 1, "points outside the file"),
    ("1 4 0 0 0 1 0 0 0 1 0 0 0 1 \\\\server\\share\\3001.dat\n", 1, "points outside the file"),
    ("1 4 0 0 0 1 0 0 0 1 0 0 0 1 missing.ldr\n", 1, "is not in the file"),
    ("1 4 0 0 0 1 0 0 0 1 0 0 0 1 my part?.dat\n", 1, "is not a part file name"),
    (mpd(["0 FILE a.ldr", "1 4 0 0 0 1 0 0 0 1 0 0 0 1 a.ldr"]), 2, "includes itself"),
    (
        mpd(
            ["0 FILE a.ldr", "1 4 0 0 0 1 0 0 0 1 0 0 0 1 b.ldr"],
            ["0 FILE b.ldr", "1 4 0 0 0 1 0 0 0 1 0 0 0 1 3001.dat", "1 16 0 -24 0 1 0 0 0 1 0 0 0 1 A.LDR"],
        ),
        5,
        "includes itself",
    ),
    ("0 fine\n1 4 0 0 0 1 0 0 0 1 0 0 0 1 3001.dat\x00\n", 2, "binary data"),
]


@pytest.mark.parametrize("text, line, fragment", BAD)
def test_malformed_ldraw_is_refused_with_the_line_named(kind, kit, text, line, fragment):
    with pytest.raises(ImportRefused) as caught:
        load(kind, kit, text)
    message = str(caught.value)
    assert message.startswith(f"Line {line}: ")
    assert fragment in message


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(kind, kit):
    data = b"0 " + b"x" * MAX_BYTES
    with pytest.raises(ImportRefused) as caught:
        kind.import_file("ldraw", data, kit)
    assert "5,242,880" in str(caught.value)


def test_sub_models_that_multiply_into_millions_of_parts_are_refused(kind, kit):
    # given seven levels of sub-models, each placing the next one ten times: 10 million bricks
    sections = [
        [f"0 FILE m{k}.ldr"] + [f"1 16 0 {-24 * j} 0 1 0 0 0 1 0 0 0 1 m{k + 1}.ldr" for j in range(10)]
        for k in range(7)
    ]
    sections.append(["0 FILE m7.ldr", "1 4 0 0 0 1 0 0 0 1 0 0 0 1 3001.dat"])
    with pytest.raises(ImportRefused) as caught:
        load(kind, kit, mpd(*sections))
    assert str(caught.value).startswith("Line ")


def test_a_file_without_parts_is_refused(kind, kit):
    with pytest.raises(ImportRefused, match="no parts"):
        load(kind, kit, "0 Just a title\n0 STEP\n")


def test_other_formats_are_refused(kind, kit):
    with pytest.raises(ImportRefused):
        kind.import_file("beerxml", b"<xml/>", kit)


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=400)
    | st.text(alphabet="0123456789 .-eE\n/\\nafiFILE.datr", max_size=400).map(str.encode)
)
def test_any_input_is_imported_or_refused_never_crashes(data):
    kit = bricks_kind.demo_kit()
    try:
        content = bricks_kind.import_file("ldraw", data, kit)
    except ImportRefused:
        return
    BrickModel.model_validate(content)


# --- the round trip

KIT = bricks_kind.demo_kit()
KIT_PARTS = [p["id"] for p in KIT["parts"]] + ["3039", "3941", "6141"]  # and a few the kit lacks
COLOURS = [c["id"] for c in KIT["colours"]] + ["320", "7"]

placed_parts = st.builds(
    lambda part, colour, x, y, z, rot: {"part": part, "colour": colour, "x": x, "y": y, "z": z, "rot": rot},
    st.sampled_from(KIT_PARTS),
    st.sampled_from(COLOURS),
    st.integers(-60, 60),
    st.integers(-60, 60),
    st.integers(0, 40),
    st.sampled_from([0, 90, 180, 270]),
)
finite = st.floats(min_value=-5000, max_value=5000, allow_nan=False, allow_infinity=False)
matrices = st.lists(st.floats(min_value=-2, max_value=2, allow_nan=False), min_size=9, max_size=9).filter(
    lambda m: abs(det3(m)) > 1e-3
)
free_parts = st.builds(
    lambda ldraw, colour, pos, matrix: {"ldraw": ldraw, "colour": colour, "pos": pos, "matrix": matrix},
    st.sampled_from(["3001", "3024", "3641", "4624", "2780", "3626bp01", "973p90"]),
    st.integers(0, 511),
    st.lists(finite, min_size=3, max_size=3),
    matrices,
)
ids = st.from_regex(r"[A-Za-z0-9_.:-]{1,12}", fullmatch=True)


@st.composite
def brick_models(draw):
    placed = draw(st.lists(placed_parts, max_size=25))
    loose = draw(st.lists(free_parts, max_size=6))
    names = draw(
        st.lists(ids, min_size=len(placed) + len(loose), max_size=len(placed) + len(loose), unique=True)
    )
    for element, name in zip(placed + loose, names, strict=True):
        element["id"] = name
    return BrickModel.model_validate({"parts": placed, "free": loose}).model_dump(mode="json")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(brick_models().filter(lambda c: c["parts"] or c["free"]))  # an empty file is refused (see above)
@example(  # colours 16 and 24 of the model itself have no parent colour to take: they stay
    model(brick("b1", colour="16"), free=[free("f1", colour=24, pos=(3.5, 0, 0))])
)
def test_a_model_exported_and_imported_again_is_the_same_model(content):
    data = bricks_kind.export_file("ldraw", content, KIT, title="Round trip", attribution=["hypothesis"])
    assert bricks_kind.import_file("ldraw", data, KIT) == content
