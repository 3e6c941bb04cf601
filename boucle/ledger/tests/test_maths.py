"""The arithmetic of royalties: worked examples with the arithmetic written out, and properties."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boucle.ledger.maths import from_cents, parse_money, pool_amount, shares, split_cents, to_cents

members = st.dictionaries(st.integers(1, 10_000), st.integers(0, 1_000), min_size=1, max_size=30)


def test_pool_is_net_times_rate_rounded_half_up_to_the_cent():
    # 19.99 × 12.5 / 100 = 2.49875 -> 2.50
    assert pool_amount(Decimal("19.99"), Decimal("12.50")) == Decimal("2.50")
    # 0.05 × 10 / 100 = 0.005 -> half up -> 0.01
    assert pool_amount(Decimal("0.05"), Decimal("10")) == Decimal("0.01")
    # 0.04 × 10 / 100 = 0.004 -> 0.00
    assert pool_amount(Decimal("0.04"), Decimal("10")) == Decimal("0.00")
    assert pool_amount(Decimal("100.00"), Decimal("0")) == Decimal("0.00")
    assert pool_amount(Decimal("100.00"), Decimal("100")) == Decimal("100.00")


def test_shares_are_exact_fractions():
    # points 10, 5, 2, 1 -> total 18 -> 10/18 = 5/9, 5/18, 2/18 = 1/9, 1/18
    assert shares({1: 10, 2: 5, 3: 2, 4: 1}) == {
        1: Fraction(5, 9),
        2: Fraction(5, 18),
        3: Fraction(1, 9),
        4: Fraction(1, 18),
    }
    assert sum(shares({1: 10, 2: 5, 3: 2, 4: 1}).values()) == 1


def test_split_worked_example_largest_remainder_then_smaller_id():
    # 1.00 split 10 : 5 : 2 : 1 (total 18)
    # quotas in cents: 100×10/18 = 55.55…, 100×5/18 = 27.77…, 100×2/18 = 11.11…, 100×1/18 = 5.55…
    # whole cents 55 + 27 + 11 + 5 = 98; 2 cents left
    # remainders (numerators over 18): 10, 14, 2, 10 -> member 2 (14), then members 1 and 4 tie at 10:
    # member 1, the smaller id, gets the last cent.
    assert split_cents(100, {1: 10, 2: 5, 3: 2, 4: 1}) == {1: 56, 2: 28, 3: 11, 4: 5}


def test_split_ties_go_to_the_smaller_member_id():
    # 1.00 in three equal parts: 33.33… each, one cent left, all remainders equal -> member 3 (smallest id)
    assert split_cents(100, {7: 1, 3: 1, 5: 1}) == {7: 33, 3: 34, 5: 33}


def test_split_of_nothing_and_by_nothing():
    assert split_cents(0, {1: 0, 2: 0}) == {1: 0, 2: 0}
    assert split_cents(0, {1: 3}) == {1: 0}
    with pytest.raises(ValueError):
        split_cents(1, {1: 0})
    with pytest.raises(ValueError):
        split_cents(-1, {1: 1})


@given(total=st.integers(0, 10**12), weights=members)
def test_any_split_sums_exactly_to_the_pool_and_is_never_negative(total, weights):
    if sum(weights.values()) == 0:
        weights = {**weights, min(weights): 1}
    parts = split_cents(total, weights)
    assert sum(parts.values()) == total
    assert all(p >= 0 for p in parts.values())
    weight_sum = sum(weights.values())
    for member, part in parts.items():
        # each part is its exact quota rounded down or up, never further
        quota = Fraction(total * weights[member], weight_sum)
        assert quota - 1 < part < quota + 1
        if weights[member] == 0:
            assert part == 0


@given(weights=members, data=st.data())
def test_a_split_of_at_most_the_weights_never_gives_anyone_more_than_their_weight(weights, data):
    # This is what keeps reversals within what each member received (weights = cents still held).
    if sum(weights.values()) == 0:
        weights = {**weights, min(weights): 1}
    total = data.draw(st.integers(0, sum(weights.values())))
    parts = split_cents(total, weights)
    assert all(parts[m] <= weights[m] for m in weights)


@given(st.integers(0, 10**14))
def test_cents_round_trip(cents):
    assert to_cents(from_cents(cents)) == cents


def test_money_parsing_refuses_floats_fractions_of_cents_and_negatives():
    assert parse_money("12.30") == Decimal("12.30")
    assert parse_money(Decimal("5")) == Decimal("5.00")
    assert parse_money(3) == Decimal("3.00")
    assert parse_money("0", allow_zero=True) == Decimal("0.00")
    for bad in [12.3, "0", "-1", "1.001", "abc", "NaN", "Infinity", "1e30", None, True, ""]:
        assert parse_money(bad) is None, bad
