"""Validation, bill of materials, element labels and diffs of a recipe (the studio's per-keystroke hooks).

All linear in the recipe's size; the kit is indexed once per call.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from ..base import BomLine, Change, Problem
from . import calc, styles

MAX_PLAUSIBLE_BATCH = 1000.0  # L: above this, a unit mistake (ml, gallons × 1000) is likelier than a brewery
MAX_BOIL_MINUTES = 240.0
MAX_AROMA_MINUTES = 120.0
MAX_DRY_HOP_DAYS = 30.0

GROUPS = (
    ("fermentables", "fermentables"),
    ("hops", "hops"),
    ("yeasts", "yeasts"),
    ("miscs", "miscs"),
)


def _kit_group(k: calc.Kit, group: str) -> dict:
    return getattr(k, group)


def ingredient_name(item: dict, k: calc.Kit, group: str) -> str:
    kit_item = _kit_group(k, group).get(item["ingredient"])
    if kit_item is not None:
        return kit_item["name"]
    return item.get("name") or item["ingredient"]


def _g(x: float) -> str:
    """A number as people write it: 20, 2.5, 0.125 (no trailing zeros)."""
    return f"{x:.3f}".rstrip("0").rstrip(".") if abs(x - round(x)) > 1e-9 else str(int(round(x)))


def hop_label(h: dict, k: calc.Kit) -> str:
    name = ingredient_name(h, k, "hops")
    use = h.get("use", "boil")
    if use == "dry_hop":
        return _("%(name)s, dry hop for %(days)s days") % {"name": name, "days": _g(h["time"])}
    if use == "first_wort":
        return _("%(name)s, first wort") % {"name": name}
    if use == "mash":
        return _("%(name)s, mash hop") % {"name": name}
    if use == "aroma":
        return _("%(name)s, whirlpool %(minutes)s min") % {"name": name, "minutes": _g(h["time"])}
    return _("%(name)s at %(minutes)s min") % {"name": name, "minutes": _g(h["time"])}


def labels(content: dict, kit: dict | None = None) -> dict[str, str]:
    k = calc.Kit(kit or {})
    out: dict[str, str] = {}
    for key, unit in SETTINGS:
        if content.get(key) is not None:
            out[key] = f"{_setting_label(key)}: {_g(content[key])} {unit}"
    for f in content.get("fermentables", ()):
        out[f["id"]] = _("%(amount)s kg %(name)s") % {
            "amount": _g(f["amount"]),
            "name": ingredient_name(f, k, "fermentables"),
        }
    for h in content.get("hops", ()):
        out[h["id"]] = _("%(amount)s g %(hop)s") % {"amount": _g(h["amount"]), "hop": hop_label(h, k)}
    for y in content.get("yeasts", ()):
        out[y["id"]] = _("%(amount)s × %(name)s") % {
            "amount": _g(y["amount"]),
            "name": ingredient_name(y, k, "yeasts"),
        }
    for m in content.get("miscs", ()):
        out[m["id"]] = ingredient_name(m, k, "miscs")
    for s in content.get("mash_steps", ()):
        out[s["id"]] = _("Mash step %(name)s: %(temp)s °C for %(minutes)s min") % {
            "name": s.get("name") or s["id"],
            "temp": _g(s["temp"]),
            "minutes": _g(s["time"]),
        }
    for s in content.get("fermentation_steps", ()):
        out[s["id"]] = _("Fermentation %(name)s: %(temp)s °C for %(days)s days") % {
            "name": s.get("name") or s["id"],
            "temp": _g(s["temp"]),
            "days": _g(s["days"]),
        }
    return out


# ---------------------------------------------------------------------------------------------- validate


def validate(content: dict, kit: dict) -> list[Problem]:
    k = calc.Kit(kit)
    problems: list[Problem] = []
    add = problems.append
    batch = content.get("batch_size")
    boil_time = content.get("boil_time")
    has_ingredients = any(content.get(g) for g, _x in GROUPS)

    if batch is not None and batch > MAX_PLAUSIBLE_BATCH:
        add(
            Problem(
                "batch_size_implausible",
                _(
                    "A batch of %(size)s L is more than the %(max)s L a recipe here can be: check the unit (litres)."
                )
                % {"size": _g(batch), "max": _g(MAX_PLAUSIBLE_BATCH)},
                ("batch_size",),
            )
        )
    if has_ingredients and not batch:
        add(
            Problem(
                "batch_size_missing",
                _("Give the batch size: the gravity, bitterness and colour depend on it."),
                ("batch_size",),
            )
        )
    if content.get("fermentables") and not content.get("efficiency"):
        add(
            Problem(
                "efficiency_missing",
                _("Give the brewhouse efficiency: the gravity depends on it."),
                ("efficiency",),
            )
        )
    eff = content.get("efficiency")
    if eff is not None and eff < 30:
        add(
            Problem(
                "efficiency_implausible",
                _("A brewhouse efficiency of %(eff)s %% is implausibly low (30 to 100 %% is usual).")
                % {"eff": _g(eff)},
                ("efficiency",),
            )
        )
    if boil_time is not None and boil_time > MAX_BOIL_MINUTES:
        add(
            Problem(
                "boil_time_implausible",
                _("A boil of %(minutes)s minutes is implausibly long (%(max)s at most).")
                % {"minutes": _g(boil_time), "max": _g(MAX_BOIL_MINUTES)},
                ("boil_time",),
            )
        )

    for group, _g2 in GROUPS:
        index = _kit_group(k, group)
        for item in content.get(group, ()):
            if item["ingredient"] not in index:
                add(
                    Problem(
                        "not_in_kit",
                        _("%(name)s is not in this technology's kit.")
                        % {"name": item.get("name") or item["ingredient"]},
                        (item["id"],),
                    )
                )
            if item["amount"] == 0:
                add(
                    Problem(
                        "zero_amount",
                        _("%(name)s has no amount.") % {"name": ingredient_name(item, k, group)},
                        (item["id"],),
                        "warning",
                    )
                )

    grist = sum(f["amount"] for f in content.get("fermentables", ()))
    for f in content.get("fermentables", ()):
        kit_item = k.fermentables.get(f["ingredient"])
        if kit_item and grist > 0:
            share = f["amount"] / grist * 100
            if share > kit_item.get("max_in_batch", 100) + 1e-9:
                add(
                    Problem(
                        "over_max_in_batch",
                        _("%(name)s is %(share)s %% of the grist; more than %(max)s %% is not recommended.")
                        % {
                            "name": kit_item["name"],
                            "share": _g(round(share, 1)),
                            "max": _g(kit_item["max_in_batch"]),
                        },
                        (f["id"],),
                        "warning",
                    )
                )

    boil = 60.0 if boil_time is None else boil_time
    for h in content.get("hops", ()):
        use = h.get("use", "boil")
        label = hop_label(h, k)
        if use == "boil" and h["time"] > boil:
            add(
                Problem(
                    "hop_time_beyond_boil",
                    _("%(hop)s: the boil lasts only %(boil)s minutes.") % {"hop": label, "boil": _g(boil)},
                    (h["id"],),
                )
            )
        elif use == "aroma" and h["time"] > MAX_AROMA_MINUTES:
            add(
                Problem(
                    "hop_time_implausible",
                    _("%(hop)s: a whirlpool of more than %(max)s minutes is implausible.")
                    % {"hop": label, "max": _g(MAX_AROMA_MINUTES)},
                    (h["id"],),
                )
            )
        elif use == "dry_hop" and h["time"] > MAX_DRY_HOP_DAYS:
            add(
                Problem(
                    "hop_time_implausible",
                    _(
                        "%(hop)s: dry hopping for more than %(max)s days is implausible (the time of a dry hop is in days)."
                    )
                    % {"hop": label, "max": _g(MAX_DRY_HOP_DAYS)},
                    (h["id"],),
                )
            )

    if content.get("fermentables") and not content.get("yeasts"):
        add(
            Problem(
                "no_yeast",
                _("No yeast: the final gravity and alcohol cannot be estimated."),
                ("yeasts",),
                "warning",
            )
        )

    # fermentation temperatures against the yeast's range
    for y in content.get("yeasts", ()):
        kit_item = k.yeasts.get(y["ingredient"])
        if not kit_item or kit_item.get("min_temp") is None or kit_item.get("max_temp") is None:
            continue
        for s in content.get("fermentation_steps", ())[:1]:  # the primary
            if not (kit_item["min_temp"] - 0.5 <= s["temp"] <= kit_item["max_temp"] + 0.5):
                add(
                    Problem(
                        "fermentation_temperature",
                        _("%(step)s at %(temp)s °C is outside %(yeast)s's range (%(lo)s to %(hi)s °C).")
                        % {
                            "step": s.get("name") or s["id"],
                            "temp": _g(s["temp"]),
                            "yeast": kit_item["name"],
                            "lo": _g(kit_item["min_temp"]),
                            "hi": _g(kit_item["max_temp"]),
                        },
                        (s["id"], y["id"]),
                        "warning",
                    )
                )

    style = styles.STYLES.get(content.get("style", ""))
    if style and content.get("fermentables"):
        fig = calc.figures(content, k)
        for key, label, value, fmt in (
            ("og", _("OG"), fig.og, "{:.3f}"),
            ("fg", _("FG"), fig.fg, "{:.3f}"),
            ("ibu", _("IBU"), fig.ibu, "{:.0f}"),
            ("srm", _("Colour (SRM)"), fig.srm, "{:.1f}"),
            ("abv", _("ABV"), fig.abv, "{:.1f}"),
        ):
            if value is None:
                continue
            lo, hi = style[key]
            if value < lo - 1e-9 or value > hi + 1e-9:
                add(
                    Problem(
                        "style_" + key,
                        _("%(metric)s %(value)s is outside the %(style)s range (%(lo)s to %(hi)s).")
                        % {
                            "metric": label,
                            "value": fmt.format(value),
                            "style": style["name"],
                            "lo": fmt.format(lo),
                            "hi": fmt.format(hi),
                        },
                        ("style",),
                        "warning",
                    )
                )
    return problems


# ----------------------------------------------------------------------------------------------- the BOM

_Q = {
    "kg": Decimal("0.001"),
    "g": Decimal("0.1"),
    "ml": Decimal("1"),
    "pcs": Decimal("0.1"),
    "pack": Decimal("0.1"),
}


def bill_of_materials(content: dict, kit: dict) -> list[BomLine]:
    """One line per ingredient (its additions summed): fermentables in kg, hops in g, yeasts in packs, miscs in
    their kit unit; in recipe order."""
    k = calc.Kit(kit)
    lines: list[BomLine] = []
    for group, unit in (("fermentables", "kg"), ("hops", "g"), ("yeasts", "pack"), ("miscs", None)):
        index = _kit_group(k, group)
        totals: dict[str, float] = {}
        for item in content.get(group, ()):
            totals[item["ingredient"]] = totals.get(item["ingredient"], 0.0) + item["amount"]
        names = {item["ingredient"]: ingredient_name(item, k, group) for item in content.get(group, ())}
        for ingredient, amount in totals.items():
            kit_item = index.get(ingredient)
            u = unit or (kit_item or {}).get("unit", "g")
            quantity = Decimal(repr(amount)).quantize(_Q[u], rounding=ROUND_HALF_UP)
            if kit_item is not None:
                price = kit_item.get("price")
                unit_price = Decimal(str(price)) if price is not None else None
                stock = kit_item.get("stock")
                lines.append(
                    BomLine(
                        key=ingredient,
                        part=ingredient,
                        name=kit_item["name"],
                        variant=_variant(group, kit_item),
                        quantity=quantity,
                        unit=u,
                        unit_price=unit_price,
                        total_price=(unit_price * quantity).quantize(Decimal("0.01"))
                        if unit_price is not None
                        else None,
                        stock=Decimal(str(stock)) if stock is not None else None,
                        in_kit=True,
                    )
                )
            else:
                lines.append(
                    BomLine(
                        key=ingredient,
                        part=ingredient,
                        name=names[ingredient],
                        quantity=quantity,
                        unit=u,
                        in_kit=False,
                    )
                )
    return lines


def price(content: dict, k: calc.Kit) -> Decimal:
    """The total of the priced BOM lines, without building the lines (the metrics run on every check)."""
    total = Decimal(0)
    for group, unit in (("fermentables", "kg"), ("hops", "g"), ("yeasts", "pack"), ("miscs", None)):
        index = _kit_group(k, group)
        amounts: dict[str, float] = {}
        for item in content.get(group, ()):
            amounts[item["ingredient"]] = amounts.get(item["ingredient"], 0.0) + item["amount"]
        for ingredient, amount in amounts.items():
            kit_item = index.get(ingredient)
            if kit_item is None or kit_item.get("price") is None:
                continue
            u = unit or kit_item.get("unit", "g")
            quantity = Decimal(repr(amount)).quantize(_Q[u], rounding=ROUND_HALF_UP)
            total += (Decimal(str(kit_item["price"])) * quantity).quantize(Decimal("0.01"))
    return total


def _variant(group: str, item: dict) -> str:
    if group == "hops":
        return _("%(alpha)s %% alpha") % {"alpha": _g(item["alpha"])}
    if group == "fermentables":
        return _("%(color)s °L") % {"color": _g(round(item["color"], 1))}
    if group == "yeasts":
        return " ".join(x for x in (item.get("lab", ""), item.get("product_id", "")) if x)
    return ""


# --------------------------------------------------------------------------------------------------- diff

SETTINGS = (
    ("batch_size", "L"),
    ("boil_size", "L"),
    ("boil_time", "min"),
    ("efficiency", "%"),
)


def _setting_label(key: str) -> str:
    return {
        "batch_size": _("Batch size"),
        "boil_size": _("Boil size"),
        "boil_time": _("Boil time"),
        "efficiency": _("Efficiency"),
        "style": _("Style"),
        "ibu_method": _("IBU method"),
        "notes": _("Notes"),
    }[key]


def diff(old: dict, new: dict, kit: dict) -> list[Change]:
    k = calc.Kit(kit)
    changes: list[Change] = []
    for key, unit in SETTINGS:
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if a is None:
            changes.append(
                Change(
                    "added",
                    key,
                    _("%(setting)s: %(new)s %(unit)s")
                    % {"setting": _setting_label(key), "new": _g(b), "unit": unit},
                )
            )
        elif b is None:
            changes.append(
                Change("removed", key, _("%(setting)s removed") % {"setting": _setting_label(key)})
            )
        else:
            changes.append(
                Change(
                    "changed",
                    key,
                    _("%(setting)s: %(old)s %(unit)s → %(new)s %(unit)s")
                    % {"setting": _setting_label(key), "old": _g(a), "new": _g(b), "unit": unit},
                )
            )
    for key in ("style", "ibu_method", "notes"):
        a, b = old.get(key) or "", new.get(key) or ""
        if a == b or (key == "ibu_method" and {a, b} <= {"", "tinseth"}):
            continue
        if key == "notes":
            text = _("Notes edited") if a else _("Notes written")
        else:
            shown = {
                "style": lambda c: (styles.STYLES.get(c) or {}).get("name", c) or "—",
                "ibu_method": lambda c: c.capitalize(),
            }[key]
            text = _("%(setting)s: %(old)s → %(new)s") % {
                "setting": _setting_label(key),
                "old": shown(a) if a else "—",
                "new": shown(b),
            }
        changes.append(Change("added" if not a else "changed", key, text))

    old_labels = labels(old, kit)
    new_labels = labels(new, kit)
    for group in ("fermentables", "hops", "yeasts", "miscs", "mash_steps", "fermentation_steps"):
        before = {e["id"]: e for e in old.get(group, ())}
        seen = set()
        for e in new.get(group, ()):
            seen.add(e["id"])
            o = before.get(e["id"])
            if o is None:
                changes.append(Change("added", e["id"], _("Added %(what)s") % {"what": new_labels[e["id"]]}))
            elif o != e:
                changes.append(
                    Change("changed", e["id"], _element_change(group, o, e, k, old_labels, new_labels))
                )
        for o in old.get(group, ()):
            if o["id"] not in seen:
                changes.append(
                    Change("removed", o["id"], _("Removed %(what)s") % {"what": old_labels[o["id"]]})
                )
    return changes


def _element_change(group: str, o: dict, e: dict, k: calc.Kit, old_labels: dict, new_labels: dict) -> str:
    if group in ("fermentables", "hops", "yeasts", "miscs") and o["ingredient"] == e["ingredient"]:
        parts = []
        unit = {"fermentables": "kg", "hops": "g", "yeasts": "×", "miscs": ""}[group]
        if o["amount"] != e["amount"]:
            parts.append(f"{_g(o['amount'])} {unit} → {_g(e['amount'])} {unit}".replace(" ×", "").strip())
        if group == "hops":
            if o.get("use") != e.get("use") or o["time"] != e["time"]:
                parts.append(_("now %(hop)s") % {"hop": hop_label(e, k)})
            name = hop_label(o, k)
        else:
            name = ingredient_name(e, k, group)
        if parts:
            return _("%(name)s: %(change)s") % {"name": name, "change": ", ".join(parts)}
    return _("%(old)s → %(new)s") % {"old": old_labels[o["id"]], "new": new_labels[e["id"]]}
