"""Boucle's opinion map against Pol.is' own groups and against red-dwarf, on real Pol.is conversations.

For every conversation of bench/data/polis/ (Pol.is open-data CSV exports, and red-dwarf's JSON test fixtures
read directly here, not through the CSV importer), both tools get the same votes; the script prints the number
of groups found by Boucle, red-dwarf and Pol.is, the agreement (adjusted Rand index) of each tool's groups with
the groups Pol.is itself computed, and the time of each (best of --repeat runs), then the means.

    .venv/bin/pip install -e '.[bench]'        # red-dwarf, a benchmark-only dependency
    .venv/bin/python bench/opinions_compare.py

Agreement is measured over the participants Pol.is put in a group; one a tool left out of its groups counts
as a group of its own ("not grouped"), so leaving people out costs agreement too. One configuration and one
seed for every conversation: Boucle runs `boucle.opinions.maths.compute_map` exactly as the application does,
red-dwarf its `reddwarf.implementations.polis.run_pipeline` with its defaults and the same seed.
"""

import argparse
import csv
import json
import os
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from boucle.opinions.maths import SEED, compute_map  # noqa: E402

DATA = ROOT / "bench" / "data" / "polis"


@dataclass
class Conversation:
    name: str
    votes: dict  # (participant, statement) -> (vote, timestamp); the latest vote of a pair wins
    moderated_out: set = field(default_factory=set)
    meta: set = field(default_factory=set)
    polis_groups: dict = field(default_factory=dict)  # participant -> Pol.is group id

    def add(self, pid, tid, vote, ts):
        key = (pid, tid)
        if key not in self.votes or ts >= self.votes[key][1]:
            self.votes[key] = (vote, ts)


def load_open_data(folder: Path) -> Conversation:
    conv = Conversation(name=folder.name, votes={})
    with open(folder / "votes.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            conv.add(int(row["voter-id"]), int(row["comment-id"]), int(row["vote"]), int(row["timestamp"]))
    with open(folder / "comments.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["moderated"].strip() == "-1":
                conv.moderated_out.add(int(row["comment-id"]))
    with open(folder / "participants-votes.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["group-id"] != "":
                conv.polis_groups[int(row["participant"])] = int(row["group-id"])
    return conv


def load_fixture(folder: Path) -> Conversation:
    """red-dwarf's fixtures: votes.json as the Pol.is API serves it (agree = -1, so the sign is flipped back)
    and math-pca2.json, Pol.is' own output (groups of base clusters of participants, moderated-out and meta
    statements)."""
    conv = Conversation(name="rd:" + folder.name, votes={})
    for v in json.loads((folder / "votes.json").read_text()):
        pid = v.get("participant_id", v.get("pid"))
        tid = v.get("statement_id", v.get("tid"))
        conv.add(int(pid), int(tid), -int(v["vote"]), int(v["modified"]))
    math = json.loads((folder / "math-pca2.json").read_text())
    conv.moderated_out = {int(t) for t in math.get("mod-out") or []}
    conv.meta = {int(t) for t in math.get("meta-tids") or []}
    base = math["base-clusters"]
    base_members = dict(zip(base["id"], base["members"], strict=True))
    for group in math["group-clusters"]:
        for bid in group["members"]:
            for pid in base_members[bid]:
                conv.polis_groups[int(pid)] = int(group["id"])
    return conv


def conversations():
    found = [load_open_data(d) for d in sorted((DATA / "openData").iterdir()) if d.is_dir()]
    found += [load_fixture(d) for d in sorted((DATA / "red-dwarf-fixtures").iterdir()) if d.is_dir()]
    return found


def run_boucle(conv: Conversation):
    """As the application (tasks.map_compute): every vote, the moderated-out and meta statements named."""
    triples = np.array([(p, t, v) for (p, t), (v, _ts) in conv.votes.items()], dtype=np.int64)
    participant_ids, rows = np.unique(triples[:, 0], return_inverse=True)
    statement_ids, cols = np.unique(triples[:, 1], return_inverse=True)
    result = compute_map(
        participant_ids,
        statement_ids,
        rows.ravel(),
        cols.ravel(),
        triples[:, 2],
        moderated_out=conv.moderated_out | conv.meta,
    )
    groups = dict(zip(result["participants"]["ids"], result["participants"]["group"], strict=True))
    return groups, len(result["groups"])


def run_red_dwarf(conv: Conversation):
    from reddwarf.implementations.polis import run_pipeline

    votes = [
        {"participant_id": p, "statement_id": t, "vote": v, "modified": ts}
        for (p, t), (v, ts) in conv.votes.items()
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = run_pipeline(
            votes=votes,
            mod_out_statement_ids=sorted(conv.moderated_out),
            meta_statement_ids=sorted(conv.meta),
            random_state=SEED,
        )
    labels = result.participants_df["cluster_id"]
    groups = {int(p): (None if labels.isna()[p] else int(labels[p])) for p in labels.index}
    n_groups = len({g for g in groups.values() if g is not None})
    return groups, n_groups


def agreement(polis: dict, ours: dict) -> float:
    pids = sorted(polis)
    theirs = [polis[p] for p in pids]
    mine = [-1 if ours.get(p) is None else ours[p] for p in pids]
    return adjusted_rand_score(theirs, mine)


def timed(fn, conv, repeat):
    """The result, the best wall time and the best CPU time of `repeat` runs."""
    best, best_cpu, out = float("inf"), float("inf"), None
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        out = fn(conv)
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return out, best, best_cpu


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool and conversation (best time)")
    parser.add_argument("--only", choices=["boucle", "red-dwarf"], help="run one tool only")
    args = parser.parse_args(argv)

    header = (
        f"{'conversation':<38} {'ptpts':>5} {'stmts':>5} {'votes':>6}  {'groups B/rd/P':>13}  "
        f"{'ARI Boucle':>10} {'ARI rd':>7}  {'t Boucle':>9} {'t rd':>8}  {'cpu B':>7} {'cpu rd':>7}"
    )
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(header)
    print("-" * len(header))
    rows = []
    for conv in conversations():
        n_p = len({p for p, _t in conv.votes})
        n_s = len({t for _p, t in conv.votes})
        b_ari = r_ari = b_t = r_t = b_c = r_c = float("nan")
        b_k = r_k = "-"
        if args.only != "red-dwarf":
            (b_groups, b_k), b_t, b_c = timed(run_boucle, conv, args.repeat)
            b_ari = agreement(conv.polis_groups, b_groups)
        if args.only != "boucle":
            (r_groups, r_k), r_t, r_c = timed(run_red_dwarf, conv, args.repeat)
            r_ari = agreement(conv.polis_groups, r_groups)
        p_k = len(set(conv.polis_groups.values()))
        rows.append((b_ari, r_ari, b_t, r_t, b_c, r_c))
        print(
            f"{conv.name:<38} {n_p:>5} {n_s:>5} {len(conv.votes):>6}  {f'{b_k}/{r_k}/{p_k}':>13}  "
            f"{b_ari:>10.3f} {r_ari:>7.3f}  {b_t * 1000:>7.0f}ms {r_t * 1000:>6.0f}ms  "
            f"{b_c * 1000:>5.0f}ms {r_c * 1000:>5.0f}ms"
        )
    b_ari, r_ari, b_t, r_t, b_c, r_c = (np.array(col) for col in zip(*rows, strict=True))
    print("-" * len(header))
    print(
        f"{'mean':<38} {'':>5} {'':>5} {'':>6}  {'':>13}  {np.mean(b_ari):>10.3f} {np.mean(r_ari):>7.3f}  "
        f"{np.mean(b_t) * 1000:>7.0f}ms {np.mean(r_t) * 1000:>6.0f}ms  "
        f"{np.mean(b_c) * 1000:>5.0f}ms {np.mean(r_c) * 1000:>5.0f}ms"
    )
    if args.only is None:
        worst = float(np.min(b_ari - r_ari))
        print(
            f"\nBoucle − red-dwarf: mean ARI {np.mean(b_ari) - np.mean(r_ari):+.3f}, worst conversation "
            f"{worst:+.3f} (target ≥ −0.05); total time {b_t.sum():.2f} s vs {r_t.sum():.2f} s "
            f"(CPU {b_c.sum():.2f} s vs {r_c.sum():.2f} s)"
        )
        ok = np.mean(b_ari) > np.mean(r_ari) and worst >= -0.05 and b_t.sum() < r_t.sum()
        print("targets met" if ok else "targets NOT met")
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
