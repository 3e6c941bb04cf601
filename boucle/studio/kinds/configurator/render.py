"""The picture of a configuration: the transparent layers of the product and of the chosen choices, drawn one
over the other by z order (Pillow), as the tuning forums did in their image editors.

Layer paths are relative to static/studio/configurator/ and matched by the kit schema's pattern (no "..", no
scheme); a missing or unreadable file is left out, never an error.
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache
from html import escape
from pathlib import Path

from PIL import Image

STATIC = Path(__file__).resolve().parents[2] / "static" / "studio" / "configurator"
MAX_LAYER_PIXELS = 4000 * 4000


def layers(content: dict, kit: dict) -> list[str]:
    """The layer paths to draw, bottom first (product, then chosen choices, stable by z then kit order)."""
    found = []
    product = kit.get("product", {})
    if product.get("layer"):
        found.append((product["layer"].get("z", 0), -1, product["layer"]["image"]))
    chosen = {(g, cid) for g, ids in content.get("selections", {}).items() for cid in ids}
    n = 0
    for group in kit.get("groups", []):
        for choice in group["choices"]:
            n += 1
            if (group["id"], choice["id"]) in chosen and choice.get("layer"):
                found.append((choice["layer"].get("z", 0), n, choice["layer"]["image"]))
    return [path for _z, _n, path in sorted(found)]


@lru_cache(maxsize=64)
def _layer(path: str, width: int, height: int) -> Image.Image | None:
    file = (STATIC / path).resolve()
    if STATIC not in file.parents or not file.is_file():
        return None
    try:
        with Image.open(file) as image:
            if image.width * image.height > MAX_LAYER_PIXELS:
                return None
            layer = image.convert("RGBA")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    if layer.size != (width, height):
        layer = layer.resize((width, height), Image.Resampling.LANCZOS)
    return layer


def composite(content: dict, kit: dict) -> Image.Image:
    canvas = kit.get("canvas") or {}
    width, height = int(canvas.get("width", 800)), int(canvas.get("height", 500))
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    for path in layers(content, kit):
        layer = _layer(path, width, height)
        if layer is not None:
            image.alpha_composite(layer)
    return image


def render_png(content: dict, kit: dict, *, size: int = 400) -> bytes:
    """A ``size`` × ``size`` PNG on white, the picture centred and scaled to fit."""
    size = max(16, min(int(size), 2000))
    picture = composite(content, kit)
    picture.thumbnail((size, size), Image.Resampling.LANCZOS)
    out = Image.new("RGB", (size, size), (255, 255, 255))
    out.paste(picture, ((size - picture.width) // 2, (size - picture.height) // 2), picture)
    buffer = io.BytesIO()
    out.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def render_svg(content: dict, kit: dict, *, title: str | None = None) -> str:
    """A standalone SVG: the composite as an embedded PNG (a data: URI, no external reference, no script)."""
    picture = composite(content, kit)
    picture.thumbnail((640, 640), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", optimize=True)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    w, h = picture.width, picture.height
    name = escape(title or kit.get("product", {}).get("name", ""), quote=True)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        f'role="img" aria-label="{name}"><title>{name}</title>'
        f'<rect width="{w}" height="{h}" fill="#ffffff"/>'
        f'<image width="{w}" height="{h}" href="data:image/png;base64,{data}"/></svg>'
    )
