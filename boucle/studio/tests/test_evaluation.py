"""Properties of what the studio computes itself: content hashes, BOM totals, the licence table."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from boucle.projects.enums import Licence
from boucle.studio import evaluation as ev
from boucle.studio.licences import fork_licences_allowed, fork_refusal

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.text(max_size=8), json_values, max_size=6))
def test_the_content_hash_ignores_key_order_and_whitespace(content):
    reordered = dict(reversed(list(content.items())))
    assert ev.content_hash(content) == ev.content_hash(reordered)
    assert len(ev.content_hash(content)) == 64


money = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
lines = st.lists(
    st.tuples(st.integers(min_value=0, max_value=1000), st.none() | money, st.booleans()),
    max_size=30,
)


@given(lines)
def test_bom_totals_add_the_priced_lines_and_every_quantity(raw):
    bom = [
        {
            "quantity": str(q),
            "total_price": None if price is None else str(price * q),
            "in_kit": in_kit,
        }
        for q, price, in_kit in raw
    ]
    totals = ev.bom_totals(bom)
    assert Decimal(totals["quantity"]) == sum(q for q, _p, _k in raw)
    priced = [p * q for q, p, _k in raw if p is not None]
    assert totals["price"] == (str(sum(priced, Decimal(0))) if priced else None)
    assert totals["complete"] == all(p is not None and k for _q, p, k in raw)


@given(st.sampled_from(Licence.values), st.sampled_from(Licence.values))
def test_a_fork_is_refused_exactly_when_the_target_licence_is_not_allowed(source, target):
    refusal = fork_refusal(source=source, target=target)
    assert (refusal is None) == (target in fork_licences_allowed(source))
    assert fork_refusal(source=source, target=target, same_project=True) is None
