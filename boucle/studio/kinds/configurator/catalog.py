"""The demo kit: Velomotive's modular e-bike (11 option groups, 43 choices, 14 rules).

Its layer images are flat drawings made by ``layers.py`` into static/studio/configurator/velomotive/; every
choice's layer is ``velomotive/<choice id>.png``. Prices in euros, weights in kg, attributes:
``power_w`` (what a motor or a light draws at peak), ``max_power_w`` (what a battery delivers),
``capacity_wh`` and ``consumption_wh_km`` (the range is their ratio).
"""

from __future__ import annotations

FOLDER = "velomotive"

# (group id, name, min, max, layer z, [(choice id, name, price, weight kg, stock, attributes)]): wheels behind
# the frame, the frame under its paint, parts over it, lights on top.
GROUPS: list[tuple[str, str, int, int, int, list[tuple]]] = [
    (
        "frame",
        "Frame",
        1,
        1,
        10,
        [
            ("frame-step", "Step-through frame", "690.00", 5.2, 14, {}),
            ("frame-diamond", "Trail diamond frame", "740.00", 4.8, 9, {}),
            ("frame-longtail", "Long-tail frame", "1090.00", 7.9, 5, {"consumption_wh_km": 2.0}),
            ("frame-porteur", "Porteur cargo frame", "1190.00", 8.6, 3, {"consumption_wh_km": 3.0}),
        ],
    ),
    (
        "motor",
        "Motor",
        1,
        1,
        15,
        [
            ("motor-hub-250", "Rear hub motor 250 W", "420.00", 3.4, 20, {"power_w": 250}),
            ("motor-mid-250", "Mid motor 250 W, 85 Nm", "690.00", 2.9, 12, {"power_w": 250}),
            (
                "motor-mid-500",
                "Mid motor 500 W (speed pedelec)",
                "890.00",
                3.2,
                6,
                {"power_w": 500, "consumption_wh_km": 4.0},
            ),
            (
                "motor-mid-750",
                "Cargo mid motor 750 W",
                "1040.00",
                3.9,
                4,
                {"power_w": 750, "consumption_wh_km": 2.0},
            ),
        ],
    ),
    (
        "battery",
        "Battery",
        1,
        1,
        18,
        [
            ("bat-400", "Battery 400 Wh", "390.00", 2.3, 25, {"capacity_wh": 400, "max_power_w": 450}),
            ("bat-500", "Battery 500 Wh", "490.00", 2.7, 18, {"capacity_wh": 500, "max_power_w": 600}),
            ("bat-625", "Battery 625 Wh", "620.00", 3.2, 11, {"capacity_wh": 625, "max_power_w": 700}),
            ("bat-750", "Battery 750 Wh", "760.00", 3.8, 7, {"capacity_wh": 750, "max_power_w": 850}),
            (
                "bat-1250",
                "Dual battery 1,250 Wh",
                "1190.00",
                6.4,
                3,
                {"capacity_wh": 1250, "max_power_w": 1200},
            ),
        ],
    ),
    (
        "wheels",
        "Wheels",
        1,
        1,
        5,
        [
            ("wheels-20", "20-inch wheels", "180.00", 3.6, 30, {}),
            ("wheels-24", "24-inch wheels", "200.00", 3.9, 22, {}),
            ("wheels-26", "26-inch wheels", "220.00", 4.1, 16, {}),
            ("wheels-275", "27.5-inch wheels", "240.00", 4.2, 16, {}),
            ("wheels-29", "29-inch wheels", "260.00", 4.4, 10, {}),
        ],
    ),
    (
        "paint",
        "Paint",
        1,
        1,
        12,
        [
            ("paint-graphite", "Graphite", "0.00", 0.0, None, {}),
            ("paint-sage", "Sage green", "60.00", 0.0, None, {}),
            ("paint-ochre", "Ochre", "60.00", 0.0, None, {}),
            ("paint-signal", "Signal red", "60.00", 0.0, None, {}),
            ("paint-ice", "Ice blue", "60.00", 0.0, None, {}),
            ("paint-raw", "Raw aluminium, clear coat", "120.00", 0.0, None, {}),
        ],
    ),
    (
        "brakes",
        "Brakes",
        1,
        1,
        24,
        [
            ("brakes-mech", "Mechanical disc brakes", "90.00", 0.9, 40, {}),
            ("brakes-hydraulic", "Hydraulic disc brakes", "190.00", 0.8, 25, {}),
            ("brakes-4piston", "Four-piston hydraulic brakes", "290.00", 1.0, 8, {}),
        ],
    ),
    (
        "fenders",
        "Mudguards",
        0,
        1,
        22,
        [
            ("fenders-plastic", "Plastic mudguards", "45.00", 0.6, 50, {}),
            ("fenders-alu", "Aluminium mudguards", "85.00", 0.8, 20, {}),
        ],
    ),
    (
        "front",
        "Front carrier",
        0,
        1,
        26,
        [
            ("front-basket", "Wicker basket", "70.00", 1.1, 15, {}),
            ("front-rack", "Front rack", "90.00", 1.3, 12, {}),
            ("front-box", "Porteur box, 80 l", "320.00", 5.5, 4, {"consumption_wh_km": 1.5}),
        ],
    ),
    (
        "rear",
        "Rear carrier",
        0,
        1,
        25,
        [
            ("rear-rack", "Rear rack", "80.00", 1.2, 30, {}),
            ("rear-deck", "Long-tail deck with footrests", "240.00", 3.1, 6, {}),
        ],
    ),
    (
        "lights",
        "Lights",
        1,
        1,
        30,
        [
            ("lights-dynamo", "Hub dynamo lights", "150.00", 0.9, 12, {}),
            ("lights-basic", "Battery lights, 30 lux", "60.00", 0.3, 40, {"power_w": 6}),
            ("lights-bright", "Road lights, 120 lux", "170.00", 0.4, 14, {"power_w": 25}),
        ],
    ),
    (
        "accessories",
        "Accessories",
        0,
        4,
        28,
        [
            ("acc-child-seat", "Child seat", "180.00", 4.2, 8, {}),
            ("acc-rain-cover", "Rain cover for the box", "95.00", 0.9, 10, {}),
            ("acc-double-stand", "Double kickstand", "70.00", 1.4, 20, {}),
            ("acc-lock", "Frame lock", "55.00", 0.6, 35, {}),
            ("acc-phone", "Phone mount", "30.00", 0.1, 60, {}),
            ("acc-hitch", "Trailer hitch", "85.00", 0.7, 9, {}),
        ],
    ),
]

RULES: list[dict] = [
    {
        "id": "longtail-battery",
        "type": "requires",
        "choice": "frame-longtail",
        "needs": ["bat-750", "bat-1250"],
        "note": "A loaded long-tail needs a big battery.",
    },
    {
        "id": "longtail-wheels",
        "type": "requires",
        "choice": "frame-longtail",
        "needs": ["wheels-20", "wheels-24", "wheels-26"],
    },
    {"id": "porteur-box", "type": "requires", "choice": "frame-porteur", "needs": ["front-box"]},
    {
        "id": "box-porteur",
        "type": "requires",
        "choice": "front-box",
        "needs": ["frame-porteur"],
        "note": "The box is mounted on the porteur frame's front platform.",
    },
    {
        "id": "porteur-wheels",
        "type": "requires",
        "choice": "frame-porteur",
        "needs": ["wheels-20", "wheels-24"],
    },
    {
        "id": "porteur-hub",
        "type": "excludes",
        "choices": ["frame-porteur", "motor-hub-250"],
        "note": "A hub motor has not the torque for a loaded cargo bike.",
    },
    {"id": "deck-longtail", "type": "requires", "choice": "rear-deck", "needs": ["frame-longtail"]},
    {
        "id": "child-seat-carrier",
        "type": "requires",
        "choice": "acc-child-seat",
        "needs": ["rear-rack", "rear-deck"],
    },
    {"id": "rain-cover-box", "type": "requires", "choice": "acc-rain-cover", "needs": ["front-box"]},
    {
        "id": "hitch-motor",
        "type": "requires",
        "choice": "acc-hitch",
        "needs": ["motor-mid-500", "motor-mid-750"],
    },
    {"id": "step-29", "type": "excludes", "choices": ["frame-step", "wheels-29"]},
    {"id": "step-accessories", "type": "at_most", "group": "accessories", "count": 2, "when": "frame-step"},
    {
        "id": "cargo-brakes",
        "type": "at_least",
        "choices": ["brakes-hydraulic", "brakes-4piston"],
        "count": 1,
        "when": "motor-mid-750",
    },
    {
        "id": "power",
        "type": "limit",
        "attribute": "power_w",
        "op": "<=",
        "against": "max_power_w",
        "note": "The battery must deliver what the motor and the lights draw.",
    },
    {
        "id": "weight",
        "type": "limit",
        "attribute": "weight",
        "op": "<=",
        "value": 42,
        "note": "Over 42 kg the bike is no longer carried by the frame's warranty.",
    },
]


def demo_kit() -> dict:
    groups = []
    for gid, name, gmin, gmax, z, choices in GROUPS:
        items = []
        for cid, cname, price, weight, stock, attributes in choices:
            item = {
                "id": cid,
                "name": cname,
                "price": price,
                "weight": weight,
                "attributes": dict(attributes),
                "layer": {"image": f"{FOLDER}/{cid}.png", "z": z},
            }
            if stock is not None:
                item["stock"] = stock
            items.append(item)
        groups.append({"id": gid, "name": name, "min": gmin, "max": gmax, "choices": items})
    return {
        "currency": "EUR",
        "product": {
            "name": "Velomotive modular e-bike",
            "base_price": "690.00",
            "base_weight": 6.5,
            "attributes": {"consumption_wh_km": 7.0},
            "layer": {"image": f"{FOLDER}/base.png", "z": 20},
        },
        "canvas": {"width": 800, "height": 500},
        "attributes": [
            {"key": "power_w", "label": "Power drawn", "unit": "W"},
            {"key": "max_power_w", "label": "Battery output", "unit": "W"},
            {"key": "capacity_wh", "label": "Battery capacity", "unit": "Wh"},
            {"key": "consumption_wh_km", "label": "Consumption", "unit": "Wh/km"},
        ],
        "derived": [
            {
                "key": "range_km",
                "label": "Range",
                "unit": "km",
                "numerator": "capacity_wh",
                "denominator": "consumption_wh_km",
            }
        ],
        "groups": groups,
        "rules": [dict(rule) for rule in RULES],
    }
