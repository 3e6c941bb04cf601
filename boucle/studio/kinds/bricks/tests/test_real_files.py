"""The real LDraw files of tests/data/ldraw/ import with the right parts, counted independently.

Expected values were counted with tests/data/ldraw/count_parts.awk, an awk script that shares no code
with the importer: it reads the type-1 lines, expands the sub-models of an .mpd from its first ``0 FILE``
section (colour 16 and 24 taking the placing line's colour) and counts parts per (LDraw number, colour)::

    cd tests/data/ldraw && awk -f count_parts.awk threejs-examples-omr/car.ldr | sort -k1,1rn

In the demo kit, part ids are LDraw numbers and colour ids LDraw codes, so a BOM key "3023/4" reads
"LDraw part 3023 in colour 4" whether the kit holds it or not.
"""

from pathlib import Path

import defusedxml.ElementTree as ET
import pytest

from boucle.studio.kinds.bricks.schemas import BrickModel

DATA = Path(__file__).resolve().parents[5] / "tests" / "data" / "ldraw"

# file: (parts, distinct BOM lines, quantity cutoff, every BOM line with at least that quantity)
EXPECTED = {
    "threejs-examples-omr/30023-1-Lighthouse.ldr": (
        25,
        12,
        2,
        {"3063b/4": 8, "87081/15": 3, "2419/71": 2, "3039/71": 2, "3941/46": 2, "54200/0": 2},
    ),
    "threejs-examples-omr/car.ldr": (
        61,
        32,
        4,
        {"3023/4": 6, "3024/46": 4, "3623/4": 4, "3641/0": 4, "4624/7": 4},
    ),
    "buildinginstructions-js/fll.mpd": (
        197,
        35,
        8,
        {
            "2780/0": 46,
            "6558/1": 37,
            "32054/4": 10,
            "40490/71": 10,
            "48989/71": 10,
            "32526/4": 9,
            "43093/1": 8,
        },
    ),
    "buildinginstructions-js/omr_1_ok.mpd": (
        9,
        6,
        1,
        {"3001/7": 2, "3003/6": 2, "3003/7": 2, "3001/6": 1, "3003/0": 1, "3003/2": 1},
    ),
    "threejs-examples-omr/1621-1-LunarMPVVehicle.mpd": (
        104,
        59,
        4,
        {"4085b/15": 6, "2444/15": 5, "3022/0": 5, "2346/256": 4, "3482/15": 4, "3749/7": 4},
    ),
    "threejs-examples-omr/4838-1-MiniVehicles.mpd": (
        79,
        35,
        3,
        {"3641/0": 8, "4624/15": 8, "6141/8": 6, "4600/7": 4, "6141/36": 4, "3020/1": 3, "6019/8": 3},
    ),
    "threejs-examples-omr/889-1-RadarTruck.mpd": (
        35,
        27,
        2,
        {"3641/0": 4, "122c01/7": 2, "3021/7": 2, "3023/7": 2, "3787/7": 2, "3820/4": 2},
    ),
}


def test_every_sample_file_has_expectations():
    files = {str(p.relative_to(DATA)) for p in DATA.glob("*/*") if p.suffix in (".ldr", ".mpd")}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_file_imports_with_its_parts_counted_per_part_and_colour(kind, kit, name):
    parts, distinct, cutoff, top = EXPECTED[name]
    # when
    content = kind.import_file("ldraw", (DATA / name).read_bytes(), kit)
    lines = kind.bill_of_materials(content, kit)
    # then
    BrickModel.model_validate(content)
    assert len(content["parts"]) + len(content["free"]) == parts
    assert sum(line.quantity for line in lines) == parts
    assert len(lines) == distinct
    assert {line.key: line.quantity for line in lines if line.quantity >= cutoff} == top
    assert lines[0].quantity == max(top.values())
    assert [line.quantity for line in lines] == sorted((line.quantity for line in lines), reverse=True)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_file_validates_renders_and_names_what_the_kit_lacks(kind, kit, name):
    content = kind.import_file("ldraw", (DATA / name).read_bytes(), kit)
    problems = kind.validate(content, kit)
    missing = {e for p in problems if p.code == "not_in_kit" for e in p.elements}
    lines = kind.bill_of_materials(content, kit)
    # every element of a BOM line the kit lacks is named by a not_in_kit problem, and only those
    lacking = sum(line.quantity for line in lines if not line.in_kit)
    assert len(missing) == lacking > 0
    ET.fromstring(kind.render_svg(content, kit))
    assert kind.render_png(content, kit, size=64).startswith(b"\x89PNG")


def test_car_keeps_its_grid_bricks_placed_and_its_wheels_free(kind, kit):
    content = kind.import_file("ldraw", (DATA / "threejs-examples-omr/car.ldr").read_bytes(), kit)
    placed = {(p["part"], p["colour"]) for p in content["parts"]}
    free = {(f["ldraw"], f["colour"]) for f in content["free"]}
    # the 4 × 4 base plate sits on the ground (the file puts its top at Y = 0: lifted by one plate)
    base = next(p for p in content["parts"] if p["part"] == "3031")
    assert (base["colour"], base["x"], base["y"], base["z"], base["rot"]) == ("0", -2, -2, 0, 0)
    assert ("3023", "4") in placed and ("3020", "4") in placed
    assert ("3641", 0) in free and ("4624", 7) in free  # tyres and wheels: no footprint known
