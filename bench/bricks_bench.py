"""Speed of the brick kind (issue 4): validation + BOM, LDraw export + import, the SVG preview.

    .venv/bin/python bench/bricks_bench.py [--repeat 5]

Builds connected models of 1,000, 10,000 and 100,000 bricks (2 × 4 bricks in running bond both ways, 25
courses high, as wide as needed, in the demo kit's 14 colours; the kit's size limits raised so that the
model is valid) and times,
each as the best of ``--repeat`` runs in this one process:

- validation + BOM (``kind.validate`` then ``kind.bill_of_materials``) at each size, and the ratios
  time(10k)/time(1k) and time(100k)/time(10k): linear growth gives about 10; the target is ≤ 12, and
  10,000 bricks under 100 ms;
- LDraw export then import of the 10,000-brick model (target under 200 ms), checking it comes back equal;
- the SVG preview of a 2,000-brick model (target under 300 ms).

Each figure is the best wall time, with the best CPU time of this process beside it; the targets are
checked on wall time. Wall times depend on what else the machine does: the load average is printed.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "boucle.settings.test")

import django  # noqa: E402

django.setup()

from boucle.studio.kinds.bricks import kind  # noqa: E402

LAYERS = 25  # courses of bricks in every benchmark model


def bench_kit() -> dict:
    kit = kind.demo_kit()
    kit["limits"] = {"max_x": 10_000, "max_y": 10_000, "max_z": 30_000, "max_parts": 200_000}
    return kit


def running_bond(n: int, kit: dict) -> dict:
    """n bricks 2 × 4 in 25 courses (75 plates high: a city block or a mosaic grows wide, not tall), each
    course a square of bricks shifted by (2, 1) studs from the one below, so that every brick rests on
    up to four others: one connected structure."""
    colours = [c["id"] for c in kit["colours"]]
    per_layer = -(-n // LAYERS)
    side = math.isqrt(per_layer - 1) + 1  # bricks along x; rows along y as needed
    parts = []
    for k in range(n):
        layer, r = divmod(k, per_layer)
        j, i = divmod(r, side)
        parts.append(
            {
                "id": f"b{k + 1}",
                "part": "3001",
                "colour": colours[(k * 7 + layer) % len(colours)],
                "x": 4 * i + (2 if layer % 2 else 0),
                "y": 2 * j + (1 if layer % 2 else 0),
                "z": 3 * layer,
                "rot": 0,
            }
        )
    return {"parts": parts, "free": []}


class Timing:
    """The best wall time and the best CPU time (this process) of several runs."""

    def __init__(self, wall: float, cpu: float):
        self.wall = wall
        self.cpu = cpu

    def __truediv__(self, other: Timing) -> float:
        return self.wall / other.wall

    def __add__(self, other: Timing) -> Timing:
        return Timing(self.wall + other.wall, self.cpu + other.cpu)

    def __str__(self) -> str:
        return f"{self.wall * 1000:8.1f} ms (CPU {self.cpu * 1000:6.1f} ms)"


def best(fn, repeat: int) -> Timing:
    walls, cpus = [], []
    for _ in range(repeat):
        gc.collect()
        w, c = time.perf_counter(), time.process_time()
        fn()
        cpus.append(time.process_time() - c)
        walls.append(time.perf_counter() - w)
    return Timing(min(walls), min(cpus))


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    kit = bench_kit()
    print(
        f"brick kind benchmark — load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}, best of {args.repeat}"
    )

    print("\nvalidation + BOM (kind.validate + kind.bill_of_materials)")
    times = {}
    for n in (1_000, 10_000, 100_000):
        model = running_bond(n, kit)
        problems = kind.validate(model, kit)
        assert not problems, problems[:3]

        def run(model=model):
            kind.validate(model, kit)
            kind.bill_of_materials(model, kit)

        times[n] = best(run, args.repeat)
        print(f"  {n:>7,} bricks {times[n]}   ({times[n].wall / n * 1e6:.2f} µs per brick)")
    r1 = times[10_000] / times[1_000]
    r2 = times[100_000] / times[10_000]
    r2_cpu = times[100_000].cpu / times[10_000].cpu
    print(f"  ratio 10k/1k   {r1:6.2f}")
    print(f"  ratio 100k/10k {r2:6.2f} (CPU {r2_cpu:.2f})   target ≤ 12: {verdict(r2 <= 12)}")
    print(f"  10k bricks     {times[10_000]}   target < 100 ms: {verdict(times[10_000].wall < 0.1)}")

    print("\nLDraw export + import, 10,000 bricks")
    model = running_bond(10_000, kit)
    data = kind.export_file("ldraw", model, kit, title="Bench", attribution=["bench"])
    back = kind.import_file("ldraw", data, kit)
    assert back == model, "the round trip changed the model"
    t_export = best(
        lambda: kind.export_file("ldraw", model, kit, title="Bench", attribution=["bench"]), args.repeat
    )
    t_import = best(lambda: kind.import_file("ldraw", data, kit), args.repeat)
    total = t_export + t_import
    print(f"  export {t_export}   import {t_import}   ({len(data):,} bytes)")
    print(f"  total  {total}   target < 200 ms: {verdict(total.wall < 0.2)}")

    print("\nSVG preview, 2,000 bricks")
    model = running_bond(2_000, kit)
    svg = kind.render_svg(model, kit)
    t_svg = best(lambda: kind.render_svg(model, kit), args.repeat)
    print(f"  render {t_svg}   ({len(svg):,} bytes)   target < 300 ms: {verdict(t_svg.wall < 0.3)}")
    t_png = best(lambda: kind.render_png(model, kit, size=400), max(1, args.repeat // 2))
    print(f"  PNG thumbnail 400 px {t_png}   (no target)")


if __name__ == "__main__":
    main()
