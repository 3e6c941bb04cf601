"""The recipe kind: beer recipes brewed from an organization's ingredient kit (docs/RECIPES.md)."""

from __future__ import annotations

import functools
import json
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..base import BomLine, Change, DesignKind, Format, ImportRefused, Metric, Problem
from . import beerxml, calc, catalog, demo, render, rules, styles
from .schemas import Recipe, RecipeKit

BEERXML = Format("beerxml", "BeerXML 1.0 (.xml)", (".xml", ".beerxml"), "application/xml", beerxml.MAX_BYTES)


@functools.cache
def _demo_kit() -> dict:
    return catalog.demo_kit()


class RecipesKind(DesignKind):
    name = "recipes"
    label = gettext_lazy("Beer recipe")
    content_schema = Recipe
    kit_schema = RecipeKit
    editor_template = "studio/kinds/recipes/editor.html"
    gallery_metrics = ("abv", "ibu", "srm", "og", "price")
    importers = (BEERXML,)
    exporters = (BEERXML,)

    # --- content

    def empty_content(self) -> dict:
        return Recipe().model_dump(mode="json")

    def elements(self, content: dict, kit: dict | None = None) -> dict[str, str]:
        # Runs when a comment is anchored or shown; ``kit`` (optional, an addition to the contract) names
        # ingredients as the kit does; without it the demo catalogue names the ids it knows.
        return rules.labels(content, kit if kit is not None else _demo_kit())

    def validate(self, content: dict, kit: dict) -> list[Problem]:
        # Runs on every check from the editor and on every save; linear in the recipe's size.
        return rules.validate(content, kit)

    def bill_of_materials(self, content: dict, kit: dict) -> list[BomLine]:
        return rules.bill_of_materials(content, kit)

    def metrics(self, content: dict, kit: dict) -> list[Metric]:
        # Runs on every check and save: one pass over the ingredients (bench/recipes_bench.py).
        k = calc.Kit(kit)
        fig = calc.figures(content, k)
        price = rules.price(content, k)

        def r(x, digits):
            return None if x is None else round(x, digits)

        return [
            Metric("og", _("Original gravity"), r(fig.og, 4)),
            Metric("fg", _("Final gravity"), r(fig.fg, 4)),
            Metric("abv", _("Alcohol"), r(fig.abv, 2), unit="%"),
            Metric("ibu", _("Bitterness"), r(fig.ibu, 1), unit="IBU"),
            Metric("srm", _("Colour"), r(fig.srm, 1), unit="SRM"),
            Metric("ebc", _("Colour (EBC)"), r(fig.ebc, 1), unit="EBC"),
            Metric("bu_gu", _("BU:GU"), r(fig.bu_gu, 2)),
            Metric("calories", _("Calories per 33 cl"), r(fig.calories, 0), unit="kcal"),
            Metric("boil_gravity", _("Pre-boil gravity"), r(fig.boil_gravity, 4), sortable=False),
            Metric("batch_size", _("Batch size"), content.get("batch_size"), unit="L"),
            Metric(
                "price",
                _("Ingredient price"),
                price.quantize(Decimal("0.01")),
                unit=kit.get("currency", "EUR"),
            ),
        ]

    def diff(self, old: dict, new: dict, kit: dict) -> list[Change]:
        return rules.diff(old, new, kit)

    # --- helpers the editor and other callers use (not studio hooks)

    def scale(self, content: dict, kit: dict, *, batch_size=None, efficiency=None, boil_size=None) -> dict:
        """The recipe for another batch size or efficiency (``calc.scale``; the editor mirrors it in JS)."""
        return calc.scale(content, kit, batch_size=batch_size, efficiency=efficiency, boil_size=boil_size)

    @property
    def style_table(self) -> list[dict]:
        """BJCP 2021 style ranges, for the editor's style picker and bars."""
        return styles.table()

    @property
    def editor_constants(self) -> dict:
        """The constants the editor's scaling preview shares with ``calc`` (one source of numbers)."""
        return json.loads(self.constants_json)

    @property
    def constants_json(self) -> str:
        return json.dumps(
            {
                "PPG_SUCROSE": calc.PPG_SUCROSE,
                "POUNDS_PER_KG": calc.POUNDS_PER_KG,
                "LITRES_PER_GALLON": calc.LITRES_PER_GALLON,
                "PELLET_FACTOR": calc.PELLET_FACTOR,
                "MASH_HOP_FACTOR": calc.MASH_HOP_FACTOR,
                "FIRST_WORT_FACTOR": calc.FIRST_WORT_FACTOR,
                "MASHED": sorted(calc.MASHED),
            }
        )

    # --- renderers

    def render_svg(self, content: dict, kit: dict, *, title: str | None = None) -> str:
        return render.render_svg(content, kit, title=title)

    def render_png(self, content: dict, kit: dict, *, size: int = 400) -> bytes:
        return render.render_png(content, kit, size=size)

    # --- formats

    def import_file(self, fmt: str, data: bytes, kit: dict) -> dict:
        if fmt != "beerxml":
            raise ImportRefused(_("Beer recipes are imported from BeerXML files only."))
        return beerxml.import_beerxml(data, kit)

    def export_file(
        self,
        fmt: str,
        content: dict,
        kit: dict,
        *,
        title: str,
        attribution: list[str],
        licence: str | None = None,
    ) -> bytes:
        if fmt != "beerxml":
            raise ValueError(f"The recipe kind exports BeerXML only, not {fmt!r}")
        return beerxml.export_beerxml(content, kit, title=title, attribution=attribution, licence=licence)

    # --- demo

    def demo_kit(self) -> dict:
        return catalog.demo_kit()

    def demo_designs(self) -> list[tuple[str, dict]]:
        return demo.demo_designs()
