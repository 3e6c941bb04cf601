"""The opinion map, following Pol.is' published method (docs/OPINIONS.md explains each step).

Input: the votes as three arrays (row = participant index, column = statement index, value in {-1, 0, 1})
with the ids of the rows and columns. Output: a JSON-ready dict. Pure numpy/scipy/scikit-learn, no
database, one configuration and one fixed random seed for every conversation.
"""

import math

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score

SEED = 20240601
MIN_VOTES = 7  # participants with fewer votes (or fewer than all statements, when there are fewer) stay out
MAX_GROUPS = 5
Z_90 = 1.2816  # one-sided 90% significance, Pol.is' threshold
BASE_CLUSTERS = 100  # Pol.is' base-k: participants are first grouped into this many k-means clusters
BASE_INITS = 4  # k-means++ initialisations of the base clusters (the lowest inertia is kept)
BASE_SAMPLE = 10_000  # above this many participants, base clusters are found on a sample of this size
GROUP_INITS = 50  # k-means++ starts per k when choosing the group count (the lowest inertia is scored)
GROUP_ITERS = 100
GROUP_STARTS = 10_000  # at most this many k-means++ starts decide the medoid partition (for the k shown)
GROUP_START_BATCH = 2_000  # starts are added this many at a time until the medoid is clear
MEDOID_THREADS = 2  # the starts of a batch run on this many threads (numpy releases the GIL)
MEDOID_CANDIDATES = 30  # the medoid is chosen among this many of the partitions the starts reach most often
GROUP_K_BUFFER = 4  # Pol.is' group-k-buffer: a new best k must win this many times in a row to be shown
GREEDY_IN_CONV = 15  # when fewer people pass MIN_VOTES, the most active voters are clustered up to this
DENSE_SVD_MAX = 20  # exact dense SVD when either side of the matrix is this small, sparse Lanczos above
REPRESENTATIVE_PER_GROUP = 5
CONSENSUS_COUNT = 5
DIVISIVE_COUNT = 5
DIVISIVE_MIN_SPREAD = 0.3


def vote_matrix(n_participants: int, n_statements: int, rows, cols, values):
    """The sparse vote matrix (agree +1, disagree -1, pass 0 stored explicitly) and the 'seen' mask (the same
    structure, all ones). One vote per (row, column) pair."""
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    values = np.asarray(values, dtype=np.float64)
    shape = (n_participants, n_statements)
    votes = sparse.csr_matrix((values, (rows, cols)), shape=shape)  # a pass stays stored as an explicit 0
    seen = sparse.csr_matrix((np.ones(votes.nnz), votes.indices, votes.indptr), shape=shape)
    return votes, seen


def in_conversation(n_votes, n_statements: int, min_votes: int = MIN_VOTES):
    """Pol.is' "in-conv" rule: who is clustered. Everyone with at least `min_votes` votes (or a vote on every
    statement, when there are fewer); when that leaves fewer than GREEDY_IN_CONV people, the most active other
    voters are added until there are GREEDY_IN_CONV (or no voter is left)."""
    n_votes = np.asarray(n_votes)
    threshold = max(min(min_votes, n_statements), 1)
    chosen = n_votes >= threshold
    missing = GREEDY_IN_CONV - int(chosen.sum())
    if missing > 0:
        others = np.flatnonzero(~chosen & (n_votes > 0))
        others = others[np.argsort(-n_votes[others], kind="stable")][:missing]
        chosen[others] = True
    return np.flatnonzero(chosen)


def _top_right_singular_vectors(matrix, seed: int):
    """The two leading right singular vectors (the principal axes of the centred matrix): ARPACK's Lanczos
    solver on the sparse matrix, started from a fixed vector so it is reproducible; an exact dense SVD for
    tiny matrices."""
    n_rows, n_cols = matrix.shape
    n_components = min(2, n_rows, n_cols)
    components = np.zeros((2, n_cols))
    if n_components == 0:
        return components
    if min(n_rows, n_cols) <= DENSE_SVD_MAX:
        _u, _s, vt = np.linalg.svd(matrix.toarray(), full_matrices=False)
        components[:n_components] = vt[:n_components]
        return components
    if not np.any(matrix.data):  # everyone voted the statements' mean: no direction at all
        return components
    from scipy.sparse.linalg import ArpackError, ArpackNoConvergence, svds

    v0 = np.random.default_rng(seed).standard_normal(min(n_rows, n_cols))
    try:
        _u, s, vt = svds(matrix, k=2, v0=v0, tol=0, random_state=seed)
    except (ArpackError, ArpackNoConvergence):  # e.g. a matrix of rank < 2: the randomized solver copes
        from sklearn.utils.extmath import randomized_svd

        _u, s, vt = randomized_svd(matrix, 2, n_iter=10, random_state=seed)
    return vt[np.argsort(-s)]


def project(votes, seen, zeroed: int = 0, seed: int = SEED):
    """Pol.is' PCA: a missing vote is imputed with the statement's mean over every voter, so the centred matrix
    keeps its sparsity (a missing entry is 0 once centred); the two principal components are fitted on every
    participant and each participant's projection (sum over their own votes only) is scaled by
    sqrt(statements / own votes) so people who voted on few statements are not pulled to the centre.
    `zeroed` statements (moderated out, see compute_map) count in that scaling as a 0 vote of everyone."""
    n_participants, n_columns = votes.shape
    counts = np.asarray(seen.sum(axis=0)).ravel()
    sums = np.asarray(votes.sum(axis=0)).ravel()
    means = np.divide(sums, counts, out=np.zeros(n_columns), where=counts > 0)
    centred = votes.tocsr(copy=True)
    centred.data = centred.data - means[centred.indices]
    components = _top_right_singular_vectors(centred, seed)
    # A sign convention so the map does not flip between recomputes: the largest loading is positive.
    for i in range(2):
        if components[i].any() and components[i, np.argmax(np.abs(components[i]))] < 0:
            components[i] = -components[i]
    positions = np.asarray(centred @ components.T)
    n_votes = np.asarray(seen.sum(axis=1)).ravel()
    n_voted_columns = int((counts > 0).sum())  # Pol.is' matrix only has columns for statements with votes
    scale = np.sqrt((n_voted_columns + zeroed) / np.maximum(n_votes + zeroed, 1))
    return positions * scale[:, None], components


def base_clusters(points, seed: int = SEED):
    """Pol.is' first level: up to BASE_CLUSTERS k-means clusters of the participants' positions (each distinct
    position is its own base cluster when there are no more than that), numbered in the order of their first
    member. Returns (centres, sizes, labels)."""
    _values, first, inverse = np.unique(np.round(points, 12), axis=0, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    if len(first) <= BASE_CLUSTERS:
        labels, k = inverse, len(first)
    else:
        labels, k = _base_kmeans(points, seed), BASE_CLUSTERS
    sizes = np.bincount(labels, minlength=k)
    first = np.full(k, len(points))
    np.minimum.at(first, labels, np.arange(len(points)))
    keep = np.flatnonzero(sizes)  # a cluster k-means emptied is dropped
    keep = keep[np.argsort(first[keep], kind="stable")]
    remap = np.full(k, -1)
    remap[keep] = np.arange(len(keep))
    labels = remap[labels]
    centres = np.zeros((len(keep), points.shape[1]))
    np.add.at(centres, labels, points)
    return centres / sizes[keep][:, None], sizes[keep], labels


def _base_kmeans(points, seed: int):
    """k-means labels of BASE_CLUSTERS clusters. Above BASE_SAMPLE participants the clusters are found on a
    sample, then everyone joins the nearest centre (base clusters only need to be a fine, even partition of
    the map: the groups are made of them). One thread: k-means' OpenMP threads spin against the web
    workers' on a busy server and are slower than one."""
    from threadpoolctl import threadpool_limits

    sample = points
    if len(points) > BASE_SAMPLE:
        sample = points[np.random.default_rng(seed).choice(len(points), size=BASE_SAMPLE, replace=False)]
    with threadpool_limits(limits=1, user_api="openmp"):
        kmeans = KMeans(n_clusters=BASE_CLUSTERS, n_init=BASE_INITS, random_state=seed).fit(sample)
    if sample is points:
        return kmeans.labels_
    from scipy.spatial import cKDTree

    return cKDTree(kmeans.cluster_centers_).query(points)[1]


def _kmeans_pp(points, w, k: int, rng, n: int):
    """n weighted k-means++ starts drawn side by side: (n, k, dimensions) initial centres."""
    m = len(points)
    centres = np.empty((n, k, points.shape[1]))
    first = rng.choice(m, size=n, p=w / w.sum())
    centres[:, 0] = points[first]
    d2 = _squared_distances(points, centres[:, 0])  # starts × points
    for j in range(1, k):
        p = d2 * w
        total = p.sum(1, keepdims=True)
        p = np.where(total > 0, p / np.where(total > 0, total, 1), 1 / m)
        pick = (p.cumsum(1) < rng.random(n)[:, None]).sum(1).clip(0, m - 1)
        centres[:, j] = points[pick]
        d2 = np.minimum(d2, _squared_distances(points, centres[:, j]))
    return centres


def _squared_distances(points, centres):
    """starts × points squared distances from each start's one centre (centres: starts × dimensions)."""
    out = (points[None, :, 0] - centres[:, 0, None]) ** 2
    for d in range(1, points.shape[1]):
        out += (points[None, :, d] - centres[:, d, None]) ** 2
    return out


def _nearest(points, centres):
    """Each point's nearest centre in every state (centres: states × k × dimensions): labels and squared
    distances, states × points."""
    best = _squared_distances(points, centres[:, 0])
    labels = np.zeros(best.shape, dtype=np.int64)
    for j in range(1, centres.shape[1]):
        d = _squared_distances(points, centres[:, j])
        closer = d < best
        labels[closer] = j
        np.minimum(best, d, out=best)
    return labels, best


def _merge_states(centres, counts):
    """Identical k-means states (bit for bit the same centres) merged into one, their counts added."""
    flat = np.ascontiguousarray(centres.reshape(len(centres), -1))
    _unique, first, inverse = np.unique(flat, axis=0, return_index=True, return_inverse=True)
    return centres[first], np.bincount(inverse.ravel(), weights=counts, minlength=len(first))


def lloyd_from_starts(points, weights, centres, max_iter: int = GROUP_ITERS):
    """Weighted Lloyd iterations from many starts at once (vectorised numpy). Starts that reach the same
    state (many do within a few steps) are merged and run once, with a count; an emptied centre stays where
    it was. Returns the final states' (labels: states × points, counts: how many
    starts ended there, weighted inertia)."""
    w = np.asarray(weights, dtype=float)
    n, k, dims = centres.shape
    centres, counts = _merge_states(centres, np.ones(n))
    weighted = w[:, None] * points
    finished_centres, finished_counts = [], []
    for _ in range(max_iter):
        labels, _d2 = _nearest(points, centres)
        states = len(centres)
        index = (np.arange(states)[:, None] * k + labels).ravel()
        mass = np.bincount(index, weights=np.broadcast_to(w, labels.shape).ravel(), minlength=states * k)
        mass = mass.reshape(states, k)
        moved = np.empty_like(centres)
        for d in range(dims):
            values = np.broadcast_to(weighted[:, d], labels.shape).ravel()
            moved[:, :, d] = np.bincount(index, weights=values, minlength=states * k).reshape(states, k)
        moved = np.where(mass[..., None] > 0, moved / np.where(mass > 0, mass, 1)[..., None], centres)
        still = np.abs(moved - centres).reshape(states, -1).max(1) > 1e-10
        finished_centres.append(moved[~still])
        finished_counts.append(counts[~still])
        centres, counts = moved[still], counts[still]
        if not len(centres):
            break
        centres, counts = _merge_states(centres, counts)
    finished_centres.append(centres)
    finished_counts.append(counts)
    centres, counts = np.concatenate(finished_centres), np.concatenate(finished_counts)
    labels, d2 = _nearest(points, centres)
    return labels, counts, (d2 * w).sum(1)


def weighted_kmeans(points, weights, k: int, rng, n_init: int = GROUP_INITS, max_iter: int = GROUP_ITERS):
    """Weighted k-means (Lloyd) from n_init k-means++ starts run side by side; the labels of the start with
    the lowest weighted inertia. For the few (≤ 100) base-cluster centres, where it is much cheaper than
    separate scikit-learn fits."""
    w = np.asarray(weights, dtype=float)
    labels, _counts, inertia = lloyd_from_starts(points, w, _kmeans_pp(points, w, k, rng, n_init), max_iter)
    return labels[int(np.argmin(inertia))]


def _canonical(labels, k: int):
    """Each row of labels renumbered in the order groups first appear, so equal partitions compare equal."""
    n, m = labels.shape
    first = np.full((n, k), m)
    np.minimum.at(first, (np.repeat(np.arange(n), m), labels.ravel()), np.tile(np.arange(m), n))
    rank = np.argsort(np.argsort(first, axis=1, kind="stable"), axis=1)
    return np.take_along_axis(rank, labels, axis=1)


def adjusted_rand_against(labels, partitions, k: int, weights):
    """The adjusted Rand index of one partition (labels 0…k-1 of the points) with each row of `partitions`,
    every point counting `weights` times (base clusters counting their members)."""
    n, _m = partitions.shape
    index = (np.arange(n)[:, None] * k * k + partitions * k + labels[None]).ravel()
    counted = np.broadcast_to(weights, partitions.shape).ravel()
    table = np.bincount(index, weights=counted, minlength=n * k * k).reshape(n, k, k)

    def pairs(x):
        return x * (x - 1) / 2

    together = pairs(table).sum((1, 2))
    rows, cols = pairs(table.sum(2)).sum(1), pairs(table.sum(1)).sum(1)
    expected = rows * cols / pairs(np.sum(weights))
    span = (rows + cols) / 2 - expected
    return np.where(span == 0, 1.0, (together - expected) / np.where(span == 0, 1, span))


def medoid_kmeans(
    points,
    weights,
    k: int,
    rng,
    n_starts: int = GROUP_STARTS,
    batch: int = GROUP_START_BATCH,
    candidates: int = MEDOID_CANDIDATES,
    prefer=None,
):
    """The partition into k groups that agrees best, on average, with the outcome of one k-means run from a
    random k-means++ start (their medoid): among the `candidates` partitions the starts reach most often
    (using all k groups), the one with the highest mean adjusted Rand index with all the outcomes. Pol.is'
    groups are one k-means run warm-started from its history, which the final votes do not tell; this is the
    partition expected to agree with it best.

    Starts are drawn `batch` at a time (run to convergence on MEDOID_THREADS threads) until the leading
    partition's lead over the second is more than three standard errors of their paired difference, or
    n_starts have run. `prefer` (a partition -> number, higher preferred), when given, chooses among the
    candidates the leader is not that far ahead of (a tie the starts cannot break), the leader included: the
    application prefers the partition closest to the last map's groups, so near-equal partitions do not swap
    from one recompute to the next. None when no start keeps k groups."""
    from concurrent.futures import ThreadPoolExecutor

    w = np.asarray(weights, dtype=float)
    partitions, counts = np.zeros((0, len(points)), dtype=np.int64), np.zeros(0)
    done, best = 0, None
    with ThreadPoolExecutor(MEDOID_THREADS) as pool:
        while done < n_starts:
            size = min(batch, n_starts - done)
            starts = _kmeans_pp(points, w, k, rng, size)
            chunks = [chunk for chunk in np.array_split(starts, MEDOID_THREADS) if len(chunk)]
            runs = pool.map(lambda chunk: lloyd_from_starts(points, w, chunk), chunks)
            for labels, reached, _inertia in runs:
                partitions = np.vstack([partitions, _canonical(labels, k)])
                counts = np.concatenate([counts, reached])
            partitions, inverse = np.unique(partitions, axis=0, return_inverse=True)
            counts = np.bincount(inverse.ravel(), weights=counts, minlength=len(partitions))
            done += size
            full = np.flatnonzero(partitions.max(1) == k - 1)
            if not len(full):
                continue
            frequent = full[np.argsort(-counts[full], kind="stable")[:candidates]]
            agreement = np.array([adjusted_rand_against(partitions[i], partitions, k, w) for i in frequent])
            scores = agreement @ counts / counts.sum()
            order = np.argsort(-scores, kind="stable")
            best = partitions[frequent[order[0]]]
            if len(order) < 2:
                break
            mean, spread = _leads(agreement, order[0], counts)
            if mean[order[1]] > 3 * spread[order[1]]:
                break
    if prefer is not None and best is not None and len(order) > 1:
        tied = [frequent[i] for i in order if mean[i] <= 3 * spread[i]]
        best = partitions[max(tied, key=lambda i: prefer(partitions[i]))]
    return best


def _leads(agreement, leader, counts):
    """For each candidate, the leader's mean lead in agreement over it across the outcomes, and the standard
    error of that mean (the outcomes weighted by how many starts reached them)."""
    total = counts.sum()
    lead = agreement[leader] - agreement
    mean = lead @ counts / total
    spread = np.sqrt(((lead - mean[:, None]) ** 2) @ counts / total / total)
    return mean, spread


def max_groups(n_base: int) -> int:
    """Pol.is tries k = 2 … min(5, 2 + base clusters // 12) groups."""
    return min(MAX_GROUPS, 2 + n_base // 12)


def smooth_k(best_k: int, previous: dict | None, available) -> dict:
    """Pol.is' smoothing of the group count: the k shown only changes once a new best k has been the best
    GROUP_K_BUFFER times in a row. `previous` is the state of the last computation ({last_k, last_k_count,
    smoothed_k}) or None for a first one, which shows its best k."""
    previous = previous or {}
    last_k, last_count, smoothed = (
        previous.get("last_k"),
        previous.get("last_k_count", 0),
        previous.get("smoothed_k"),
    )
    count = last_count + 1 if last_k == best_k else 1
    if count >= GROUP_K_BUFFER or smoothed not in available:
        smoothed = best_k
    return {"last_k": best_k, "last_k_count": count, "smoothed_k": smoothed}


def cluster(points, seed: int = SEED, previous: dict | None = None, previous_groups=None):
    """Two-level clustering as Pol.is: base clusters, then weighted k-means of the base-cluster centres (weight =
    members) for each k allowed, scored by the silhouette of the base-cluster centres; the best k goes through
    the smoothing, and the groups shown for it are the medoid of many k-means runs (`medoid_kmeans`), a tie
    between near-equal partitions going to the one closest to `previous_groups` (each point's group in the
    last map, -1 for none). Returns (labels ordered by group size, k, silhouette, smoother state, base cluster count)."""
    n = points.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64), 1, None, None, 0
    centres, sizes, base_of = base_clusters(points, seed=seed)
    n_base = len(centres)
    if n_base < 3:
        labels = np.zeros(n, dtype=np.int64) if n_base < 2 else base_of.astype(np.int64)
        k = max(1, n_base)
        return _ordered(labels, k, points), k, None, None, n_base
    clusterings = {}
    rng = np.random.default_rng(seed)
    for k in range(2, min(max_groups(n_base), n_base - 1) + 1):
        group_of_base = weighted_kmeans(centres, sizes, k, rng)
        if len(np.unique(group_of_base)) < 2:
            continue
        clusterings[k] = (float(silhouette_score(centres, group_of_base)), group_of_base)
    if not clusterings:
        return np.zeros(n, dtype=np.int64), 1, None, None, n_base
    # The best silhouette; on a tie the larger k, as Pol.is' max-key does.
    best_k = max(clusterings, key=lambda k: (clusterings[k][0], k))
    smoother = smooth_k(best_k, previous, clusterings)
    k = smoother["smoothed_k"]
    score, group_of_base = clusterings[k]
    prefer = None
    if previous_groups is not None and (np.asarray(previous_groups) >= 0).sum() > 1:
        known = np.asarray(previous_groups) >= 0
        before = np.asarray(previous_groups)[known]

        def prefer(partition):
            return adjusted_rand_score(before, partition[base_of][known])

    medoid = medoid_kmeans(centres, sizes, k, np.random.default_rng([seed, k]), prefer=prefer)
    if medoid is not None:
        group_of_base, score = medoid, float(silhouette_score(centres, medoid))
    return _ordered(group_of_base[base_of], k, points), k, score, smoother, n_base


def _ordered(labels, k, points):
    """Stable labels: the biggest group first, ties by the position of its centre."""
    present = [g for g in range(labels.max() + 1) if (labels == g).any()]
    order = sorted(present, key=lambda g: (-(labels == g).sum(), points[labels == g].mean(axis=0).tolist()))
    relabel = np.full(labels.max() + 1, -1, dtype=np.int64)
    relabel[order] = np.arange(len(order))
    return relabel[labels]


def keep_previous_labels(labels, k, participant_ids, previous_points):
    """Group numbers that last across recomputes, as Pol.is' warm-started groups keep their ids: each group
    takes the number of the previous map's group it shares the most participants with (an optimal one-to-one
    matching of the numbers 0…k-1, by scipy's linear_sum_assignment); groups that share no one with a previous
    group take the numbers left, biggest first. Without this, a group that grows past another would swap
    colours and letters with it. ``previous_points``: (participant ids, their group or -1) of the last map."""
    from scipy.optimize import linear_sum_assignment

    prev_ids, prev_groups = (np.asarray(a, dtype=np.int64) for a in previous_points)
    _common, i_new, i_prev = np.intersect1d(
        np.asarray(participant_ids, dtype=np.int64), prev_ids, assume_unique=True, return_indices=True
    )
    new_g, old_g = labels[i_new], prev_groups[i_prev]
    usable = (new_g >= 0) & (old_g >= 0) & (old_g < k)
    overlap = np.zeros((k, k), dtype=np.int64)
    np.add.at(overlap, (new_g[usable], old_g[usable]), 1)
    if not overlap.any():
        return labels
    rows, cols = linear_sum_assignment(-overlap)
    mapping = np.full(k, -1, dtype=np.int64)
    for r, c in zip(rows, cols, strict=True):
        if overlap[r, c] > 0:
            mapping[r] = c
    free = [g for g in range(k) if g not in set(mapping.tolist())]
    for r in range(k):  # labels are ordered biggest first: the unmatched groups take what is left in that order
        if mapping[r] < 0:
            mapping[r] = free.pop(0)
    out = labels.copy()
    out[labels >= 0] = mapping[labels[labels >= 0]]
    return out


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
    participant_ids,
    statement_ids,
    rows,
    cols,
    values,
    *,
    moderated_out=(),
    previous: dict | None = None,
    previous_points=None,
    min_votes=MIN_VOTES,
    seed=SEED,
) -> dict:
    """The map of a conversation from its votes (row = participant index, column = statement index).

    `moderated_out`: ids among `statement_ids` of statements moderated out (rejected, meta). Their votes may be
    passed or not: as Pol.is does, their votes count towards who is clustered, and their columns are zeroed
    (a 0 for everyone: nothing in the PCA, but counted in each participant's sparsity scaling); they never
    appear in the map's statements. `previous`: the last map of the conversation, whose "k_smoother" state
    carries Pol.is' smoothing of the group count across recomputes (None: a one-shot computation).
    `previous_points`: (participant ids, group or -1) of the last map, so that groups keep their numbers
    (``keep_previous_labels``); None numbers them biggest first."""
    participant_ids = [int(p) for p in participant_ids]
    all_statement_ids = np.asarray([int(s) for s in statement_ids], dtype=np.int64)
    n_p = len(participant_ids)
    n_all = len(all_statement_ids)
    rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    values = np.asarray(values)
    n_votes = np.bincount(rows, minlength=n_p)  # every vote counts towards who is clustered
    voted = np.bincount(cols, minlength=n_all) > 0
    out = np.isin(all_statement_ids, np.asarray(list(moderated_out), dtype=np.int64))
    n_zeroed = int((out & voted).sum())  # Pol.is' matrix only has columns for statements with votes
    n_columns = int(voted.sum())
    if out.any():  # the moderated-out columns are left out of the matrix (zeroed: they add nothing)
        keep = np.flatnonzero(~out)
        column = np.full(n_all, -1)
        column[keep] = np.arange(len(keep))
        kept = ~out[cols]
        rows, cols, values = rows[kept], column[cols[kept]], values[kept]
        all_statement_ids = all_statement_ids[keep]
    votes, seen = vote_matrix(n_p, len(all_statement_ids), rows, cols, values)
    statement_ids = all_statement_ids.tolist()
    n_s = len(statement_ids)
    threshold = max(min(min_votes, n_columns), 1)
    in_conv = in_conversation(n_votes, n_columns, min_votes) if n_s else np.zeros(0, dtype=np.int64)
    result = {
        "method": "pca2-basekmeans-silhouette-medoid",
        "seed": seed,
        "min_votes": threshold,
        "participant_count": n_p,
        "statement_count": n_s,
        "vote_count": int(seen.nnz),
        "clustered_count": int(len(in_conv)),
        "participants": {"ids": participant_ids, "x": [], "y": [], "group": [], "votes": n_votes.tolist()},
        "groups": [],
        "consensus": [],
        "divisive": [],
        "silhouette": None,
        "base_cluster_count": 0,
        "k_smoother": (previous or {}).get("k_smoother"),
    }
    if n_p == 0 or n_s == 0 or len(in_conv) == 0:
        result["participants"]["x"] = [0.0] * n_p
        result["participants"]["y"] = [0.0] * n_p
        result["participants"]["group"] = [None] * n_p
        result["clustered_count"] = 0
        return result
    positions, _components = project(votes, seen, zeroed=n_zeroed, seed=seed)
    previous_groups = None
    if previous_points is not None:
        before = dict(zip(*(np.asarray(a, dtype=np.int64).tolist() for a in previous_points), strict=True))
        previous_groups = np.array([before.get(participant_ids[i], -1) for i in in_conv], dtype=np.int64)
    labels_in, k, score, smoother, n_base = cluster(
        positions[in_conv],
        seed=seed,
        previous=(previous or {}).get("k_smoother"),
        previous_groups=previous_groups,
    )
    if previous_points is not None and k > 1:
        labels_in = keep_previous_labels(
            labels_in, k, np.asarray(participant_ids, dtype=np.int64)[in_conv], previous_points
        )
    groups = np.full(n_p, -1, dtype=np.int64)
    groups[in_conv] = labels_in
    result["silhouette"] = _round(score)
    result["base_cluster_count"] = int(n_base)
    result["k_smoother"] = smoother
    result["participants"]["x"] = np.round(positions[:, 0], 4).tolist()
    result["participants"]["y"] = np.round(positions[:, 1], 4).tolist()
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
