import pytest
from hypothesis import given
from hypothesis import strategies as st

from boucle.core.errors import InvalidInput
from boucle.projects.ladder import DEFAULT_LADDER, ladder_format, ladder_parse, ladder_validate


def test_default_ladder_is_lego_ideas():
    assert [(t["supporters"], t["days"]) for t in DEFAULT_LADDER] == [(100, 60), (1000, 365), (5000, 182), (10000, 182)]


def test_tiers_must_grow():
    with pytest.raises(InvalidInput):
        ladder_validate([{"supporters": 100, "days": 60}, {"supporters": 50, "days": 10}])


@pytest.mark.parametrize("text", ["", "abc", "100", "100/0", "100/60, 100/60", "-5/10"])
def test_bad_ladder_text_is_refused_with_a_message(text):
    with pytest.raises(InvalidInput) as err:
        ladder_parse(text)
    assert str(err.value)


@given(st.lists(st.tuples(st.integers(1, 1000), st.integers(1, 3650)), min_size=1, max_size=10))
def test_format_then_parse_gives_the_same_ladder(steps):
    supporters, ladder = 0, []
    for extra, days in steps:
        supporters += extra
        ladder.append({"supporters": supporters, "days": days})
    assert ladder_parse(ladder_format(ladder)) == ladder
