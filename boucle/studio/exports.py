"""Files made from a revision: its bill of materials (CSV, JSON), the design in one of its kind's formats, and
its previews (SVG, PNG). Each carries the attribution chain of the revision (``selectors.attribution_chain``).

The CSV is for spreadsheets and scripts: its first row is a fixed English header (machines read it), then one
row per BOM line, a ``total`` row, an empty row, and the design, licence and attribution as two-cell rows.
"""

import csv
import io
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.text import slugify
from django.utils.translation import gettext as _

from boucle.core.errors import InvalidInput
from boucle.projects.enums import LICENCE_URLS
from boucle.studio import evaluation as ev
from boucle.studio.licences import licence_label
from boucle.studio.models import Revision
from boucle.studio.registry import get_kind
from boucle.studio.selectors import attribution_chain

CSV_HEADER = [
    "key",
    "part",
    "name",
    "variant",
    "quantity",
    "unit",
    "unit price",
    "total price",
    "stock",
    "in kit",
]
PREVIEW_TTL = 24 * 3600
PNG_SIZES = (200, 400, 800)


@dataclass
class ExportedFile:
    content: bytes
    filename: str
    media_type: str


def _cell(value) -> str:
    """A text cell a spreadsheet will not run as a formula (=, +, -, @ at the start)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _basename(revision: Revision) -> str:
    design = revision.design
    name = slugify(design.title)[:60] or "design"
    return f"{name}-r{revision.number}" if revision.number else f"{name}-suggestion"


def attribution_lines(revision: Revision) -> list[str]:
    return attribution_chain(design=revision.design, revision=revision).lines()


def bom_json(revision: Revision) -> dict:
    """The revision's bill of materials with its totals, design, licence and attribution chain."""
    design = revision.design
    project = design.project
    return {
        "design": {"id": design.pk, "title": design.title, "kind": design.kind, "project": project.slug},
        "revision": revision.number,
        "licence": project.licence,
        "licence_url": LICENCE_URLS.get(project.licence, ""),
        "attribution": attribution_lines(revision),
        "lines": revision.bom,
        "totals": revision.totals or ev.bom_totals(revision.bom),
    }


def bom_csv(revision: Revision) -> str:
    """The revision's bill of materials as CSV (see the module's docstring)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for line in revision.bom:
        writer.writerow(
            [
                _cell(line["key"]),
                _cell(line["part"]),
                _cell(line["name"]),
                _cell(line["variant"]),
                line["quantity"],
                _cell(line["unit"]),
                line["unit_price"] or "",
                line["total_price"] or "",
                line["stock"] or "",
                "yes" if line["in_kit"] else "no",
            ]
        )
    totals = revision.totals or ev.bom_totals(revision.bom)
    writer.writerow(
        ["total", "", "", "", totals.get("quantity") or "0", "", "", totals.get("price") or "", "", ""]
    )
    writer.writerow([])
    design = revision.design
    writer.writerow(["design", _cell(f"{design.title} (revision {revision.number})")])
    writer.writerow(
        ["licence", f"{licence_label(design.project.licence)} {LICENCE_URLS.get(design.project.licence, '')}"]
    )
    for line in attribution_lines(revision):
        writer.writerow(["attribution", _cell(line)])
    return out.getvalue()


def bom_file(revision: Revision, fmt: str) -> ExportedFile:
    if fmt == "csv":
        return ExportedFile(bom_csv(revision).encode("utf-8"), f"{_basename(revision)}-bom.csv", "text/csv")
    import json

    body = json.dumps(bom_json(revision), ensure_ascii=False, indent=2).encode("utf-8")
    return ExportedFile(body, f"{_basename(revision)}-bom.json", "application/json")


def design_export(revision: Revision, fmt: str) -> ExportedFile:
    """The revision in one of its kind's export formats, with the attribution chain written into the file."""
    design = revision.design
    kind = get_kind(design.kind)
    formats = {f.name: f for f in kind.exporters}
    fmt = str(fmt or "")
    if fmt not in formats:
        raise InvalidInput(
            _("“%(format)s” is not an export format of this kind. Formats: %(choices)s.")
            % {"format": fmt[:40], "choices": ", ".join(formats) or _("none")},
            field="format",
        )
    content = ev.kind_call(
        kind,
        "export_file",
        fmt,
        revision.content,
        revision.kit.content,
        title=design.title,
        attribution=attribution_lines(revision),
    )
    extension = formats[fmt].extensions[0] if formats[fmt].extensions else ""
    return ExportedFile(content, f"{_basename(revision)}{extension}", formats[fmt].media_type)


def _preview_key(revision: Revision, what: str) -> str:
    return f"studio:preview:{what}:{revision.content_hash}:{revision.kit_id}"


def preview_svg(revision: Revision) -> str:
    """The kind's SVG preview of the revision (cached by content hash and kit: revisions never change)."""
    key = _preview_key(revision, "svg")
    svg = cache.get(key)
    if svg is None:
        kind = get_kind(revision.design.kind)
        svg = ev.kind_call(kind, "render_svg", revision.content, revision.kit.content)
        cache.set(key, svg, PREVIEW_TTL)
    return svg


def preview_png(revision: Revision, size: int = 400) -> bytes:
    """The kind's PNG thumbnail, ``size`` one of PNG_SIZES (cached like the SVG)."""
    size = size if size in PNG_SIZES else 400
    key = _preview_key(revision, f"png{size}")
    png = cache.get(key)
    if png is None:
        kind = get_kind(revision.design.kind)
        png = ev.kind_call(kind, "render_png", revision.content, revision.kit.content, size=size)
        cache.set(key, png, PREVIEW_TTL)
    return png
