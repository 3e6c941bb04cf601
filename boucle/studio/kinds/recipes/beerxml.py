"""BeerXML 1.0 import and export (http://www.beerxml.com/beerxml.htm).

Reading is defensive: the file is parsed with defusedxml with DTDs forbidden, so external entities (XXE) and
entity-expansion bombs ("billion laughs") are refused before anything is expanded; files over ``MAX_BYTES``
are refused unread; every number is checked (finite, in range) and a refusal names the element at fault
("RECIPE › HOPS › HOP 2 › AMOUNT"). The first <RECIPE> of the file is imported.

Units: BeerXML stores kilograms, litres, minutes, °C and °Lovibond; the recipe stores grams for hops (and
for weighed miscs), packs for yeasts and days for dry hops (see ``schemas``). Known quirks of real files:
BeerSmith writes COLOR in EBC when its display unit is EBC (the DISPLAY_COLOR says "4.9 EBC" for a COLOR of
4.925): such colours are converted; some files give yeast temperatures in °F (above 45, converted).

Export writes the standard tags, the recipe's estimates (EST_OG, EST_FG, EST_COLOR, IBU, EST_ABV) and two
extension tags that BeerXML readers ignore, <BOUCLE_ID> (the element id) and <BOUCLE_INGREDIENT> (the kit's
ingredient id), so a file exported and imported again gives the same recipe.
"""

from __future__ import annotations

import math
import re
from xml.etree.ElementTree import Element, ParseError, SubElement, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _
from pydantic import ValidationError

from boucle.studio import schema_errors

from ..base import ImportRefused
from . import calc, styles
from .schemas import ELEMENT_ID, KIT_ID, Recipe

MAX_BYTES = 2 * 1024 * 1024
EBC_PER_LOVIBOND = calc.EBC_PER_SRM  # BeerSmith treats °L and SRM as one for malts

_NUMBER = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")
_ID = re.compile(ELEMENT_ID)
_KIT_ID = re.compile(KIT_ID)

FERMENTABLE_TYPES = {
    "grain": "grain",
    "sugar": "sugar",
    "extract": "extract",
    "dry extract": "dry_extract",
    "adjunct": "adjunct",
}
HOP_USES = {
    "boil": "boil",
    "dry hop": "dry_hop",
    "mash": "mash",
    "first wort": "first_wort",
    "aroma": "aroma",
}
HOP_FORMS = {"pellet": "pellet", "leaf": "leaf", "plug": "plug", "whole": "leaf"}
MISC_USES = {
    "boil": "boil",
    "mash": "mash",
    "primary": "primary",
    "secondary": "secondary",
    "bottling": "bottling",
}


class _Path:
    def __init__(self, *parts: str):
        self.parts = parts

    def __truediv__(self, part: str) -> _Path:
        return _Path(*self.parts, part)

    def __str__(self) -> str:
        return " › ".join(self.parts)


def _text(el: Element | None, tag: str) -> str:
    if el is None:
        return ""
    child = el.find(tag)
    return (child.text or "").strip() if child is not None else ""


def _number(
    el: Element,
    tag: str,
    path: _Path,
    *,
    required: bool = False,
    default: float | None = None,
    lo: float = 0.0,
    hi: float = 1e9,
) -> float | None:
    raw = _text(el, tag)
    if not raw:
        if required:
            raise ImportRefused(_("%(path)s is missing.") % {"path": path / tag})
        return default
    m = _NUMBER.match(raw)
    if not m:
        raise ImportRefused(
            _("%(path)s: “%(value)s” is not a number.") % {"path": path / tag, "value": raw[:40]}
        )
    value = float(m.group(1))
    if not math.isfinite(value):
        raise ImportRefused(
            _("%(path)s: “%(value)s” is not a number.") % {"path": path / tag, "value": raw[:40]}
        )
    if value < lo or value > hi:
        raise ImportRefused(
            _("%(path)s: %(value)s is out of range (%(lo)s to %(hi)s).")
            % {"path": path / tag, "value": raw[:40], "lo": _fmt(lo), "hi": _fmt(hi)}
        )
    return value


def _fmt(x: float) -> str:
    return f"{x:g}"


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def _slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", _norm(name)).strip("-")[:50] or "unnamed"
    return "x-" + s


def _bool(el: Element, tag: str) -> bool:
    return _text(el, tag).lower() == "true"


class _Names:
    """Kit ingredients by normalized name (and id), per group."""

    def __init__(self, kit: dict, group: str):
        self.items = {i["id"]: i for i in kit.get(group, ())}
        self.by_name = {_norm(i["name"]): i for i in kit.get(group, ())}

    def find(self, el: Element, name: str) -> tuple[str, dict | None]:
        wanted = _text(el, "BOUCLE_INGREDIENT")
        if wanted in self.items:
            return wanted, self.items[wanted]
        item = self.by_name.get(_norm(name))
        if item is not None:
            return item["id"], item
        return _slug(name), None


def _differs(value, kit_item: dict | None, key: str):
    """The file's value when it differs from the kit's (the lot the brewer used), else None."""
    if value is None:
        return None
    if (
        kit_item is not None
        and kit_item.get(key) is not None
        and math.isclose(kit_item[key], value, rel_tol=1e-9)
    ):
        return None
    return value


def import_beerxml(data: bytes, kit: dict) -> dict:
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            _("The file is too large: %(size)s KB, %(max)s KB at most.")
            % {"size": len(data) // 1024, "max": MAX_BYTES // 1024}
        )
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ImportRefused(
            _("The file declares a DTD or entities (which could read files or expand without end): refused.")
        ) from None
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise ImportRefused(
            _("This is not well-formed XML (line %(line)s, column %(column)s).")
            % {"line": line, "column": column}
        ) from None
    recipe_el = root if root.tag == "RECIPE" else root.find("RECIPE")
    if recipe_el is None:
        raise ImportRefused(_("No <RECIPE> in this file: it is not a BeerXML recipe."))
    return _recipe(recipe_el, kit)


def _recipe(r: Element, kit: dict) -> dict:
    path = _Path("RECIPE")
    ids: set[str] = set()

    def element_id(el: Element, prefix: str, n: int) -> str:
        wanted = _text(el, "BOUCLE_ID")
        if wanted and _ID.match(wanted) and wanted not in ids:
            ids.add(wanted)
            return wanted
        i = n
        while f"{prefix}{i}" in ids:
            i += 1
        ids.add(f"{prefix}{i}")
        return f"{prefix}{i}"

    content: dict = {
        "batch_size": _number(r, "BATCH_SIZE", path, required=True, lo=0.001, hi=100_000),
        "boil_size": _number(r, "BOIL_SIZE", path, lo=0.001, hi=150_000),
        "boil_time": _number(r, "BOIL_TIME", path, default=60.0, hi=600),
        "efficiency": _number(r, "EFFICIENCY", path, default=None, lo=0.001, hi=100),
        "ibu_method": "rager" if _text(r, "IBU_METHOD").lower() == "rager" else "tinseth",
        "style": _style(r.find("STYLE")),
        "notes": _text(r, "NOTES")[:20_000],
    }
    if content["efficiency"] is None:  # extract recipes may leave it out; 75 % is BeerXML's common default
        content["efficiency"] = 75.0

    names = _Names(kit, "fermentables")
    fermentables = []
    for n, el in enumerate(r.findall("FERMENTABLES/FERMENTABLE"), 1):
        p = path / "FERMENTABLES" / f"FERMENTABLE {n}"
        name = _text(el, "NAME") or f"Fermentable {n}"
        ingredient, item = names.find(el, name)
        extract = _number(el, "YIELD", p, required=True, hi=100)
        colour = _number(el, "COLOR", p, default=0.0, hi=5000)
        display = _text(el, "DISPLAY_COLOR").upper()
        if display.endswith("EBC") and colour:
            shown = _NUMBER.match(display)
            if shown and math.isclose(float(shown.group(1)), colour, abs_tol=0.06):
                colour = colour / EBC_PER_LOVIBOND
        ftype = FERMENTABLE_TYPES.get(_text(el, "TYPE").lower(), "grain")
        f = {
            "id": element_id(el, "f", n),
            "ingredient": ingredient,
            "amount": _number(el, "AMOUNT", p, required=True, hi=5000),
            "late": _bool(el, "ADD_AFTER_BOIL"),
        }
        if item is None:
            f["name"] = name[:120]
            f.update({"type": ftype, "extract": extract, "color": min(colour, 1000)})
        else:
            for key, value in (("extract", extract), ("color", min(colour, 1000))):
                v = _differs(value, item, key)
                if v is not None:
                    f[key] = v
            if item.get("type") != ftype:
                f["type"] = ftype
        fermentables.append(f)
    content["fermentables"] = fermentables

    names = _Names(kit, "hops")
    hops = []
    for n, el in enumerate(r.findall("HOPS/HOP"), 1):
        p = path / "HOPS" / f"HOP {n}"
        name = _text(el, "NAME") or f"Hop {n}"
        ingredient, item = names.find(el, name)
        use = HOP_USES.get(_text(el, "USE").lower(), "boil")
        minutes = _number(el, "TIME", p, default=0.0, hi=60 * 24 * 14)
        alpha = _number(el, "ALPHA", p, required=True, hi=30)
        form = HOP_FORMS.get(_text(el, "FORM").lower())
        h = {
            "id": element_id(el, "h", n),
            "ingredient": ingredient,
            "amount": round(_number(el, "AMOUNT", p, required=True, hi=100) * 1000, 9),
            "use": use,
            "time": round(minutes / 1440, 9) if use == "dry_hop" else minutes,
        }
        if item is None:
            h["name"] = name[:120]
            h["alpha"] = alpha
            if form:
                h["form"] = form
        else:
            if _differs(alpha, item, "alpha") is not None:
                h["alpha"] = alpha
            if form and form != item.get("form"):
                h["form"] = form
        hops.append(h)
    content["hops"] = hops

    names = _Names(kit, "yeasts")
    yeasts = []
    for n, el in enumerate(r.findall("YEASTS/YEAST"), 1):
        p = path / "YEASTS" / f"YEAST {n}"
        name = _text(el, "NAME") or f"Yeast {n}"
        ingredient, item = names.find(el, name)
        packs = 1.0
        display = _text(el, "DISPLAY_AMOUNT").lower()
        if display.endswith(("pkg", "pkgs", "packs", "pack")):
            m = _NUMBER.match(display)
            if m and 0 <= float(m.group(1)) <= 1000:
                packs = float(m.group(1))
        y = {"id": element_id(el, "y", n), "ingredient": ingredient, "amount": packs}
        attenuation = _number(el, "ATTENUATION", p, hi=100)
        if item is None:
            y["name"] = name[:120]
            y["attenuation"] = attenuation
        elif _differs(attenuation, item, "attenuation") is not None:
            y["attenuation"] = attenuation
        yeasts.append(y)
    content["yeasts"] = yeasts

    names = _Names(kit, "miscs")
    miscs = []
    for n, el in enumerate(r.findall("MISCS/MISC"), 1):
        p = path / "MISCS" / f"MISC {n}"
        name = _text(el, "NAME") or f"Misc {n}"
        ingredient, item = names.find(el, name)
        amount = _number(el, "AMOUNT", p, required=True, hi=100)
        unit = (item or {}).get("unit", "g")
        if unit == "pcs":
            m = _NUMBER.match(_text(el, "DISPLAY_AMOUNT"))
            amount = (
                float(m.group(1))
                if m and _text(el, "DISPLAY_AMOUNT").lower().endswith(("items", "pcs"))
                else 1.0
            )
        else:
            amount = round(amount * 1000, 9)
        mi = {
            "id": element_id(el, "m", n),
            "ingredient": ingredient,
            "amount": amount,
            "use": MISC_USES.get(_text(el, "USE").lower(), "boil"),
            "time": _number(el, "TIME", p, default=0.0, hi=20_160),
        }
        if item is None:
            mi["name"] = name[:120]
        miscs.append(mi)
    content["miscs"] = miscs

    # Some files write temperatures in °F (a 102° dough-in, yeasts at 59-71°): a mash step above 100 °C
    # cannot be, so such a file's temperatures are read as °F.
    mash_els = r.findall("MASH/MASH_STEPS/MASH_STEP")
    raw_temps = [
        _number(el, "STEP_TEMP", path / "MASH" / f"MASH_STEP {n}", required=True, lo=0, hi=250)
        for n, el in enumerate(mash_els, 1)
    ]
    fahrenheit = any(t > 100 for t in raw_temps)

    def celsius(t: float | None) -> float | None:
        return None if t is None else (round((t - 32) * 5 / 9, 6) if fahrenheit else t)

    steps = []
    for n, (el, temp) in enumerate(zip(mash_els, raw_temps, strict=True), 1):
        p = path / "MASH" / f"MASH_STEP {n}"
        temp = celsius(temp)
        if not 20 <= temp <= 100:
            raise ImportRefused(
                _("%(path)s: %(value)s °C is out of range (20 to 100).")
                % {"path": p / "STEP_TEMP", "value": _fmt(temp)}
            )
        steps.append(
            {
                "id": element_id(el, "s", n),
                "name": _text(el, "NAME")[:80],
                "temp": temp,
                "time": _number(el, "STEP_TIME", p, default=0.0, hi=1440),
            }
        )
    content["mash_steps"] = steps

    ferm = []
    for n, (label, age_tag, temp_tag) in enumerate(
        (
            ("Primary", "PRIMARY_AGE", "PRIMARY_TEMP"),
            ("Secondary", "SECONDARY_AGE", "SECONDARY_TEMP"),
            ("Tertiary", "TERTIARY_AGE", "TERTIARY_TEMP"),
            ("Conditioning", "AGE", "AGE_TEMP"),
        ),
        1,
    ):
        days = _number(r, age_tag, path, hi=10 * 365 * 1440)
        if days is not None and days > 3650:  # written in minutes by some software (14400 = 10 days)
            days = round(days / 1440, 6)
        temp = celsius(_number(r, temp_tag, path, lo=-5, hi=120))
        if temp is not None and not -5 <= temp <= 45:
            temp = None
        if days or (n == 1 and temp is not None):
            ferm.append(
                {
                    "id": f"p{n}",
                    "name": label,
                    "temp": temp if temp is not None else 18.0,
                    "days": min(days or 0.0, 3650),
                }
            )
    content["fermentation_steps"] = ferm

    try:
        return Recipe.model_validate(content).model_dump(mode="json")
    except ValidationError as error:
        where, message = schema_errors.first_error(error)
        raise ImportRefused(
            _("This recipe cannot be imported: %(field)s: %(message)s") % {"field": where, "message": message}
        ) from None


def _style(el: Element | None) -> str:
    if el is None:
        return ""
    code = f"{_text(el, 'CATEGORY_NUMBER')}{_text(el, 'STYLE_LETTER')}".strip()
    name = _norm(_text(el, "NAME"))
    found = styles.STYLES.get(code)
    if found and _norm(found["name"]) == name:
        return code
    return styles.code_by_name(name) or ""


# ------------------------------------------------------------------------------------------------ export

_FERMENTABLE_TYPE_OUT = {
    "grain": "Grain",
    "sugar": "Sugar",
    "extract": "Extract",
    "dry_extract": "Dry Extract",
    "adjunct": "Adjunct",
}
_HOP_USE_OUT = {
    "boil": "Boil",
    "dry_hop": "Dry Hop",
    "mash": "Mash",
    "first_wort": "First Wort",
    "aroma": "Aroma",
}
_MISC_USE_OUT = {
    "boil": "Boil",
    "mash": "Mash",
    "primary": "Primary",
    "secondary": "Secondary",
    "bottling": "Bottling",
}
_MISC_TYPE_OUT = {
    "spice": "Spice",
    "fining": "Fining",
    "water_agent": "Water Agent",
    "herb": "Herb",
    "flavor": "Flavor",
    "other": "Other",
}
_YEAST_TYPE_OUT = {"ale": "Ale", "lager": "Lager", "wheat": "Wheat", "wine": "Wine", "champagne": "Champagne"}
_YEAST_FORM_OUT = {"liquid": "Liquid", "dry": "Dry", "slant": "Slant", "culture": "Culture"}
_FLOC_OUT = {"low": "Low", "medium": "Medium", "high": "High", "very_high": "Very High"}


def _add(parent: Element, tag: str, value) -> None:
    if value is None:
        return
    el = SubElement(parent, tag)
    if isinstance(value, bool):
        el.text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        el.text = repr(value)
    else:
        el.text = str(value)


def export_beerxml(
    content: dict, kit: dict, *, title: str, attribution: list[str], licence: str | None = None
) -> bytes:
    k = calc.Kit(kit)
    fig = calc.figures(content, k)
    root = Element("RECIPES")
    r = SubElement(root, "RECIPE")
    _add(r, "NAME", title)
    _add(r, "VERSION", 1)
    types = {calc.fermentable_values(f, k)[2] for f in content.get("fermentables", ())}
    kind = (
        "All Grain"
        if types <= calc.MASHED | {"sugar"}
        else ("Extract" if not types & calc.MASHED else "Partial Mash")
    )
    _add(r, "TYPE", kind)
    _add(r, "BREWER", attribution[0] if attribution else "")
    _add(r, "BATCH_SIZE", float(content.get("batch_size") or 0))
    _add(r, "BOIL_SIZE", float(content.get("boil_size") or content.get("batch_size") or 0))
    _add(r, "BOIL_TIME", float(content["boil_time"]) if content.get("boil_time") is not None else None)
    _add(r, "EFFICIENCY", float(content["efficiency"]) if content.get("efficiency") else None)
    notes = content.get("notes", "")
    credit = "\n".join(attribution)
    if licence:
        credit += ("\n" if credit else "") + licence
    _add(r, "NOTES", notes)
    _add(r, "TASTE_NOTES", credit)
    style = styles.STYLES.get(content.get("style", ""))
    if style:
        s = SubElement(r, "STYLE")
        _add(s, "NAME", style["name"])
        _add(s, "VERSION", 1)
        _add(s, "CATEGORY", style["category"])
        # "21B-BLK" is 21 B in the guidelines (Specialty IPA: Black IPA), "27-SAHT" is 27 (Historical Beer: Sahti)
        guideline_code = style["code"].split("-")[0]
        _add(s, "CATEGORY_NUMBER", guideline_code.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        _add(s, "STYLE_LETTER", guideline_code.lstrip("0123456789"))
        _add(s, "STYLE_GUIDE", "BJCP 2021")
        _add(s, "TYPE", "Ale")
        for tag, key in (("OG", "og"), ("FG", "fg"), ("IBU", "ibu"), ("COLOR", "srm"), ("ABV", "abv")):
            _add(s, f"{tag}_MIN", float(style[key][0]))
            _add(s, f"{tag}_MAX", float(style[key][1]))
    fs = SubElement(r, "FERMENTABLES")
    for f in content.get("fermentables", ()):
        extract, colour, ftype = calc.fermentable_values(f, k)
        item = k.fermentables.get(f["ingredient"])
        e = SubElement(fs, "FERMENTABLE")
        _add(e, "NAME", f.get("name") or (item or {}).get("name") or f["ingredient"])
        _add(e, "VERSION", 1)
        _add(e, "TYPE", _FERMENTABLE_TYPE_OUT.get(ftype, "Grain"))
        _add(e, "AMOUNT", float(f["amount"]))
        _add(e, "YIELD", float(extract or 0))
        _add(e, "COLOR", float(colour or 0))
        _add(e, "ADD_AFTER_BOIL", bool(f.get("late")))
        if item and item.get("max_in_batch") is not None:
            _add(e, "MAX_IN_BATCH", float(item["max_in_batch"]))
        _add(e, "BOUCLE_ID", f["id"])
        _add(e, "BOUCLE_INGREDIENT", f["ingredient"])
    hs = SubElement(r, "HOPS")
    for h in content.get("hops", ()):
        alpha, form = calc.hop_values(h, k)
        item = k.hops.get(h["ingredient"])
        e = SubElement(hs, "HOP")
        _add(e, "NAME", h.get("name") or (item or {}).get("name") or h["ingredient"])
        _add(e, "VERSION", 1)
        _add(e, "ALPHA", float(alpha or 0))
        _add(e, "AMOUNT", h["amount"] / 1000)
        _add(e, "USE", _HOP_USE_OUT[h.get("use", "boil")])
        _add(e, "TIME", h["time"] * 1440 if h.get("use") == "dry_hop" else float(h["time"]))
        _add(e, "FORM", (h.get("form") or form or "pellet").capitalize())
        _add(e, "BOUCLE_ID", h["id"])
        _add(e, "BOUCLE_INGREDIENT", h["ingredient"])
    ys = SubElement(r, "YEASTS")
    for y in content.get("yeasts", ()):
        item = k.yeasts.get(y["ingredient"]) or {}
        e = SubElement(ys, "YEAST")
        _add(e, "NAME", y.get("name") or item.get("name") or y["ingredient"])
        _add(e, "VERSION", 1)
        _add(e, "TYPE", _YEAST_TYPE_OUT.get(item.get("type", "ale"), "Ale"))
        _add(e, "FORM", _YEAST_FORM_OUT.get(item.get("form", "dry"), "Dry"))
        dry = item.get("form", "dry") == "dry"
        # BeerXML wants kg (dry) or litres (liquid): a dry pack is 11.5 g, a liquid pack 125 ml
        _add(e, "AMOUNT", float(y["amount"]) * (0.0115 if dry else 0.125))
        _add(e, "AMOUNT_IS_WEIGHT", dry)
        _add(e, "DISPLAY_AMOUNT", f"{y['amount']!r} pkg")
        _add(e, "LABORATORY", item.get("lab"))
        _add(e, "PRODUCT_ID", item.get("product_id"))
        _add(e, "MIN_TEMPERATURE", item.get("min_temp"))
        _add(e, "MAX_TEMPERATURE", item.get("max_temp"))
        _add(e, "FLOCCULATION", _FLOC_OUT.get(item.get("flocculation", "medium")))
        att = calc.yeast_attenuation(y, k)
        _add(e, "ATTENUATION", float(att) if att is not None else None)
        _add(e, "BOUCLE_ID", y["id"])
        _add(e, "BOUCLE_INGREDIENT", y["ingredient"])
    ms = SubElement(r, "MISCS")
    for m in content.get("miscs", ()):
        item = k.miscs.get(m["ingredient"]) or {}
        unit = item.get("unit", "g")
        e = SubElement(ms, "MISC")
        _add(e, "NAME", m.get("name") or item.get("name") or m["ingredient"])
        _add(e, "VERSION", 1)
        _add(e, "TYPE", _MISC_TYPE_OUT.get(item.get("type", "other"), "Other"))
        _add(e, "USE", _MISC_USE_OUT[m.get("use", "boil")])
        _add(e, "TIME", float(m.get("time", 0)))
        if unit == "pcs":
            _add(e, "AMOUNT", float(m["amount"]))
            _add(e, "DISPLAY_AMOUNT", f"{m['amount']!r} items")
        else:
            _add(e, "AMOUNT", m["amount"] / 1000)
        _add(e, "AMOUNT_IS_WEIGHT", unit == "g")
        _add(e, "BOUCLE_ID", m["id"])
        _add(e, "BOUCLE_INGREDIENT", m["ingredient"])
    yeast_temp = content.get("fermentation_steps") or []
    for tag_age, tag_temp, step in zip(
        ("PRIMARY_AGE", "SECONDARY_AGE", "TERTIARY_AGE", "AGE"),
        ("PRIMARY_TEMP", "SECONDARY_TEMP", "TERTIARY_TEMP", "AGE_TEMP"),
        yeast_temp[:4],
        strict=False,
    ):
        _add(r, tag_age, float(step["days"]))
        _add(r, tag_temp, float(step["temp"]))
    if yeast_temp:
        _add(r, "FERMENTATION_STAGES", min(len(yeast_temp), 3))
    mash = SubElement(r, "MASH")
    _add(mash, "NAME", "Mash")
    _add(mash, "VERSION", 1)
    _add(mash, "GRAIN_TEMP", 20.0)
    ss = SubElement(mash, "MASH_STEPS")
    for s in content.get("mash_steps", ()):
        e = SubElement(ss, "MASH_STEP")
        _add(e, "NAME", s.get("name", ""))
        _add(e, "VERSION", 1)
        _add(e, "TYPE", "Temperature")
        _add(e, "STEP_TEMP", float(s["temp"]))
        _add(e, "STEP_TIME", float(s["time"]))
        _add(e, "BOUCLE_ID", s["id"])
    if fig.og is not None:
        _add(r, "EST_OG", f"{fig.og:.4f} SG")
    if fig.fg is not None:
        _add(r, "EST_FG", f"{fig.fg:.4f} SG")
    if fig.srm is not None:
        _add(r, "EST_COLOR", f"{fig.srm:.1f} SRM")
    if fig.ibu is not None:
        _add(r, "IBU", f"{fig.ibu:.1f}")
        _add(r, "IBU_METHOD", "Rager" if content.get("ibu_method") == "rager" else "Tinseth")
    if fig.abv is not None:
        _add(r, "EST_ABV", f"{fig.abv:.2f} %")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(
        root, encoding="utf-8", xml_declaration=False
    )
