"""Element labels, bill of materials, metrics and diffs of a configuration (no solver: plain sums)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from ..base import BomLine, Change, Metric
from . import solver


def _choices(kit: dict) -> dict[str, tuple[dict, dict]]:
    return {choice["id"]: (group, choice) for group in kit.get("groups", []) for choice in group["choices"]}


def _known(content: dict, kit: dict) -> list[tuple[dict, dict]]:
    """[(group, choice)] chosen, in the kit's order; what the kit lacks is left out."""
    chosen = {(g, cid) for g, ids in content.get("selections", {}).items() for cid in ids}
    return [
        (group, choice)
        for group in kit.get("groups", [])
        for choice in group["choices"]
        if (group["id"], choice["id"]) in chosen
    ]


def elements(content: dict, kit: dict | None = None) -> dict[str, str]:
    """Group ids and chosen choice ids, labelled by the kit's names when the kit is given. Without the kit (the
    studio asks so) only the groups are listed, by id: the chosen choices are BOM lines, which the studio labels
    with the choice's name and group."""
    names = _choices(kit) if kit else {}
    groups = {g["id"]: g["name"] for g in (kit or {}).get("groups", [])}
    out: dict[str, str] = {}
    for group_id, ids in content.get("selections", {}).items():
        group_name = groups.get(group_id, group_id)
        out[group_id] = group_name
        if kit is None:
            continue
        for cid in ids:
            found = names.get(cid)
            out[cid] = f"{group_name}: {found[1]['name']}" if found else f"{group_name}: {cid}"
    return out


def bill_of_materials(content: dict, kit: dict) -> list[BomLine]:
    lines = []
    product = kit.get("product")
    if product:
        price = Decimal(str(product.get("base_price", 0)))
        lines.append(
            BomLine(
                key="product",
                part="product",
                name=product["name"],
                variant=_("base"),
                unit_price=price,
                total_price=price,
            )
        )
    names = _choices(kit)
    known = {choice["id"] for _g, choice in _known(content, kit)}
    for group, choice in _known(content, kit):
        price = Decimal(str(choice.get("price", 0)))
        stock = choice.get("stock")
        lines.append(
            BomLine(
                key=choice["id"],
                part=choice["id"],
                name=choice["name"],
                variant=group["name"],
                unit_price=price,
                total_price=price,
                stock=None if stock is None else Decimal(stock),
            )
        )
    for group_id, ids in content.get("selections", {}).items():
        for cid in ids:
            if cid not in known:
                label = names[cid][1]["name"] if cid in names else cid
                lines.append(BomLine(key=cid, part=cid, name=label, variant=group_id, in_kit=False))
    return lines


def metrics(content: dict, kit: dict) -> list[Metric]:
    c = solver.compile_kit(kit)
    chosen = {c.index[cid] for _g, ch in _known(content, kit) for cid in [ch["id"]]}
    price = Decimal(solver.price_of(c, chosen)) / 100
    weight = Decimal(c.total("weight", chosen)) / solver.SCALE
    out = [
        Metric("price", _("Price"), price.quantize(Decimal("0.01")), kit.get("currency", "")),
        Metric("weight", _("Weight"), weight.quantize(Decimal("0.1")), "kg"),
        Metric("options", _("Options chosen"), len(chosen)),
    ]
    totals = {}
    for a in kit.get("attributes", []):
        value = Decimal(c.total(a["key"], chosen)) / solver.SCALE
        totals[a["key"]] = value
        out.append(Metric(a["key"], a["label"], value.normalize(), a.get("unit", "")))
    totals["weight"], totals["price"] = weight, price
    for d in kit.get("derived", []):
        den = totals.get(d["denominator"], Decimal(0))
        value = (totals.get(d["numerator"], Decimal(0)) / den).quantize(Decimal("0.1")) if den else None
        out.append(Metric(d["key"], d["label"], value, d.get("unit", "")))
    return out


def diff(old: dict, new: dict, kit: dict) -> list[Change]:
    """One change per group: "Wheels: 20-inch wheels → 24-inch wheels"; a group chosen for the first time is
    added, a group emptied is removed."""
    names = _choices(kit)
    groups = {g["id"]: g for g in kit.get("groups", [])}
    a, b = old.get("selections", {}), new.get("selections", {})
    order = [g["id"] for g in kit.get("groups", [])]
    keys = [k for k in order if k in a or k in b] + sorted((set(a) | set(b)) - set(order))

    def name(cid: str) -> str:
        return names[cid][1]["name"] if cid in names else cid

    changes = []
    for key in keys:
        before, after = a.get(key, []), b.get(key, [])
        if before == after:
            continue
        group_name = groups[key]["name"] if key in groups else key
        if not before:
            changes.append(
                Change(
                    "added",
                    key,
                    _("%(group)s: %(choices)s")
                    % {"group": group_name, "choices": ", ".join(name(x) for x in after)},
                )
            )
        elif not after:
            changes.append(
                Change(
                    "removed",
                    key,
                    _("%(group)s: removed %(choices)s")
                    % {"group": group_name, "choices": ", ".join(name(x) for x in before)},
                )
            )
        elif len(before) == 1 and len(after) == 1:
            changes.append(Change("changed", key, f"{group_name}: {name(before[0])} → {name(after[0])}"))
        else:
            parts = [f"+ {name(x)}" for x in after if x not in before]
            parts += [f"− {name(x)}" for x in before if x not in after]
            changes.append(Change("changed", key, f"{group_name}: " + ", ".join(parts)))
    return changes
