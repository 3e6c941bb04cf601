"""The rule of a material change and the readable diff."""

from hypothesis import given
from hypothesis import strategies as st

from boucle.notifications.diffs import MATERIAL_RATIO, event_changes, is_material, word_diff

words = st.lists(st.sampled_from(["castle", "wall", "gate", "tower", "<b>", "a", "&amp;", "é"]), max_size=40)


def test_whitespace_only_is_not_material():
    assert not is_material("A castle\nwith  towers.", "A castle with towers.\n\n")


def test_identical_is_not_material():
    assert not is_material("same", "same")


def test_one_word_in_a_long_text_is_not_material():
    before = " ".join(f"word{i}" for i in range(200))
    assert not is_material(before, before.replace("word100", "changed"))


def test_a_rewritten_sentence_is_material():
    assert is_material("A castle whose walls swing open.", "A castle whose drawbridge really lifts.")


def test_the_threshold_is_documented_as_98_percent():
    assert MATERIAL_RATIO == 0.98


def test_long_unchanged_stretches_are_shortened():
    before = " ".join(f"w{i}" for i in range(100))
    segments = word_diff(before, before.replace("w50", "fifty"), context=3)
    assert segments == (
        ("gap", "…"),
        ("equal", "w47 w48 w49"),
        ("delete", "w50"),
        ("insert", "fifty"),
        ("equal", "w51 w52 w53"),
        ("gap", "…"),
    )


def test_event_changes_keep_only_material_fields():
    data = {
        "changed": ["pitch", "body"],
        "before": {"pitch": "A castle.", "body": "Walls  and towers."},
        "after": {"pitch": "A boat.", "body": "Walls and towers."},
    }
    assert [c["field"] for c in event_changes(data)] == ["pitch"]


def test_event_changes_without_texts_are_empty():
    assert event_changes({"changed": ["title"]}) == []


@given(words, words)
def test_the_diff_rebuilds_both_texts(a, b):
    # With enough context nothing is left out: equal + deleted gives the old text, equal + inserted the new.
    segments = word_diff(" ".join(a), " ".join(b), context=10_000)
    old = " ".join(t for op, t in segments if op in ("equal", "delete") and t).split()
    new = " ".join(t for op, t in segments if op in ("equal", "insert") and t).split()
    assert old == a and new == b
    assert all(op != "gap" for op, _t in segments)
