"""The opinion map, following Pol.is' published method (docs/OPINIONS.md explains each step).

Input: the votes as three arrays (row = participant index, column = statement index, value in {-1, 0, 1})
with the ids of the rows and columns. Output: a JSON-ready dict. Pure numpy/scipy/scikit-learn, no
database, one configuration and one fixed random seed for every conversation.
"""

import math

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

SEED = 20240601
MIN_VOTES = 7  # participants with fewer votes (or fewer than all statements, when there are fewer) stay out
MAX_GROUPS = 5
Z_90 = 1.2816  # one-sided 90% significance, Pol.is' threshold
SILHOUETTE_SAMPLE = 4000
SILHOUETTE_TOLERANCE = 0.06  # the fewest groups whose silhouette is within this of the best one
REPRESENTATIVE_PER_GROUP = 5
CONSENSUS_COUNT = 5
DIVISIVE_COUNT = 5
DIVISIVE_MIN_SPREAD = 0.3


def vote_matrix(n_participants: int, n_statements: int, rows, cols, values):
    """The sparse vote matrix (agree +1, disagree -1, pass 0 stored explicitly) and the 'seen' mask."""
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    values = np.asarray(values, dtype=np.float64)
    shape = (n_participants, n_statements)
    votes = sparse.csr_matrix((values, (rows, cols)), shape=shape)
    seen = sparse.csr_matrix((np.ones_like(values), (rows, cols)), shape=shape)
    return votes, seen


def project(votes, seen, in_conv, seed: int = SEED):
    """PCA to two dimensions with missing votes handled as the statement's mean vote (so they add nothing
    once the matrix is centred), fitted on the participants in the clustering; every participant is
    projected and scaled by sqrt(statements / own votes) so sparse voters are not pulled to the centre."""
    n_participants, n_statements = votes.shape
    seen_in = seen[in_conv]
    counts = np.asarray(seen_in.sum(axis=0)).ravel()
    sums = np.asarray(votes[in_conv].sum(axis=0)).ravel()
    means = np.divide(sums, counts, out=np.zeros(n_statements), where=counts > 0)
    centred = votes.copy().tocsr()
    centred.data = centred.data - means[centred.indices]  # only seen entries: missing = mean = 0 once centred
    fit_rows = centred[in_conv]
    n_components = min(2, n_statements, fit_rows.shape[0])
    components = np.zeros((2, n_statements))
    if n_components >= 1:
        if n_statements <= 500 or fit_rows.shape[0] <= 500:
            dense = fit_rows.toarray()
            _u, _s, vt = np.linalg.svd(dense, full_matrices=False)
            components[:n_components] = vt[:n_components]
        else:
            from sklearn.decomposition import TruncatedSVD

            svd = TruncatedSVD(n_components=2, algorithm="randomized", n_iter=7, random_state=seed)
            svd.fit(fit_rows)
            components[:] = svd.components_
        # A sign convention so the map does not flip between recomputes: the largest loading is positive.
        for i in range(2):
            if components[i, np.argmax(np.abs(components[i]))] < 0:
                components[i] = -components[i]
    positions = np.asarray(centred @ components.T)
    n_votes = np.asarray(seen.sum(axis=1)).ravel()
    scale = np.sqrt(np.divide(n_statements, n_votes, out=np.zeros(n_participants), where=n_votes > 0))
    return positions * scale[:, None], components


def cluster(points, seed: int = SEED):
    """k-means for k in 2..5; the fewest groups whose silhouette is within SILHOUETTE_TOLERANCE of the best
    (a small gain does not justify one more group); labels ordered by group size."""
    n = points.shape[0]
    distinct = len(np.unique(np.round(points, 9), axis=0)) if n else 0
    if n < 4 or distinct < 2:
        return np.zeros(n, dtype=np.int64), 1, None
    tried = []
    for k in range(2, min(MAX_GROUPS, distinct - 1 if distinct > 2 else 2) + 1):
        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(points)
        if len(np.unique(labels)) < 2:
            continue
        score = silhouette_score(points, labels, sample_size=min(n, SILHOUETTE_SAMPLE), random_state=seed)
        tried.append((float(score), k, labels))
    if not tried:
        return np.zeros(n, dtype=np.int64), 1, None
    top = max(score for score, _k, _labels in tried)
    score, k, labels = next(t for t in tried if t[0] >= top - SILHOUETTE_TOLERANCE)
    # Stable labels: the biggest group first, ties by the position of its centre.
    order = sorted(range(k), key=lambda g: (-(labels == g).sum(), points[labels == g].mean(axis=0).tolist()))
    relabel = np.empty(k, dtype=np.int64)
    relabel[order] = np.arange(k)
    return relabel[labels], k, score


def prop_test(successes, n):
    """Pol.is' one-proportion test against 1/2, with a pseudo-count: 2·sqrt(n+1)·((s+1)/(n+1) − 1/2)."""
    successes, n = np.asarray(successes, float) + 1, np.asarray(n, float) + 1
    return 2 * np.sqrt(n) * (successes / n - 0.5)


def two_prop_test(succ_in, n_in, succ_out, n_out):
    """Pol.is' two-proportion z-test (pseudo-count 1 on each count): is the rate inside above outside?"""
    s1, n1, s2, n2 = (np.asarray(x, float) + 1 for x in (succ_in, n_in, succ_out, n_out))
    p1, p2 = s1 / n1, s2 / n2
    pooled = (s1 + s2) / (n1 + n2)
    denominator = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return np.divide(p1 - p2, denominator, out=np.zeros_like(p1), where=denominator > 0)


def group_counts(votes, seen, labels, k):
    """Per group and statement: agrees, disagrees, seen (votes of any value)."""
    membership = sparse.csr_matrix(
        (np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(k, len(labels))
    )
    agree = votes.copy()
    agree.data = (agree.data > 0).astype(float)
    disagree = votes.copy()
    disagree.data = (disagree.data < 0).astype(float)
    return (
        np.asarray((membership @ agree).todense()),
        np.asarray((membership @ disagree).todense()),
        np.asarray((membership @ seen).todense()),
    )


def _round(x, digits=4):
    return None if x is None or not math.isfinite(x) else round(float(x), digits)


def compute_map(
    participant_ids, statement_ids, rows, cols, values, *, min_votes=MIN_VOTES, seed=SEED
) -> dict:
    participant_ids = [int(p) for p in participant_ids]
    statement_ids = [int(s) for s in statement_ids]
    n_p, n_s = len(participant_ids), len(statement_ids)
    votes, seen = vote_matrix(n_p, n_s, rows, cols, values)
    n_votes = np.asarray(seen.sum(axis=1)).ravel().astype(int)
    threshold = min(min_votes, n_s) if n_s else 1
    in_conv = np.flatnonzero(n_votes >= max(threshold, 1))
    result = {
        "method": "pca2-kmeans-silhouette",
        "seed": seed,
        "min_votes": threshold,
        "participant_count": n_p,
        "statement_count": n_s,
        "vote_count": int(len(np.asarray(values))),
        "clustered_count": int(len(in_conv)),
        "participants": {"ids": participant_ids, "x": [], "y": [], "group": [], "votes": n_votes.tolist()},
        "groups": [],
        "consensus": [],
        "divisive": [],
        "silhouette": None,
    }
    if n_p == 0 or n_s == 0 or len(in_conv) == 0:
        result["participants"]["x"] = [0.0] * n_p
        result["participants"]["y"] = [0.0] * n_p
        result["participants"]["group"] = [None] * n_p
        return result
    positions, _components = project(votes, seen, in_conv, seed=seed)
    labels_in, k, score = cluster(positions[in_conv], seed=seed)
    groups = np.full(n_p, -1, dtype=np.int64)
    groups[in_conv] = labels_in
    result["silhouette"] = _round(score)
    result["participants"]["x"] = [round(float(v), 4) for v in positions[:, 0]]
    result["participants"]["y"] = [round(float(v), 4) for v in positions[:, 1]]
    result["participants"]["group"] = [None if g < 0 else int(g) for g in groups]

    agree, disagree, seen_g = group_counts(votes[in_conv], seen[in_conv], labels_in, k)
    agree_all, disagree_all, seen_all = agree.sum(0), disagree.sum(0), seen_g.sum(0)
    p_agree = (agree + 1) / (seen_g + 2)  # smoothed, per group
    for g in range(k):
        members = in_conv[labels_in == g]
        a_in, d_in, s_in = agree[g], disagree[g], seen_g[g]
        a_out, d_out, s_out = agree_all - a_in, disagree_all - d_in, seen_all - s_in
        pa, pd = (a_in + 1) / (s_in + 2), (d_in + 1) / (s_in + 2)
        pa_out, pd_out = (a_out + 1) / (s_out + 2), (d_out + 1) / (s_out + 2)
        pat, pdt = prop_test(a_in, s_in), prop_test(d_in, s_in)
        ra, rd = pa / pa_out, pd / pd_out
        rat, rdt = two_prop_test(a_in, s_in, a_out, s_out), two_prop_test(d_in, s_in, d_out, s_out)
        agree_metric, disagree_metric = ra * rat * pa * pat, rd * rdt * pd * pdt
        candidates = []
        for j in range(n_s):
            if s_in[j] == 0:
                continue
            kind = "agree" if agree_metric[j] >= disagree_metric[j] else "disagree"
            if kind == "agree":
                significant = pat[j] > Z_90 and rat[j] > Z_90
                metric, share_in, share_out, z = agree_metric[j], a_in[j], a_out[j], rat[j]
            else:
                significant = pdt[j] > Z_90 and rdt[j] > Z_90
                metric, share_in, share_out, z = disagree_metric[j], d_in[j], d_out[j], rdt[j]
            candidates.append(
                {
                    "statement": statement_ids[j],
                    "kind": kind,
                    "share_in": _round(share_in / s_in[j]),
                    "share_out": _round(share_out / s_out[j]) if s_out[j] else None,
                    "z": _round(z),
                    "metric": _round(metric),
                    "significant": bool(significant),
                }
            )
        candidates.sort(key=lambda c: (not c["significant"], -(c["metric"] or 0), c["statement"]))
        chosen = [c for c in candidates if c["significant"]][:REPRESENTATIVE_PER_GROUP] or candidates[:1]
        centre = positions[members].mean(axis=0)
        result["groups"].append(
            {
                "id": g,
                "size": int(len(members)),
                "center": [_round(centre[0]), _round(centre[1])],
                "representative": chosen,
            }
        )

    # Group-informed consensus: the product over groups of the smoothed agree (or disagree) probability.
    p_disagree = (disagree + 1) / (seen_g + 2)
    gac, gdc = p_agree.prod(axis=0), p_disagree.prod(axis=0)
    consensus = []
    for j in np.argsort(-gac, kind="stable"):
        if seen_all[j] == 0 or not (p_agree[:, j] > 0.5).all():
            continue
        consensus.append(
            {
                "statement": statement_ids[j],
                "kind": "agree",
                "score": _round(gac[j]),
                "shares": [_round(agree[g, j] / seen_g[g, j]) if seen_g[g, j] else None for g in range(k)],
            }
        )
    for j in np.argsort(-gdc, kind="stable"):
        if seen_all[j] == 0 or not (p_disagree[:, j] > 0.5).all():
            continue
        consensus.append(
            {
                "statement": statement_ids[j],
                "kind": "disagree",
                "score": _round(gdc[j]),
                "shares": [_round(disagree[g, j] / seen_g[g, j]) if seen_g[g, j] else None for g in range(k)],
            }
        )
    consensus.sort(key=lambda c: (-(c["score"] or 0), c["statement"]))
    result["consensus"] = consensus[:CONSENSUS_COUNT]

    # Divisive: the statements whose agree probability differs most between groups.
    if k > 1:
        spread = p_agree.max(axis=0) - p_agree.min(axis=0)
        for j in np.argsort(-spread, kind="stable")[:DIVISIVE_COUNT]:
            if spread[j] < DIVISIVE_MIN_SPREAD:
                break
            result["divisive"].append(
                {
                    "statement": statement_ids[j],
                    "spread": _round(spread[j]),
                    "shares": [
                        _round(agree[g, j] / seen_g[g, j]) if seen_g[g, j] else None for g in range(k)
                    ],
                }
            )
    return result
