"""The recipe card: the beer's colour in a glass, and OG, FG, ABV, IBU and colour as bars against the chosen
style's range (SVG for pages, PNG with Pillow for thumbnails and share cards)."""

from __future__ import annotations

import io
from html import escape

from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from . import calc, styles

# metric key, label, scale of the bar (min, max), format
BARS = (
    ("og", "OG", (1.020, 1.120), "{:.3f}"),
    ("fg", "FG", (0.995, 1.035), "{:.3f}"),
    ("abv", "ABV %", (0.0, 12.0), "{:.1f}"),
    ("ibu", "IBU", (0.0, 120.0), "{:.0f}"),
    ("srm", "SRM", (0.0, 45.0), "{:.1f}"),
)


def _bars(content: dict, kit: dict):
    fig = calc.figures(content, kit)
    style = styles.STYLES.get(content.get("style", ""))
    out = []
    for key, label, (lo, hi), fmt in BARS:
        value = getattr(fig, key)
        rng = style[key] if style else None
        out.append((label, value, rng, lo, hi, fmt))
    return fig, style, out


def _frac(v: float, lo: float, hi: float) -> float:
    return max(0.0, min(1.0, (v - lo) / (hi - lo)))


def render_svg(content: dict, kit: dict, *, title: str | None = None) -> str:
    fig, style, bars = _bars(content, kit)
    colour = calc.srm_rgb(fig.srm or 0)
    w, h = 480, 300
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img">',
        f"<title>{escape(title or _('Beer recipe'))}</title>",
        f'<rect width="{w}" height="{h}" fill="#fbf8f1"/>',
        # the glass
        '<path d="M30 60 L110 60 L100 250 L40 250 Z" fill="#eee" stroke="#555" stroke-width="2"/>',
        f'<path d="M33 80 L107 80 L99 248 L41 248 Z" fill="{colour}"/>',
        '<path d="M31 60 L109 60 L108 80 L32 80 Z" fill="#fffdf5" stroke="#ccc"/>',
    ]
    if title:
        parts.append(
            f'<text x="130" y="34" font-family="sans-serif" font-size="18" fill="#222">{escape(title[:48])}</text>'
        )
    if style:
        parts.append(
            f'<text x="130" y="54" font-family="sans-serif" font-size="12" fill="#555">'
            f"{escape(style['code'] + ' ' + style['name'])} (BJCP 2021)</text>"
        )
    y = 80
    for label, value, rng, lo, hi, fmt in bars:
        x0, bw = 190, 230
        parts.append(
            f'<text x="130" y="{y + 12}" font-family="sans-serif" font-size="13" fill="#222">{escape(label)}</text>'
        )
        parts.append(f'<rect x="{x0}" y="{y}" width="{bw}" height="16" fill="#e4e0d6" rx="3"/>')
        if rng:
            a, b = _frac(rng[0], lo, hi), _frac(rng[1], lo, hi)
            parts.append(
                f'<rect x="{x0 + a * bw:.1f}" y="{y}" width="{max(2.0, (b - a) * bw):.1f}" height="16" fill="#b9d7a8" rx="3"/>'
            )
        if value is not None:
            inside = rng is None or rng[0] <= value <= rng[1]
            parts.append(
                f'<rect x="{x0 + _frac(value, lo, hi) * bw - 2:.1f}" y="{y - 3}" width="4" height="22" '
                f'fill="{"#2b5b1e" if inside else "#b03a2e"}"/>'
            )
            parts.append(
                f'<text x="{x0 + bw + 8}" y="{y + 12}" font-family="sans-serif" font-size="13" fill="#222">'
                f"{escape(fmt.format(value))}</text>"
            )
        y += 36
    parts.append("</svg>")
    return "".join(parts)


def render_png(content: dict, kit: dict, *, size: int = 400) -> bytes:
    fig, style, bars = _bars(content, kit)
    size = max(32, min(int(size), 2000))
    scale = size / 400
    img = Image.new("RGB", (size, size), "#fbf8f1")
    d = ImageDraw.Draw(img)
    s = lambda v: int(round(v * scale))  # noqa: E731
    d.polygon(
        [(s(30), s(60)), (s(130), s(60)), (s(118), s(340)), (s(42), s(340))],
        fill="#eeeeee",
        outline="#555555",
    )
    d.polygon(
        [(s(34), s(90)), (s(126), s(90)), (s(116), s(336)), (s(44), s(336))], fill=calc.srm_rgb(fig.srm or 0)
    )
    try:
        font = ImageFont.load_default(size=max(8, s(16)))
    except TypeError:  # Pillow < 10.1
        font = ImageFont.load_default()
    y = 70
    for label, value, rng, lo, hi, fmt in bars:
        x0, bw = 160, 200
        d.text(
            (s(x0), s(y - 20)),
            label + (f"  {fmt.format(value)}" if value is not None else ""),
            fill="#222222",
            font=font,
        )
        d.rounded_rectangle([s(x0), s(y), s(x0 + bw), s(y + 16)], radius=s(3), fill="#e4e0d6")
        if rng:
            a, b = _frac(rng[0], lo, hi), _frac(rng[1], lo, hi)
            d.rectangle([s(x0 + a * bw), s(y), s(x0 + max(b * bw, a * bw + 2)), s(y + 16)], fill="#b9d7a8")
        if value is not None:
            x = x0 + _frac(value, lo, hi) * bw
            inside = rng is None or rng[0] <= value <= rng[1]
            d.rectangle([s(x - 2), s(y - 3), s(x + 2), s(y + 19)], fill="#2b5b1e" if inside else "#b03a2e")
        y += 62
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()
