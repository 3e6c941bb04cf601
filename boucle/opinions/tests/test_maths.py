"""The map on small vote matrices whose answer is known."""

import json
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from boucle.opinions.maths import (
    BASE_CLUSTERS,
    GROUP_K_BUFFER,
    compute_map,
    in_conversation,
    prop_test,
    smooth_k,
    two_prop_test,
)

FIXTURES = Path(__file__).resolve().parents[3] / "bench" / "data" / "polis" / "red-dwarf-fixtures"


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


def camps(n_camps=3, per_camp=60, n_statements=20, flip=0.05, missing=0.2, seed=5):
    """n_camps camps; camp c agrees with the statements j where j % n_camps == c and disagrees with the
    others, with a few flipped and missing votes."""
    rng = np.random.default_rng(seed)
    matrix = []
    for camp in range(n_camps):
        for _i in range(per_camp):
            line = [1 if j % n_camps == camp else -1 for j in range(n_statements)]
            roll = rng.random(n_statements)
            matrix.append(
                [
                    None if r < missing else -v if r < missing + flip else v
                    for v, r in zip(line, roll, strict=True)
                ]
            )
    return matrix


def test_large_conversations_are_grouped_through_base_clusters():
    # given 180 participants in three camps: more than the base clusters
    matrix = camps()
    # when
    result = run(matrix)
    # then the participants are grouped into base clusters first, and the three camps are found
    assert result["base_cluster_count"] == BASE_CLUSTERS
    assert len(result["groups"]) == 3
    truth = [i // 60 for i in range(180)]
    assert adjusted_rand_score(truth, result["participants"]["group"]) > 0.95


def test_the_group_count_only_changes_once_a_new_count_has_won_several_times_in_a_row():
    # a first computation shows its best count
    state = smooth_k(3, None, {2, 3})
    assert state["smoothed_k"] == 3
    # a new best count is shown only after GROUP_K_BUFFER wins in a row
    for _ in range(GROUP_K_BUFFER - 1):
        state = smooth_k(2, state, {2, 3})
        assert state["smoothed_k"] == 3
    assert smooth_k(2, state, {2, 3})["smoothed_k"] == 2
    # an interrupted run starts again
    state = smooth_k(
        2, smooth_k(3, smooth_k(2, {"last_k": 3, "last_k_count": 9, "smoothed_k": 3}, {2, 3}), {2, 3}), {2, 3}
    )
    assert state == {"last_k": 2, "last_k_count": 1, "smoothed_k": 3}
    # a count no longer possible is not kept
    assert smooth_k(2, {"last_k": 5, "last_k_count": 9, "smoothed_k": 5}, {2, 3})["smoothed_k"] == 2


def test_recomputing_a_map_carries_the_previous_group_count():
    # given a map that showed 2 groups, its best count having been 2 for a while
    previous = {"k_smoother": {"last_k": 2, "last_k_count": 6, "smoothed_k": 2}}
    matrix = camps()
    # when three camps appear, the map keeps 2 groups until 3 has been the best GROUP_K_BUFFER times
    shown = []
    for _ in range(GROUP_K_BUFFER):
        previous = run(matrix, previous=previous)
        shown.append(len(previous["groups"]))
    # then
    assert shown == [2] * (GROUP_K_BUFFER - 1) + [3]
    assert previous["k_smoother"] == {"last_k": 3, "last_k_count": GROUP_K_BUFFER, "smoothed_k": 3}


def test_moderated_out_statements_count_towards_who_is_clustered_but_never_show():
    # given two camps, one participant with 6 votes on the map's statements and 1 on a moderated-out one
    matrix = [line + [1] for line in two_camps(missing=0)]
    matrix.append([1, 1, 1, -1, -1, -1, None, None, 1])
    # when statement 18 (the last column) is moderated out
    result = run(matrix, moderated_out=[18])
    # then the participant has 7 votes, as Pol.is counts them, and is clustered
    assert result["participants"]["votes"][-1] == 7
    assert result["participants"]["group"][-1] == result["participants"]["group"][0]
    # and statement 18 appears nowhere in the map
    assert result["statement_count"] == 8
    shown = {r["statement"] for g in result["groups"] for r in g["representative"]}
    shown |= {c["statement"] for c in result["consensus"]} | {d["statement"] for d in result["divisive"]}
    assert 18 not in shown
    assert result["vote_count"] == sum(v is not None for line in matrix for v in line[:8])


def test_when_few_people_voted_enough_the_most_active_are_clustered_up_to_fifteen():
    n_votes = np.array([9, 8, 1, 2, 3, 4, 5, 6, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5])
    chosen = in_conversation(n_votes, n_statements=20)
    assert len(chosen) == 15
    assert {0, 1, 7, 8} <= set(chosen)  # 7 votes or more, and the most active
    assert 14 not in chosen  # never someone without a vote
    assert set(in_conversation(np.array([7] * 20 + [1]), n_statements=20)) == set(range(20))


def polis_fixture(name):
    votes = json.loads((FIXTURES / name / "votes.json").read_text())
    math = json.loads((FIXTURES / name / "math-pca2.json").read_text())
    return votes, math


def test_the_projection_is_the_one_polis_computed():
    """On a real conversation (red-dwarf's fixture, with Pol.is' own output), every clustered participant is
    where Pol.is put them (up to the direction of each axis)."""
    # given
    votes, math = polis_fixture("below-100-ptpts")
    participants = sorted({v["pid"] for v in votes})
    statements = sorted({v["tid"] for v in votes})
    row = {p: i for i, p in enumerate(participants)}
    col = {t: j for j, t in enumerate(statements)}
    # when
    result = compute_map(
        participants,
        statements,
        [row[v["pid"]] for v in votes],
        [col[v["tid"]] for v in votes],
        [-v["vote"] for v in votes],  # the API serves agree as -1
        moderated_out=math["mod-out"],
    )
    # then
    ours = dict(
        zip(
            participants,
            zip(result["participants"]["x"], result["participants"]["y"], strict=True),
            strict=True,
        )
    )
    base = math["base-clusters"]
    theirs = {m[0]: (x, y) for m, x, y in zip(base["members"], base["x"], base["y"], strict=True)}
    clustered = {
        p for p, g in zip(participants, result["participants"]["group"], strict=True) if g is not None
    }
    # Pol.is keeps in the clustering whoever was once in it (4 who voted on every statement early on).
    assert clustered <= set(theirs) and len(clustered) == len(theirs) - 4
    ours_xy = np.array([ours[p] for p in theirs])
    theirs_xy = np.array(list(theirs.values()))
    signs = np.sign((ours_xy * theirs_xy).sum(axis=0))
    assert np.allclose(ours_xy * signs, theirs_xy, atol=1e-3)
    assert len(result["groups"]) == len(math["group-clusters"])


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from([1, 0, -1, None]), min_size=6, max_size=6), min_size=1, max_size=30),
    st.sets(st.integers(10, 15), max_size=3),
)
def test_any_map_with_moderated_out_statements_leaves_them_out(matrix, moderated_out):
    result = run(matrix, moderated_out=moderated_out)
    assert result["statement_count"] == 6 - len(moderated_out)
    shown = {r["statement"] for g in result["groups"] for r in g["representative"]}
    shown |= {c["statement"] for c in result["consensus"]} | {d["statement"] for d in result["divisive"]}
    assert not shown & moderated_out
    assert sum(g["size"] for g in result["groups"]) == result["clustered_count"]
    assert all(np.isfinite(result["participants"]["x"]))


def test_unanimous_or_identical_voters_give_one_group_per_position_without_error():
    # given 40 participants voting on 30 statements (the sparse solver's size), every vote alike
    everyone = [[1] * 30 for _ in range(40)]
    # then one group, everyone at the centre
    result = run(everyone)
    assert [g["size"] for g in result["groups"]] == [40]
    assert set(result["participants"]["x"]) == {0.0}
    # and two camps of identical voters make two groups
    two = run([[1] * 30 for _ in range(20)] + [[-1] * 30 for _ in range(20)])
    assert [g["size"] for g in two["groups"]] == [20, 20]
    assert len(set(two["participants"]["group"][:20])) == 1


def test_a_group_keeps_its_number_when_it_grows_past_another():
    # given a map of two camps where camp A (15 people) is group 0 and camp B (10) group 1
    a_and_b = two_camps(n_per_group=15, seed=3)[:25]
    first = run(a_and_b)
    ids, groups = first["participants"]["ids"], first["participants"]["group"]
    camp_a = {g for g in groups[:15] if g is not None}
    camp_b = {g for g in groups[15:] if g is not None}
    assert camp_a == {0} and camp_b == {1}
    # when eight more people vote like camp B, which becomes the bigger group
    grown = a_and_b + [list(two_camps(n_per_group=15, seed=4)[15 + i]) for i in range(8)]
    previous_points = (ids, [-1 if g is None else g for g in groups])
    alone = run(grown)
    kept = run(grown, previous_points=previous_points)
    # then, numbered afresh, B would take number 0; with the previous map it keeps number 1
    assert {g for g in alone["participants"]["group"][15:] if g is not None} == {0}
    assert {g for g in kept["participants"]["group"][15:] if g is not None} == {1}
    assert {g for g in kept["participants"]["group"][:15] if g is not None} == {0}
    assert kept["groups"][1]["size"] > kept["groups"][0]["size"]


def test_previous_groups_that_share_no_one_leave_the_numbering_as_it_was():
    matrix = two_camps()
    fresh = run(matrix)
    strangers = run(matrix, previous_points=([1, 2, 3], [1, 0, 1]))
    assert strangers["participants"]["group"] == fresh["participants"]["group"]


# The grouping: many k-means runs side by side, and their medoid.


def reference_lloyd(points, weights, centres, max_iter=100):
    """One weighted Lloyd run, written plainly: the labels it converges to (an emptied centre stays put)."""
    centres = centres.copy()
    for _ in range(max_iter):
        labels = ((points[:, None] - centres[None]) ** 2).sum(-1).argmin(1)
        moved = centres.copy()
        for j in range(len(centres)):
            members = labels == j
            if members.any():
                moved[j] = (weights[members, None] * points[members]).sum(0) / weights[members].sum()
        if np.abs(moved - centres).max() <= 1e-10:
            break
        centres = moved
    return ((points[:, None] - centres[None]) ** 2).sum(-1).argmin(1)


def canonical(labels):
    """A partition as a tuple numbered by first appearance, so equal partitions compare equal."""
    names = {}
    return tuple(names.setdefault(int(x), len(names)) for x in labels)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(3, 25).flatmap(
        lambda m: st.tuples(
            st.lists(
                st.tuples(st.integers(-20, 20), st.integers(-20, 20)), min_size=m, max_size=m, unique=True
            ),
            st.lists(st.integers(1, 9), min_size=m, max_size=m),
            st.integers(2, 4),
            st.integers(0, 2**16),
        )
    )
)
def test_many_lloyd_runs_side_by_side_end_where_each_run_alone_ends(case):
    from collections import Counter

    from boucle.opinions.maths import _kmeans_pp, lloyd_from_starts

    coords, weights, k, seed = case
    points, w = np.array(coords, dtype=float) / 4, np.array(weights, dtype=float)
    k = min(k, len(points) - 1)
    starts = _kmeans_pp(points, w, k, np.random.default_rng(seed), 60)
    labels, counts, inertia = lloyd_from_starts(points, w, starts)
    assert counts.sum() == 60
    together = Counter()
    for row, count in zip(labels, counts, strict=True):
        together[canonical(row)] += count
    alone = Counter(canonical(reference_lloyd(points, w, start)) for start in starts)
    assert together == alone
    for row, value in zip(labels, inertia, strict=True):
        # The weighted inertia of a final state: at least the groups' within sums of squares (equal to them
        # when no centre was emptied, the centres then being the groups' weighted means).
        within = 0.0
        for j in set(row.tolist()):
            members = row == j
            mean = (w[members, None] * points[members]).sum(0) / w[members].sum()
            within += (w[members, None] * (points[members] - mean) ** 2).sum()
        assert value >= within - 1e-9
        if len(set(row.tolist())) == k:
            assert abs(value - within) < 1e-9


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 4).flatmap(
        lambda k: st.tuples(
            st.just(k),
            st.lists(
                st.tuples(st.integers(0, k - 1), st.integers(0, k - 1), st.integers(1, 6)),
                min_size=2,
                max_size=30,
            ),
        )
    )
)
def test_the_weighted_adjusted_rand_index_is_the_one_of_the_members(case):
    from boucle.opinions.maths import adjusted_rand_against

    k, rows = case
    a = np.array([r[0] for r in rows])
    b = np.array([r[1] for r in rows])
    w = np.array([r[2] for r in rows], dtype=float)
    expected = adjusted_rand_score(np.repeat(a, w.astype(int)), np.repeat(b, w.astype(int)))
    got = adjusted_rand_against(a, b[None], k, w)[0]
    assert abs(got - expected) < 1e-9


def test_the_medoid_is_the_partition_most_runs_agree_with():
    from boucle.opinions.maths import medoid_kmeans

    rng = np.random.default_rng(3)
    # Three tight, well separated camps: every sensible run finds them, so the medoid is them.
    camps = np.array([[0.0, 0.0], [10.0, 0.0], [5.0, 9.0]])
    points = np.vstack([camp + rng.normal(scale=0.3, size=(8, 2)) for camp in camps])
    sizes = rng.integers(1, 5, len(points))
    medoid = medoid_kmeans(points, sizes, 3, np.random.default_rng(1))
    assert canonical(medoid) == canonical(np.repeat([0, 1, 2], 8))
    # The same answer for the same seed; k groups always.
    assert np.array_equal(medoid, medoid_kmeans(points, sizes, 3, np.random.default_rng(1)))
    assert len(set(medoid.tolist())) == 3


def test_the_medoid_follows_where_most_runs_end_not_the_lowest_inertia():
    """Six weighted points, two groups: k-means ends in two partitions, {0 2 3 | 1 4 5} (the lowest inertia,
    56.8) from about a third of the starts and {0 1 2 3 | 4 5} (59.8) from two thirds. The best of 50 starts
    is the first; the partition a run agrees with best on average is the second."""
    from boucle.opinions.maths import medoid_kmeans, weighted_kmeans

    points = np.array([[10, 5], [4, 5], [9, 5], [10, 3], [2, 2], [0, 0]], dtype=float)
    sizes = np.array([1, 2, 4, 2, 1, 3])
    assert canonical(weighted_kmeans(points, sizes, 2, np.random.default_rng(1))) == (0, 1, 0, 0, 1, 1)
    assert canonical(medoid_kmeans(points, sizes, 2, np.random.default_rng(1))) == (0, 0, 0, 0, 1, 1)


def square_of_camps():
    """Eight points, two at each corner of a square, turned a quarter around the centre from corner to corner:
    split into two groups, left | right and bottom | top are the same partition turned, equally likely
    outcomes of k-means, which no number of starts can tell apart."""
    points = []
    offset = np.array([0.5, 0.2])
    turn = np.array([[0.0, -1.0], [1.0, 0.0]])
    for corner, (x, y) in enumerate([(-5, -5), (5, -5), (5, 5), (-5, 5)]):
        o = np.linalg.matrix_power(turn, corner) @ offset
        points += [[x + o[0], y + o[1]], [x - o[1], y + o[0]]]
    points = np.array(points)
    left_right = (points[:, 0] > 0).astype(int)
    bottom_top = (points[:, 1] > 0).astype(int)
    return points, left_right, bottom_top


def test_a_tie_between_equal_partitions_goes_to_the_one_closest_to_the_last_map():
    from boucle.opinions.maths import medoid_kmeans

    points, left_right, bottom_top = square_of_camps()
    sizes = np.ones(len(points))

    def closest_to(before):
        return lambda partition: adjusted_rand_score(before, partition)

    alone = canonical(medoid_kmeans(points, sizes, 2, np.random.default_rng(4)))
    assert alone in {canonical(left_right), canonical(bottom_top)}
    for before in (left_right, bottom_top):
        chosen = medoid_kmeans(points, sizes, 2, np.random.default_rng(4), prefer=closest_to(before))
        assert canonical(chosen) == canonical(before)


def test_a_recompute_hands_the_last_maps_groups_to_the_tie_break(monkeypatch):
    from boucle.opinions import maths

    matrix = two_camps()
    first = run(matrix)
    seen = {}
    medoid = maths.medoid_kmeans

    def spy(*args, prefer=None, **kwargs):
        chosen = medoid(*args, prefer=prefer, **kwargs)
        seen["agreement"] = prefer(chosen)
        return chosen

    monkeypatch.setattr(maths, "medoid_kmeans", spy)
    ids, groups = (
        first["participants"]["ids"],
        [-1 if g is None else g for g in first["participants"]["group"]],
    )
    again = run(matrix, previous_points=(ids, groups))
    assert seen["agreement"] == 1.0  # the same votes: the groups chosen are the last map's exactly
    assert again["participants"]["group"] == first["participants"]["group"]
    assert again["method"] == "pca2-basekmeans-silhouette-medoid"
