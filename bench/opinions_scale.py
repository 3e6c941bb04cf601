"""The opinion map at scale: a generated conversation of up to 100,000 participants, 2,000 statements and
5,000,000 votes with a real group structure, computed by `boucle.opinions.maths.compute_map` from the votes in
memory (the sparse matrix is built inside, so it is timed).

    .venv/bin/python bench/opinions_scale.py                  # 10k, 25k, 50k, 100k participants
    .venv/bin/python bench/opinions_scale.py --sizes 100000   # one size

Each size runs in a fresh process (so the peak memory is that computation's): the process loads the votes
(three numpy arrays, written beforehand to a temporary folder), then times `compute_map` and reports its
wall and CPU time and the process' peak resident memory (getrusage), with the resident memory before the
computation (the interpreter, the libraries and the votes) beside it. Targets for 100,000 participants:
under 10 s and under 2 GB.

The conversation: four opinion groups (40 %, 30 %, 20 %, 10 %) on either side of two lines of division; each
statement has, for each group, a probability to agree (0.85 or 0.05 when it divides, otherwise the same for
every group), to disagree, or to pass (0.1); each participant votes on 5 to 95 statements drawn at random (50 on average), so some stay
under the 7 votes needed to be clustered. The agreement (ARI) of the groups found with the planted ones is
printed as a check that the structure is found.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
STATEMENTS = 2000
VOTES_PER_PARTICIPANT = (5, 95)
GROUP_SHARES = (0.4, 0.3, 0.2, 0.1)


def generate(n_participants: int, n_statements: int = STATEMENTS, seed: int = 7):
    """(rows, cols, values, planted groups) of a conversation with real group structure."""
    rng = np.random.default_rng(seed)
    n_groups = len(GROUP_SHARES)
    planted = rng.choice(n_groups, size=n_participants, p=GROUP_SHARES)
    # Two lines of division: each group sits on one side of each (the corners of a square, unequal sizes);
    # each statement leans along one of them (two thirds of them) or is shared by everyone (a third).
    corners = np.array([(1, 1), (1, -1), (-1, 1), (-1, -1)])[:n_groups]
    axis = rng.integers(0, 3, size=n_statements)  # 0, 1: a line of division; 2: shared
    sign = rng.choice([-1, 1], size=n_statements)
    lean = np.where(
        axis < 2, corners[:, np.minimum(axis, 1)] * sign, sign * rng.uniform(0.3, 1, n_statements)
    )
    p_agree = 0.45 + 0.4 * lean
    p_disagree = 0.45 - 0.4 * lean
    counts = rng.integers(VOTES_PER_PARTICIPANT[0], VOTES_PER_PARTICIPANT[1] + 1, size=n_participants)
    rows = np.repeat(np.arange(n_participants, dtype=np.int64), counts)
    cols = np.empty(len(rows), dtype=np.int64)
    start = 0
    chunk = 5000
    for first in range(0, n_participants, chunk):  # distinct statements per participant, chunk by chunk
        last = min(first + chunk, n_participants)
        keys = rng.random((last - first, n_statements), dtype=np.float32)
        order = np.argsort(keys, axis=1)
        for i, c in enumerate(counts[first:last]):
            cols[start : start + c] = order[i, :c]
            start += c
    groups = planted[rows]
    roll = rng.random(len(rows))
    pa, pd = p_agree[groups, cols], p_disagree[groups, cols]
    values = np.where(roll < pa, 1, np.where(roll < pa + pd, -1, 0)).astype(np.int64)
    return rows, cols, values, planted


def child(folder: str):
    """Runs in a fresh process: load the votes, compute the map, print a JSON line of figures."""
    sys.path.insert(0, str(ROOT))
    from sklearn.metrics import adjusted_rand_score

    from boucle.opinions.maths import compute_map

    data = np.load(Path(folder) / "votes.npz")
    rows, cols, values, planted = data["rows"], data["cols"], data["values"], data["planted"]
    n_p = len(planted)
    rss_before = _rss_now()
    wall, cpu = time.perf_counter(), time.process_time()
    result = compute_map(np.arange(n_p), np.arange(STATEMENTS), rows, cols, values)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    found = np.array([-1 if g is None else g for g in result["participants"]["group"]])
    clustered = found >= 0
    print(
        json.dumps(
            {
                "participants": n_p,
                "votes": int(len(values)),
                "clustered": int(clustered.sum()),
                "groups": len(result["groups"]),
                "ari": adjusted_rand_score(planted[clustered], found[clustered]),
                "wall": wall,
                "cpu": cpu,
                "rss_before": rss_before,
                "peak_rss": peak,
            }
        )
    )


def _rss_now() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 25_000, 50_000, 100_000])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"{'participants':>12} {'votes':>10} {'clustered':>9} {'groups':>6} {'ARI':>5} "
        f"{'wall':>7} {'cpu':>7} {'RSS before':>10} {'peak RSS':>9}"
    )
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            rows, cols, values, planted = generate(n)
            np.savez(Path(folder) / "votes.npz", rows=rows, cols=cols, values=values, planted=planted)
            del rows, cols, values, planted
            out = subprocess.run(
                [sys.executable, __file__, "--child", folder], check=True, capture_output=True, text=True
            ).stdout
            f = json.loads(out.strip().splitlines()[-1])
            figures.append(f)
            print(
                f"{f['participants']:>12,} {f['votes']:>10,} {f['clustered']:>9,} {f['groups']:>6} "
                f"{f['ari']:>5.2f} {f['wall']:>6.2f}s {f['cpu']:>6.2f}s {f['rss_before'] / 2**20:>8.0f}MB "
                f"{f['peak_rss'] / 2**20:>7.0f}MB"
            )
    for a, b in zip(figures, figures[1:], strict=False):
        print(
            f"growth {a['participants']:,} -> {b['participants']:,} participants (x{b['participants'] / a['participants']:.1f}):"
            f" wall time x{b['wall'] / a['wall']:.2f}, CPU time x{b['cpu'] / a['cpu']:.2f}"
        )
    last = figures[-1]
    if last["participants"] >= 100_000:
        ok = last["wall"] < 10 and last["peak_rss"] < 2 * 2**30
        print("targets (100k participants: < 10 s, < 2 GB) " + ("met" if ok else "NOT met"))
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
