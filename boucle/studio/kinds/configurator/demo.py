"""A few configurations of the demo kit, all valid, for the demo data (``ConfiguratorKind.demo_designs``)."""

from __future__ import annotations


def _config(**groups: str | list[str]) -> dict:
    return {"selections": {g: sorted([v] if isinstance(v, str) else v) for g, v in sorted(groups.items())}}


def demo_designs() -> list[tuple[str, dict]]:
    return [
        (
            "School-run long-tail",
            _config(
                frame="frame-longtail",
                motor="motor-mid-250",
                battery="bat-750",
                wheels="wheels-20",
                paint="paint-sage",
                brakes="brakes-hydraulic",
                fenders="fenders-plastic",
                rear="rear-deck",
                lights="lights-basic",
                accessories=["acc-child-seat", "acc-double-stand", "acc-lock"],
            ),
        ),
        (
            "Market-day porteur",
            _config(
                frame="frame-porteur",
                motor="motor-mid-750",
                battery="bat-1250",
                wheels="wheels-24",
                paint="paint-ochre",
                brakes="brakes-4piston",
                fenders="fenders-alu",
                front="front-box",
                lights="lights-bright",
                accessories=["acc-rain-cover", "acc-double-stand"],
            ),
        ),
        (
            "City commuter",
            _config(
                frame="frame-step",
                motor="motor-hub-250",
                battery="bat-400",
                wheels="wheels-275",
                paint="paint-ice",
                brakes="brakes-mech",
                fenders="fenders-plastic",
                front="front-basket",
                rear="rear-rack",
                lights="lights-dynamo",
                accessories=["acc-lock"],
            ),
        ),
        (
            "Trail tourer",
            _config(
                frame="frame-diamond",
                motor="motor-mid-500",
                battery="bat-625",
                wheels="wheels-29",
                paint="paint-signal",
                brakes="brakes-hydraulic",
                fenders="fenders-alu",
                rear="rear-rack",
                lights="lights-bright",
                accessories=["acc-phone", "acc-hitch"],
            ),
        ),
    ]
