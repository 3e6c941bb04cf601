"""The linear overlap and connection checks agree with a brute-force oracle on random small models."""

from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boucle.studio.kinds.bricks import kind
from boucle.studio.kinds.bricks.geometry import Catalogue, turned

from .helpers import by_code

KIT = kind.demo_kit()
CAT = Catalogue(KIT)
# bricks, plates, a tile (holds nothing), a part of known shape not in the kit, and one of unknown shape
PARTS = ["3005", "3004", "3001", "3003", "3024", "3023", "3020", "3031", "3068b", "3039", "99999x"]

placed = st.builds(
    lambda part, x, y, z, rot: {"part": part, "colour": "4", "x": x, "y": y, "z": z, "rot": rot},
    st.sampled_from(PARTS),
    st.integers(0, 6),
    st.integers(0, 6),
    st.integers(-1, 8),
    st.sampled_from([0, 90, 180, 270]),
)
models = st.lists(placed, max_size=14).map(
    lambda ps: {"parts": [{**p, "id": f"b{k}"} for k, p in enumerate(ps)], "free": []}
)


def oracle(content):
    """Pairwise: which parts overlap (grouped), and which parts lie outside the main structure."""
    boxes = {}
    for k, p in enumerate(content["parts"]):
        shape = CAT.shape(p["part"])
        if shape is None:
            continue
        w, d = turned(shape[0], shape[1], p["rot"])
        boxes[k] = (p["x"], p["x"] + w, p["y"], p["y"] + d, p["z"], p["z"] + shape[2], shape[3])

    def share_cells(a, b):
        return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]

    overlap = {k: set() for k in boxes}
    contact = {k: set() for k in boxes}
    for i, j in combinations(boxes, 2):
        a, b = boxes[i], boxes[j]
        if not share_cells(a, b):
            continue
        if a[4] < b[5] and b[4] < a[5]:
            overlap[i].add(j)
            overlap[j].add(i)
        if (a[5] == b[4] and a[6]) or (b[5] == a[4] and b[6]):
            contact[i].add(j)
            contact[j].add(i)

    def groups(graph):
        seen, out = set(), []
        for start in sorted(graph):
            if start in seen:
                continue
            group, todo = [], [start]
            seen.add(start)
            while todo:
                k = todo.pop()
                group.append(k)
                for n in graph[k]:
                    if n not in seen:
                        seen.add(n)
                        todo.append(n)
            out.append(sorted(group))
        return out

    overlapping = [g for g in groups(overlap) if len(g) > 1]
    components = groups(contact)
    floating = []
    if len(components) > 1:
        main = max(components, key=lambda g: (len(g), -min(boxes[k][4] for k in g), -g[0]))
        floating = [g for g in components if g is not main]
    name = lambda g: frozenset(f"b{k}" for k in g)  # noqa: E731
    return {name(g) for g in overlapping}, {name(g) for g in floating}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models)
def test_overlap_and_floating_agree_with_the_brute_force_oracle(content):
    # given a random small model / when
    problems = kind.validate(content, KIT)
    # then
    expected_overlaps, expected_floating = oracle(content)
    assert {frozenset(p.elements) for p in by_code(problems, "overlap")} == expected_overlaps
    assert {frozenset(p.elements) for p in by_code(problems, "floating")} == expected_floating


@settings(max_examples=100, deadline=None)
@given(models)
def test_every_brick_below_the_ground_and_only_those_are_named(content):
    problems = by_code(kind.validate(content, KIT), "below_ground")
    named = set(problems[0].elements) if problems else set()
    expected = {p["id"] for p in content["parts"] if p["z"] < 0 and CAT.shape(p["part"]) is not None}
    assert named == expected
