"""Time ``boucle seed --scale N`` on SQLite and PostgreSQL, on a fresh database each, and print rows/s.

    .venv/bin/python bench/seed_timing.py 10000                       # both databases
    .venv/bin/python bench/seed_timing.py 100000 --only sqlite
    PG_URL=postgres://postgres@127.0.0.1:5432/boucle_scale_bench .venv/bin/python bench/seed_timing.py 10000

SQLite runs in a temporary BOUCLE_DATA_DIR (deleted afterwards unless --keep). PostgreSQL drops and creates
the database named in PG_URL (default boucle_scale_bench on 127.0.0.1) with dropdb/createdb: never point it at
a database you care about. Prints wall-clock and CPU time of the seed (migrations excluded), and the rows
written per second of wall-clock time.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
BOUCLE = str(ROOT / ".venv" / "bin" / "boucle")
COUNT = """
from django.apps import apps
print(sum(m._default_manager.count() for m in apps.get_models()))
"""


def run(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run([BOUCLE, *args], env=env, check=True, text=True,
                            stdout=subprocess.PIPE if capture else None)
    return result.stdout or ""


def rows(env: dict) -> int:
    """Rows in every table, or -1 when they cannot be counted (a table of an app added since the migrations)."""
    try:
        return int(run(env, "shell", "-c", COUNT, capture=True).strip().splitlines()[-1])
    except subprocess.CalledProcessError:
        return -1


def timed_seed(env: dict, scale: int) -> dict:
    started = time.monotonic()
    run(env, "migrate", "-v0")
    migrate = round(time.monotonic() - started, 1)
    before_rows = rows(env)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    run(env, "seed", "--scale", str(scale))
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    added = rows(env) - before_rows
    return {"wall": wall, "cpu": (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime),
            "rows": added, "migrate": migrate}


def sqlite(scale: int, keep: bool, data_dir: str | None = None) -> dict:
    if data_dir:
        keep = True
        Path(data_dir).mkdir(parents=True, exist_ok=True)
        if any(Path(data_dir).iterdir()):
            raise SystemExit(f"{data_dir} is not empty: the seed is timed on a fresh database")
    else:
        data_dir = tempfile.mkdtemp(prefix="boucle-bench-")
    env = {**os.environ, "BOUCLE_DATA_DIR": data_dir}
    env.pop("DATABASE_URL", None)
    try:
        result = timed_seed(env, scale)
        if keep:  # the record bench/http_bench.py reads when it reuses this directory
            (Path(data_dir) / "seed.json").write_text(json.dumps(
                {"scale": scale, "migrate_seconds": result["migrate"], "seed_seconds": round(result["wall"], 1),
                 "seed_cpu_seconds": round(result["cpu"], 1)}))
        return result
    finally:
        if keep:
            print(f"SQLite data kept in {data_dir}", file=sys.stderr)
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def postgres(scale: int, url: str) -> dict:
    parts = urlparse(url)
    conn = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432), "-U", parts.username or "postgres"]
    name = parts.path.lstrip("/")
    subprocess.run(["dropdb", *conn, "--if-exists", name], check=True)
    subprocess.run(["createdb", *conn, name], check=True)
    return timed_seed({**os.environ, "DATABASE_URL": url}, scale)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scale", type=int, help="projects to generate (boucle seed --scale N)")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--keep", action="store_true", help="keep the SQLite data directory")
    parser.add_argument("--data-dir", help="seed SQLite into this (new or empty) directory and keep it, with the "
                        "seed.json that bench/http_bench.py --data-dir reads")
    args = parser.parse_args()
    url = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/boucle_scale_bench")
    results = {}
    if args.only in (None, "sqlite"):
        results["SQLite"] = sqlite(args.scale, args.keep, args.data_dir)
    if args.only in (None, "postgres"):
        results["PostgreSQL"] = postgres(args.scale, url)
    print(f"\nboucle seed --scale {args.scale} on {os.cpu_count()} cores, load average (1 min) at the end: "
          f"{os.getloadavg()[0]:.1f}")
    for name, r in results.items():
        print(f"{name:<11} {r['wall']:8.1f} s wall  {r['cpu']:8.1f} s CPU (client)  {r['rows']:>10,} rows  "
              f"{r['rows'] / r['wall']:>9,.0f} rows/s")


if __name__ == "__main__":
    main()
