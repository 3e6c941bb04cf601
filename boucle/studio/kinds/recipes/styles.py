"""BJCP 2021 style ranges, shipped as data (``data/bjcp2021.json``, its source in ``data/SOURCE.md``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

_DATA = json.loads((Path(__file__).parent / "data" / "bjcp2021.json").read_text(encoding="utf-8"))
SOURCE: str = _DATA["source"]
STYLES: dict[str, dict] = {s["code"]: s for s in _DATA["styles"]}
_BY_NAME = {re.sub(r"\s+", " ", s["name"]).strip().casefold(): s["code"] for s in _DATA["styles"]}


def code_by_name(name: str) -> str | None:
    return _BY_NAME.get(re.sub(r"\s+", " ", name).strip().casefold())


def table() -> list[dict]:
    """Every style, in guideline order (for the editor's style picker and bars)."""
    return list(_DATA["styles"])
