"""The map on small vote matrices whose answer is known."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from boucle.opinions.maths import compute_map, prop_test, two_prop_test


def triples(matrix):
    """Dense matrix with None for missing -> (rows, cols, values)."""
    rows, cols, values = [], [], []
    for i, line in enumerate(matrix):
        for j, v in enumerate(line):
            if v is not None:
                rows.append(i)
                cols.append(j)
                values.append(v)
    return rows, cols, values


def two_camps(n_per_group=15, flip=0.05, missing=0.1, seed=1):
    """Two camps voting with noise. Statements 0-5 split the camps (camp A agrees with 0-2 and disagrees with
    3-5, camp B the reverse); everyone agrees with 6 and disagrees with 7. Noise (flipped votes, missing
    votes) only touches statements 0-5."""
    rng = np.random.default_rng(seed)
    matrix = []
    for camp in (1, -1):
        for _i in range(n_per_group):
            line = [camp, camp, camp, -camp, -camp, -camp, 1, -1]
            for j in range(6):
                roll = rng.random()
                if roll < flip:
                    line[j] = -line[j]
                elif roll < flip + missing:
                    line[j] = None
            matrix.append(line)
    return matrix


def run(matrix, **kwargs):
    rows, cols, values = triples(matrix)
    return compute_map(
        [100 + i for i in range(len(matrix))],
        [10 + j for j in range(len(matrix[0]))],
        rows,
        cols,
        values,
        **kwargs,
    )


def test_two_clear_groups_are_recovered():
    # when
    result = run(two_camps())
    # then
    groups = result["participants"]["group"]
    assert len(result["groups"]) == 2
    camps = [0] * 15 + [1] * 15
    clustered = [i for i, g in enumerate(groups) if g is not None]
    assert len(clustered) >= 25
    assert adjusted_rand_score([camps[i] for i in clustered], [groups[i] for i in clustered]) == 1.0


def test_the_statement_everyone_agrees_with_is_the_consensus():
    result = run(two_camps())
    top = result["consensus"][0]
    assert (top["statement"], top["kind"]) in {(16, "agree"), (17, "disagree")}
    assert {(c["statement"], c["kind"]) for c in result["consensus"]} >= {(16, "agree"), (17, "disagree")}
    assert not {c["statement"] for c in result["consensus"]} & {10, 11, 12, 13, 14, 15}


def test_each_group_has_a_representative_statement_that_splits_the_camps():
    # when
    result = run(two_camps())
    # then
    group_of_first = result["participants"]["group"][0]
    for group in result["groups"]:
        best = group["representative"][0]
        assert best["significant"]
        assert best["statement"] in {10, 11, 12, 13, 14, 15}
        assert best["share_in"] - best["share_out"] > 0.5
        camp_a = {
            (10, "agree"),
            (11, "agree"),
            (12, "agree"),
            (13, "disagree"),
            (14, "disagree"),
            (15, "disagree"),
        }
        assert ((best["statement"], best["kind"]) in camp_a) == (group["id"] == group_of_first)


def test_divisive_statements_are_those_the_groups_answer_oppositely():
    result = run(two_camps())
    assert len(result["divisive"]) == 5  # the five that split the groups most
    assert {d["statement"] for d in result["divisive"]} < {10, 11, 12, 13, 14, 15}


def test_participants_with_too_few_votes_are_placed_but_not_clustered():
    # given
    matrix = two_camps(missing=0) + [[1, 1, None, None, None, None, None, None]]
    # when
    result = run(matrix)
    # then
    assert result["participants"]["group"][-1] is None
    assert result["clustered_count"] == 30
    # scaled for sparse voters: two agreeing votes land on camp A's side, not at the centre
    x = result["participants"]["x"]
    assert np.sign(x[-1]) == np.sign(x[0])


def test_a_map_is_the_same_when_computed_twice():
    assert run(two_camps(seed=3)) == run(two_camps(seed=3))


def test_empty_and_tiny_conversations_give_one_or_no_group():
    assert compute_map([], [], [], [], [])["groups"] == []
    one = compute_map([1, 2], [5], [0, 1], [0, 0], [1, 1])
    assert len(one["groups"]) == 1 and one["groups"][0]["size"] == 2


def test_the_significance_tests_follow_polis():
    assert prop_test(0, 0) < 1.2816
    assert prop_test(9, 9) > 1.2816 > prop_test(1, 2)
    assert two_prop_test(10, 10, 0, 10) > 1.2816
    assert two_prop_test(5, 10, 5, 10) == 0


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.sampled_from([1, 0, -1, None]), min_size=6, max_size=6), min_size=0, max_size=30))
def test_any_vote_matrix_gives_a_well_formed_map(matrix):
    # when
    result = run(matrix) if matrix else compute_map([], [1], [], [], [])
    # then
    n = len(matrix)
    assert len(result["participants"]["x"]) == n and len(result["participants"]["group"]) == n
    assert all(np.isfinite(result["participants"]["x"])) and all(np.isfinite(result["participants"]["y"]))
    assert sum(g["size"] for g in result["groups"]) == result["clustered_count"]
    assert 0 <= len(result["groups"]) <= 5
