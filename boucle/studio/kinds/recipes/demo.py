"""The demo recipes: five real recipes from the shared BeerXML files (copies in ``data/demo``, MIT, sources in
``tests/data/brewing/SOURCES.md``), imported onto the demo kit."""

from __future__ import annotations

from pathlib import Path

from .beerxml import import_beerxml
from .catalog import demo_kit

DEMO = Path(__file__).parent / "data" / "demo"

RECIPES = [
    ("London Pride-style best bitter", "Londonpride.xml"),
    ("Lloyd's Krispy Kölsch", "Kolsh.xml"),
    ("RR Summer Bitter", "RRSummerBitter.xml"),
    ("Aussie Ale", "AussieAle.xml"),
    ("Muddy Pig oatmeal stout (extract)", "Middy Pig.xml"),
]


def demo_designs() -> list[tuple[str, dict]]:
    kit = demo_kit()
    return [(title, import_beerxml((DEMO / name).read_bytes(), kit)) for title, name in RECIPES]
