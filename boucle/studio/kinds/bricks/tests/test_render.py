import io
import re

import defusedxml.ElementTree as ET
from PIL import Image

from boucle.studio.kinds.bricks.render import SHADES, _shade

from .helpers import brick, free, model

SVG = "{http://www.w3.org/2000/svg}"


def test_svg_preview_is_well_formed_standalone_and_uses_kit_colours(kind, kit):
    # given
    content = model(brick("b1"), brick("b2", colour="1", x=2, z=3))
    # when
    svg = kind.render_svg(content, kit)
    # then
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title") is not None
    assert "#B40000" in svg and "#1E5AA8" in svg  # red and blue, from the kit
    for element in root.iter():
        assert element.tag not in (f"{SVG}script", f"{SVG}foreignObject", f"{SVG}image", f"{SVG}a")
        assert not [a for a in element.attrib if a.startswith("on") or a.endswith("href")]


def test_svg_preview_escapes_text_and_labels_unknown_geometry(kind, kit):
    content = model(brick("b1"), free=[free("f1", ldraw="3641", colour=0, pos=(0, -24, 0))])
    svg = kind.render_svg(content, kit, title='<script>alert("x")</script> & co')
    root = ET.fromstring(svg)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "Tyre 6/50 × 8 Offset Tread: geometry unknown" in titles
    assert "3641?" in [t.text for t in root.iter(f"{SVG}text")]


def test_svg_faces_are_drawn_back_to_front(kind, kit):
    # given a blue brick behind a red one (a smaller x + y): every blue face comes before the red ones
    content = model(brick("back", colour="1"), brick("front", colour="4", x=4, y=2))
    root = ET.fromstring(kind.render_svg(content, kit, studs=False))
    style = root.find(f"{SVG}style").text
    fills = dict(re.findall(r"\.(c\d+)\{fill:(#[0-9A-F]{6})", style))
    blue = {_shade("#1E5AA8", f) for f in SHADES}
    red = {_shade("#B40000", f) for f in SHADES}
    order = [fills[p.get("class")] for p in root.iter(f"{SVG}path") if p.get("class") != "e"]
    assert set(order) == blue | red
    assert max(i for i, c in enumerate(order) if c in blue) < min(i for i, c in enumerate(order) if c in red)


def test_an_empty_model_still_renders(kind, kit):
    ET.fromstring(kind.render_svg(kind.empty_content(), kit))
    assert Image.open(io.BytesIO(kind.render_png(kind.empty_content(), kit))).size == (400, 400)


def test_png_thumbnail_loads_in_pillow_at_the_asked_size(kind, kit):
    for _title, content in kind.demo_designs():
        image = Image.open(io.BytesIO(kind.render_png(content, kit, size=200)))
        image.verify()
        image = Image.open(io.BytesIO(kind.render_png(content, kit, size=200)))
        assert image.format == "PNG" and image.size == (200, 200)
        # something was drawn: not a blank white square
        assert image.convert("L").getextrema()[0] < 200
