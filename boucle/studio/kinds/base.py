"""The contract between the studio and a design kind.

A design kind is one object (an instance of a ``DesignKind`` subclass) registered through the Python
entry point group ``boucle.design_kinds``; ``boucle.studio.registry`` finds them. The studio stores a
design's content and a technology's kit as JSON and hands them to the kind as plain ``dict``s that
have already passed the kind's pydantic schemas (``content_schema`` / ``kit_schema``); the kind answers
with the value types below, which the studio stores beside each revision (problems, BOM, metrics) and
shows. The studio names no kind: everything a page or the API needs to know about a kind comes from here.

Element ids: every element a person can point at (a placed brick, a BOM line, an ingredient, an option)
has an id that is stable from one revision to the next (the editor keeps it when it saves), so a
comment anchored to an element follows it through later revisions. ``elements(content)`` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar, Literal

from pydantic import BaseModel

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a design. ``elements`` names the elements at fault (their ids)."""

    code: str  # stable machine code, e.g. "overlap", "floating", "not_in_kit"
    message: str  # for the person, already translated in the active language
    elements: tuple[str, ...] = ()
    severity: Severity = "error"  # a design with only warnings is valid
    # True: a hint for the live editor only (the configurator's "this choice is ruled out by the others"): the
    # editor's check answers it, a saved revision does not store it and pages do not list it.
    live: bool = False


@dataclass(frozen=True)
class BomLine:
    """One line of a bill of materials: what to pick, how many, at what price."""

    key: str  # stable id of the line (an element id: comments can anchor to it), e.g. "3001/4"
    part: str  # the kit's reference of the item (part id, ingredient id, choice id)
    name: str  # readable name, e.g. "Brick 2 × 4"
    variant: str = ""  # e.g. the colour name; "" when the kind has none
    quantity: Decimal = Decimal(1)
    unit: str = "pcs"  # "pcs", "g", "kg", "l"...
    unit_price: Decimal | None = None  # None when the kit does not hold the item
    total_price: Decimal | None = None
    stock: Decimal | None = None  # what the kit has in stock; None when unknown
    in_kit: bool = True

    @property
    def available(self) -> bool:
        return self.in_kit and (self.stock is None or self.stock >= self.quantity)


@dataclass(frozen=True)
class Metric:
    """One number about a design, sortable and filterable in the gallery."""

    key: str  # e.g. "pieces", "price", "abv"
    label: str  # translated
    value: float | int | Decimal | None
    unit: str = ""
    sortable: bool = True


@dataclass(frozen=True)
class Change:
    """One line of a readable diff between two revisions."""

    action: Literal["added", "removed", "changed"]
    element: str  # element id
    text: str  # translated sentence, e.g. "Added Brick 2 × 4, red, at (3, 4, 0)"


@dataclass(frozen=True)
class Format:
    """An importer or exporter of a standard file format (LDraw for bricks, BeerXML for recipes)."""

    name: str  # e.g. "ldraw"
    label: str  # e.g. "LDraw (.ldr)"
    extensions: tuple[str, ...]  # e.g. (".ldr", ".mpd")
    media_type: str = "application/octet-stream"
    max_bytes: int = 5 * 1024 * 1024


class ImportRefused(ValueError):
    """A file that cannot be imported; the message names the line or field at fault."""


class DesignKind:
    """Base class of a design kind. Subclasses set the class attributes and implement the methods."""

    name: ClassVar[str]  # registry key, e.g. "bricks" (the entry point's name must be the same)
    label: ClassVar[str]  # translated noun, e.g. "Brick model"
    content_schema: ClassVar[type[BaseModel]]
    kit_schema: ClassVar[type[BaseModel]]
    # The editor: a template rendered with {"design", "revision", "content", "kit", "kind", "urls"}; its
    # script posts the content to the studio's check endpoint and shows the answer live.
    editor_template: ClassVar[str]
    # Metric keys the gallery offers to sort and filter on, in order.
    gallery_metrics: ClassVar[tuple[str, ...]] = ()
    importers: ClassVar[tuple[Format, ...]] = ()
    exporters: ClassVar[tuple[Format, ...]] = ()
    # Codes of the problems ``validate`` marks ``live`` (always live, whatever the content). Read when a stored
    # revision is shown: revisions saved before a code became live-only still hold such problems, and
    # revisions are immutable, so every read leaves them out by their code.
    live_problem_codes: ClassVar[frozenset[str]] = frozenset()

    # --- content

    def empty_content(self) -> dict:
        raise NotImplementedError

    def elements(self, content: dict) -> dict[str, str]:
        """Every element id of the content with a short readable label (for anchored comments)."""
        raise NotImplementedError

    def validate(self, content: dict, kit: dict) -> list[Problem]:
        raise NotImplementedError

    def problem_element_label(self, element: str, content: dict, kit: dict) -> str | None:
        """Words for an id a problem names that is not an element of the content, for the pages that list
        problems (the configurator's fix steps "set:<group>:<choice>" → "Wheels: 20-inch alloy"). Runs when a
        page shows a revision's problems. None: no words, the page shows the id."""
        return None

    def bill_of_materials(self, content: dict, kit: dict) -> list[BomLine]:
        raise NotImplementedError

    def metrics(self, content: dict, kit: dict) -> list[Metric]:
        raise NotImplementedError

    def diff(self, old: dict, new: dict, kit: dict) -> list[Change]:
        raise NotImplementedError

    # --- renderers

    def render_svg(self, content: dict, kit: dict) -> str:
        """A standalone SVG document (no script, no external reference)."""
        raise NotImplementedError

    def render_png(self, content: dict, kit: dict, *, size: int = 400) -> bytes:
        raise NotImplementedError

    # --- formats

    def import_file(self, fmt: str, data: bytes, kit: dict) -> dict:
        """Content from a file of format ``fmt``; raises ImportRefused with a clear message."""
        raise NotImplementedError

    def export_file(self, fmt: str, content: dict, kit: dict, *, title: str, attribution: list[str]) -> bytes:
        """The content as a file of format ``fmt``, with the attribution chain written into it."""
        raise NotImplementedError

    # --- demo

    def demo_kit(self) -> dict:
        """The kit the demo organization ships for this kind."""
        raise NotImplementedError

    def demo_designs(self) -> list[tuple[str, dict]]:
        """A few (title, content) designs valid in demo_kit(), for the demo data."""
        return []


def as_dict(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


__all__ = ["BomLine", "Change", "DesignKind", "Format", "ImportRefused", "Metric", "Problem", "as_dict"]
