"""The configurator kind: a product configured from option groups under rules ("tuning"), checked by a real
constraint solver (OR-Tools CP-SAT). docs/CONFIGURATOR.md describes the model, the rules and the solver."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..base import BomLine, Change, DesignKind, Format, ImportRefused, Metric, Problem
from . import catalog, demo, formats, present, render, validate
from .schemas import Configuration, ConfiguratorKit

JSON_FORMAT = Format("json", "Configuration (.json)", (".json",), "application/json", formats.MAX_BYTES)


class ConfiguratorKind(DesignKind):
    name = "configurator"
    label = gettext_lazy("Product configuration")
    content_schema = Configuration
    kit_schema = ConfiguratorKit
    editor_template = "studio/kinds/configurator/editor.html"
    gallery_metrics = ("price", "weight", "range_km", "options")
    importers = (JSON_FORMAT,)
    exporters = (JSON_FORMAT,)
    live_problem_codes = frozenset({"unreachable"})  # the greyed choices (validate.py): editor-only hints

    # --- content

    def empty_content(self) -> dict:
        return {"selections": {}}

    def elements(self, content: dict, kit: dict | None = None) -> dict[str, str]:
        # ``kit`` (optional, as for bricks) names groups and choices as the kit does; else their ids.
        return present.elements(content, kit)

    def validate(self, content: dict, kit: dict) -> list[Problem]:
        # Runs on every check from the editor and on every save: broken rules, the nearest fix, and the choices
        # the others rule out (``live`` problems: the editor greys them out, a saved revision does not keep them).
        return validate.validate(content, kit)

    def problem_element_label(self, element: str, content: dict, kit: dict) -> str | None:
        # Pages listing problems: the nearest fix's "set:<group>:<choice>" steps in the kit's words.
        return validate.step_label(kit, element)

    def bill_of_materials(self, content: dict, kit: dict) -> list[BomLine]:
        return present.bill_of_materials(content, kit)

    def metrics(self, content: dict, kit: dict) -> list[Metric]:
        return present.metrics(content, kit)

    def diff(self, old: dict, new: dict, kit: dict) -> list[Change]:
        return present.diff(old, new, kit)

    # --- renderers

    def render_svg(self, content: dict, kit: dict, *, title: str | None = None) -> str:
        return render.render_svg(content, kit, title=title)

    def render_png(self, content: dict, kit: dict, *, size: int = 400) -> bytes:
        return render.render_png(content, kit, size=size)

    # --- formats

    def import_file(self, fmt: str, data: bytes, kit: dict) -> dict:
        if fmt != "json":
            raise ImportRefused(_("Configurations are imported from JSON files (.json) only."))
        return formats.import_json(data, kit)

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
        if fmt != "json":
            raise ValueError(f"The configurator exports JSON only, not {fmt!r}")
        return formats.export_json(content, kit, title=title, attribution=attribution, licence=licence)

    # --- demo

    def demo_kit(self) -> dict:
        return catalog.demo_kit()

    def demo_designs(self) -> list[tuple[str, dict]]:
        return demo.demo_designs()
