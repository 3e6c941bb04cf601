"""The brick kind: models built from a kit of LEGO-compatible bricks, plates and tiles (LDraw numbers)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..base import BomLine, Change, DesignKind, Format, ImportRefused, Metric, Problem
from . import bom, catalog, demo, diff, ldraw, render, validate
from .schemas import BrickKit, BrickModel

LDRAW_IMPORT = Format("ldraw", "LDraw (.ldr, .mpd)", (".ldr", ".mpd"), "application/x-ldraw", ldraw.MAX_BYTES)
LDRAW_EXPORT = Format("ldraw", "LDraw (.ldr)", (".ldr",), "application/x-ldraw", ldraw.MAX_BYTES)


class BricksKind(DesignKind):
    name = "bricks"
    label = gettext_lazy("Brick model")
    content_schema = BrickModel
    kit_schema = BrickKit
    editor_template = "studio/kinds/bricks/editor.html"
    gallery_metrics = ("pieces", "price", "distinct_parts", "height")
    importers = (LDRAW_IMPORT,)
    exporters = (LDRAW_EXPORT,)

    # --- content

    def empty_content(self) -> dict:
        return {"parts": [], "free": []}

    def elements(self, content: dict, kit: dict | None = None) -> dict[str, str]:
        # Runs when a comment is anchored or shown; ``kit`` (optional, an addition to the contract) names
        # parts and colours as the kit does, else the LDraw tables do.
        return diff.elements(content, kit)

    def validate(self, content: dict, kit: dict) -> list[Problem]:
        # Runs on every check from the editor and on every save; linear in the model's size.
        return validate.validate(content, kit)

    def bill_of_materials(self, content: dict, kit: dict) -> list[BomLine]:
        return bom.bill_of_materials(content, kit)

    def metrics(self, content: dict, kit: dict) -> list[Metric]:
        return bom.metrics(content, kit)

    def diff(self, old: dict, new: dict, kit: dict) -> list[Change]:
        return diff.diff(old, new, kit)

    # --- renderers

    def render_svg(
        self, content: dict, kit: dict, *, title: str | None = None, studs: bool | None = None
    ) -> str:
        return render.render_svg(content, kit, title=title, studs=studs)

    def render_png(self, content: dict, kit: dict, *, size: int = 400) -> bytes:
        return render.render_png(content, kit, size=size)

    # --- formats

    def import_file(self, fmt: str, data: bytes, kit: dict) -> dict:
        if fmt != "ldraw":
            raise ImportRefused(_("Brick models are imported from LDraw files (.ldr, .mpd) only."))
        return ldraw.import_ldraw(data, kit)

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
        if fmt != "ldraw":
            raise ValueError(f"The brick kind exports LDraw only, not {fmt!r}")
        return ldraw.export_ldr(content, kit, title=title, attribution=attribution, licence=licence)

    # --- demo

    def demo_kit(self) -> dict:
        return catalog.demo_kit()

    def demo_designs(self) -> list[tuple[str, dict]]:
        return demo.demo_designs()
